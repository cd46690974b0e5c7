/**
 * Expressions, loosest first: OR, AND, NOT, predicates (comparison, [NOT] LIKE … [ESCAPE …],
 * IS [NOT] NULL, [NOT] BETWEEN … AND …, [NOT] IN (…)), `||`, `+ -`, `* / %`, unary sign — the
 * precedence table of s3-glacier-select-sql-reference-operators.html (`||` binds like S3 Select's
 * engine, between comparison and addition). Primaries (literals, columns, calls) are in
 * parse-primary.ts. Nesting is bounded so no input can exhaust the stack.
 */

import { type BinaryOperator, type Expression } from "./ast";
import { SelectError } from "./errors";
import { type TokenStream } from "./token-stream";

/** Deepest nesting of parentheses, NOT, signs and calls the parser follows. */
export const MAX_NESTING_DEPTH = 200;

const COMPARISONS = ["=", "<>", "!=", "<", "<=", ">", ">="];

export abstract class ExpressionParser {
  private depth = 0;

  constructor(readonly stream: TokenStream) {}

  /** A primary: literal, column, parenthesized expression, CAST, CASE or function call. */
  protected abstract parsePrimary(): Expression;

  /** Runs `parse` one nesting level deeper, refusing past MAX_NESTING_DEPTH. */
  nested<T>(parse: () => T): T {
    if (++this.depth > MAX_NESTING_DEPTH) {
      throw new SelectError(
        "ParseExpressionTooDeep",
        `The expression nests deeper than ${MAX_NESTING_DEPTH} levels; simplify it`,
        this.stream.token.position,
      );
    }
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  parseExpression(): Expression {
    return this.nested(() => this.parseOr());
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
    while (this.stream.isKeyword(operator)) {
      const { position } = this.stream.next();
      left = { kind: "binary", operator, left, right: operand(), position };
    }
    return left;
  }

  private parseNot(): Expression {
    if (this.stream.isKeyword("NOT")) {
      const { position } = this.stream.next();
      return { kind: "unary", operator: "NOT", operand: this.nested(() => this.parseNot()), position };
    }
    return this.parsePredicate();
  }

  private parsePredicate(): Expression {
    const s = this.stream;
    const value = this.parseConcat();
    const { position } = s.token;
    if (s.token.kind === "operator" && COMPARISONS.includes(s.token.text)) {
      const text = s.next().text;
      const operator = (text === "!=" ? "<>" : text) as BinaryOperator;
      return { kind: "binary", operator, left: value, right: this.parseConcat(), position };
    }
    if (s.acceptKeyword("IS")) {
      const negated = s.acceptKeyword("NOT");
      s.expectKeyword("NULL");
      return { kind: "isNull", negated, operand: value, position };
    }
    const negated = s.isKeyword("NOT") && ["LIKE", "BETWEEN", "IN"].some((w) => s.isKeyword(w, s.peek(1)));
    if (negated) s.next();
    if (s.acceptKeyword("LIKE")) {
      const pattern = this.parseConcat();
      const escape = s.acceptKeyword("ESCAPE") ? this.parseConcat() : null;
      return { kind: "like", negated, value, pattern, escape, position };
    }
    if (s.acceptKeyword("BETWEEN")) {
      const low = this.parseConcat();
      s.expectKeyword("AND");
      return { kind: "between", negated, value, low, high: this.parseConcat(), position };
    }
    if (s.acceptKeyword("IN")) {
      s.expectOperator("(");
      if (s.isKeyword("SELECT")) throw s.unsupported("subqueries");
      return { kind: "in", negated, value, list: this.parseList(1), position };
    }
    return value;
  }

  /** Comma-separated expressions up to and including ")"; at least `min` of them. */
  parseList(min = 0): Expression[] {
    const list: Expression[] = [];
    if (min === 0 && this.stream.acceptOperator(")")) return list;
    do list.push(this.parseExpression());
    while (this.stream.acceptOperator(","));
    this.stream.expectOperator(")");
    return list;
  }

  private parseBinaryLevel(operators: string[], operand: () => Expression): Expression {
    let left = operand();
    const s = this.stream;
    while (s.token.kind === "operator" && operators.includes(s.token.text)) {
      const { text, position } = s.next();
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
    const s = this.stream;
    if (s.isOperator("-") || s.isOperator("+")) {
      const { text, position } = s.next();
      const operand = this.nested(() => this.parseUnary());
      return { kind: "unary", operator: text === "-" ? "-" : "+", operand, position };
    }
    return this.parsePrimary();
  }
}
