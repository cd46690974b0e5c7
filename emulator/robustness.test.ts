import { request } from "node:http";
import { connect } from "node:net";
import { CreateVaultCommand, DescribeVaultCommand, ListVaultsCommand } from "@aws-sdk/client-glacier";
import { beforeAll, describe, expect, it } from "vitest";
import { sha256Hex, treeHash } from "../lib/glacier/tree-hash";
import { filesUnder, makeClient, payload, withTestEmulator } from "./testing/harness";
import { buildRequest, rawRequest } from "./testing/raw-request";
import { sharedTestEmulator } from "../tests/support/test-emulator";

const t = sharedTestEmulator();
beforeAll(async () => {
  await t.client.send(new CreateVaultCommand({ accountId: "-", vaultName: "robust" }));
});

async function expectStillServing() {
  const out = await t.client.send(new ListVaultsCommand({ accountId: "-" }));
  expect(out.VaultList?.map((v) => v.VaultName)).toContain("robust");
}

function expectAwsError(
  res: { status: number; headers: Record<string, unknown>; json(): Record<string, unknown> },
  status: number,
  code: string,
) {
  expect(res.status).toBe(status);
  expect(res.json()).toEqual({ code, message: expect.any(String), type: "Client" });
  expect(res.headers["x-amzn-errortype"]).toBe(code);
  expect(res.headers["x-amzn-requestid"]).toEqual(expect.any(String));
  expect(res.headers["content-type"]).toBe("application/json");
}

describe("authentication over HTTP", () => {
  it("rejects a wrong secret with 403 InvalidSignatureException", async () => {
    const client = makeClient(t.emulator.url, {
      accessKeyId: "AKIDTHAWDEMO00000000",
      secretAccessKey: "not-the-secret",
    });
    await expect(client.send(new ListVaultsCommand({ accountId: "-" }))).rejects.toMatchObject({
      name: "InvalidSignatureException",
      $metadata: { httpStatusCode: 403 },
    });
    client.destroy();
  });

  it("rejects an unknown access key with 400 UnrecognizedClientException", async () => {
    const client = makeClient(t.emulator.url, { accessKeyId: "AKIDUNKNOWN", secretAccessKey: "whatever" });
    await expect(client.send(new ListVaultsCommand({ accountId: "-" }))).rejects.toMatchObject({
      name: "UnrecognizedClientException",
      $metadata: { httpStatusCode: 400 },
    });
    client.destroy();
  });

  it("rejects unsigned requests with 400 MissingAuthenticationTokenException", async () => {
    expectAwsError(
      await rawRequest(t.emulator.url, { method: "GET", path: "/-/vaults", sign: false }),
      400,
      "MissingAuthenticationTokenException",
    );
  });

  it("rejects a request signed 20 minutes ago with 403 InvalidSignatureException", async () => {
    const res = await rawRequest(t.emulator.url, {
      method: "GET",
      path: "/-/vaults",
      signingDate: new Date(Date.now() - 20 * 60_000),
    });
    expectAwsError(res, 403, "InvalidSignatureException");
    expect(res.json().message).toMatch(/^Signature expired: /);
  });

  it("requires x-amz-glacier-version: 2012-06-01", async () => {
    const missing = await rawRequest(t.emulator.url, {
      method: "GET",
      path: "/-/vaults",
      headers: { "x-amz-glacier-version": "" },
    });
    expectAwsError(missing, 400, "MissingParameterValueException");
    const wrong = await rawRequest(t.emulator.url, {
      method: "GET",
      path: "/-/vaults",
      headers: { "x-amz-glacier-version": "2011-01-01" },
    });
    expectAwsError(wrong, 400, "InvalidParameterValueException");
  });

  it("accepts unsigned requests with --no-auth", async () => {
    await withTestEmulator({ auth: false }, async (open) => {
      const res = await rawRequest(open.emulator.url, { method: "PUT", path: "/-/vaults/open", sign: false });
      expect(res.status).toBe(201);
      const described = await rawRequest(open.emulator.url, {
        method: "GET",
        path: "/-/vaults/open",
        sign: false,
      });
      expect(described.json().VaultARN).toBe("arn:aws:glacier:us-east-1:123456789012:vaults/open");
    });
  });
});

