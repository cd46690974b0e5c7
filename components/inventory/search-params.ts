import {
  createLoader,
  createParser,
  createSerializer,
  parseAsInteger,
  parseAsStringLiteral,
} from "nuqs/server";

/** A search longer than this is cut, not refused. */
const MAX_CATALOG_SEARCH = 200;

/**
 * An inventory catalog's `?q=&sort=&dir=&page=` (on its job page) with safe defaults: a bad value falls
 * back rather than fails, and defaults stay out of the URL.
 */
export const catalogSearchParams = {
  q: createParser({ parse: (v) => v.slice(0, MAX_CATALOG_SEARCH), serialize: String }).withDefault(""),
  sort: parseAsStringLiteral(["path", "size", "date"] as const).withDefault("path"),
  dir: parseAsStringLiteral(["asc", "desc"] as const).withDefault("asc"),
  page: parseAsInteger.withDefault(1),
};

const loadCatalogParams = createLoader(catalogSearchParams);

export async function loadCatalogSearchParams(
  searchParams: Promise<Record<string, string | string[] | undefined>>,
) {
  const query = await loadCatalogParams(searchParams);
  return { ...query, page: query.page > 0 ? query.page : 1 };
}

export const catalogHref = createSerializer(catalogSearchParams);
