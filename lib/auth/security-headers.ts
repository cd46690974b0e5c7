/**
 * Response headers for every page and route (applied by proxy.ts). Pure, so it is unit-tested.
 * Scripts run only with the per-request nonce ('strict-dynamic' lets Next's own chunks load theirs).
 * Style elements need the nonce too (CodeMirror gets it through EditorView.cspNonce) or must be
 * sonner's one constant stylesheet, allowed by its hash; style attributes stay allowed (React style
 * props; they carry no selectors). See README, Security.
 */

export type HeaderOptions = { nonce: string; production: boolean };

/**
 * sha256 of the stylesheet sonner 2.0.8 inserts at import time (it has no nonce option); a test
 * recomputes it from node_modules, so an upgrade that changes the sheet fails there, not in the browser.
 */
export const SONNER_STYLE_HASH = "sha256-StEaX+se6YS7pqjzrzMIA0KaX9zF/8zAhvQXZAe5epY=";

/** sha256 of "": sonner appends its <style> empty and fills it afterwards, and Chromium checks both states. */
export const EMPTY_STYLE_HASH = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";

function styleDirectives(nonce: string, production: boolean): string[] {
  // The development server injects its CSS and error overlay as plain <style> elements.
  if (!production) return ["style-src 'self' 'unsafe-inline'"];
  return [
    `style-src-elem 'self' 'nonce-${nonce}' '${SONNER_STYLE_HASH}' '${EMPTY_STYLE_HASH}'`,
    "style-src-attr 'unsafe-inline'",
  ];
}

export function contentSecurityPolicy({ nonce, production }: HeaderOptions): string {
  return [
    "default-src 'self'",
    // React needs eval in development only (error overlays); production builds never use it.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${production ? "" : " 'unsafe-eval'"}`,
    ...styleDirectives(nonce, production),
    "img-src 'self' blob: data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function securityHeaders(options: HeaderOptions): Record<string, string> {
  const headers: Record<string, string> = {
    "Content-Security-Policy": contentSecurityPolicy(options),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
  };
  if (options.production) headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains";
  return headers;
}

export function newNonce(): string {
  const bytes = new Uint8Array(18);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/** Paths a signed-out person may open: the sign-in pages, the health probe, SNS (signature-checked). */
export function isPublicPath(pathname: string): boolean {
  return (
    pathname === "/sign-in" ||
    pathname.startsWith("/sign-in/") ||
    pathname === "/api/health" ||
    pathname === "/api/sns"
  );
}

/** Largest request body per path, in bytes (SNS messages are at most 256 KiB). */
export function bodyLimitFor(pathname: string): number {
  return pathname === "/api/sns" ? 256 * 1024 : 1024 * 1024;
}
