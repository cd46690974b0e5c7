/**
 * Encoders for the description tests (imported by *.test.ts only): each writes a format the way its
 * tool does, independently of the decoders under test, so non-ASCII names can round-trip.
 */

export function compactUtc(iso: string): string {
  return iso.replace(/\.\d+Z$/, "Z").replace(/[-:]/g, "");
}

export function mt2(filename: string, mtimeIso: string): string {
  const json = JSON.stringify({ mtime: compactUtc(mtimeIso), filename });
  return `mt2 ${Buffer.from(json, "utf8").toString("base64url")}`;
}

/** mt1: the UTF-8 JSON bytes read as Latin-1 and encoded to UTF-8 again (mt-aws-glacier 0.80–0.84). */
export function mt1(filename: string, mtimeIso: string): string {
  const json = JSON.stringify({ filename, mtime: compactUtc(mtimeIso) });
  const doubled = Buffer.from(Buffer.from(json, "utf8").toString("latin1"), "utf8");
  return `mt1 ${doubled.toString("base64url")}`;
}

export function fastGlacier(version: 2 | 3 | 4, path: string, lmIso: string, ce?: string): string {
  const p = Buffer.from(path, "utf8").toString("base64");
  return `<m><v>${version}</v><p>${p}</p><lm>${compactUtc(lmIso)}</lm>${ce === undefined ? "" : `<ce>${ce}</ce>`}</m>`;
}

export function fastGlacierV1(path: string): string {
  return `<ArchiveMetadata><Path>${Buffer.from(path, "utf8").toString("base64")}</Path></ArchiveMetadata>`;
}

// RFC 2152 Set D plus space; everything else (including "_" and "\") goes through modified base64.
const DIRECT = /^[A-Za-z0-9'(),\-./:? ]$/;

/** UTF-7 as RFC 2152 writes it: runs of UTF-16BE in base64 without padding, closed by "-". */
export function encodeUtf7(text: string): string {
  let out = "";
  let run = "";
  const flush = () => {
    if (run === "") return;
    const bytes = Buffer.alloc(run.length * 2);
    for (let i = 0; i < run.length; i++) bytes.writeUInt16BE(run.charCodeAt(i), i * 2);
    out += `+${bytes.toString("base64").replace(/=+$/, "")}-`;
    run = "";
  };
  for (const char of text) {
    if (char === "+") {
      flush();
      out += "+-";
    } else if (DIRECT.test(char)) {
      flush();
      out += char;
    } else {
      run += char;
    }
  }
  flush();
  return out;
}

export function cloudBerry(path: string, modifiedIso: string, flags?: number): string {
  const body: Record<string, string | number> = { Path: encodeUtf7(path), UTCDateModified: compactUtc(modifiedIso) };
  if (flags !== undefined) body.Flags = flags;
  return JSON.stringify(body);
}
