import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { recordAudit } from "@/lib/audit";
import { DomainError } from "@/lib/errors";
import { describeEachDialect } from "@/tests/support/db";
import { DEFAULT_POLICY, recordSignInFailure, signInRetryAfter } from "./rate-limit";
import { hasRole } from "./roles";
import { safeNextPath } from "./schemas";
import { resolveSession, sessionId } from "./sessions";
import { signInWithPassword, signOut } from "./sign-in";
import { createUser, ensureInitialAdmin, listUsers, updateUser } from "./users";

const PASSWORD = "a long enough password";

describe("roles and redirects", () => {
  it("orders roles viewer < operator < admin", () => {
    expect(hasRole("admin", "operator")).toBe(true);
    expect(hasRole("operator", "operator")).toBe(true);
    expect(hasRole("viewer", "operator")).toBe(false);
    expect(hasRole("operator", "admin")).toBe(false);
  });

  it.each([
    ["/jobs?x=1", "/jobs?x=1"],
    ["//evil.example/x", "/"],
    ["/\\evil.example", "/"],
    ["https://evil.example", "/"],
    ["/sign-in", "/"],
    ["/api/sns", "/"],
    [undefined, "/"],
  ])("safeNextPath(%s) = %s", (input, expected) => {
    expect(safeNextPath(input)).toBe(expected);
  });
});

describeEachDialect("sign-in, sessions, users, audit", (target) => {
  it("signs in with the right password, stores only the token's hash, and signs out", async () => {
    const { db } = await target.open();
    await createUser({ email: "op@example.com", name: "Op", role: "operator", password: PASSWORD }, { db });
    const outcome = await signInWithPassword({ email: " OP@example.com ", password: PASSWORD }, "10.0.0.1", {
      db,
      sessionHours: 1,
    });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.user).toMatchObject({ email: "op@example.com", role: "operator" });
    const stored = await db.selectFrom("sessions").select("id").execute();
    expect(stored.map((s) => s.id)).toEqual([sessionId(outcome.token)]);
    expect(JSON.stringify(stored)).not.toContain(outcome.token);
    expect(await resolveSession(outcome.token, { db })).toMatchObject({ email: "op@example.com" });
    // One character changed, never to itself (a token already ending in "A" failed this 1 time in 64).
    const tampered = `${outcome.token.slice(0, -1)}${outcome.token.endsWith("A") ? "B" : "A"}`;
    expect(await resolveSession(tampered, { db })).toBeUndefined();

    await signOut(outcome.token, "10.0.0.1", { db });
    expect(await resolveSession(outcome.token, { db })).toBeUndefined();
    const audit = await db
      .selectFrom("audit_log")
      .select(["action", "outcome", "actor_email", "address"])
      .where("address", "=", "10.0.0.1")
      .orderBy("id")
      .execute();
    expect(audit).toEqual([
      { action: "auth.sign-in", outcome: "success", actor_email: "op@example.com", address: "10.0.0.1" },
      { action: "auth.sign-out", outcome: "success", actor_email: "op@example.com", address: "10.0.0.1" },
    ]);
  });

  it("answers the same for a wrong password, an unknown account and a disabled one", async () => {
    const { db } = await target.open();
    await createUser(
      { email: "someone@example.com", name: "Someone", role: "operator", password: PASSWORD },
      { db },
    );
    const gone = await createUser(
      { email: "gone@example.com", name: "Gone", role: "viewer", password: PASSWORD },
      { db },
    );
    await updateUser(gone.id, { name: "Gone", role: "viewer", disabled: true }, { db });
    for (const [email, password] of [
      ["someone@example.com", "wrong password!!"],
      ["nobody@example.com", PASSWORD],
      ["gone@example.com", PASSWORD],
    ]) {
      expect(
        await signInWithPassword({ email: email ?? "", password: password ?? "" }, "10.0.0.2", { db }),
      ).toEqual({ ok: false, reason: "invalid" });
    }
    const failures = await db
      .selectFrom("audit_log")
      .select("details")
      .where("outcome", "=", "failure")
      .where("address", "=", "10.0.0.2")
      .execute();
    expect(failures).toHaveLength(3);
    expect(failures.map((f) => f.details).join()).not.toContain(PASSWORD);
  });

  it("rate-limits failed sign-ins per account, even with the right password afterwards", async () => {
    const { db } = await target.open();
    await createUser({ email: "victim@example.com", name: "V", role: "viewer", password: PASSWORD }, { db });
    for (let i = 0; i < DEFAULT_POLICY.perAccount; i++) {
      await signInWithPassword(
        { email: "victim@example.com", password: `guess number ${i}` },
        `10.1.0.${i}`,
        { db },
      );
    }
    const locked = await signInWithPassword({ email: "victim@example.com", password: PASSWORD }, "10.9.9.9", {
      db,
    });
    expect(locked).toMatchObject({ ok: false, reason: "rate-limited" });
    if (locked.ok || locked.reason !== "rate-limited") return;
    expect(locked.retryAfterSeconds).toBeGreaterThan(0);
    expect(locked.retryAfterSeconds).toBeLessThanOrEqual(DEFAULT_POLICY.windowMs / 1000);
    // The window moves on: failures older than it no longer count.
    const later = Date.now() + DEFAULT_POLICY.windowMs + 1000;
    expect(
      await signInRetryAfter({ account: "victim@example.com", address: null }, DEFAULT_POLICY, { db }, later),
    ).toBe(0);
  });

  it("rate-limits per address across accounts", async () => {
    const { db } = await target.open();
    const policy = { windowMs: 60_000, perAccount: 100, perAddress: 3 };
    for (const n of [1, 2, 3])
      await recordSignInFailure({ account: `a${n}@example.com`, address: "192.0.2.7" }, policy, { db });
    expect(
      await signInRetryAfter({ account: "fresh@example.com", address: "192.0.2.7" }, policy, { db }),
    ).toBeGreaterThan(0);
    expect(
      await signInRetryAfter({ account: "fresh@example.com", address: "192.0.2.8" }, policy, { db }),
    ).toBe(0);
  });

  it("refuses duplicate emails whatever their case", async () => {
    const { db } = await target.open();
    await createUser({ email: "dup@example.com", name: "D", role: "viewer", password: PASSWORD }, { db });
    await expect(
      createUser({ email: "DUP@example.com", name: "D2", role: "viewer", password: PASSWORD }, { db }),
    ).rejects.toThrow(/already exists/);
  });

  it("keeps the audit log append-only in the database itself", async () => {
    const { db } = await target.open();
    await recordAudit(
      {
        action: "connection.create",
        outcome: "success",
        actor: null,
        details: { name: "x", secretAccessKey: "PLANTED", nested: { password: "p", ok: 1 } },
      },
      { db },
    );
    const row = await db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "connection.create")
      .executeTakeFirstOrThrow();
    expect(JSON.parse(row.details)).toEqual({ name: "x", nested: { ok: 1 } });
    await expect(db.updateTable("audit_log").set({ outcome: "failure" }).execute()).rejects.toThrow(
      /append-only/,
    );
    await expect(db.deleteFrom("audit_log").execute()).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(db)).rejects.toThrow(/append-only/);
    expect(
      await db.selectFrom("audit_log").select("id").where("action", "=", "connection.create").execute(),
    ).toHaveLength(1);
  });
});

