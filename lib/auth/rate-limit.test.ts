import { expect, it } from "vitest";
import { describeEachDialect } from "@/tests/support/db";
import { DEFAULT_POLICY, reserveSignInAttempt, signInRetryAfter } from "./rate-limit";
import { signInWithPassword } from "./sign-in";
import { createUser } from "./users";

const PASSWORD = "a long enough password";
const PARALLEL = 25;

describeEachDialect("sign-in rate limit under concurrency", (target) => {
  it("lets at most perAccount parallel wrong guesses reach the password check, then refuses the right one", async () => {
    const { db } = await target.open();
    await createUser(
      { email: "target@example.com", name: "T", role: "operator", password: PASSWORD },
      { db },
    );
    const outcomes = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) =>
        signInWithPassword({ email: "target@example.com", password: `guess ${i}` }, `198.51.100.${i}`, {
          db,
        }),
      ),
    );
    const reasons = outcomes.map((o) => (o.ok ? "ok" : o.reason));
    expect(reasons.filter((r) => r === "invalid")).toHaveLength(DEFAULT_POLICY.perAccount);
    expect(reasons.filter((r) => r === "rate-limited")).toHaveLength(PARALLEL - DEFAULT_POLICY.perAccount);
    // Only the checked guesses count as failures; the audit log agrees.
    const failures = await db
      .selectFrom("login_failures")
      .select("id")
      .where("bucket", "=", "account:target@example.com")
      .execute();
    expect(failures).toHaveLength(DEFAULT_POLICY.perAccount);
    const audited = await db
      .selectFrom("audit_log")
      .select("outcome")
      .where("target", "=", "target@example.com")
      .execute();
    expect(audited.filter((a) => a.outcome === "failure")).toHaveLength(DEFAULT_POLICY.perAccount);
    expect(audited.filter((a) => a.outcome === "denied")).toHaveLength(PARALLEL - DEFAULT_POLICY.perAccount);

    expect(
      await signInWithPassword({ email: "target@example.com", password: PASSWORD }, "203.0.113.1", { db }),
    ).toMatchObject({ ok: false, reason: "rate-limited" });
    expect(await db.selectFrom("sessions").select("id").execute()).toHaveLength(0);
  });

  it("holds the per-address limit across accounts in parallel", async () => {
    const { db } = await target.open();
    const policy = { windowMs: 60_000, perAccount: 100, perAddress: 4 };
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        reserveSignInAttempt({ account: `user${i}@example.com`, address: "192.0.2.50" }, policy, { db }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(policy.perAddress);
    expect(
      await signInRetryAfter({ account: "fresh@example.com", address: "192.0.2.50" }, policy, { db }),
    ).toBeGreaterThan(0);
  });

  it("does not count a successful sign-in against its address", async () => {
    const { db } = await target.open();
    await createUser({ email: "fine@example.com", name: "F", role: "viewer", password: PASSWORD }, { db });
    const outcome = await signInWithPassword(
      { email: "fine@example.com", password: PASSWORD },
      "192.0.2.99",
      { db },
    );
    expect(outcome.ok).toBe(true);
    expect(
      await db
        .selectFrom("login_failures")
        .select("id")
        .where("bucket", "in", ["address:192.0.2.99", "account:fine@example.com"])
        .execute(),
    ).toEqual([]);
  });
});
