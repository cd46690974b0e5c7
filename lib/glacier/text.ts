/** Text measures the Glacier and S3 limits are written in, and percent-decoding. Pure and isomorphic. */

/** UTF-8 byte length without allocating an encoded copy. */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/** Number of Unicode code points, the unit S3 uses for tag lengths. */
export function codePointLength(text: string): number {
  let count = 0;
  for (const _char of text) count++;
  return count;
}

/** Percent-decoded text, or the text as it is when it is not valid percent-encoding. */
export function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
