/**
 * A gate for server-action request bodies, run by proxy.ts before Next decodes them. Next answers a
 * malformed body (not JSON, not an argument list, or React reply references such as "$1", "$K1",
 * "$@0", "$F…" that point at chunks the request never sent) with a 500 and a stack in the log; a
 * client that is not React's has no business sending those, so they are refused as 400 here.
 * Pure, unit-tested.
 */

// What React's encodeReply writes for plain values: an escaped "$", undefined, non-finite numbers,
// negative zero, dates and bigints. Everything else starting with "$" is a reference.
const PLAIN_ESCAPES =
  /^\$(\$|undefined$|NaN$|Infinity$|-Infinity$|-0$|D\d{4}-\d{2}-\d{2}T[\d:.]+Z$|n-?\d{1,400}$)/;
const MAX_DEPTH = 64;

function plain(value: unknown, depth: number, allowed: ReadonlySet<string>): boolean {
  if (depth > MAX_DEPTH) return false;
  const ok = (text: string) => !text.startsWith("$") || PLAIN_ESCAPES.test(text) || allowed.has(text);
  if (typeof value === "string") return ok(value);
  if (Array.isArray(value)) return value.every((v) => plain(v, depth + 1, allowed));
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).every(([k, v]) => ok(k) && plain(v, depth + 1, allowed));
  }
  return true;
}

export type ActionBodyVerdict = { ok: true } | { ok: false; reason: string };

const NONE: ReadonlySet<string> = new Set();

/** For `text/plain` bodies (arguments without FormData): a JSON array of plain values. */
export function checkActionText(text: string, allowed: ReadonlySet<string> = NONE): ActionBodyVerdict {
  let args: unknown;
  try {
    args = JSON.parse(text);
  } catch {
    return { ok: false, reason: "not JSON" };
  }
  if (!Array.isArray(args)) return { ok: false, reason: "not an argument list" };
  return plain(args, 0, allowed) ? { ok: true } : { ok: false, reason: "unsupported reference" };
}

/**
 * For multipart bodies. React JSON-decodes only the numbered fields ("0" holds the argument list); a
 * FormData argument is "$K<n>" there, with its entries in fields named "<n>_…" or "_<n>_…", so exactly those
 * references are allowed. Other fields are user input, passed through as text (a password may start
 * with "$"), and "$ACTION_…" fields belong to forms posted before JavaScript loaded.
 */
export function checkActionForm(form: FormData): ActionBodyVerdict {
  const keys = [...form.keys()];
  const formRefs = new Set(
    keys
      .map((k) => /^_?(\d+)_/.exec(k)?.[1])
      .filter((n): n is string => n !== undefined)
      .map((n) => `$K${n}`),
  );
  const numbered = keys.filter((k) => /^\d+$/.test(k));
  if (numbered.length === 0) return { ok: true };
  const first = form.get("0");
  if (typeof first !== "string") return { ok: false, reason: "no argument list" };
  const verdict = checkActionText(first, formRefs);
  if (!verdict.ok) return verdict;
  for (const key of numbered.filter((k) => k !== "0")) {
    const value = form.get(key);
    if (typeof value !== "string" || !plain(safeJson(value), 0, formRefs))
      return { ok: false, reason: "unsupported reference" };
  }
  return { ok: true };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return "$invalid";
  }
}
