/**
 * Tokenizer for the Glacier Select dialect; every token carries its 1-based line, column and length.
 * Strings are '…' with '' for a quote; "…" quotes an identifier (case-sensitive header name);
 * `…` is an Ion timestamp literal, as the date function examples write them
 * (s3-glacier-select-sql-reference-date.html). Control characters other than tab, CR and LF are
 * refused wherever they appear.
 */

import { SelectError, type SourcePosition } from "./errors";

export type TokenKind =
  "identifier" | "quotedIdentifier" | "string" | "number" | "timestamp" | "operator" | "eof";

export interface Token {
  kind: TokenKind;
  /** Identifier as written, unescaped string/quoted-identifier content, number text or operator. */
  text: string;
  position: Required<SourcePosition>;
}

const OPERATORS = [
  "<>",
  "!=",
  "<=",
  ">=",
  "||",
  "=",
  "<",
  ">",
  "+",
  "-",
  "*",
  "/",
  "%",
  "(",
  ")",
  ",",
  ".",
  "[",
  "]",
  ";",
];
const IDENTIFIER_START = /[A-Za-z_]/;
const IDENTIFIER_PART = /[A-Za-z0-9_]/;
const NUMBER = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/;
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

class Scanner {
  private index = 0;
  private line = 1;
  private lineStart = 0;

  constructor(private readonly source: string) {}

  get done(): boolean {
    return this.index >= this.source.length;
  }

  get offset(): number {
    return this.index;
  }

  position(length = 1): Required<SourcePosition> {
    return { line: this.line, column: this.index - this.lineStart + 1, length };
  }

  peek(offset = 0): string {
    return this.source.charAt(this.index + offset);
  }

  startsWith(text: string): boolean {
    return this.source.startsWith(text, this.index);
  }

  indexOf(text: string): number {
    return this.source.indexOf(text, this.index);
  }

  match(pattern: RegExp): string {
    return pattern.exec(this.source.slice(this.index, this.index + 400))?.[0] ?? "";
  }

  advance(count = 1): string {
    const text = this.source.slice(this.index, this.index + count);
    for (let i = 0; i < text.length; i++) {
      if (text.charAt(i) === "\n") {
        this.line++;
        this.lineStart = this.index + i + 1;
      }
    }
    this.index += text.length;
    return text;
  }
}

function checkControl(scanner: Scanner): void {
  const char = scanner.peek();
  if (CONTROL.test(char)) {
    const hex = char.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
    throw new SelectError(
      "LexerInvalidChar",
      `The expression contains a control character (U+${hex}); remove it`,
      scanner.position(),
    );
  }
}

function skipSpaceAndComments(scanner: Scanner): void {
  for (;;) {
    checkControl(scanner);
    if (/\s/.test(scanner.peek())) scanner.advance();
    else if (scanner.startsWith("--")) {
      while (!scanner.done && scanner.peek() !== "\n") {
        checkControl(scanner);
        scanner.advance();
      }
    } else if (scanner.startsWith("/*")) {
      const start = scanner.position(2);
      const end = scanner.indexOf("*/");
      if (end < 0) throw new SelectError("LexerInvalidLiteral", "Unterminated /* comment", start);
      while (scanner.offset < end + 2) {
        checkControl(scanner);
        scanner.advance();
      }
    } else return;
  }
}

/** Reads a `quote`-delimited literal where a doubled quote stands for one. */
function readQuoted(scanner: Scanner, quote: string, what: string): string {
  const start = scanner.position();
  scanner.advance();
  let text = "";
  for (;;) {
    if (scanner.done) {
      throw new SelectError("LexerInvalidLiteral", `Unterminated ${what}: add the closing ${quote}`, start);
    }
    checkControl(scanner);
    const char = scanner.advance();
    if (char !== quote) text += char;
    else if (quote !== "`" && scanner.peek() === quote) text += scanner.advance();
    else return text;
  }
}

function withLength(
  token: Omit<Token, "position">,
  start: Required<SourcePosition>,
  end: number,
  from: number,
) {
  return { ...token, position: { ...start, length: Math.max(1, end - from) } };
}

export function tokenize(source: string): Token[] {
  const scanner = new Scanner(source);
  const tokens: Token[] = [];
  for (;;) {
    skipSpaceAndComments(scanner);
    const start = scanner.position();
    const from = scanner.offset;
    if (scanner.done) {
      tokens.push({ kind: "eof", text: "", position: start });
      return tokens;
    }
    const char = scanner.peek();
    let token: Omit<Token, "position">;
    if (char === "'") token = { kind: "string", text: readQuoted(scanner, "'", "string literal") };
    else if (char === '"')
      token = { kind: "quotedIdentifier", text: readQuoted(scanner, '"', "quoted name") };
    else if (char === "`") token = { kind: "timestamp", text: readQuoted(scanner, "`", "timestamp literal") };
    else if (IDENTIFIER_START.test(char)) {
      let text = "";
      while (!scanner.done && IDENTIFIER_PART.test(scanner.peek())) text += scanner.advance();
      token = { kind: "identifier", text };
    } else if (/[0-9]/.test(char) || (char === "." && /[0-9]/.test(scanner.peek(1)))) {
      const text = scanner.advance(scanner.match(NUMBER).length);
      if (IDENTIFIER_PART.test(scanner.peek())) {
        throw new SelectError("LexerInvalidLiteral", `Invalid number "${text}${scanner.peek()}"`, {
          ...start,
          length: text.length + 1,
        });
      }
      token = { kind: "number", text };
    } else {
      const operator = OPERATORS.find((op) => scanner.startsWith(op));
      if (!operator) throw new SelectError("LexerInvalidChar", `Unexpected character "${char}"`, start);
      token = { kind: "operator", text: scanner.advance(operator.length) };
    }
    tokens.push(withLength(token, start, scanner.offset, from));
  }
}
