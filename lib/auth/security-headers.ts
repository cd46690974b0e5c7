/**
 * Response headers for every page and route (applied by proxy.ts). Pure, so it is unit-tested.
 * Scripts run only with the per-request nonce ('strict-dynamic' lets Next's own chunks load theirs);
 * styles keep 'unsafe-inline': sonner injects a <style> it cannot nonce, CodeMirror's is not given one
 * yet, and React style props render as attributes (README, Security, for the way out).
 */

export type HeaderOptions = { nonce: string; production: boolean };

export function contentSecurityPolicy({ nonce, production }: HeaderOptions): string {
  return [
    "default-src 'self'",
    // React needs eval in development only (error overlays); production builds never use it.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${production ? "" : " 'unsafe-eval'"}`,
    "style-src 'self' 'unsafe-inline'",
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
