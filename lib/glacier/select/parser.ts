/**
 * `SELECT <* | items> FROM ARCHIVE | OBJECT [[AS] alias] [WHERE condition] [;]`
 * (s3-glacier-select-sql-reference-select.html). What Glacier Select does not run is refused by
 * name: LIMIT ("LIMIT clause (Amazon S3 Select only)", same page), aggregates (…-sql-functions.html,
 * "Aggregate functions (Amazon S3 Select only)"), subqueries and joins (same select page), GROUP BY,
 * ORDER BY, HAVING, DISTINCT and set operations (clauses the select page does not list).
 */

import { childrenOf, type Expression, type Query, type SelectItem } from "./ast";
import { SelectError, type SourcePosition } from "./errors";
import { isReservedKeyword, TABLE_NAMES, type TableName } from "./keywords";
import { type Token, tokenize } from "./lexer";
import { ExpressionParser } from "./parse-expression";
import { parseCall, parseCase, parseCast } from "./parse-functions";
import { parseTimestampText } from "./timestamp";
import { describe, TokenStream } from "./token-stream";

/** Deepest tree the parser hands on (chains such as a+b+c… are loops here but trees for evaluation). */
export const MAX_TREE_DEPTH = 1000;

const POSITIONAL = /^_(\d+)$/;
/** Clause words after the query that Glacier Select does not run, with the words to name them. */
const UNSUPPORTED_CLAUSES: Readonly<Record<string, string>> = {
  LIMIT: "LIMIT",
  GROUP: "GROUP BY",
  ORDER: "ORDER BY",
  HAVING: "HAVING",
  UNION: "UNION",
  INTERSECT: "INTERSECT",
  EXCEPT: "EXCEPT",
  OFFSET: "OFFSET",
  FETCH: "FETCH",
  JOIN: "joins",
  INNER: "joins",
  LEFT: "joins",
  RIGHT: "joins",
  FULL: "joins",
  CROSS: "joins",
  NATURAL: "joins",
  OUTER: "joins",
};

class Parser extends ExpressionParser {
  private slot = 0;

  parseQuery(): Query {
    const s = this.stream;
    s.expectKeyword("SELECT");
    if (s.isKeyword("DISTINCT")) throw s.unsupported("DISTINCT");
    const projection = this.parseProjection();
    s.expectKeyword("FROM");
    const table = this.parseTable();
    const alias = this.parseAlias();
    if (s.isOperator(",")) throw s.unsupported("joins (one archive per query)");
    const where = s.acceptKeyword("WHERE") ? this.parseExpression() : null;
    this.refuseClause();
    s.acceptOperator(";");
    if (s.token.kind !== "eof") throw s.unexpected(s.token, " after the end of the query");
    return { projection, table, alias, where };
  }

  private refuseClause(): void {
    const token = this.stream.token;
    const clause = token.kind === "identifier" ? UNSUPPORTED_CLAUSES[token.text.toUpperCase()] : undefined;
    if (clause) throw this.stream.unsupported(clause);
  }

  private parseTable(): TableName {
    const s = this.stream;
    const token = s.token;
    if (s.isOperator("(")) throw s.unsupported("subqueries");
    const table = TABLE_NAMES.find((name) => s.isKeyword(name));
    if (!table) {
      const s3 = s.isKeyword("S3OBJECT");
      throw new SelectError(
        "ParseUnexpectedToken",
        s3
          ? "S3Object is Amazon S3 Select's table; Glacier Select reads FROM ARCHIVE or FROM OBJECT (for example SELECT * FROM archive s)"
          : `Glacier Select reads FROM ARCHIVE or FROM OBJECT, not ${describe(token)}`,
        token.position,
      );
    }
    s.next();
    if (s.isOperator("[") || s.isOperator(".")) throw s.unsupported("paths after the table name (CSV only)");
    return table;
  }

  private parseProjection(): Query["projection"] {
    const s = this.stream;
    if (s.acceptOperator("*")) return "*";
    if (s.token.kind === "identifier" && s.isOperator(".", s.peek(1)) && s.isOperator("*", s.peek(2))) {
      s.next();
      s.next();
      s.next();
      return "*";
    }
    const items: SelectItem[] = [];
    do {
      const expression = this.parseExpression();
      items.push({ expression, alias: this.parseAlias() });
    } while (s.acceptOperator(","));
    return items;
  }

  /** `AS name`, or a bare name that is not a reserved keyword. */
  private parseAlias(): string | null {
    const s = this.stream;
    const explicit = s.acceptKeyword("AS");
    const token = s.token;
    if (
      token.kind === "quotedIdentifier" ||
      (token.kind === "identifier" && !isReservedKeyword(token.text))
    ) {
      s.next();
      return token.text;
    }
    if (explicit) throw s.expected("a name after AS");
    return null;
  }

