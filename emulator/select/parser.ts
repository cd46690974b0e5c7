/**
 * Recursive-descent parser for
 * `SELECT <* | items> FROM S3Object [[AS] alias] [WHERE condition] [LIMIT n] [;]`.
 * Precedence, loosest first: OR, AND, NOT, predicates (comparison, LIKE, IS NULL, BETWEEN, IN),
 * `||`, `+ -`, `* / %`, unary sign.
 */

import {
  AGGREGATE_FUNCTIONS,
  type AggregateFunction,
  type BinaryOperator,
  type Expression,
  type Query,
  SCALAR_FUNCTIONS,
  type ScalarFunction,
  type SelectItem,
} from "./ast";
import { SelectError, type SourcePosition } from "./errors";
import { type Token, tokenize } from "./lexer";
import { CAST_TYPES, type CastType } from "./values";

const RESERVED = new Set([
  "SELECT",
  "FROM",
  "WHERE",
  "LIMIT",
  "AS",
  "AND",
  "OR",
  "NOT",
  "LIKE",
  "ESCAPE",
  "IS",
  "NULL",
  "TRUE",
  "FALSE",
  "CAST",
  "BETWEEN",
  "IN",
  "GROUP",
  "ORDER",
  "BY",
  "HAVING",
  "JOIN",
  "UNION",
  "DISTINCT",
]);
const COMPARISONS = ["=", "<>", "!=", "<", "<=", ">", ">="];
const POSITIONAL = /^_(\d+)$/;
/** Minimum and maximum argument counts of the scalar functions. */
const ARITY: Readonly<Record<ScalarFunction, [number, number]>> = {
  LOWER: [1, 1],
  UPPER: [1, 1],
  CHAR_LENGTH: [1, 1],
  CHARACTER_LENGTH: [1, 1],
  TRIM: [1, 1],
  NULLIF: [2, 2],
  COALESCE: [1, Infinity],
};

function describe(token: Token): string {
  if (token.kind === "eof") return "end of expression";
  if (token.kind === "string") return `'${token.text}'`;
  if (token.kind === "quotedIdentifier") return `"${token.text}"`;
  return `"${token.text}"`;
}

class Parser {
  private index = 0;
  private slots = { column: 0, aggregate: 0 };

  constructor(private readonly tokens: Token[]) {}

  private get token(): Token {
    return (
      this.tokens[Math.min(this.index, this.tokens.length - 1)] ?? {
        kind: "eof",
        text: "",
        position: { line: 1, column: 1 },
      }
    );
  }

  private next(): Token {
    const token = this.token;
    this.index++;
    return token;
  }

  private isKeyword(word: string, token = this.token): boolean {
    return token.kind === "identifier" && token.text.toUpperCase() === word;
  }

  private isOperator(op: string, token = this.token): boolean {
    return token.kind === "operator" && token.text === op;
  }

  private acceptKeyword(word: string): boolean {
    if (!this.isKeyword(word)) return false;
    this.index++;
    return true;
  }

  private acceptOperator(op: string): boolean {
    if (!this.isOperator(op)) return false;
    this.index++;
    return true;
  }

  private expectKeyword(word: string): void {
    if (!this.acceptKeyword(word)) throw this.expected(word);
  }

  private expectOperator(op: string): void {
    if (!this.acceptOperator(op)) throw this.expected(`"${op}"`);
  }

  /** A specific keyword, operator or kind of token was required. */
  private expected(what: string, token = this.token): SelectError {
    return new SelectError(
      "ParseExpectedToken",
      `Expected ${what} but found ${describe(token)}`,
      token.position,
    );
  }

  /** The token cannot start or continue anything here. */
  private unexpected(token = this.token, context = ""): SelectError {
    return new SelectError("ParseUnexpectedToken", `Unexpected ${describe(token)}${context}`, token.position);
  }

  parseQuery(): Query {
    this.expectKeyword("SELECT");
    if (this.isKeyword("DISTINCT"))
      throw new SelectError("ParseUnsupportedSyntax", "DISTINCT is not supported", this.token.position);
    const projection = this.parseProjection();
    this.expectKeyword("FROM");
    const source = this.next();
    if (source.kind !== "identifier" || source.text.toUpperCase() !== "S3OBJECT") {
      throw this.expected("S3Object", source);
    }
    if (this.isOperator("["))
      throw new SelectError(
        "ParseUnsupportedSyntax",
        "JSON paths are not supported on CSV input",
        this.token.position,
      );
    const alias = this.parseAlias();
    const where = this.acceptKeyword("WHERE") ? this.parseExpression() : null;
    const limit = this.acceptKeyword("LIMIT") ? this.parseLimit() : null;
    this.acceptOperator(";");
    if (this.token.kind !== "eof") {
      const word = this.token.text.toUpperCase();
      if (["GROUP", "ORDER", "HAVING", "JOIN", "UNION"].includes(word)) {
        throw new SelectError(
          "ParseUnsupportedSyntax",
          `${word} is not supported by Select`,
          this.token.position,
        );
      }
      throw this.unexpected();
    }
    return { projection, alias, where, limit };
  }

