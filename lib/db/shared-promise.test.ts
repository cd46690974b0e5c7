import { describe, expect, it } from "vitest";
import { sharedPromise } from "./shared-promise";

describe("sharedPromise", () => {
  it("creates once for concurrent first callers", async () => {
    let calls = 0;
    const shared = sharedPromise(async () => {
      calls += 1;
      await new Promise((r) => setTimeout(r, 20));
      return { n: calls };
    });
    const [a, b, c] = await Promise.all([shared.get(), shared.get(), shared.get()]);
    expect(calls).toBe(1);
    expect(a).toBe(b);
    expect(b).toBe(c);
    expect(await shared.get()).toBe(a);
  });

  it("forgets a failure so the next call retries", async () => {
    let calls = 0;
    const shared = sharedPromise(() => {
      calls += 1;
      return calls === 1 ? Promise.reject(new Error("database down")) : Promise.resolve("up");
    });
    const [first, second] = await Promise.allSettled([shared.get(), shared.get()]);
    expect(first.status).toBe("rejected");
    expect(second.status).toBe("rejected");
    expect(calls).toBe(1);
    expect(await shared.get()).toBe("up");
    expect(calls).toBe(2);
  });

  it("opens again after clear()", async () => {
    let calls = 0;
    const shared = sharedPromise(() => Promise.resolve(++calls));
    expect(await shared.get()).toBe(1);
    await shared.clear();
    expect(await shared.get()).toBe(2);
  });
});
