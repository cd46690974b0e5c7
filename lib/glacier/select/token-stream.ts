/** A cursor over the tokens with the accept/expect helpers the parser's parts share. */

import { SelectError } from "./errors";
import { isReservedKeyword } from "./keywords";
import { type Token } from "./lexer";

export function describe(token: Token): string {
  if (token.kind === "eof") return "the end";
  if (token.kind === "string") return `'${token.text}'`;
  if (token.kind === "timestamp") return `\`${token.text}\``;
  return `"${token.text}"`;
}

export class TokenStream {
  private index = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  get token(): Token {
    return this.peek(0);
  }

  peek(offset: number): Token {
    const last = this.tokens[this.tokens.length - 1] as Token;
    return this.tokens[this.index + offset] ?? last;
  }

  next(): Token {
    const token = this.token;
    if (this.index < this.tokens.length - 1) this.index++;
    return token;
  }

  isKeyword(word: string, token = this.token): boolean {
    return token.kind === "identifier" && token.text.toUpperCase() === word;
  }

  isOperator(op: string, token = this.token): boolean {
    return token.kind === "operator" && token.text === op;
  }

  acceptKeyword(word: string): boolean {
    if (!this.isKeyword(word)) return false;
    this.next();
    return true;
  }

  acceptOperator(op: string): boolean {
    if (!this.isOperator(op)) return false;
    this.next();
    return true;
  }

  expectKeyword(word: string): Token {
    if (!this.isKeyword(word)) throw this.expected(word);
    return this.next();
  }

  expectOperator(op: string): Token {
    if (!this.isOperator(op)) throw this.expected(`"${op}"`);
    return this.next();
  }

  /** A specific keyword, operator or kind of token was required. */
  expected(what: string, token = this.token): SelectError {
    const found = token.kind === "eof" ? "the expression ends" : `found ${describe(token)}`;
    return new SelectError("ParseExpectedToken", `Expected ${what} but ${found}`, token.position);
  }

  /** The token cannot start or continue anything here. */
  unexpected(token = this.token, context = ""): SelectError {
    if (token.kind === "identifier" && isReservedKeyword(token.text)) {
      return new SelectError(
        "ParseUnexpectedKeyword",
        `Unexpected keyword ${describe(token)}${context}`,
        token.position,
      );
    }
    if (token.kind === "eof") {
      return new SelectError("ParseUnexpectedToken", "The expression ends too early", token.position);
    }
    return new SelectError("ParseUnexpectedToken", `Unexpected ${describe(token)}${context}`, token.position);
  }

  unsupported(what: string, token = this.token): SelectError {
    return new SelectError(
      "ParseUnsupportedSyntax",
      `Glacier Select does not support ${what}`,
      token.position,
    );
  }
}
