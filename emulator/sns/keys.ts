import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync } from "node:fs";
import { readFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface SigningKey {
  keyPem: string;
  certPem: string;
  /** `SimpleNotificationService-<32 hex>.pem`, the file name real SNS certificates have. */
  certName: string;
}

/**
 * The RSA key and self-signed certificate that sign delivered SNS messages. Made once per data
 * directory with `openssl req` (kept in `sns/`), on first need, so a server that never notifies never
 * pays for key generation. The certificate is served at `/sns/<certName>` for validators.
 */
export class SigningKeys {
  private loading: Promise<SigningKey> | undefined;
  private readonly dir: string;

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, "sns");
  }

  get(): Promise<SigningKey> {
    this.loading ??= this.load();
    this.loading.catch(() => (this.loading = undefined));
    return this.loading;
  }

  /** The key only if it already exists (serving the certificate must not create one). */
  async existing(): Promise<SigningKey | undefined> {
    return existsSync(this.file("signing-cert.pem")) ? this.get() : undefined;
  }

  private file(name: string): string {
    return path.join(this.dir, name);
  }

  private async load(): Promise<SigningKey> {
    const keyFile = this.file("signing-key.pem");
    const certFile = this.file("signing-cert.pem");
    if (!existsSync(certFile)) await this.generate(keyFile, certFile);
    const [keyPem, certPem] = await Promise.all([readFile(keyFile, "utf8"), readFile(certFile, "utf8")]);
    const digest = createHash("md5").update(certPem).digest("hex");
    return { keyPem, certPem, certName: `SimpleNotificationService-${digest}.pem` };
  }

  /** Writes both files under temporary names first, so a crash never leaves a key without its certificate. */
  private async generate(keyFile: string, certFile: string): Promise<void> {
    mkdirSync(this.dir, { recursive: true });
    const tmpKey = `${keyFile}.tmp`;
    const tmpCert = `${certFile}.tmp`;
    try {
      await run("openssl", [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-sha256",
        "-days",
        "3650",
        "-subj",
        "/CN=sns.thaw-emulator.local",
        "-keyout",
        tmpKey,
        "-out",
        tmpCert,
      ]);
      await rename(tmpKey, keyFile);
      await rename(tmpCert, certFile);
    } finally {
      await Promise.all([rm(tmpKey, { force: true }), rm(tmpCert, { force: true })]);
    }
  }
}
