/**
 * Row types of every table, one interface per table, column names as in SQL (snake_case).
 * Both dialects store the same shapes: timestamps as ISO 8601 UTC strings (`2026-11-25T10:00:00.000Z`,
 * which sort correctly as text), booleans as integer 0/1, ids as UUID text.
 * A new table: add a migration in ./migrations and its interface here.
 */

export type CredentialModeColumn = "default-chain" | "profile" | "access-key" | "assume-role";

export interface ConnectionsTable {
  id: string;
  name: string;
  /** Case-folded name; a plain unique index on it makes names unique case-insensitively on both dialects. */
  name_key: string;
  region: string;
  /** "-" (the signing account) or 12 digits. */
  account_id: string;
  endpoint: string | null;
  mode: CredentialModeColumn;
  profile: string | null;
  access_key_id: string | null;
  role_arn: string | null;
  external_id: string | null;
  session_name: string | null;
  /** lib/crypto sealSecret() of JSON {secretAccessKey, sessionToken?}; null when the mode has no secret. */
  sealed_secret: string | null;
  created_at: string;
  updated_at: string;
}

export interface Database {
  connections: ConnectionsTable;
}
