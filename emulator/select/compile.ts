/**
 * `compileSelect`: parses and checks a query without data, so InitiateJob can refuse a bad
 * expression up front; the result is bound to a header and run by `runSelect`.
 */

import { type AggregateNode, type ColumnNameNode, type Expression, type Query, walk } from "./ast";
import { SelectError } from "./errors";
import { parseQuery } from "./parser";

export interface CompiledSelect {
  readonly expression: string;
  readonly query: Query;
  /** Name references, indexed by their slot. */
  readonly columnNames: readonly ColumnNameNode[];
  /** Aggregates in the projection, indexed by their slot; empty for a row-by-row query. */
  readonly aggregates: readonly AggregateNode[];
}

function nodesOf(query: Query): Expression[] {
  const roots = [
    ...(query.projection === "*" ? [] : query.projection.map((item) => item.expression)),
    ...(query.where ? [query.where] : []),
  ];
  return roots.flatMap((root) => [...walk(root)]);
}

function checkQualifiers(query: Query): void {
  const allowed = (query.alias ?? "S3Object").toLowerCase();
  for (const node of nodesOf(query)) {
    if (
      (node.kind === "columnName" || node.kind === "columnIndex") &&
      node.qualifier !== null &&
      node.qualifier.toLowerCase() !== allowed
    ) {
      const hint = query.alias
        ? `the FROM alias is ${query.alias}`
        : "give S3Object an alias to qualify columns";
      throw new SelectError(
        "InvalidTableAlias",
        `Unknown table alias "${node.qualifier}" (${hint})`,
        node.position,
      );
    }
  }
}

function checkAggregates(query: Query): AggregateNode[] {
  for (const node of query.where ? walk(query.where) : []) {
    if (node.kind === "aggregate")
      throw new SelectError("InvalidAggregateUse", `${node.name} is not allowed in WHERE`, node.position);
  }
  if (query.projection === "*") return [];
  const aggregates: AggregateNode[] = [];
  for (const item of query.projection) {
    for (const node of walk(item.expression)) {
      if (node.kind !== "aggregate") continue;
      aggregates.push(node);
      const nested = node.argument ? [...walk(node.argument)].find((n) => n.kind === "aggregate") : undefined;
      if (nested)
        throw new SelectError("InvalidAggregateUse", "Aggregate functions cannot be nested", nested.position);
    }
  }
  if (aggregates.length > 0) {
    for (const item of query.projection) {
      const stray = outsideAggregates(item.expression).find(
        (n) => n.kind === "columnName" || n.kind === "columnIndex",
      );
      if (stray) {
        throw new SelectError(
          "InvalidAggregateUse",
          "A column outside an aggregate cannot be selected together with aggregates (there is no GROUP BY)",
          stray.position,
        );
      }
    }
  }
  return aggregates.sort((a, b) => a.slot - b.slot);
}

/** Nodes of `expression` that are not inside an aggregate's argument. */
function outsideAggregates(expression: Expression): Expression[] {
  const inside = new Set<Expression>();
  for (const node of walk(expression)) {
    if (node.kind === "aggregate" && node.argument)
      for (const child of walk(node.argument)) inside.add(child);
  }
  return [...walk(expression)].filter((node) => !inside.has(node));
}

export function compileSelect(expression: string): CompiledSelect {
  const query = parseQuery(expression);
  checkQualifiers(query);
  const aggregates = checkAggregates(query);
  const columnNames = nodesOf(query)
    .filter((node): node is ColumnNameNode => node.kind === "columnName")
    .sort((a, b) => a.slot - b.slot);
  return { expression, query, columnNames, aggregates };
}

/**
 * Resolves name references against the header (`null` when FileHeaderInfo is not USE, where
 * names cannot be used). Bare names match case-insensitively, quoted names exactly; the first
 * matching header column wins; an unknown name reads as NULL.
 */
export function bindColumns(compiled: CompiledSelect, header: readonly string[] | null): number[] {
  const slots: number[] = [];
  for (const node of compiled.columnNames) {
    if (header === null) {
      throw new SelectError(
        "ColumnNameWithoutHeader",
        `Column "${node.name}" is referenced by name, which needs FileHeaderInfo USE; use a position such as _1`,
        node.position,
      );
    }
    const wanted = node.quoted ? node.name : node.name.toLowerCase();
    slots[node.slot] = header.findIndex((name) => (node.quoted ? name : name.toLowerCase()) === wanted);
  }
  return slots;
}
