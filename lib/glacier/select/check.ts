/**
 * The checks AWS makes before reading data: table alias qualifiers, header names against the
 * archive's header (FileHeaderInfo USE), literal arguments that can never work (a TO_STRING pattern,
 * a LIKE escape). Name rules are s3-glacier-select-sql-reference-select.html ("Case sensitivity of
 * header/attribute names"): a double-quoted name matches exactly and matching no header is
 * MissingHeaderName; a bare name matches case-insensitively and matching two headers is
 * AmbiguousFieldName. A bare name matching none reads as NULL (AWS documents no error for it; its
 * engine yields MISSING, written as an empty field).
 */

import { type ColumnNameNode, type Expression, nodesOf, type Query } from "./ast";
import { SelectError } from "./errors";
import { checkFormatPattern } from "./format-pattern";
import { checkArgumentTypes } from "./types";

export type FileHeaderInfo = "USE" | "IGNORE" | "NONE";

export interface SelectContext {
  fileHeaderInfo: FileHeaderInfo;
  /** The archive's header record when known (USE); null or absent when unknown. */
  header?: readonly string[] | null;
}

function checkQualifiers(query: Query, nodes: readonly Expression[]): void {
  const allowed = (query.alias ?? query.table).toLowerCase();
  for (const node of nodes) {
    if ((node.kind === "columnName" || node.kind === "columnIndex") && node.qualifier !== null) {
      if (node.qualifier.toLowerCase() === allowed) continue;
      const hint = query.alias
        ? `the FROM alias is ${query.alias}`
        : `write FROM ${query.table.toLowerCase()} s to qualify columns with s`;
      throw new SelectError("InvalidTableAlias", `Unknown table alias "${node.qualifier}" (${hint})`, {
        ...node.position,
        length: node.qualifier.length,
      });
    }
  }
}

/** The header index a name reference reads: -1 for a bare name matching none. */
export function resolveColumn(node: ColumnNameNode, header: readonly string[]): number {
  const matches: number[] = [];
  header.forEach((name, index) => {
    if (node.quoted ? name === node.name : name.toLowerCase() === node.name.toLowerCase())
      matches.push(index);
  });
  const shown = node.quoted ? `"${node.name}"` : node.name;
  if (matches.length > 1) {
    throw new SelectError(
      "AmbiguousFieldName",
      `${shown} matches ${matches.length} header columns (${matches.map((i) => `"${header[i]}"`).join(", ")}); double-quote the exact name`,
      node.position,
    );
  }
  if (matches.length === 0 && node.quoted) {
    throw new SelectError(
      "MissingHeaderName",
      `The header has no column named exactly "${node.name}" (double-quoted names are case-sensitive)`,
      node.position,
    );
  }
  return matches[0] ?? -1;
}

/** Name references in slot order. */
export function columnNamesOf(query: Query): ColumnNameNode[] {
  return nodesOf(query)
    .filter((node): node is ColumnNameNode => node.kind === "columnName")
    .sort((a, b) => a.slot - b.slot);
}

/**
 * Header index per name slot. Without a USE header, names cannot be read: refused with the
 * position of the first one.
 */
export function bindColumns(names: readonly ColumnNameNode[], header: readonly string[] | null): number[] {
  const slots: number[] = [];
  for (const node of names) {
    if (header === null) {
      throw new SelectError(
        "ColumnNameWithoutHeader",
        `Column "${node.name}" is named by its header, which needs FileHeaderInfo USE; use a position such as _1`,
        node.position,
      );
    }
    slots[node.slot] = resolveColumn(node, header);
  }
  return slots;
}

function checkArguments(nodes: readonly Expression[]): void {
  for (const node of nodes) {
    checkArgumentTypes(node);
    if (node.kind === "call" && node.name === "TO_STRING") {
      const pattern = node.args[1];
      if (pattern?.kind === "literal" && typeof pattern.value === "string")
        checkFormatPattern(pattern.value, pattern.position);
    }
    if (node.kind === "like" && node.escape?.kind === "literal" && typeof node.escape.value === "string") {
      if ([...node.escape.value].length !== 1) {
        throw new SelectError(
          "IncorrectSqlFunctionArgumentType",
          "The LIKE ESCAPE must be one character",
          node.escape.position,
        );
      }
    }
  }
}

/** Throws the first problem AWS would refuse the query for before reading any data. */
export function checkQuery(query: Query, context: SelectContext): void {
  const nodes = nodesOf(query);
  checkQualifiers(query, nodes);
  checkArguments(nodes);
  const names = columnNamesOf(query);
  if (context.fileHeaderInfo !== "USE") bindColumns(names, null);
  else if (context.header) bindColumns(names, context.header);
}
