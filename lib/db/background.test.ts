import { expect, it } from "vitest";
import { backgroundSettled, trackBackground } from "./background";

it("waits for tracked work, including work started while waiting, and survives failures", async () => {
  const done: string[] = [];
  const later = (name: string, ms: number, fail = false) =>
    new Promise<void>((resolve, reject) =>
      setTimeout(() => {
        done.push(name);
        if (fail) reject(new Error(name));
        else resolve();
      }, ms),
    );
  const failing = trackBackground(later("b", 10, true));
  failing.catch(() => undefined);
  void trackBackground(later("a", 30)).then(() => trackBackground(later("c", 20)));
  await backgroundSettled();
  expect(done).toEqual(["b", "a", "c"]);
  // Nothing left: resolves at once.
  await backgroundSettled();
});
