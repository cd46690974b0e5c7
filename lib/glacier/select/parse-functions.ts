/**
 * The forms with their own syntax — CAST (s3-glacier-select-sql-reference-conversion.html), CASE
 * (…-conditional.html), SUBSTRING and TRIM (…-string.html), DATE_ADD, DATE_DIFF and EXTRACT
 * (…-date.html) — and the plain calls, each with its argument count.
 */

import { type Expression, type ScalarFunction } from "./ast";
import { type SourcePosition, SelectError } from "./errors";
import {
  AGGREGATE_FUNCTIONS,
  CAST_TYPES,
  type CastType,
  DATE_PARTS,
  type DatePart,
  EXTRACT_PARTS,
  type ExtractPart,
} from "./keywords";
import { type Token } from "./lexer";
import { type ExpressionParser } from "./parse-expression";
import { describe } from "./token-stream";

type Position = Required<SourcePosition>;

/** Argument counts of the plain calls: [min, max]. */
const ARITY: Readonly<Record<Exclude<ScalarFunction, "SUBSTRING">, [number, number]>> = {
  LOWER: [1, 1],
  UPPER: [1, 1],
  CHAR_LENGTH: [1, 1],
  CHARACTER_LENGTH: [1, 1],
  NULLIF: [2, 2],
  COALESCE: [1, Infinity],
  TO_STRING: [2, 2],
  TO_TIMESTAMP: [1, 1],
  UTCNOW: [0, 0],
};

function isPlainCall(name: string): name is keyof typeof ARITY {
  return Object.hasOwn(ARITY, name);
}

export function parseCast(p: ExpressionParser): Expression {
  const s = p.stream;
  const { position } = s.next();
  s.expectOperator("(");
  const operand = p.parseExpression();
  s.expectKeyword("AS");
  const typeToken = s.next();
  const type = CAST_TYPES.find((t) => typeToken.kind === "identifier" && t === typeToken.text.toUpperCase());
  if (!type) {
    throw new SelectError(
      "ParseInvalidTypeParam",
      `Unknown CAST type ${describe(typeToken)}; use one of ${CAST_TYPES.join(", ")}`,
      typeToken.position,
    );
  }
  s.expectOperator(")");
  return { kind: "cast", operand, type: type satisfies CastType, position };
}

/** `CASE [operand] WHEN … THEN … [WHEN …] [ELSE …] END`. */
export function parseCase(p: ExpressionParser): Expression {
  const s = p.stream;
  const { position } = s.next();
  const operand = s.isKeyword("WHEN") ? null : p.parseExpression();
  const branches: { when: Expression; then: Expression }[] = [];
  while (s.acceptKeyword("WHEN")) {
    const when = p.parseExpression();
    s.expectKeyword("THEN");
    branches.push({ when, then: p.parseExpression() });
  }
  if (branches.length === 0) throw s.expected("WHEN");
  const otherwise = s.acceptKeyword("ELSE") ? p.parseExpression() : null;
  s.expectKeyword("END");
  return { kind: "case", operand, branches, otherwise, position };
}

function datePart<T extends string>(p: ExpressionParser, parts: readonly T[]): T {
  const token = p.stream.next();
  const part = parts.find((name) => token.kind === "identifier" && name === token.text.toUpperCase());
  if (!part) {
    throw new SelectError(
      "ParseExpectedDatePart",
      `Expected a date part (${parts.join(", ")}) but found ${describe(token)}`,
      token.position,
    );
  }
  return part;
}

/** `SUBSTRING(s FROM start [FOR length])` or `SUBSTRING(s, start [, length])`. */
function parseSubstring(p: ExpressionParser, position: Position): Expression {
  const s = p.stream;
  const operand = p.parseExpression();
  const keywords = s.isKeyword("FROM");
  if (!keywords && !s.isOperator(",")) throw s.expected('FROM or ","');
  s.next();
  const args = [operand, p.parseExpression()];
  if (keywords ? s.acceptKeyword("FOR") : s.acceptOperator(",")) args.push(p.parseExpression());
  s.expectOperator(")");
  return { kind: "call", name: "SUBSTRING", args, position };
}

/** `TRIM([[LEADING | TRAILING | BOTH] [characters] FROM] s)`. */
function parseTrim(p: ExpressionParser, position: Position): Expression {
  const s = p.stream;
  const mode = (["LEADING", "TRAILING", "BOTH"] as const).find((word) => s.isKeyword(word));
  if (mode) s.next();
  let characters: Expression | null = null;
  let operand: Expression;
  if (mode && s.acceptKeyword("FROM")) operand = p.parseExpression();
  else {
    const first = p.parseExpression();
    if (s.acceptKeyword("FROM")) {
      characters = first;
      operand = p.parseExpression();
    } else if (mode) throw s.expected("FROM");
    else operand = first;
  }
  s.expectOperator(")");
  return { kind: "trim", mode: mode ?? "BOTH", characters, operand, position };
}

function parseDateFunction(
  p: ExpressionParser,
  name: "DATE_ADD" | "DATE_DIFF" | "EXTRACT",
  position: Position,
): Expression {
  const s = p.stream;
  let part: DatePart | ExtractPart;
  const args: Expression[] = [];
  if (name === "EXTRACT") {
    part = datePart(p, EXTRACT_PARTS);
    s.expectKeyword("FROM");
    args.push(p.parseExpression());
  } else {
    part = datePart(p, DATE_PARTS);
    s.expectOperator(",");
    args.push(p.parseExpression());
    s.expectOperator(",");
    args.push(p.parseExpression());
  }
  s.expectOperator(")");
  return { kind: "dateFunction", name, part, args, position };
}

/** A call `name(…)`; `nameToken` is the current token and "(" follows it. */
export function parseCall(p: ExpressionParser, nameToken: Token): Expression {
  const s = p.stream;
  const { position } = nameToken;
  const name = nameToken.text.toUpperCase();
  if ((AGGREGATE_FUNCTIONS as readonly string[]).includes(name)) {
    throw new SelectError(
      "ParseUnsupportedSyntax",
      `Glacier Select does not support aggregate functions (${name} is Amazon S3 Select only)`,
      position,
    );
  }
  s.next();
  s.expectOperator("(");
  return p.nested(() => {
    if (name === "SUBSTRING") return parseSubstring(p, position);
    if (name === "TRIM") return parseTrim(p, position);
    if (name === "DATE_ADD" || name === "DATE_DIFF" || name === "EXTRACT")
      return parseDateFunction(p, name, position);
    if (!isPlainCall(name)) {
      throw new SelectError(
        "ParseUnknownFunction",
        `Glacier Select has no function ${nameToken.text}`,
        position,
      );
    }
    const args = p.parseList();
    const [min, max] = ARITY[name];
    if (args.length < min || args.length > max) {
      const expected = min === max ? `${min}` : `at least ${min}`;
      throw new SelectError(
        "IncorrectSqlFunctionArgumentType",
        `${name} takes ${expected} argument${min === 1 && max === 1 ? "" : "s"}, not ${args.length}`,
        position,
      );
    }
    return { kind: "call", name, args, position };
  });
}
