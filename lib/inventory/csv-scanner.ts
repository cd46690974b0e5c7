/**
 * Streaming reader of a CSV inventory (glacier-api.md §6, §12): a header row naming the five
 * columns, one archive per line. Glacier's quoting is not RFC 4180: a field containing `,` or `"`
 * is quoted and an embedded `"` is written `\"`, but backslashes are not escaped, so `"abc\"` could
 * be read as an unterminated field. Only ArchiveDescription can hold such characters (descriptions
 * are printable ASCII, so never a line break), and every other column is free of commas, so each
 * line is split from both ends and whatever lies between is the description: unambiguous.
 */

import { entryProblem } from "./entry";
import { type InventoryEntry, InventoryParseError, type InventoryHeader } from "./types";

const COLUMNS = ["ArchiveId", "ArchiveDescription", "CreationDate", "Size", "SHA256TreeHash"] as const;
type Column = (typeof COLUMNS)[number];

/** Longer lines are corruption: 138-character ids, ≤ 1024-character descriptions. */
export const MAX_CSV_LINE_BYTES = 64 * 1024;
const NEWLINE = 0x0a;

type Split = { fields: string[] } | { problem: string };

export class CsvInventoryScanner {
  readonly header: InventoryHeader = { vaultArn: null, inventoryDate: null };
  archives = 0;

  private rest: Buffer = Buffer.alloc(0);
  /** Absolute offset of rest[0], and the number of lines before it. */
  private base = 0;
  private line = 0;
  private columns: readonly Column[] | null = null;
  /** Position of each column in a row. */
  private at: Record<Column, number> = {
    ArchiveId: 0,
    ArchiveDescription: 1,
    CreationDate: 2,
    Size: 3,
    SHA256TreeHash: 4,
  };

  push(chunk: Uint8Array, out: InventoryEntry[]): void {
    const incoming = Buffer.isBuffer(chunk)
      ? chunk
      : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const buf = this.rest.length === 0 ? incoming : Buffer.concat([this.rest, incoming]);
    const last = buf.lastIndexOf(NEWLINE);
    if (last < 0) {
      this.rest = buf;
      if (buf.length > MAX_CSV_LINE_BYTES)
        throw this.error(`a line is longer than ${MAX_CSV_LINE_BYTES} bytes`, 0);
      return;
    }
    // Splitting on "\n" bytes never cuts a UTF-8 sequence.
    this.lines(buf.toString("utf8", 0, last).split("\n"), out);
    this.base += last + 1;
    this.rest = buf.subarray(last + 1);
  }

  end(out: InventoryEntry[]): void {
    if (this.rest.length > 0) this.lines([this.rest.toString("utf8")], out);
    this.base += this.rest.length;
    this.rest = Buffer.alloc(0);
    if (this.columns === null) throw this.error("the input is empty (no header row)", 0);
  }

  private lines(lines: string[], out: InventoryEntry[]): void {
    let offset = 0;
    for (const raw of lines) {
      this.line++;
      const unmarked = this.line === 1 && raw.startsWith("\uFEFF") ? raw.slice(1) : raw;
      const text = unmarked.endsWith("\r") ? unmarked.slice(0, -1) : unmarked;
      if (text.length > MAX_CSV_LINE_BYTES)
        throw this.error(`the line is longer than ${MAX_CSV_LINE_BYTES} characters`, offset);
      if (text.trim() !== "") this.row(text, out, offset, lines);
      // Byte offsets are only needed for messages; counting them for every line would cost throughput.
      offset += raw.length + 1;
    }
  }

  private row(text: string, out: InventoryEntry[], offset: number, lines: string[]): void {
    if (this.columns === null && this.takeHeader(text)) return;
    const columns = this.columns ?? COLUMNS;
    this.columns = columns;
    const split = this.split(text, columns.length);
    if ("problem" in split) throw this.error(split.problem, this.byteOffset(lines, offset));
    const { fields } = split;
    const at = this.at;
    const size = fields[at.Size] ?? "";
    const entry: InventoryEntry = {
      archiveId: fields[at.ArchiveId] ?? "",
      description: fields[at.ArchiveDescription] ?? "",
      creationDate: fields[at.CreationDate] ?? "",
      size: /^\d+$/.test(size) ? Number(size) : NaN,
      treeHash: fields[at.SHA256TreeHash] ?? "",
    };
    const problem = entryProblem(entry);
    if (problem) throw this.error(problem, this.byteOffset(lines, offset), this.archives + 1);
    this.archives++;
    out.push(entry);
  }