  private parseProjection(): Query["projection"] {
    if (this.acceptOperator("*")) return "*";
    const first = this.token;
    if (
      first.kind === "identifier" &&
      this.isOperator(".", this.tokens[this.index + 1]) &&
      this.isOperator("*", this.tokens[this.index + 2])
    ) {
      this.index += 3;
      return "*";
    }
    const items: SelectItem[] = [];
    do {
      const expression = this.parseExpression();
      items.push({ expression, alias: this.parseAlias() });
    } while (this.acceptOperator(","));
    return items;
  }

  /** `AS name`, or a bare non-reserved identifier. */
  private parseAlias(): string | null {
    const explicit = this.acceptKeyword("AS");
    const token = this.token;
    const isName =
      token.kind === "quotedIdentifier" ||
      (token.kind === "identifier" && !RESERVED.has(token.text.toUpperCase()));
    if (isName) {
      this.index++;
      return token.text;
    }
    if (explicit) throw this.expected("an alias after AS");
    return null;
  }

  private parseLimit(): number {
    const token = this.next();
    if (token.kind !== "number" || !/^\d+$/.test(token.text) || !Number.isSafeInteger(Number(token.text))) {
      throw this.expected("a whole number after LIMIT", token);
    }
    return Number(token.text);
  }

  parseExpression(): Expression {
    return this.parseOr();
  }

  private parseOr(): Expression {
    return this.parseLogical("OR", () => this.parseAnd());
  }

  private parseAnd(): Expression {
    return this.parseLogical("AND", () => this.parseNot());
  }

  /** A left-associative chain of `operand`s joined by the keyword operator. */
  private parseLogical(operator: "OR" | "AND", operand: () => Expression): Expression {
    let left = operand();
    while (this.isKeyword(operator)) {
      const { position } = this.next();
      left = { kind: "binary", operator, left, right: operand(), position };
    }
    return left;
  }

  private parseNot(): Expression {
    if (this.isKeyword("NOT")) {
      const { position } = this.next();
      return { kind: "unary", operator: "NOT", operand: this.parseNot(), position };
    }
    return this.parsePredicate();
  }

  private parsePredicate(): Expression {
    const value = this.parseConcat();
    const { position } = this.token;
    if (this.token.kind === "operator" && COMPARISONS.includes(this.token.text)) {
      const text = this.next().text;
      const operator = (text === "!=" ? "<>" : text) as BinaryOperator;
      return { kind: "binary", operator, left: value, right: this.parseConcat(), position };
    }
    if (this.acceptKeyword("IS")) {
      const negated = this.acceptKeyword("NOT");
      this.expectKeyword("NULL");
      return { kind: "isNull", negated, operand: value, position };
    }
    const negated =
      this.isKeyword("NOT") &&
      ["LIKE", "BETWEEN", "IN"].some((w) => this.isKeyword(w, this.tokens[this.index + 1]));
    if (negated) this.index++;
    if (this.acceptKeyword("LIKE")) {
      const pattern = this.parseConcat();
      const escape = this.acceptKeyword("ESCAPE") ? this.parseConcat() : null;
      return { kind: "like", negated, value, pattern, escape, position };
    }
    if (this.acceptKeyword("BETWEEN")) {
      const low = this.parseConcat();
      this.expectKeyword("AND");
      return { kind: "between", negated, value, low, high: this.parseConcat(), position };
    }
    if (this.acceptKeyword("IN")) {
      this.expectOperator("(");
      const list = this.parseList();
      return { kind: "in", negated, value, list, position };
    }
    return value;
  }

  /** Comma-separated expressions up to and including ")". */
  private parseList(): Expression[] {
    const list: Expression[] = [];
    if (this.acceptOperator(")")) return list;
    do list.push(this.parseExpression());
    while (this.acceptOperator(","));
    this.expectOperator(")");
    return list;
  }

  private parseBinaryLevel(operators: string[], operand: () => Expression): Expression {
    let left = operand();
    while (this.token.kind === "operator" && operators.includes(this.token.text)) {
      const { text, position } = this.next();
      left = { kind: "binary", operator: text as BinaryOperator, left, right: operand(), position };
    }
    return left;
  }

  private parseConcat(): Expression {
    return this.parseBinaryLevel(["||"], () => this.parseAdditive());
  }

  private parseAdditive(): Expression {
    return this.parseBinaryLevel(["+", "-"], () => this.parseMultiplicative());
  }

  private parseMultiplicative(): Expression {
    return this.parseBinaryLevel(["*", "/", "%"], () => this.parseUnary());
  }

