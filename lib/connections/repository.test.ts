import { randomBytes } from "node:crypto";
import { beforeAll, beforeEach, expect, it } from "vitest";
import { keyId } from "@/lib/crypto/secrets";
import { type ThawDatabase } from "@/lib/db";
import { describeEachDialect } from "@/tests/support/db";
import {
  ConnectionNotFoundError,
  DuplicateConnectionNameError,
  SecretKeyMissingError,
  SecretRequiredError,
  SecretUnreadableError,
} from "./errors";
import {
  createConnection,
  DEMO_CONNECTION_NAME,
  deleteConnection,
  ensureDemoConnection,
  getConnection,
  getConnectionCredentials,
  getConnectionOrThrow,
  listConnections,
  type RepositoryOptions,
  updateConnection,
} from "./repository";
import { type ConnectionInput, type ConnectionUpdateInput } from "./schema";

const key = randomBytes(32);
const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const TOKEN = "FwoGZXIvYXdzEXAMPLETOKEN+/=";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function input(
  name: string,
  credentials: ConnectionInput["credentials"] = { mode: "default-chain" },
): ConnectionInput {
  return { name, region: "eu-west-1", accountId: "-", endpoint: undefined, credentials };
}
const accessKey = (accessKeyId = "AKIAIOSFODNN7EXAMPLE", secretAccessKey = SECRET, sessionToken?: string) =>
  ({ mode: "access-key", accessKeyId, secretAccessKey, sessionToken }) as const;
const keep = (
  accessKeyId = "AKIAIOSFODNN7EXAMPLE",
  sessionToken?: string,
): ConnectionUpdateInput["credentials"] => ({
  mode: "access-key",
  accessKeyId,
  secretAccessKey: undefined,
  sessionToken,
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: unknown) => error,
  );
}