  protected parsePrimary(): Expression {
    const s = this.stream;
    const token = s.token;
    const { position } = token;
    switch (token.kind) {
      case "number":
        s.next();
        return { kind: "literal", value: Number(token.text), integer: /^\d+$/.test(token.text), position };
      case "string":
        s.next();
        return { kind: "literal", value: token.text, position };
      case "timestamp":
        s.next();
        if (!parseTimestampText(token.text)) {
          throw new SelectError(
            "LexerInvalidIONLiteral",
            `\`${token.text}\` is not a timestamp (write e.g. \`2007T\`, \`2007-02-23\` or \`2007-02-23T12:14:33Z\`)`,
            position,
          );
        }
        return { kind: "timestampLiteral", text: token.text, position };
      case "quotedIdentifier":
        s.next();
        return this.columnName(null, token.text, true, position);
      case "operator":
        if (s.acceptOperator("(")) {
          if (s.isKeyword("SELECT")) throw s.unsupported("subqueries");
          const inner = this.parseExpression();
          s.expectOperator(")");
          return inner;
        }
        throw s.unexpected(token, " where a value should start");
      case "identifier":
        return this.parseWord(token);
      default:
        throw s.unexpected(token, " where a value should start");
    }
  }

  private parseWord(token: Token): Expression {
    const s = this.stream;
    const { position } = token;
    const word = token.text.toUpperCase();
    if (word === "NULL" || word === "TRUE" || word === "FALSE") {
      s.next();
      return { kind: "literal", value: word === "NULL" ? null : word === "TRUE", position };
    }
    if (word === "CAST" && s.isOperator("(", s.peek(1))) return this.nested(() => parseCast(this));
    if (word === "CASE") return this.nested(() => parseCase(this));
    if (word === "EXISTS") throw s.unsupported("subqueries");
    if (s.isOperator("(", s.peek(1))) return parseCall(this, token);
    if (isReservedKeyword(word)) throw reservedName(token, null);
    s.next();
    if (!s.acceptOperator(".")) return this.columnReference(null, token);
    const member = s.next();
    if (member.kind === "quotedIdentifier") return this.columnName(token.text, member.text, true, position);
    if (member.kind !== "identifier") throw s.expected("a column name", member);
    if (isReservedKeyword(member.text)) throw reservedName(member, token.text);
    return this.columnReference(token.text, member, position);
  }

  private columnReference(qualifier: string | null, token: Token, position = token.position): Expression {
    const positional = POSITIONAL.exec(token.text);
    if (!positional) return this.columnName(qualifier, token.text, false, position);
    const index = Number(positional[1]) - 1;
    if (!Number.isSafeInteger(index) || index < 0) {
      throw new SelectError(
        "InvalidColumnIndex",
        `Column positions start at _1, not ${token.text}`,
        position,
      );
    }
    return { kind: "columnIndex", qualifier, index, position };
  }

  private columnName(
    qualifier: string | null,
    name: string,
    quoted: boolean,
    position: Required<SourcePosition>,
  ): Expression {
    return { kind: "columnName", qualifier, name, quoted, slot: this.slot++, position };
  }
}

/** A reserved keyword where a column name stands: AWS answers a 400 parse error. */
function reservedName(token: Token, qualifier: string | null): SelectError {
  const quoted = `${qualifier ? `${qualifier}.` : ""}"${token.text}"`;
  return new SelectError(
    "ParseUnexpectedKeyword",
    `"${token.text}" is a reserved keyword; to name a column ${token.text}, double-quote it: ${quoted}`,
    token.position,
  );
}

/** Refuses trees deeper than MAX_TREE_DEPTH (checked without recursion). */
function checkDepth(query: Query): void {
  const roots = [
    ...(query.projection === "*" ? [] : query.projection.map((item) => item.expression)),
    ...(query.where ? [query.where] : []),
  ];
  for (const root of roots) {
    const stack: [Expression, number][] = [[root, 1]];
    while (stack.length > 0) {
      const [node, depth] = stack.pop() as [Expression, number];
      if (depth > MAX_TREE_DEPTH) {
        throw new SelectError(
          "ParseExpressionTooDeep",
          `The expression is more than ${MAX_TREE_DEPTH} operators deep; simplify it (IN (…) replaces long OR chains)`,
          node.position,
        );
      }
      for (const child of childrenOf(node)) stack.push([child, depth + 1]);
    }
  }
}

export function parseSelect(source: string): Query {
  const query = new Parser(new TokenStream(tokenize(source))).parseQuery();
  checkDepth(query);
  return query;
}