  private parseUnary(): Expression {
    if (this.isOperator("-") || this.isOperator("+")) {
      const { text, position } = this.next();
      return { kind: "unary", operator: text === "-" ? "-" : "+", operand: this.parseUnary(), position };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): Expression {
    const token = this.token;
    const { position } = token;
    if (token.kind === "number") {
      this.index++;
      return { kind: "literal", value: Number(token.text), position };
    }
    if (token.kind === "string") {
      this.index++;
      return { kind: "literal", value: token.text, position };
    }
    if (this.acceptOperator("(")) {
      const inner = this.parseExpression();
      this.expectOperator(")");
      return inner;
    }
    if (token.kind === "quotedIdentifier") {
      this.index++;
      return this.columnName(null, token.text, true, position);
    }
    if (token.kind !== "identifier") throw this.unexpected(token, " where an expression should start");
    const word = token.text.toUpperCase();
    if (word === "NULL" || word === "TRUE" || word === "FALSE") {
      this.index++;
      return { kind: "literal", value: word === "NULL" ? null : word === "TRUE", position };
    }
    if (word === "CAST") return this.parseCast();
    if (this.isOperator("(", this.tokens[this.index + 1])) return this.parseCall();
    if (RESERVED.has(word)) throw this.unexpected(token, " where an expression should start");
    this.index++;
    if (!this.acceptOperator(".")) return this.columnReference(null, token);
    const member = this.next();
    if (member.kind !== "identifier" && member.kind !== "quotedIdentifier")
      throw this.expected("a column name", member);
    return member.kind === "quotedIdentifier"
      ? this.columnName(token.text, member.text, true, position)
      : this.columnReference(token.text, member, position);
  }

  private columnReference(
    qualifier: string | null,
    token: Token,
    position: SourcePosition = token.position,
  ): Expression {
    const positional = POSITIONAL.exec(token.text);
    if (!positional) return this.columnName(qualifier, token.text, false, position);
    const index = Number(positional[1]) - 1;
    if (!Number.isSafeInteger(index) || index < 0) {
      throw new SelectError(
        "InvalidColumnIndex",
        `Column positions start at _1, not ${token.text}`,
        position,
      );
    }
    return { kind: "columnIndex", qualifier, index, position };
  }

  private columnName(
    qualifier: string | null,
    name: string,
    quoted: boolean,
    position: SourcePosition,
  ): Expression {
    return { kind: "columnName", qualifier, name, quoted, slot: this.slots.column++, position };
  }

  private parseCast(): Expression {
    const { position } = this.next();
    this.expectOperator("(");
    const operand = this.parseExpression();
    this.expectKeyword("AS");
    const typeToken = this.next();
    const type = CAST_TYPES.find(
      (t) => typeToken.kind === "identifier" && t === typeToken.text.toUpperCase(),
    );
    if (!type) {
      throw new SelectError(
        "ParseInvalidTypeParam",
        `Unknown CAST type ${describe(typeToken)}; use one of ${CAST_TYPES.join(", ")}`,
        typeToken.position,
      );
    }
    this.expectOperator(")");
    return { kind: "cast", operand, type: type satisfies CastType, position };
  }

  private parseCall(): Expression {
    const nameToken = this.next();
    const { position } = nameToken;
    const name = nameToken.text.toUpperCase();
    this.expectOperator("(");
    const aggregate = AGGREGATE_FUNCTIONS.find((f) => f === name);
    if (aggregate) return this.parseAggregate(aggregate, position);
    const scalar = SCALAR_FUNCTIONS.find((f) => f === name);
    if (!scalar)
      throw new SelectError("ParseUnknownFunction", `Unknown function ${nameToken.text}`, position);
    return this.checkArity({ kind: "call", name: scalar, args: this.parseList(), position });
  }

  private parseAggregate(name: AggregateFunction, position: SourcePosition): Expression {
    let argument: Expression | null = null;
    if (name === "COUNT" && this.acceptOperator("*")) this.expectOperator(")");
    else {
      argument = this.parseExpression();
      this.expectOperator(")");
    }
    return { kind: "aggregate", name, argument, slot: this.slots.aggregate++, position };
  }

  private checkArity(call: {
    kind: "call";
    name: ScalarFunction;
    args: Expression[];
    position: SourcePosition;
  }): Expression {
    const [min, max] = ARITY[call.name];
    if (call.args.length < min || call.args.length > max) {
      const expected = min === max ? `${min}` : `at least ${min}`;
      throw new SelectError(
        "ParseUnexpectedToken",
        `${call.name} takes ${expected} argument(s), not ${call.args.length}`,
        call.position,
      );
    }
    return call;
  }
}

export function parseQuery(source: string): Query {
  return new Parser(tokenize(source)).parseQuery();
}
