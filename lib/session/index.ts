/**
 * The session's working context (server-only): which connection this browser works with, and that
 * connection's decrypted target. Owns no tables (the choice lives in a cookie; connections are lib/connections').
 */
export { ACTIVE_CONNECTION_COOKIE, getActiveConnection, getConnectionContext, type ConnectionContext } from "./active-connection";
export { getActiveTarget, type ActiveTarget } from "./active-target";
export { activeOutputSource } from "./active-output";