describeEachDialect("connections repository", (target) => {
  let database: ThawDatabase;
  let opts: RepositoryOptions;
  const rawRows = () => database.db.selectFrom("connections").selectAll().execute();

  beforeAll(async () => {
    database = await target.open();
    opts = { db: database.db, keys: { current: key, previous: undefined } };
  });
  beforeEach(async () => {
    await database.db.deleteFrom("connections").execute();
  });

  it("creates each kind of connection and lists them by name, ignoring case", async () => {
    const made = [
      await createConnection(input("zeta", { mode: "profile", profile: "ops" }), opts),
      await createConnection(input("Alpha"), opts),
      await createConnection(input("beta", accessKey()), opts),
      await createConnection(
        input("Gamma", {
          mode: "assume-role",
          roleArn: "arn:aws:iam::123456789012:role/R",
          externalId: "ext-1",
          sessionName: "thaw-ui",
        }),
        opts,
      ),
    ];
    for (const c of made) expect(c.id).toMatch(UUID);
    const list = await listConnections(opts);
    expect(list.map((c) => c.name)).toEqual(["Alpha", "beta", "Gamma", "zeta"]);
    expect(list.find((c) => c.name === "zeta")).toMatchObject({
      mode: "profile",
      profile: "ops",
      hasSecret: false,
    });
    expect(list.find((c) => c.name === "Gamma")).toMatchObject({
      mode: "assume-role",
      roleArn: "arn:aws:iam::123456789012:role/R",
      hasExternalId: true,
      sessionName: "thaw-ui",
      accessKeyIdMasked: null,
    });
    expect(await getConnectionCredentials(made[3]?.id ?? "", opts)).toEqual({
      mode: "assume-role",
      roleArn: "arn:aws:iam::123456789012:role/R",
      externalId: "ext-1",
      sessionName: "thaw-ui",
    });
    expect(await getConnectionCredentials(made[0]?.id ?? "", opts)).toEqual({
      mode: "profile",
      profile: "ops",
    });
  });

  it("stores an access key secret sealed and shows only a masked key id", async () => {
    const created = await createConnection(input("Prod", accessKey(undefined, SECRET, TOKEN)), opts);
    expect(created).toMatchObject({
      mode: "access-key",
      accessKeyIdMasked: "****MPLE",
      hasSecret: true,
      region: "eu-west-1",
      accountId: "-",
      endpoint: null,
    });
    const shown = JSON.stringify([
      created,
      await getConnection(created.id, opts),
      await listConnections(opts),
    ]);
    for (const secret of [SECRET, TOKEN, "AKIAIOSFODNN7EXAMPLE"]) expect(shown).not.toContain(secret);

    const [row] = await rawRows();
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(SECRET);
    expect(stored).not.toContain(TOKEN);
    expect(row?.sealed_secret).toMatch(new RegExp(`^v1\\.${keyId(key)}\\.`));

    expect(await getConnectionCredentials(created.id, opts)).toEqual({
      mode: "access-key",
      accessKeyId: "AKIAIOSFODNN7EXAMPLE",
      secretAccessKey: SECRET,
      sessionToken: TOKEN,
    });
  });

  it("reports unknown ids", async () => {
    const id = crypto.randomUUID();
    expect(await getConnection(id, opts)).toBeUndefined();
    await expect(getConnectionOrThrow(id, opts)).rejects.toBeInstanceOf(ConnectionNotFoundError);
    await expect(getConnectionCredentials(id, opts)).rejects.toBeInstanceOf(ConnectionNotFoundError);
    await expect(updateConnection(id, input("x"), opts)).rejects.toBeInstanceOf(ConnectionNotFoundError);
    await expect(deleteConnection(id, opts)).rejects.toBeInstanceOf(ConnectionNotFoundError);
  });

  it("updates settings, keeping the stored secret when the secret is left blank", async () => {
    const created = await createConnection(input("Prod", accessKey(undefined, SECRET, TOKEN)), opts);
    const [before] = await rawRows();
    const updated = await updateConnection(
      created.id,
      { ...input("Production", keep()), region: "us-west-2", endpoint: "http://127.0.0.1:9090" },
      opts,
    );
    expect(updated).toMatchObject({
      id: created.id,
      name: "Production",
      region: "us-west-2",
      endpoint: "http://127.0.0.1:9090",
      hasSecret: true,
      createdAt: created.createdAt,
    });
    expect(updated.updatedAt > created.updatedAt).toBe(true);
    const [after] = await rawRows();
    expect(after?.sealed_secret).toBe(before?.sealed_secret);
    expect(await getConnectionCredentials(created.id, opts)).toMatchObject({
      secretAccessKey: SECRET,
      sessionToken: TOKEN,
    });
    expect(await getConnectionOrThrow(created.id, opts)).toEqual(updated);
  });

  it("replaces the session token alone, or the whole secret", async () => {
    const created = await createConnection(input("Prod", accessKey()), opts);
    await updateConnection(created.id, input("Prod", keep(undefined, "NEWTOKEN")), opts);
    expect(await getConnectionCredentials(created.id, opts)).toMatchObject({
      secretAccessKey: SECRET,
      sessionToken: "NEWTOKEN",
    });
    await updateConnection(
      created.id,
      input("Prod", accessKey("AKIAI44QH8DHBEXAMPLE", "other-secret")),
      opts,
    );
    expect(await getConnectionCredentials(created.id, opts)).toEqual({
      mode: "access-key",
      accessKeyId: "AKIAI44QH8DHBEXAMPLE",
      secretAccessKey: "other-secret",
      sessionToken: undefined,
    });
  });

  it("asks for a secret when there is none to keep, changing nothing", async () => {
    const plain = await createConnection(input("Plain"), opts);
    const withKey = await createConnection(input("Keyed", accessKey()), opts);
    const before = await listConnections(opts);
    const fromOtherMode = await rejection(updateConnection(plain.id, input("Plain", keep()), opts));
    expect(fromOtherMode).toBeInstanceOf(SecretRequiredError);
    expect(fromOtherMode).toMatchObject({ field: "credentials.secretAccessKey" });
    const newKeyId = await rejection(
      updateConnection(withKey.id, input("Keyed", keep("AKIAI44QH8DHBEXAMPLE")), opts),
    );
    expect(newKeyId).toBeInstanceOf(SecretRequiredError);
    expect(await listConnections(opts)).toEqual(before);
  });

  it("drops the previous mode's values when the mode changes", async () => {
    const created = await createConnection(input("Prod", accessKey()), opts);
    const updated = await updateConnection(
      created.id,
      input("Prod", { mode: "profile", profile: "ops" }),
      opts,
    );
    expect(updated).toMatchObject({
      mode: "profile",
      profile: "ops",
      hasSecret: false,
      accessKeyIdMasked: null,
    });
    const [row] = await rawRows();
    expect(row).toMatchObject({ sealed_secret: null, access_key_id: null });
  });

  it("keeps a stored external id when the field is left blank", async () => {
    const role = { mode: "assume-role", roleArn: "arn:aws:iam::123456789012:role/R" } as const;
    const created = await createConnection(input("Role", { ...role, externalId: "ext-1" }), opts);
    await updateConnection(
      created.id,
      input("Role", { ...role, externalId: undefined, sessionName: undefined }),
      opts,
    );
    expect(await getConnectionCredentials(created.id, opts)).toMatchObject({ externalId: "ext-1" });
    await updateConnection(created.id, input("Role", { ...role, externalId: "ext-2" }), opts);
    expect(await getConnectionCredentials(created.id, opts)).toMatchObject({ externalId: "ext-2" });
  });

  it("refuses duplicate names, ignoring case, on create and on rename", async () => {
    await createConnection(input("Prod"), opts);
    const other = await createConnection(input("Staging"), opts);
    const created = await rejection(createConnection(input("PROD"), opts));
    expect(created).toBeInstanceOf(DuplicateConnectionNameError);
    expect(created).toMatchObject({ field: "name" });
    await expect(updateConnection(other.id, input("prod"), opts)).rejects.toBeInstanceOf(
      DuplicateConnectionNameError,
    );
    expect((await listConnections(opts)).map((c) => c.name)).toEqual(["Prod", "Staging"]);
    // Renaming a connection to another case of its own name is fine.
    expect((await updateConnection(other.id, input("STAGING"), opts)).name).toBe("STAGING");
  });

  it("lets exactly one of two concurrent creates with the same name win", async () => {
    const results = await Promise.allSettled([
      createConnection(input("Race", accessKey()), opts),
      createConnection(input("race", accessKey()), opts),
      createConnection(input("RACE"), opts),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results.filter((r) => r.status === "rejected")) {
      expect(r.reason).toBeInstanceOf(DuplicateConnectionNameError);
    }
    expect(await rawRows()).toHaveLength(1);
  });

  it("rolls a write back with the caller's transaction", async () => {
    const kept = await createConnection(input("Kept", accessKey()), opts);
    const failing = database.db.transaction().execute(async (trx) => {
      const inner = { ...opts, db: trx };
      await createConnection(input("Half", accessKey()), inner);
      await updateConnection(kept.id, input("Renamed", keep()), inner);
      await deleteConnection(kept.id, inner);
      throw new Error("audit write failed");
    });
    await expect(failing).rejects.toThrow("audit write failed");
    expect((await listConnections(opts)).map((c) => c.name)).toEqual(["Kept"]);
    expect(await getConnectionCredentials(kept.id, opts)).toMatchObject({ secretAccessKey: SECRET });
  });

  it("refuses to store a secret without THAW_SECRET_KEY, saving nothing", async () => {
    const noKey = { ...opts, keys: { current: undefined, previous: undefined } };
    const error = await rejection(createConnection(input("Prod", accessKey()), noKey));
    expect(error).toBeInstanceOf(SecretKeyMissingError);
    expect(error).toMatchObject({ field: "credentials.secretAccessKey" });
    expect(String(error)).toContain("THAW_SECRET_KEY");
    expect(await rawRows()).toHaveLength(0);

    // Connections without a secret need no key; replacing a secret does.
    const plain = await createConnection(input("Plain"), noKey);
    await expect(updateConnection(plain.id, input("Plain", accessKey()), noKey)).rejects.toBeInstanceOf(
      SecretKeyMissingError,
    );
    expect(await getConnectionOrThrow(plain.id, opts)).toMatchObject({
      mode: "default-chain",
      hasSecret: false,
    });
  });

  it("refuses to open a secret that was tampered with or sealed under an unknown key", async () => {
    const created = await createConnection(input("Prod", accessKey()), opts);
    await expect(
      getConnectionCredentials(created.id, { ...opts, keys: { current: undefined, previous: undefined } }),
    ).rejects.toBeInstanceOf(SecretKeyMissingError);
    await expect(
      getConnectionCredentials(created.id, {
        ...opts,
        keys: { current: randomBytes(32), previous: undefined },
      }),
    ).rejects.toBeInstanceOf(SecretUnreadableError);
    const [row] = await rawRows();
    const parts = (row?.sealed_secret ?? "").split(".");
    parts[4] = Buffer.from(Buffer.from(parts[4] ?? "", "base64url").map((b) => b ^ 0xff)).toString(
      "base64url",
    );
    await database.db
      .updateTable("connections")
      .set({ sealed_secret: parts.join(".") })
      .execute();
    const error = await rejection(getConnectionCredentials(created.id, opts));
    expect(error).toBeInstanceOf(SecretUnreadableError);
    expect(String(error)).not.toContain(SECRET);
  });

  it("opens secrets sealed under the previous key during a rotation", async () => {
    const oldKey = randomBytes(32);
    const created = await createConnection(input("Prod", accessKey()), {
      ...opts,
      keys: { current: oldKey, previous: undefined },
    });
    const rotating = { ...opts, keys: { current: key, previous: oldKey } };
    expect(await getConnectionCredentials(created.id, rotating)).toMatchObject({ secretAccessKey: SECRET });
  });

  it("deletes", async () => {
    const created = await createConnection(input("Prod", accessKey()), opts);
    await deleteConnection(created.id, opts);
    expect(await getConnection(created.id, opts)).toBeUndefined();
    expect(await rawRows()).toHaveLength(0);
  });

  const demo = {
    endpoint: "http://127.0.0.1:9090",
    accessKeyId: "AKIDTHAWDEMO00000000",
    secretAccessKey: "thaw-demo-secret-access-key",
    region: "us-east-1",
  };

  it("ensures the demo connection idempotently", async () => {
    const first = await ensureDemoConnection(demo, opts);
    expect(first).toMatchObject({
      name: DEMO_CONNECTION_NAME,
      mode: "access-key",
      endpoint: demo.endpoint,
      region: "us-east-1",
      hasSecret: true,
    });
    const again = await ensureDemoConnection(demo, opts);
    expect(again).toEqual(first);
    expect(await getConnectionCredentials(first.id, opts)).toEqual({
      mode: "access-key",
      accessKeyId: demo.accessKeyId,
      secretAccessKey: demo.secretAccessKey,
    });

    const moved = await ensureDemoConnection({ ...demo, endpoint: "http://127.0.0.1:9191" }, opts);
    expect(moved).toMatchObject({
      id: first.id,
      endpoint: "http://127.0.0.1:9191",
      createdAt: first.createdAt,
    });
    expect(moved.updatedAt > first.updatedAt).toBe(true);
    expect(await rawRows()).toHaveLength(1);
  });

  it("ends with one demo connection when replicas start together", async () => {
    // Two pools are two replicas; two SQLite handles in one process would block each other's
    // event loop, so SQLite races within one handle (separate processes are covered in lib/db).
    const replicas =
      target.dialect === "postgres"
        ? [database, await target.open(), await target.open()]
        : [database, database, database];
    const results = await Promise.all(replicas.map((r) => ensureDemoConnection(demo, { ...opts, db: r.db })));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(await rawRows()).toHaveLength(1);
  });

  it("refuses the demo connection without THAW_SECRET_KEY", async () => {
    await expect(
      ensureDemoConnection(demo, { ...opts, keys: { current: undefined, previous: undefined } }),
    ).rejects.toBeInstanceOf(SecretKeyMissingError);
    expect(await rawRows()).toHaveLength(0);
  });
});
