import "server-only";
import { type Selectable } from "kysely";
import { type ConnectionsTable } from "@/lib/db/schema";
import { type ConnectionCredentialsInput, type ConnectionSummary } from "./schema";

export type ConnectionRow = Selectable<ConnectionsTable>;
type CredentialColumns = Pick<
  ConnectionRow,
  "mode" | "profile" | "access_key_id" | "role_arn" | "external_id" | "session_name" | "sealed_secret"
>;

/** The unique index compares this form, so "Prod" and "prod" cannot both exist. */
export function nameKey(name: string): string {
  return name.trim().normalize("NFKC").toLowerCase();
}

export function maskAccessKeyId(accessKeyId: string): string {
  return `****${accessKeyId.slice(-4)}`;
}

/** Credentials as written: on edit a blank access key id has already been replaced by the stored one. */
export type ResolvedCredentials =
  | Exclude<ConnectionCredentialsInput, { mode: "access-key" }>
  | (Extract<ConnectionCredentialsInput, { mode: "access-key" }> & { accessKeyId: string });

/** The credential columns for `credentials`, every column of the other modes cleared. */
export function credentialColumns(
  credentials: ResolvedCredentials,
  sealedSecret: string | null,
  externalId: string | null,
): CredentialColumns {
  const none: CredentialColumns = {
    mode: credentials.mode,
    profile: null,
    access_key_id: null,
    role_arn: null,
    external_id: null,
    session_name: null,
    sealed_secret: null,
  };
  switch (credentials.mode) {
    case "default-chain":
      return none;
    case "profile":
      return { ...none, profile: credentials.profile };
    case "access-key":
      return { ...none, access_key_id: credentials.accessKeyId, sealed_secret: sealedSecret };
    case "assume-role":
      return {
        ...none,
        role_arn: credentials.roleArn,
        external_id: externalId,
        session_name: credentials.sessionName ?? null,
      };
  }
}

export function toSummary(row: ConnectionRow): ConnectionSummary {
  return {
    id: row.id,
    name: row.name,
    region: row.region,
    accountId: row.account_id,
    endpoint: row.endpoint,
    mode: row.mode,
    profile: row.profile,
    accessKeyIdMasked: row.access_key_id === null ? null : maskAccessKeyId(row.access_key_id),
    roleArn: row.role_arn,
    hasExternalId: row.external_id !== null,
    sessionName: row.session_name,
    hasSecret: row.sealed_secret !== null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Now, but strictly after `previous`: updatedAt versions cached AWS clients, so it must change on every write. */
export function nextTimestamp(previous?: string): string {
  const now = Date.now();
  const floor = previous ? Date.parse(previous) + 1 : now;
  return new Date(Math.max(now, Number.isNaN(floor) ? now : floor)).toISOString();
}
