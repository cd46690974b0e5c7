/**
 * Scenarios both queues must pass alike (imported by lib/tasks *.test.ts): the queue given defines
 * plan-initiate with policy "singleton", vault-sync with "stately" and copy-chunk with groupConcurrency 2,
 * and holds no task yet.
 */
import { expect } from "vitest";
import { type ClaimedTask, type TaskQueue } from "@/lib/tasks/queue";

const idOf = (task: ClaimedTask | undefined) => (task?.payload as { id: string } | undefined)?.id;

/** One queued-or-active task per key (singleton); one queued plus one active (stately). */
export async function keyPolicyScenario(queue: TaskQueue): Promise<void> {
  await queue.enqueue("plan-initiate", { id: "p1" }, { singletonKey: "plan-1" });
  await queue.enqueue("plan-initiate", { id: "p1-again" }, { singletonKey: "plan-1" });
  await queue.enqueue("plan-initiate", { id: "p2" }, { singletonKey: "plan-2" });
  const first = (await queue.claim("w")) as ClaimedTask;
  // While active, the key still refuses a second one.
  await queue.enqueue("plan-initiate", { id: "p1-while-active" }, { singletonKey: "plan-1" });
  const second = await queue.claim("w");
  expect(await queue.claim("w")).toBeUndefined();
  expect([idOf(first), idOf(second)]).toEqual(["p1", "p2"]);
  await queue.complete(first, "w");
  await queue.complete(second as ClaimedTask, "w");
  await queue.enqueue("plan-initiate", { id: "p1-after" }, { singletonKey: "plan-1" });
  const after = await queue.claim("w");
  expect(idOf(after)).toBe("p1-after");
  await queue.complete(after as ClaimedTask, "w");

  await queue.enqueue("vault-sync", { id: "s1" }, { singletonKey: "conn" });
  const sync = (await queue.claim("w")) as ClaimedTask;
  await queue.enqueue("vault-sync", { id: "s2" }, { singletonKey: "conn" });
  await queue.enqueue("vault-sync", { id: "s3" }, { singletonKey: "conn" });
  // One active and one queued: s3 folded into s2, and s2 waits for s1 to end.
  expect(await queue.claim("w")).toBeUndefined();
  await queue.complete(sync, "w");
  expect(idOf(await queue.claim("w"))).toBe("s2");
  expect(await queue.claim("w")).toBeUndefined();
}

/** At most groupConcurrency (2) tasks of one group at once; other groups unaffected. */
export async function groupScenario(queue: TaskQueue): Promise<void> {
  for (let i = 0; i < 5; i += 1) await queue.enqueue("copy-chunk", { id: `a${i}` }, { groupId: "plan-a" });
  await queue.enqueue("copy-chunk", { id: "b0" }, { groupId: "plan-b" });
  const claimed: ClaimedTask[] = [];
  for (let task = await queue.claim("w"); task; task = await queue.claim("w")) claimed.push(task);
  expect(claimed.map(idOf).sort()).toEqual(["a0", "a1", "b0"]);
  await queue.complete(claimed[0] as ClaimedTask, "w");
  expect(idOf(await queue.claim("w"))).toBe("a2");
  expect(await queue.claim("w")).toBeUndefined();
}
