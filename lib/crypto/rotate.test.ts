import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createConnection, getConnectionCredentials, type RepositoryOptions } from "@/lib/connections";
import { createDatabase, type ThawDatabase } from "@/lib/db";
import { describeEachDialect, temporaryDirectory } from "@/tests/support/db";
import { resealSecrets, SecretRotationError } from "./rotate";
import { keyId, sealedKeyId } from "./secrets";

const oldKey = randomBytes(32);
const newKey = randomBytes(32);
const accessKey = (secretAccessKey: string) =>
  ({
    mode: "access-key",
    accessKeyId: "AKIAIOSFODNN7EXAMPLE",
    secretAccessKey,
    sessionToken: undefined,
  }) as const;
const input = (
  name: string,
  credentials: Parameters<typeof createConnection>[0]["credentials"] = { mode: "default-chain" },
) => ({
  name,
  region: "eu-west-1" as const,
  accountId: "-",
  endpoint: undefined,
  credentials,
});

async function sealedKeyIds(database: ThawDatabase): Promise<(string | undefined)[]> {
  const rows = await database.db
    .selectFrom("connections")
    .select("sealed_secret")
    .where("sealed_secret", "is not", null)
    .execute();
  return rows.map((r) => sealedKeyId(r.sealed_secret ?? ""));
}

async function seed(options: RepositoryOptions): Promise<string[]> {
  const a = await createConnection(input("A", accessKey("secret-a")), options);
  const b = await createConnection(input("B", accessKey("secret-b")), options);
  await createConnection(input("No secret"), options);
  return [a.id, b.id];
}

describeEachDialect("resealSecrets", (target) => {
  let database: ThawDatabase;
  beforeAll(async () => {
    database = await target.open();
  });
  beforeEach(async () => {
    await database.db.deleteFrom("connections").execute();
  });

  it("re-seals every secret under the new key in one go", async () => {
    const ids = await seed({ db: database.db, keys: { current: oldKey, previous: undefined } });
    const result = await resealSecrets(database.db, { current: newKey, previous: oldKey });
    expect(result).toEqual({ resealed: 2, keyId: keyId(newKey) });
    expect(await sealedKeyIds(database)).toEqual([keyId(newKey), keyId(newKey)]);

    const newOnly = { db: database.db, keys: { current: newKey, previous: undefined } };
    expect(await getConnectionCredentials(ids[0] ?? "", newOnly)).toMatchObject({
      secretAccessKey: "secret-a",
    });
    expect(await getConnectionCredentials(ids[1] ?? "", newOnly)).toMatchObject({
      secretAccessKey: "secret-b",
    });
    await expect(
      getConnectionCredentials(ids[0] ?? "", {
        db: database.db,
        keys: { current: oldKey, previous: undefined },
      }),
    ).rejects.toThrow();
  });

  it("changes nothing when one secret cannot be opened", async () => {
    await seed({ db: database.db, keys: { current: oldKey, previous: undefined } });
    const stray = randomBytes(32);
    await createConnection(input("Stray", accessKey("secret-c")), {
      db: database.db,
      keys: { current: stray, previous: undefined },
    });
    const before = await database.db.selectFrom("connections").selectAll().orderBy("name").execute();

    const failing = resealSecrets(database.db, { current: newKey, previous: oldKey });
    await expect(failing).rejects.toBeInstanceOf(SecretRotationError);
    await expect(failing).rejects.toThrow(/Stray.*Nothing was changed/);
    expect(await database.db.selectFrom("connections").selectAll().orderBy("name").execute()).toEqual(before);
  });
});

describe("scripts/rotate-secret-key.ts", () => {
  const root = path.resolve(import.meta.dirname, "../..");

  function runScript(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
    const {
      DATABASE_URL: _ignored,
      THAW_SECRET_KEY: _a,
      THAW_SECRET_KEY_PREVIOUS: _b,
      ...inherited
    } = process.env;
    return new Promise((resolve) => {
      execFile(
        path.join(root, "node_modules/.bin/tsx"),
        ["scripts/rotate-secret-key.ts"],
        { cwd: root, env: { ...inherited, ...env } },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
  }

  it("re-seals the configured database and prints the count", async () => {
    const dir = temporaryDirectory();
    try {
      const sqlitePath = path.join(dir.path, "thaw.sqlite");
      const before = await createDatabase({ sqlitePath });
      await seed({ db: before.db, keys: { current: oldKey, previous: undefined } });
      await before.close();

      const missingKey = await runScript({ THAW_DATA_DIR: dir.path });
      expect(missingKey.code).toBe(1);
      expect(missingKey.stderr).toContain("Set THAW_SECRET_KEY");

      const run = await runScript({
        THAW_DATA_DIR: dir.path,
        THAW_SECRET_KEY: newKey.toString("hex"),
        THAW_SECRET_KEY_PREVIOUS: oldKey.toString("base64"),
      });
      expect(run.stderr).toBe("");
      expect(run.stdout.trim()).toBe(`Re-sealed 2 secret(s) under key ${keyId(newKey)} (sqlite).`);
      expect(run.code).toBe(0);

      const after = await createDatabase({ sqlitePath });
      expect(await sealedKeyIds(after)).toEqual([keyId(newKey), keyId(newKey)]);
      await after.close();
    } finally {
      dir.remove();
    }
  });
});