  /** Reads the header row; false when the first line is data (a header-less export, read in Glacier's order). */
  private takeHeader(text: string): boolean {
    const names = text.split(",").map((n) =>
      n
        .trim()
        .replace(/^"(.*)"$/, "$1")
        .toLowerCase(),
    );
    const columns = names.map((n) => COLUMNS.find((c) => c.toLowerCase() === n));
    const known = columns.filter((c): c is Column => c !== undefined);
    if (known.length === 0) return false;
    if (
      known.length !== names.length ||
      new Set(known).size !== COLUMNS.length ||
      names.length !== COLUMNS.length
    ) {
      throw this.error(`the header row must name the columns ${COLUMNS.join(",")}; it is "${text}"`, 0);
    }
    this.columns = known;
    for (const column of COLUMNS) this.at[column] = known.indexOf(column);
    return true;
  }

  /** Splits one line: columns left of the description from the left, the rest from the right. */
  private split(text: string, count: number): Split {
    if (!text.includes('"')) {
      const fields = text.split(",");
      if (fields.length === count) return { fields };
      if (fields.length < count) return { problem: `expected ${count} columns, found ${fields.length}` };
    }
    const fields: string[] = [];
    let start = 0;
    for (let k = 0; k < this.at.ArchiveDescription; k++) {
      const comma = text.indexOf(",", start);
      if (comma < 0) return { problem: `expected ${count} columns` };
      fields.push(text.slice(start, comma));
      start = comma + 1;
    }
    const right: string[] = [];
    let end = text.length;
    for (let k = this.at.ArchiveDescription + 1; k < count; k++) {
      const comma = text.lastIndexOf(",", end - 1);
      if (comma < start) return { problem: `expected ${count} columns` };
      right.unshift(text.slice(comma + 1, end));
      end = comma;
    }
    const plain = [...fields, ...right].map(unquotePlain);
    const description = unquoteDescription(text.slice(start, end));
    const bad = [...plain, description].find((f): f is { problem: string } => typeof f !== "string");
    if (bad) return bad;
    const values = plain as string[];
    values.splice(this.at.ArchiveDescription, 0, description as string);
    return { fields: values };
  }

  private byteOffset(lines: string[], charOffset: number): number {
    // Recount exactly, in bytes, only when reporting an error.
    let chars = 0;
    let bytes = 0;
    for (const line of lines) {
      if (chars >= charOffset) break;
      bytes += Buffer.byteLength(line) + 1;
      chars += line.length + 1;
    }
    return bytes;
  }

  private error(problem: string, offsetInChunk: number, archive?: number): InventoryParseError {
    const position = { byte: this.base + offsetInChunk, line: Math.max(1, this.line) };
    return new InventoryParseError(problem, archive === undefined ? position : { ...position, archive });
  }
}

/** A column that never holds `,` or `"` (id, date, size, hash): optionally wrapped in quotes. */
function unquotePlain(field: string): string | { problem: string } {
  const inner =
    field.length >= 2 && field.startsWith('"') && field.endsWith('"') ? field.slice(1, -1) : field;
  return inner.includes('"') || inner.includes(",")
    ? { problem: `unexpected quote or comma in "${field}" (wrong column count?)` }
    : inner;
}

/** The description column: quoted when it holds `,` or `"`, with every embedded `"` written `\"`. */
function unquoteDescription(field: string): string | { problem: string } {
  if (!field.startsWith('"')) {
    if (field.includes('"') || field.includes(",")) {
      return { problem: "an unquoted field contains a comma or a quote (wrong column count?)" };
    }
    return field;
  }
  if (field.length < 2 || !field.endsWith('"')) return { problem: "a quoted field is not closed" };
  const inner = field.slice(1, -1);
  for (let at = inner.indexOf('"'); at >= 0; at = inner.indexOf('"', at + 1)) {
    if (inner[at - 1] !== "\\") return { problem: 'a quote inside a quoted field is not escaped as \\"' };
  }
  return inner.replace(/\\"/g, '"');
}
