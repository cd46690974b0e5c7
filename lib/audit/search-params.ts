import { createLoader, createParser, createSerializer, type LoaderInput, parseAsString } from "nuqs/server";
import { z } from "zod";
import { AUDIT_ACTIONS, AUDIT_OUTCOMES, type AuditAction, type AuditOutcome } from "./actions";

/** A URL value checked by `schema`; an empty or misfit value reads as absent (a GET form sends empty fields). */
function parseAs<T extends string>(schema: z.ZodType<T>) {
  return createParser<T>({
    parse: (value) => {
      const result = schema.safeParse(value);
      return result.success && result.data !== "" ? result.data : null;
    },
    serialize: String,
  });
}

/** The Audit page's filters and paging, shared by the page, its links and the CSV export. */
export const auditSearchParams = {
  action: parseAs(z.enum(AUDIT_ACTIONS)),
  outcome: parseAs(z.enum(AUDIT_OUTCOMES)),
  actor: parseAs(z.string().trim().max(254)),
  q: parseAs(z.string().trim().max(200)),
  from: parseAs(z.iso.date()),
  to: parseAs(z.iso.date()),
  /** `<occurred_at>|<id>` of the last entry shown: the next page starts after it. */
  before: parseAsString,
};

export type AuditFilter = {
  action?: AuditAction | undefined;
  outcome?: AuditOutcome | undefined;
  actor?: string | undefined;
  q?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
};

export const loadAuditSearchParams = createLoader(auditSearchParams);
export const auditHref = createSerializer(auditSearchParams);

/** The filters of a request or a page's search params; unknown values are ignored instead of failing. */
export function parseAuditFilter(input: LoaderInput): AuditFilter {
  const { action, outcome, actor, q, from, to } = loadAuditSearchParams(input);
  return {
    action: action ?? undefined,
    outcome: outcome ?? undefined,
    actor: actor ?? undefined,
    q: q ?? undefined,
    from: from ?? undefined,
    to: to ?? undefined,
  };
}
