import { type RequestContext } from "./context";

/** How a route consumes its request body: none/JSON are buffered (≤ 1 MiB), stream is left to the handler. */
export type BodyKind = "buffered" | "stream";

export type Handler = (ctx: RequestContext) => Promise<void> | void;

export interface RouteDefinition {
  /** Operation name, for logs and errors. */
  operation: string;
  method: "GET" | "PUT" | "POST" | "DELETE" | "HEAD";
  /** Path below `/{accountId}`, e.g. `/vaults/:vaultName/archives`. */
  path: string;
  /** Query parameters that must be present with these values (e.g. tags `operation=add`). */
  query?: Readonly<Record<string, string>>;
  body?: BodyKind;
  handler: Handler;
}

export interface RouteMatch {
  route: RouteDefinition;
  params: Record<string, string>;
}

interface CompiledRoute {
  route: RouteDefinition;
  segments: readonly string[];
}

/**
 * A small method + path-pattern router. Operation modules (vaults, archives, later jobs) register their
 * routes independently; the first route whose method, segments and required query match wins.
 */
export class Router {
  private readonly routes: CompiledRoute[] = [];

  add(...routes: RouteDefinition[]): this {
    for (const route of routes) {
      this.routes.push({ route, segments: splitPath(route.path) });
    }
    return this;
  }

  /** Whether some route serves this operation (fault injection refuses names that would never fire). */
  hasOperation(operation: string): boolean {
    return this.routes.some(({ route }) => route.operation === operation);
  }

  /** `segments` are the decoded path segments after the account id. */
  match(method: string, segments: readonly string[], query: URLSearchParams): RouteMatch | undefined {
    for (const { route, segments: pattern } of this.routes) {
      if (route.method !== method || pattern.length !== segments.length) continue;
      const params = matchSegments(pattern, segments);
      if (params && queryMatches(route.query, query)) return { route, params };
    }
    return undefined;
  }
}

function splitPath(path: string): string[] {
  return path.split("/").filter((s) => s.length > 0);
}

function matchSegments(
  pattern: readonly string[],
  segments: readonly string[],
): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern[i] ?? "";
    const actual = segments[i] ?? "";
    if (expected.startsWith(":")) {
      if (actual.length === 0) return undefined;
      params[expected.slice(1)] = actual;
    } else if (expected !== actual) {
      return undefined;
    }
  }
  return params;
}

function queryMatches(
  required: Readonly<Record<string, string>> | undefined,
  query: URLSearchParams,
): boolean {
  if (!required) return true;
  return Object.entries(required).every(([key, value]) => query.get(key) === value);
}
