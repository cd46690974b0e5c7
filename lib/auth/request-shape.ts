/**
 * Path checks proxy.ts runs before any route: a path that does not percent-decode is refused (Next
 * would throw decoding it), and a job route's id must look like a Glacier job id (URL-safe base64
 * characters), which also keeps a stray "%" from reaching handlers that decode the id again.
 * Pure, unit-tested.
 */

const JOB_ROUTE = /^\/api\/jobs\/([^/]+)\/[^/]+$/;
const JOB_ID = /^[A-Za-z0-9_-]{1,256}$/;

export type PathVerdict = { ok: true } | { ok: false; status: 400 | 404 };

export function checkPath(pathname: string): PathVerdict {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { ok: false, status: 400 };
  }
  const job = JOB_ROUTE.exec(pathname);
  if (job) {
    let id: string;
    try {
      id = decodeURIComponent(job[1] ?? "");
    } catch {
      return { ok: false, status: 404 };
    }
    if (!JOB_ID.test(id)) return { ok: false, status: 404 };
  }
  return decoded.includes("\u0000") ? { ok: false, status: 400 } : { ok: true };
}