describeEachDialect("first admin", (target) => {
  it("creates the first admin only while no user exists", async () => {
    const { db } = await target.open();
    expect(await ensureInitialAdmin({ email: "Admin@Example.com", password: PASSWORD }, { db })).toBe(true);
    expect(await ensureInitialAdmin({ email: "other@example.com", password: PASSWORD }, { db })).toBe(false);
    const users = await listUsers({ db });
    expect(users.map((u) => [u.email, u.role])).toEqual([["Admin@Example.com", "admin"]]);
    const row = await db.selectFrom("users").select("password_hash").executeTakeFirstOrThrow();
    expect(row.password_hash).not.toContain(PASSWORD);
  });
});

describeEachDialect("admin guard", (target) => {
  it("keeps at least one enabled admin, and ends a user's sessions when their role changes", async () => {
    const { db } = await target.open();
    const admin = await createUser(
      { email: "only-admin@example.com", name: "A", role: "admin", password: PASSWORD },
      { db },
    );
    await expect(
      updateUser(admin.id, { name: "A", role: "viewer", disabled: false }, { db }),
    ).rejects.toThrow(DomainError);
    await expect(updateUser(admin.id, { name: "A", role: "admin", disabled: true }, { db })).rejects.toThrow(
      /at least one enabled admin/,
    );
    const op = await createUser(
      { email: "op2@example.com", name: "O", role: "operator", password: PASSWORD },
      { db },
    );
    const session = await signInWithPassword({ email: "op2@example.com", password: PASSWORD }, null, { db });
    if (!session.ok) throw new Error("sign-in failed");
    await updateUser(op.id, { name: "O", role: "viewer", disabled: false }, { db });
    expect(await resolveSession(session.token, { db })).toBeUndefined();
  });
});
