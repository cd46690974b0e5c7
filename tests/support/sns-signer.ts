import { execFileSync } from "node:child_process";
import { sign } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { SIGNATURE_ALGORITHMS, type SignedFields, stringToSign } from "@/lib/sns";

/**
 * Test support (imported by *.test.ts only): a local SNS look-alike with a self-signed certificate
 * made by openssl, served over real HTTP, and a signer for messages, as the embedded server does it.
 */

export type LocalSns = {
  url: string;
  certUrl: string;
  confirmations: string[];
  sign<M extends SignedFields>(
    message: M,
    version?: "1" | "2",
  ): M & { Signature: string; SigningCertURL: string; SignatureVersion: "1" | "2" };
  close(): Promise<void>;
};

export const CERT_NAME = "SimpleNotificationService-0123456789abcdef0123456789abcdef.pem";

export async function startLocalSns(): Promise<LocalSns> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "thaw-sns-"));
  const keyFile = path.join(dir, "key.pem");
  const certFile = path.join(dir, "cert.pem");
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      keyFile,
      "-out",
      certFile,
      "-days",
      "2",
      "-subj",
      "/CN=sns.amazonaws.com",
    ],
    { stdio: "ignore" },
  );
  const key = fs.readFileSync(keyFile);
  const cert = fs.readFileSync(certFile);
  const confirmations: string[] = [];
  const server = http.createServer((req, res) => {
    if (req.url === `/sns/${CERT_NAME}`) {
      res.writeHead(200, { "content-type": "application/x-pem-file" }).end(cert);
    } else if (req.url?.startsWith("/sns/confirm")) {
      confirmations.push(req.url);
      res.writeHead(200).end("<ConfirmSubscriptionResponse/>");
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const url = `http://127.0.0.1:${port}/sns/`;
  const certUrl = `${url}${CERT_NAME}`;
  return {
    url,
    certUrl,
    confirmations,
    sign(message, version = "2") {
      const Signature = sign(
        SIGNATURE_ALGORITHMS[version],
        Buffer.from(stringToSign(message), "utf8"),
        key,
      ).toString("base64");
      return { ...message, SignatureVersion: version, SigningCertURL: certUrl, Signature };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        fs.rmSync(dir, { recursive: true, force: true });
      }),
  };
}
