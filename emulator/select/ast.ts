/** Syntax tree of a Select query. Every node keeps the position of its first token for messages. */

import { type SourcePosition } from "./errors";
import { type CastType, type SqlValue } from "./values";

export const AGGREGATE_FUNCTIONS = ["COUNT", "SUM", "AVG", "MIN", "MAX"] as const;
export type AggregateFunction = (typeof AGGREGATE_FUNCTIONS)[number];

export const SCALAR_FUNCTIONS = [
  "LOWER",
  "UPPER",
  "CHAR_LENGTH",
  "CHARACTER_LENGTH",
  "TRIM",
  "COALESCE",
  "NULLIF",
] as const;
export type ScalarFunction = (typeof SCALAR_FUNCTIONS)[number];

export type BinaryOperator =
  "+" | "-" | "*" | "/" | "%" | "||" | "=" | "<>" | "<" | "<=" | ">" | ">=" | "AND" | "OR";

interface Node {
  position: SourcePosition;
}

export interface LiteralNode extends Node {
  kind: "literal";
  value: SqlValue;
}

/** A column by header name (`s.name`, `s."Name"`, `name`); `slot` indexes the run-time bindings. */
export interface ColumnNameNode extends Node {
  kind: "columnName";
  qualifier: string | null;
  name: string;
  /** Double-quoted names match the header case-sensitively, bare ones case-insensitively. */
  quoted: boolean;
  slot: number;
}

/** A column by 0-based position (`_1` is index 0). */
export interface ColumnIndexNode extends Node {
  kind: "columnIndex";
  qualifier: string | null;
  index: number;
}

export interface UnaryNode extends Node {
  kind: "unary";
  operator: "-" | "+" | "NOT";
  operand: Expression;
}

export interface BinaryNode extends Node {
  kind: "binary";
  operator: BinaryOperator;
  left: Expression;
  right: Expression;
}

export interface LikeNode extends Node {
  kind: "like";
  negated: boolean;
  value: Expression;
  pattern: Expression;
  escape: Expression | null;
}

export interface IsNullNode extends Node {
  kind: "isNull";
  negated: boolean;
  operand: Expression;
}

export interface BetweenNode extends Node {
  kind: "between";
  negated: boolean;
  value: Expression;
  low: Expression;
  high: Expression;
}

export interface InNode extends Node {
  kind: "in";
  negated: boolean;
  value: Expression;
  list: Expression[];
}

export interface CastNode extends Node {
  kind: "cast";
  operand: Expression;
  type: CastType;
}

export interface CallNode extends Node {
  kind: "call";
  name: ScalarFunction;
  args: Expression[];
}

/** `argument` null means COUNT(*); `slot` indexes the run's accumulators. */
export interface AggregateNode extends Node {
  kind: "aggregate";
  name: AggregateFunction;
  argument: Expression | null;
  slot: number;
}

export type Expression =
  | LiteralNode
  | ColumnNameNode
  | ColumnIndexNode
  | UnaryNode
  | BinaryNode
  | LikeNode
  | IsNullNode
  | BetweenNode
  | InNode
  | CastNode
  | CallNode
  | AggregateNode;

export interface SelectItem {
  expression: Expression;
  alias: string | null;
}

export interface Query {
  /** `*` (or `s.*`): every field of the record as read. */
  projection: "*" | SelectItem[];
  /** The FROM alias (`s`), or null. */
  alias: string | null;
  where: Expression | null;
  limit: number | null;
}

/** Every node below (and including) `expression`, depth first. */
export function* walk(expression: Expression): Generator<Expression> {
  yield expression;
  switch (expression.kind) {
    case "unary":
      yield* walk(expression.operand);
      break;
    case "binary":
      yield* walk(expression.left);
      yield* walk(expression.right);
      break;
    case "like":
      yield* walk(expression.value);
      yield* walk(expression.pattern);
      if (expression.escape) yield* walk(expression.escape);
      break;
    case "isNull":
    case "cast":
      yield* walk(expression.operand);
      break;
    case "between":
      for (const child of [expression.value, expression.low, expression.high]) yield* walk(child);
      break;
    case "in":
      yield* walk(expression.value);
      for (const child of expression.list) yield* walk(child);
      break;
    case "call":
      for (const child of expression.args) yield* walk(child);
      break;
    case "aggregate":
      if (expression.argument) yield* walk(expression.argument);
      break;
    default:
      break;
  }
}
