/**
 * AWS connections (server-only): stored credentials, sealed at rest. Owns tables: connections
 * (lib/crypto/rotate.ts re-seals their secrets when the key changes).
 * The form schema and region list are client-safe and live in ./schema, which components import directly.
 */
export {
  createConnection,
  deleteConnection,
  DEMO_CONNECTION_NAME,
  ensureDemoConnection,
  getConnection,
  getConnectionCredentials,
  getConnectionOrThrow,
  listConnections,
  updateConnection,
  type ConnectionCredentials,
  type RepositoryOptions,
  type SecretKeyring,
} from "./repository";
export * from "./errors";
export type { ConnectionInput, ConnectionSummary, ConnectionUpdateInput } from "./schema";
