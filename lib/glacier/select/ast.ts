/**
 * Syntax tree of a Glacier Select query. Every node keeps the position (line, column, length) of
 * its first token for messages. The emulator's executor evaluates this tree.
 */

import { type SourcePosition } from "./errors";
import { type CastType, type DatePart, type ExtractPart, type TableName } from "./keywords";

/** Functions called with plain comma-separated arguments. */
export type ScalarFunction =
  | "LOWER"
  | "UPPER"
  | "CHAR_LENGTH"
  | "CHARACTER_LENGTH"
  | "COALESCE"
  | "NULLIF"
  | "SUBSTRING"
  | "TO_STRING"
  | "TO_TIMESTAMP"
  | "UTCNOW";

export type BinaryOperator =
  "+" | "-" | "*" | "/" | "%" | "||" | "=" | "<>" | "<" | "<=" | ">" | ">=" | "AND" | "OR";

interface Node {
  position: Required<SourcePosition>;
}

/** A literal; numbers keep whether they were written as integers (no point or exponent). */
export interface LiteralNode extends Node {
  kind: "literal";
  value: null | string | number | boolean;
  integer?: boolean;
}

/** A `…` timestamp literal; `text` already passed the timestamp text rules. */
export interface TimestampLiteralNode extends Node {
  kind: "timestampLiteral";
  text: string;
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

/** `TRIM([[LEADING|TRAILING|BOTH] [chars] FROM] s)`; `characters` null means spaces. */
export interface TrimNode extends Node {
  kind: "trim";
  mode: "LEADING" | "TRAILING" | "BOTH";
  characters: Expression | null;
  operand: Expression;
}

/** DATE_ADD(part, quantity, ts), DATE_DIFF(part, ts1, ts2), EXTRACT(part FROM ts). */
export interface DateFunctionNode extends Node {
  kind: "dateFunction";
  name: "DATE_ADD" | "DATE_DIFF" | "EXTRACT";
  part: DatePart | ExtractPart;
  args: Expression[];
}

/** `CASE [operand] WHEN … THEN … [ELSE …] END`; a null operand is the searched form. */
export interface CaseNode extends Node {
  kind: "case";
  operand: Expression | null;
  branches: { when: Expression; then: Expression }[];
  otherwise: Expression | null;
}

export type Expression =
  | LiteralNode
  | TimestampLiteralNode
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
  | TrimNode
  | DateFunctionNode
  | CaseNode;

export interface SelectItem {
  expression: Expression;
  alias: string | null;
}

export interface Query {
  /** `*` (or `s.*`): every field of the record as read. */
  projection: "*" | SelectItem[];
  table: TableName;
  /** The FROM alias (`s`), or null. */
  alias: string | null;
  where: Expression | null;
}

/** The direct children of a node. */
export function childrenOf(expression: Expression): Expression[] {
  switch (expression.kind) {
    case "unary":
    case "isNull":
    case "cast":
      return [expression.operand];
    case "binary":
      return [expression.left, expression.right];
    case "like":
      return [expression.value, expression.pattern, ...(expression.escape ? [expression.escape] : [])];
    case "between":
      return [expression.value, expression.low, expression.high];
    case "in":
      return [expression.value, ...expression.list];
    case "call":
    case "dateFunction":
      return expression.args;
    case "trim":
      return [...(expression.characters ? [expression.characters] : []), expression.operand];
    case "case":
      return [
        ...(expression.operand ? [expression.operand] : []),
        ...expression.branches.flatMap((branch) => [branch.when, branch.then]),
        ...(expression.otherwise ? [expression.otherwise] : []),
      ];
    default:
      return [];
  }
}

/** Every node below (and including) `root`, depth first, without recursion (trees may be deep). */
export function walk(root: Expression): Expression[] {
  const out: Expression[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop() as Expression;
    out.push(node);
    const children = childrenOf(node);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as Expression);
  }
  return out;
}

/** Every expression of the query (projection first, then WHERE), depth first. */
export function nodesOf(query: Query): Expression[] {
  const roots = [
    ...(query.projection === "*" ? [] : query.projection.map((item) => item.expression)),
    ...(query.where ? [query.where] : []),
  ];
  return roots.flatMap((root) => walk(root));
}
