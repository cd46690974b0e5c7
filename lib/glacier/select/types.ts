/**
 * The static types the checker can be sure of, and the argument rules that would fail on every
 * record (so AWS's engine refuses them before reading data, as its type checker does). A CSV field
 * is always a string (s3-glacier-select-sql-reference-data-types.html: conversion to other types is
 * explicit, by CAST or TO_TIMESTAMP); "unknown" is anything the checker cannot pin down and is never
 * refused.
 */

import { type Expression } from "./ast";
import { SelectError } from "./errors";

export type StaticType = "string" | "number" | "bool" | "timestamp" | "null" | "unknown";

const CAST_RESULT: Readonly<Record<string, StaticType>> = {
  BOOL: "bool",
  BOOLEAN: "bool",
  INT: "number",
  INTEGER: "number",
  FLOAT: "number",
  DECIMAL: "number",
  NUMERIC: "number",
  STRING: "string",
  TIMESTAMP: "timestamp",
};

/** The type an expression always has, or "unknown". */
export function typeOf(node: Expression): StaticType {
  switch (node.kind) {
    case "literal":
      if (node.value === null) return "null";
      return typeof node.value === "number" ? "number" : typeof node.value === "boolean" ? "bool" : "string";
    case "timestampLiteral":
      return "timestamp";
    case "columnIndex":
    case "columnName":
      return "string";
    case "cast":
      return CAST_RESULT[node.type] ?? "unknown";
    case "unary":
      return node.operator === "NOT" ? "bool" : "number";
    case "binary":
      if (node.operator === "||") return "string";
      return ["+", "-", "*", "/", "%"].includes(node.operator) ? "number" : "bool";
    case "like":
    case "isNull":
    case "between":
    case "in":
      return "bool";
    case "trim":
      return "string";
    case "dateFunction":
      return node.name === "DATE_ADD" ? "timestamp" : "number";
    case "call":
      switch (node.name) {
        case "CHAR_LENGTH":
        case "CHARACTER_LENGTH":
          return "number";
        case "LOWER":
        case "UPPER":
        case "SUBSTRING":
        case "TO_STRING":
          return "string";
        case "TO_TIMESTAMP":
        case "UTCNOW":
          return "timestamp";
        default:
          return "unknown";
      }
    default:
      return "unknown";
  }
}

function requireType(node: Expression, wanted: StaticType, fn: string, hint: string): void {
  const found = typeOf(node);
  if (found === wanted || found === "null" || found === "unknown") return;
  throw new SelectError(
    "IncorrectSqlFunctionArgumentType",
    `${fn} takes a ${wanted} here, not a ${found}${hint}`,
    node.position,
  );
}

const TIMESTAMP_HINT = "; convert text with TO_TIMESTAMP(…) or CAST(… AS TIMESTAMP)";

/** Refuses a function argument whose type can never work (checked on every node of the query). */
export function checkArgumentTypes(node: Expression): void {
  if (node.kind === "dateFunction") {
    const [first, second] = node.args;
    if (node.name === "DATE_ADD") {
      if (first) requireType(first, "number", "DATE_ADD's quantity", "");
      if (second) requireType(second, "timestamp", node.name, TIMESTAMP_HINT);
    } else for (const arg of node.args) requireType(arg, "timestamp", node.name, TIMESTAMP_HINT);
  }
  if (node.kind === "call") {
    const [first, second] = node.args;
    if (node.name === "TO_STRING") {
      if (first) requireType(first, "timestamp", "TO_STRING", TIMESTAMP_HINT);
      if (second) requireType(second, "string", "TO_STRING's pattern", "");
    }
    if (node.name === "TO_TIMESTAMP" && first) requireType(first, "string", "TO_TIMESTAMP", "");
  }
}
