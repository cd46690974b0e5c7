import "server-only";
import { type ByteRange, parseHttpRange } from "@/lib/glacier/byte-range";
import { type OutputSource } from "./output";

type Served = Pick<OutputSource, "size" | "expectedTreeHash" | "glacierJobId">;

/** HTTP details of serving a job's output: ranges, validators, the file name header. Pure functions of the source. */

/** RFC 6266/5987: an ASCII fallback plus the exact UTF-8 name. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\%]/g, "_");
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** Strong validator: the output of a job never changes (a resumed download may append to it). */
export function outputEtag(source: Served): string {
  return `"${source.expectedTreeHash ?? source.glacierJobId}"`;
}

export type RangeDecision =
  { kind: "whole" } | { kind: "partial"; range: ByteRange } | { kind: "unsatisfiable" };

/** Which bytes to send for the request's Range / If-Range headers. */
export function decideRange(request: Request, source: Served): RangeDecision {
  const header = request.headers.get("range");
  if (!header || source.size === 0) return { kind: "whole" };
  const ifRange = request.headers.get("if-range");
  // If-Range with another validator (or a date: we send no Last-Modified) asks for the whole body.
  if (ifRange !== null && ifRange !== outputEtag(source)) return { kind: "whole" };
  const parsed = parseHttpRange(header, source.size);
  if (parsed.kind === "unsatisfiable") return { kind: "unsatisfiable" };
  if (parsed.kind === "invalid") return { kind: "whole" };
  if (parsed.range.start === 0 && parsed.range.end === source.size - 1) return { kind: "whole" };
  return { kind: "partial", range: parsed.range };
}
