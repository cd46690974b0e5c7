/**
 * UTF-7 (RFC 2152) encoder as CloudBerry uses it for JSON descriptions: letters, digits, space and
 * ' ( ) , - . / : ? pass through, as do backslashes (CloudBerry leaves Windows separators readable);
 * every other run, including '_' (seen as "+AF8-"), becomes "+<modified base64 of UTF-16BE>-".
 */
const DIRECT = /[A-Za-z0-9'(),\-./:? \\]/;

function encodeRun(run: string): string {
  const utf16 = Buffer.alloc(run.length * 2);
  for (let i = 0; i < run.length; i++) utf16.writeUInt16BE(run.charCodeAt(i), i * 2);
  return `+${utf16.toString("base64").replace(/=+$/, "")}-`;
}

export function utf7Encode(text: string): string {
  let out = "";
  let run = "";
  const flush = () => {
    if (run) out += encodeRun(run);
    run = "";
  };
  for (const ch of text) {
    if (ch === "+") {
      flush();
      out += "+-";
    } else if (DIRECT.test(ch)) {
      flush();
      out += ch;
    } else {
      run += ch;
    }
  }
  flush();
  return out;
}
