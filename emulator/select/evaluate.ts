/**
 * Evaluates an expression (the shared AST of lib/glacier/select) against one CSV record, with SQL's
 * three-valued NULL logic. Recursion is safe: the parser refuses trees deeper than MAX_TREE_DEPTH.
 */

import { type CaseNode, type Expression, type LikeNode, SelectError } from "../../lib/glacier/select";
import { dateAdd, dateDiff, extract, toStringPattern, toTimestampFunction, utcNow } from "./dates";
import { callStringFunction, trim } from "./strings";
import {
  castValue,
  compareValues,
  formatValue,
  type SqlValue,
  Timestamp,
  toCondition,
  toNumber,
  toTimestamp,
  typeName,
} from "./values";

export interface RowScope {
  fields: readonly string[];
  /** Field index for each column-name slot; -1 when the header has no such column. */
  columnSlots: readonly number[];
  /** UTCNOW()'s reading for the whole run (epoch ms). */
  nowMs: number;
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
    left instanceof Timestamp ||
    right instanceof Timestamp
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
const REGEX_SPECIAL = /[\\^$.*+?()[\]{}|/]/g;

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
      source += next.replace(REGEX_SPECIAL, "\\$&");
    } else if (char === "%") source += "[\\s\\S]*";
    else if (char === "_") source += "[\\s\\S]";
    else source += char.replace(REGEX_SPECIAL, "\\$&");
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
    throw new SelectError(
      "IncorrectSqlFunctionArgumentType",
      "The LIKE escape must be a single character",
      node.position,
    );
  }
  const matched = likePattern(formatValue(pattern), escapeText).test(formatValue(value));
  return node.negated ? !matched : matched;
}

function negate(value: boolean | null, negated: boolean): boolean | null {
  return value === null || !negated ? value : !value;
}

/** CASE: the simple form compares the operand with each WHEN; the searched form tests each WHEN. */
function caseOf(node: CaseNode, scope: RowScope): SqlValue {
  const operand = node.operand ? evaluate(node.operand, scope) : null;
  for (const branch of node.branches) {
    const hit = node.operand
      ? comparison("=", operand, evaluate(branch.when, scope))
      : toCondition(evaluate(branch.when, scope));
    if (hit === true) return evaluate(branch.then, scope);
  }
  return node.otherwise ? evaluate(node.otherwise, scope) : null;
}

function call(node: Extract<Expression, { kind: "call" }>, scope: RowScope): SqlValue {
  const args = node.args.map((arg) => evaluate(arg, scope));
  switch (node.name) {
    case "TO_STRING":
      return toStringPattern(args[0] ?? null, args[1] ?? null);
    case "TO_TIMESTAMP":
      return toTimestampFunction(args[0] ?? null);
    case "UTCNOW":
      return utcNow(scope.nowMs);
    default:
      return callStringFunction(node.name, args);
  }
}

export function evaluate(node: Expression, scope: RowScope): SqlValue {
  switch (node.kind) {
    case "literal":
      return node.value;
    case "timestampLiteral":
      return toTimestamp(node.text);
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
      return call(node, scope);
    case "trim":
      return trim(
        node.mode,
        evaluate(node.operand, scope),
        node.characters ? evaluate(node.characters, scope) : " ",
      );
    case "dateFunction": {
      const [a = null, b = null] = node.args.map((arg) => evaluate(arg, scope));
      if (node.name === "EXTRACT") return extract(node.part, a);
      const part = node.part as Parameters<typeof dateAdd>[0];
      return node.name === "DATE_ADD" ? dateAdd(part, a, b) : dateDiff(part, a, b);
    }
    case "case":
      return caseOf(node, scope);
  }
}