describe("bad input", () => {
  it.each([
    ["GET", "/-/no-such-thing"],
    ["PATCH", "/-/vaults"],
    ["GET", "/"],
    ["GET", "/-/vaults/robust/archives"],
  ])("answers an unknown route (%s %s) with 400 BadRequest JSON", async (method, path) => {
    expectAwsError(await rawRequest(t.emulator.url, { method, path }), 400, "BadRequest");
  });

  it("refuses JSON bodies over 1 MiB, declared or chunked", async () => {
    const big = JSON.stringify({ Tags: { k: "v".repeat(2 * 1024 * 1024) } });
    const declared = await rawRequest(t.emulator.url, {
      method: "POST",
      path: "/-/vaults/robust/tags?operation=add",
      body: big,
    });
    expectAwsError(declared, 413, "RequestEntityTooLargeException");
    const chunked = await rawRequest(t.emulator.url, {
      method: "POST",
      path: "/-/vaults/robust/tags?operation=add",
      body: big,
      headers: { "transfer-encoding": "chunked" },
    });
    expectAwsError(chunked, 413, "RequestEntityTooLargeException");
    await expectStillServing();
  });

  it("answers an oversize header with a JSON 431", async () => {
    const res = await rawRequest(t.emulator.url, {
      method: "GET",
      path: "/-/vaults",
      headers: { "x-padding": "p".repeat(20_000) },
      sign: false,
    });
    expect(res.status).toBe(431);
    expect(res.json()).toMatchObject({ code: "RequestHeaderFieldsTooLarge", type: "Client" });
    expect(res.headers["x-amzn-requestid"]).toEqual(expect.any(String));
    await expectStillServing();
  });

  it("answers malformed HTTP with a JSON 400", async () => {
    const { port } = t.emulator;
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, "127.0.0.1", () => socket.end("NOT-HTTP nonsense\r\n\r\n"));
      const chunks: Buffer[] = [];
      socket.on("data", (c: Buffer) => chunks.push(c));
      socket.on("end", () => resolve(Buffer.concat(chunks).toString("latin1")));
      socket.on("error", reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400 /);
    expect(reply).toMatch(/x-amzn-RequestId: \S+/);
    expect(reply).toContain('"code":"BadRequest"');
    await expectStillServing();
  });

  it("drops a truncated upload without persisting anything and keeps serving", async () => {
    const full = payload(3 * 1024 * 1024, 5);
    const { url, headers } = await buildRequest(t.emulator.url, {
      method: "POST",
      path: "/-/vaults/robust/archives",
      headers: {
        "content-length": String(full.length),
        "x-amz-sha256-tree-hash": treeHash(full),
        "x-amz-content-sha256": sha256Hex(full),
      },
      body: full,
    });
    await new Promise<void>((resolve) => {
      const req = request(url, { method: "POST", headers });
      req.on("error", () => resolve());
      req.write(full.subarray(0, 1024 * 1024), () => {
        // Give the server time to start streaming to its temp file, then vanish mid-body.
        setTimeout(() => {
          req.destroy();
          resolve();
        }, 100);
      });
    });
    await expect.poll(() => filesUnder(t.dataDir, "tmp").length, { timeout: 5000 }).toBe(0);
    expect(filesUnder(t.dataDir, "archives")).toHaveLength(0);
    const vault = await t.client.send(new DescribeVaultCommand({ accountId: "-", vaultName: "robust" }));
    expect(vault.NumberOfArchives).toBe(0);
    await expectStillServing();
  });

  it("keeps serving after a client abandons a JSON request mid-body", async () => {
    const { url, headers } = await buildRequest(t.emulator.url, {
      method: "PUT",
      path: "/-/policies/data-retrieval",
      body: '{"Policy":{"Rules":[]}}',
    });
    await new Promise<void>((resolve) => {
      const req = request(url, { method: "PUT", headers });
      req.on("error", () => resolve());
      req.write('{"Pol', () => {
        req.destroy();
        resolve();
      });
    });
    await expectStillServing();
  });
});
