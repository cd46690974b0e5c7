/**
 * Random and mutated inputs for the fuzz spec, from a seeded generator so a failure can be replayed
 * (the spec prints its seed; THAW_FUZZ_SEED repeats it).
 */

export type Rng = () => number;

export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(r: Rng, items: readonly T[]): T => {
  const item = items[Math.floor(r() * items.length)];
  if (item === undefined) throw new Error("pick from an empty list");
  return item;
};

const NASTY_STRINGS = [
  "",
  " ",
  "$$",
  "$1",
  "$@0",
  "$K1",
  "null",
  "undefined",
  "NaN",
  "-1",
  "1e309",
  "0x10",
  "__proto__",
  "constructor",
  "../../etc/passwd",
  "%00",
  "%E0%A4%A",
  "\u0000",
  "\ud800",
  "😀".repeat(50),
  "<script>alert(1)</script>",
  "'; drop table users; --",
  "a".repeat(5000),
  "=cmd|' /C calc'!A0",
  "arn:aws:sns:us-east-1:123456789012:x\n###",
  "00000000-0000-4000-8000-000000000000",
];

export function randomString(r: Rng): string {
  if (r() < 0.5) return pick(r, NASTY_STRINGS);
  const length = Math.floor(r() * 40);
  let out = "";
  for (let i = 0; i < length; i++)
    out += String.fromCharCode(r() < 0.9 ? 32 + Math.floor(r() * 95) : Math.floor(r() * 0xffff));
  return out;
}

export function randomValue(r: Rng, depth = 0): unknown {
  const roll = r();
  if (depth > 3 || roll < 0.15) return randomString(r);
  if (roll < 0.25) return Math.floor(r() * 2 ** 40) * (r() < 0.5 ? -1 : 1);
  if (roll < 0.3) return r() < 0.5;
  if (roll < 0.35) return null;
  if (roll < 0.6) return Array.from({ length: Math.floor(r() * 4) }, () => randomValue(r, depth + 1));
  const object: Record<string, unknown> = {};
  for (let i = Math.floor(r() * 5); i > 0; i--)
    object[r() < 0.2 ? "__proto__" : randomString(r).slice(0, 20)] = randomValue(r, depth + 1);
  return object;
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function paths(value: unknown, prefix: string[] = []): string[][] {
  if (typeof value !== "object" || value === null) return [prefix];
  return [
    prefix,
    ...Object.keys(value).flatMap((k) => paths((value as Record<string, unknown>)[k], [...prefix, k])),
  ];
}

function setAt(root: unknown, path: string[], next: unknown): unknown {
  if (path.length === 0) return next;
  let node = root as Record<string, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const last = path[path.length - 1] ?? "";
  if (next === undefined) delete node[last];
  else node[last] = next;
  return root;
}

/** A template with one to three random changes: a field replaced, removed, added, or turned to garbage. */
export function mutate(r: Rng, template: unknown): unknown {
  let value = clone(template);
  for (let n = 1 + Math.floor(r() * 3); n > 0; n--) {
    const path = pick(r, paths(value));
    const roll = r();
    value = setAt(
      value,
      path,
      roll < 0.3 ? undefined : roll < 0.6 ? randomValue(r) : roll < 0.8 ? randomString(r) : [randomValue(r)],
    );
    if (value === undefined) value = {};
  }
  return value;
}

/**
 * A mutation that cannot pass the action's schema whatever else it changes: `breaker` names a field
 * whose replacement is always invalid (a non-UUID id, an unknown enum value…). For identities allowed
 * to act (the admin), so a fuzz input never becomes a real change.
 */
export function mutateInvalid(
  r: Rng,
  template: Record<string, unknown>,
  breaker: { path: string[]; values: unknown[] },
): unknown {
  const value = mutate(r, template);
  const base = typeof value === "object" && value !== null && !Array.isArray(value) ? value : clone(template);
  for (let i = 0; i < breaker.path.length - 1; i++) {
    const key = breaker.path.slice(0, i + 1);
    let node: unknown = base;
    for (const k of key) node = (node as Record<string, unknown>)[k];
    if (typeof node !== "object" || node === null) setAt(base, key, {});
  }
  return setAt(base, breaker.path, pick(r, breaker.values));
}
