/**
 * The request's working context (server-only): which connection this browser works with, that
 * connection's decrypted target, and the output of one of its jobs. It reads cookies and the signed-in
 * user, so only app/ imports it; the services take what it answers as arguments.
 * Owns no tables (the choice lives in a cookie; connections are lib/connections').
 */
export {
  ACTIVE_CONNECTION_COOKIE,
  getActiveConnection,
  getConnectionContext,
  type ConnectionContext,
} from "./active-connection";
export { getActiveTarget, type ActiveTarget } from "./active-target";
export { activeOutputSource } from "./active-output";
