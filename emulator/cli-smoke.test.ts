import { execFile, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { treeHash } from "../lib/glacier/tree-hash";
import { awsCliEnv, awsGlacier } from "./testing/aws-cli";
import { payload, startTestEmulator, type TestEmulator } from "./testing/harness";

const run = promisify(execFile);
const TSX = path.resolve(import.meta.dirname, "../node_modules/.bin/tsx");
const MAIN = path.resolve(import.meta.dirname, "main.ts");

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(() => t.stop());

const aws = (...args: string[]) => awsGlacier(t.emulator.url, "eu-west-1", ...args);

describe("AWS CLI smoke test", () => {
  it("creates a vault, uploads an archive and lists vaults", async () => {
    expect(await aws("create-vault", "--vault-name", "cli-vault")).toEqual({
      location: "/123456789012/vaults/cli-vault",
    });
    const file = path.join(t.dataDir, "upload.bin");
    const body = payload(2 * 1024 * 1024 + 3, 4);
    writeFileSync(file, body);
    const uploaded = await aws(
      "upload-archive",
      "--vault-name",
      "cli-vault",
      "--body",
      file,
      "--archive-description",
      "cli upload",
    );
    expect(uploaded).toMatchObject({
      checksum: treeHash(body),
      archiveId: expect.stringMatching(/^[A-Za-z0-9_-]{138}$/),
    });
    const listed = await aws("list-vaults");
    expect(listed.VaultList).toEqual([
      expect.objectContaining({
        VaultName: "cli-vault",
        VaultARN: "arn:aws:glacier:eu-west-1:123456789012:vaults/cli-vault",
        NumberOfArchives: 1,
        SizeInBytes: body.length,
      }),
    ]);
  });

  it("reports AWS errors the CLI understands", async () => {
    await expect(aws("describe-vault", "--vault-name", "missing")).rejects.toMatchObject({
      stderr: expect.stringContaining("ResourceNotFoundException"),
    });
  });

  it("works with boto3 multipart uploads", async () => {
    const script = `
import boto3, sys
g = boto3.client("glacier", endpoint_url=sys.argv[1])
g.create_vault(vaultName="boto-vault")
up = g.initiate_multipart_upload(vaultName="boto-vault", partSize=str(1024 * 1024))
data = bytes(range(256)) * 4096 * 2  # 2 MiB
for i in range(2):
    g.upload_multipart_part(vaultName="boto-vault", uploadId=up["uploadId"], range=f"bytes {i * 1048576}-{(i + 1) * 1048576 - 1}/*", body=data[i * 1048576:(i + 1) * 1048576])
from botocore.utils import calculate_tree_hash
import io
done = g.complete_multipart_upload(vaultName="boto-vault", uploadId=up["uploadId"], archiveSize=str(len(data)), checksum=calculate_tree_hash(io.BytesIO(data)))
print(done["checksum"])
`;
    const { stdout } = await run("python3", ["-c", script, t.emulator.url], { env: awsCliEnv("eu-west-1") });
    const data = Buffer.alloc(2 * 1024 * 1024);
    for (let i = 0; i < data.length; i++) data[i] = i % 256;
    expect(stdout.trim()).toBe(treeHash(data));
  });
});

describe("emulator CLI (main.ts)", () => {
  it.each([
    [["--port", "abc"], /--port must be a whole number/],
    [["--bogus"], /Unknown option '--bogus'/],
    [["--seed", "prod"], /--seed accepts only 'demo'/],
    [["--account-id", "42"], /account id must be 12 digits/],
    [["--access-key-id", "AKID"], /must be given together/],
  ])("exits 2 with a clear message for %j", async (args, message) => {
    const result = await run(TSX, [MAIN, ...args, "--data", path.join(t.dataDir, "cli-bad")]).catch(
      (err: { code: number; stderr: string }) => err,
    );
    expect(result).toMatchObject({ code: 2, stderr: expect.stringMatching(message) });
  });

  it("prints one line when listening and shuts down on SIGTERM", async () => {
    const child = spawn(TSX, [MAIN, "--port", "0", "--data", path.join(t.dataDir, "cli-run")], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    const line = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => resolve(chunk.toString()));
      child.once("exit", (code) => reject(new Error(`exited early with ${code}`)));
    });
    expect(line).toMatch(/^Thaw Glacier emulator listening on http:\/\/127\.0\.0\.1:\d+\n$/);
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});
