/**
 * `compileSelect`: parses and checks a query with the shared dialect (lib/glacier/select) without
 * data; the result is bound to the header and run by `runSelect`.
 */

import {
  type ColumnNameNode,
  columnNamesOf,
  compileQuery,
  type Query,
  type SelectContext,
} from "../../lib/glacier/select";

export interface CompiledSelect {
  readonly expression: string;
  readonly query: Query;
  /** Name references, indexed by their slot. */
  readonly columnNames: readonly ColumnNameNode[];
}

/** Without a context, only syntax and the dialect are checked (names bind at run time). */
export function compileSelect(
  expression: string,
  context: SelectContext = { fileHeaderInfo: "USE", header: null },
): CompiledSelect {
  const query = compileQuery(expression, context);
  return { expression, query, columnNames: columnNamesOf(query) };
}
