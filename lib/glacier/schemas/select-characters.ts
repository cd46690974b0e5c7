/**
 * How a select wizard writes CSV character options. An `<input>` cannot hold a line break and
 * shows a tab as blank space, so the form (and a shared link) carries `\n`, `\r`, `\t` and `\\` as
 * two-character escapes; everything else stands for itself, including a lone `\`. The wire value
 * is the decoded character. Pure and isomorphic.
 */

const DECODE: Readonly<Record<string, string>> = { n: "\n", r: "\r", t: "\t", "\\": "\\" };
const ENCODE: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** `\r\n` → CR LF; a real control character (e.g. from a hand-written link) is kept as it is. */
export function decodeCharacterNotation(text: string): string {
  return text.replace(/\\([nrt\\])/g, (_, key: string) => DECODE[key] ?? key);
}

/** The inverse for the characters Glacier accepts: CR LF → `\r\n`, `\` stays `\`. */
export function encodeCharacterNotation(value: string): string {
  return Array.from(value, (char) => ENCODE[char] ?? char).join("");
}

/** The enum members of a CSV serialization; every other member is a character option. */
const ENUM_MEMBERS = ["FileHeaderInfo", "QuoteFields"];

/**
 * A form's InputSerialization.csv or OutputSerialization.csv as sent: "" (an untouched input) is
 * left out so Glacier applies its default, and character options are decoded.
 */
export function csvToWire(
  csv: Readonly<Record<string, string | undefined>> | undefined,
): Record<string, string> {
  const wire: Record<string, string> = {};
  for (const [key, value] of Object.entries(csv ?? {})) {
    if (value === undefined || value === "") continue;
    wire[key] = ENUM_MEMBERS.includes(key) ? value : decodeCharacterNotation(value);
  }
  return wire;
}
