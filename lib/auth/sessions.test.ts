import { expect, it } from "vitest";
import { describeEachDialect } from "@/tests/support/db";
import { parseConfig } from "@/lib/config";
import { createSession, liveSessionActivity, resolveSession, sessionId, TOUCH_INTERVAL_MS } from "./sessions";
import { createUser } from "./users";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

it("THAW_SESSION_IDLE_HOURS defaults to 2 h, takes fractions, and refuses nonsense", () => {
  expect(parseConfig({}).auth.sessionIdleHours).toBe(2);
  expect(parseConfig({ THAW_SESSION_IDLE_HOURS: "0.5" }).auth.sessionIdleHours).toBe(0.5);
  expect(() => parseConfig({ THAW_SESSION_IDLE_HOURS: "0" })).toThrow(/THAW_SESSION_IDLE_HOURS/);
  expect(() => parseConfig({ THAW_SESSION_IDLE_HOURS: "soon" })).toThrow(/THAW_SESSION_IDLE_HOURS/);
});

describeEachDialect("session activity and idle timeout", (target) => {
  async function setUp() {
    const { db } = await target.open();
    const user = await createUser(
      {
        email: `u-${Math.random()}@example.com`,
        name: "U",
        role: "viewer",
        password: "a long enough password",
      },
      { db },
    );
    const { token } = await createSession(user.id, 12 * HOUR, "10.0.0.1", { db });
    const lastSeen = async () =>
      (
        await db
          .selectFrom("sessions")
          .select("last_seen_at")
          .where("id", "=", sessionId(token))
          .executeTakeFirstOrThrow()
      ).last_seen_at;
    return { db, user, token, lastSeen, start: Date.parse(await lastSeen()) };
  }

  it("records activity at most once a minute per session", async () => {
    const { db, token, lastSeen, start } = await setUp();
    const first = await lastSeen();
    expect(
      await resolveSession(token, { db, now: start + TOUCH_INTERVAL_MS - 1_000, idleMs: HOUR }),
    ).toBeDefined();
    expect(await lastSeen()).toBe(first);
    const later = start + 5 * MINUTE;
    expect(await resolveSession(token, { db, now: later, idleMs: HOUR })).toBeDefined();
    expect(await lastSeen()).toBe(new Date(later).toISOString());
  });

  it("keeps a used session past the idle limit, and ends one left idle that long", async () => {
    const { db, token, start } = await setUp();
    // Used every 50 minutes for 5 hours under a 1-hour idle limit: still signed in.
    for (let t = start + 50 * MINUTE; t < start + 5 * HOUR; t += 50 * MINUTE) {
      expect(
        await resolveSession(token, { db, now: t, idleMs: HOUR }),
        `at +${(t - start) / MINUTE} min`,
      ).toBeDefined();
    }
    const lastUse = start + 250 * MINUTE;
    expect(await resolveSession(token, { db, now: lastUse + HOUR, idleMs: HOUR })).toBeUndefined();
    // The idle session is gone for good, even if the limit were raised afterwards.
    expect(await db.selectFrom("sessions").select("id").where("id", "=", sessionId(token)).execute()).toEqual(
      [],
    );
    expect(await resolveSession(token, { db, now: lastUse + HOUR, idleMs: 100 * HOUR })).toBeUndefined();
  });

  it("under an idle limit shorter than the throttle, keeps a session used more often than the limit", async () => {
    const { db, token, start } = await setUp();
    for (let t = start + 20_000; t < start + 5 * MINUTE; t += 20_000) {
      expect(
        await resolveSession(token, { db, now: t, idleMs: 30_000 }),
        `at +${(t - start) / 1000} s`,
      ).toBeDefined();
    }
  });

  it("still ends a busy session at its absolute expiry", async () => {
    const { db, token, start } = await setUp();
    expect(
      await resolveSession(token, { db, now: start + 12 * HOUR + 1, idleMs: 100 * HOUR }),
    ).toBeUndefined();
  });

  it("reports each user's latest activity over their live sessions only", async () => {
    const { db, user, token, start } = await setUp();
    const second = await createSession(user.id, 12 * HOUR, null, { db });
    await resolveSession(token, { db, now: start + 10 * MINUTE, idleMs: HOUR });
    const activity = await liveSessionActivity({ db, now: start + 20 * MINUTE, idleMs: HOUR });
    expect(activity.get(user.id)).toEqual({
      lastSeenAt: new Date(start + 10 * MINUTE).toISOString(),
      openSessions: 2,
    });
    // 65 minutes on, the untouched second session is idle and no longer counts.
    expect((await liveSessionActivity({ db, now: start + 65 * MINUTE, idleMs: HOUR })).get(user.id)).toEqual({
      lastSeenAt: new Date(start + 10 * MINUTE).toISOString(),
      openSessions: 1,
    });
    expect((await liveSessionActivity({ db, now: start + 3 * HOUR, idleMs: HOUR })).has(user.id)).toBe(false);
    expect(second.token).not.toBe(token);
  });
});
