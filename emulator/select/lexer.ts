/** Tokenizer for the Select SQL subset; every token carries its 1-based line and column. */

import { SelectError, type SourcePosition } from "./errors";

export type TokenKind = "identifier" | "quotedIdentifier" | "string" | "number" | "operator" | "eof";

export interface Token {
  kind: TokenKind;
  /** Identifier as written, unescaped string/quoted-identifier content, number text or operator. */
  text: string;
  position: SourcePosition;
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

class Scanner {
  private index = 0;
  private line = 1;
  private lineStart = 0;

  constructor(private readonly source: string) {}

  get done(): boolean {
    return this.index >= this.source.length;
  }

  get position(): SourcePosition {
    return { line: this.line, column: this.index - this.lineStart + 1 };
  }

  peek(offset = 0): string {
    return this.source.charAt(this.index + offset);
  }

  rest(): string {
    return this.source.slice(this.index);
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

function skipSpaceAndComments(scanner: Scanner): void {
  for (;;) {
    if (/\s/.test(scanner.peek())) scanner.advance();
    else if (scanner.peek() === "-" && scanner.peek(1) === "-") {
      while (!scanner.done && scanner.peek() !== "\n") scanner.advance();
    } else if (scanner.peek() === "/" && scanner.peek(1) === "*") {
      const start = scanner.position;
      const end = scanner.rest().indexOf("*/", 2);
      if (end < 0) throw new SelectError("LexerInvalidLiteral", "Unterminated /* comment", start);
      scanner.advance(end + 2);
    } else return;
  }
}

/** Reads a `quote`-delimited literal where a doubled quote stands for one. */
function readQuoted(scanner: Scanner, quote: string, what: string): string {
  const start = scanner.position;
  scanner.advance();
  let text = "";
  for (;;) {
    if (scanner.done) throw new SelectError("LexerInvalidLiteral", `Unterminated ${what}`, start);
    const char = scanner.advance();
    if (char !== quote) text += char;
    else if (scanner.peek() === quote) text += scanner.advance();
    else return text;
  }
}

export function tokenize(source: string): Token[] {
  const scanner = new Scanner(source);
  const tokens: Token[] = [];
  for (;;) {
    skipSpaceAndComments(scanner);
    const position = scanner.position;
    if (scanner.done) {
      tokens.push({ kind: "eof", text: "", position });
      return tokens;
    }
    const char = scanner.peek();
    if (char === "'") {
      tokens.push({ kind: "string", text: readQuoted(scanner, "'", "string literal"), position });
    } else if (char === '"') {
      tokens.push({
        kind: "quotedIdentifier",
        text: readQuoted(scanner, '"', "quoted identifier"),
        position,
      });
    } else if (IDENTIFIER_START.test(char)) {
      let text = "";
      while (!scanner.done && IDENTIFIER_PART.test(scanner.peek())) text += scanner.advance();
      tokens.push({ kind: "identifier", text, position });
    } else if (/[0-9]/.test(char) || (char === "." && /[0-9]/.test(scanner.peek(1)))) {
      const text = NUMBER.exec(scanner.rest())?.[0] ?? "";
      scanner.advance(text.length);
      if (IDENTIFIER_START.test(scanner.peek())) {
        throw new SelectError("LexerInvalidLiteral", `Invalid number "${text}${scanner.peek()}"`, position);
      }
      tokens.push({ kind: "number", text, position });
    } else {
      const operator = OPERATORS.find((op) => scanner.rest().startsWith(op));
      if (!operator) throw new SelectError("LexerInvalidChar", `Unexpected character "${char}"`, position);
      tokens.push({ kind: "operator", text: scanner.advance(operator.length), position });
    }
  }
}
