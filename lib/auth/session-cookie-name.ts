/** The session cookie's name, in its own module: proxy.ts imports it without server-only code. */
export const SESSION_COOKIE = "thaw-session";
