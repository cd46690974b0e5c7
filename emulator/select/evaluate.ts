/** Evaluates an expression against one CSV record, with SQL's three-valued NULL logic. */

import { type Expression, type LikeNode } from "./ast";
import { SelectError } from "./errors";
import {
  type SqlValue,
  castValue,
  compareValues,
  formatValue,
  toCondition,
  toNumber,
  typeName,
} from "./values";

export interface RowScope {
  fields: readonly string[];
  /** Field index for each column-name slot; -1 when the header has no such column. */
  columnSlots: readonly number[];
  /** Final aggregate values by slot; only set when evaluating the projection of an aggregate query. */
  aggregates?: readonly SqlValue[];
}

function field(scope: RowScope, index: number): SqlValue {
  // A column past the end of a short record is NULL, as S3 Select returns for a missing column.
  return index >= 0 && index < scope.fields.length ? (scope.fields[index] ?? null) : null;
}

function arithmetic(operator: string, left: SqlValue, right: SqlValue): SqlValue {
  if (left === null || right === null) return null;
  if (
    typeof left === "boolean" ||
    typeof right === "boolean" ||
    typeof left === "object" ||
    typeof right === "object"
  ) {
    throw new SelectError(
      "IncompatibleTypes",
      `Operator ${operator} cannot take ${typeName(left)} and ${typeName(right)}`,
    );
  }
  const a = toNumber(left);
  const b = toNumber(right);
  switch (operator) {
    case "+":
      return a + b;
    case "-":
      return a - b;
    case "*":
      return a * b;
    default:
      if (b === 0) throw new SelectError("DivisionByZero", "Division by zero");
      return operator === "/" ? a / b : a % b;
  }
}

function comparison(operator: string, left: SqlValue, right: SqlValue): boolean | null {
  const order = compareValues(left, right);
  if (order === null) return null;
  switch (operator) {
    case "=":
      return order === 0;
    case "<>":
      return order !== 0;
    case "<":
      return order < 0;
    case "<=":
      return order <= 0;
    case ">":
      return order > 0;
    default:
      return order >= 0;
  }
}

function and(left: boolean | null, right: () => boolean | null): boolean | null {
  if (left === false) return false;
  const r = right();
  if (r === false) return false;
  return left === null || r === null ? null : true;
}

function or(left: boolean | null, right: () => boolean | null): boolean | null {
  if (left === true) return true;
  const r = right();
  if (r === true) return true;
  return left === null || r === null ? null : false;
}

const likeCache = new Map<string, RegExp>();

/** `%` any run, `_` one character, `escape` makes the next character literal. */
export function likePattern(pattern: string, escape: string | null): RegExp {
  const key = `${escape ?? ""}\u0000${pattern}`;
  const cached = likeCache.get(key);
  if (cached) return cached;
  let source = "";
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i] ?? "";
    if (escape !== null && char === escape) {
      const next = chars[++i];
      if (next === undefined)
        throw new SelectError("IncompatibleTypes", "LIKE pattern ends with its escape character");
      source += next.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");
    } else if (char === "%") source += "[\\s\\S]*";
    else if (char === "_") source += "[\\s\\S]";
    else source += char.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");
  }
  const regex = new RegExp(`^${source}$`, "u");
  if (likeCache.size > 1000) likeCache.clear();
  likeCache.set(key, regex);
  return regex;
}

function like(node: LikeNode, scope: RowScope): boolean | null {
  const value = evaluate(node.value, scope);
  const pattern = evaluate(node.pattern, scope);
  const escape = node.escape ? evaluate(node.escape, scope) : null;
  if (value === null || pattern === null || (node.escape && escape === null)) return null;
  const escapeText = escape === null ? null : formatValue(escape);
  if (escapeText !== null && [...escapeText].length !== 1) {
    throw new SelectError("IncompatibleTypes", "The LIKE escape must be a single character", node.position);
  }
  const matched = likePattern(formatValue(pattern), escapeText).test(formatValue(value));
  return node.negated ? !matched : matched;
}

function negate(value: boolean | null, negated: boolean): boolean | null {
  return value === null || !negated ? value : !value;
}

function callScalar(name: string, args: SqlValue[]): SqlValue {
  const [first = null, second = null] = args;
  switch (name) {
    case "COALESCE":
      return args.find((v) => v !== null) ?? null;
    case "NULLIF":
      return compareValues(first, second) === 0 ? null : first;
    default:
      break;
  }
  if (first === null) return null;
  const text = formatValue(first);
  switch (name) {
    case "LOWER":
      return text.toLowerCase();
    case "UPPER":
      return text.toUpperCase();
    case "TRIM":
      return text.trim();
    default:
      return [...text].length; // CHAR_LENGTH, CHARACTER_LENGTH
  }
}

export function evaluate(node: Expression, scope: RowScope): SqlValue {
  switch (node.kind) {
    case "literal":
      return node.value;
    case "columnIndex":
      return field(scope, node.index);
    case "columnName":
      return field(scope, scope.columnSlots[node.slot] ?? -1);
    case "unary": {
      const operand = evaluate(node.operand, scope);
      if (node.operator === "NOT") return negate(toCondition(operand), true);
      if (operand === null) return null;
      return node.operator === "-" ? -toNumber(operand) : toNumber(operand);
    }
    case "binary": {
      if (node.operator === "AND")
        return and(toCondition(evaluate(node.left, scope)), () => toCondition(evaluate(node.right, scope)));
      if (node.operator === "OR")
        return or(toCondition(evaluate(node.left, scope)), () => toCondition(evaluate(node.right, scope)));
      const left = evaluate(node.left, scope);
      const right = evaluate(node.right, scope);
      if (node.operator === "||")
        return left === null || right === null ? null : formatValue(left) + formatValue(right);
      if (["+", "-", "*", "/", "%"].includes(node.operator)) return arithmetic(node.operator, left, right);
      return comparison(node.operator, left, right);
    }
    case "like":
      return like(node, scope);
    case "isNull":
      return (evaluate(node.operand, scope) === null) !== node.negated;
    case "between": {
      const value = evaluate(node.value, scope);
      const inRange = and(comparison(">=", value, evaluate(node.low, scope)), () =>
        comparison("<=", value, evaluate(node.high, scope)),
      );
      return negate(inRange, node.negated);
    }
    case "in": {
      const value = evaluate(node.value, scope);
      let found: boolean | null = false;
      for (const item of node.list) {
        found = or(found, () => comparison("=", value, evaluate(item, scope)));
        if (found) break;
      }
      return negate(found, node.negated);
    }
    case "cast":
      return castValue(evaluate(node.operand, scope), node.type);
    case "call":
      return callScalar(
        node.name,
        node.args.map((arg) => evaluate(arg, scope)),
      );
    case "aggregate": {
      const value = scope.aggregates?.[node.slot];
      if (value === undefined)
        throw new SelectError("InvalidAggregateUse", `${node.name} is not allowed here`, node.position);
      return value;
    }
  }
}
