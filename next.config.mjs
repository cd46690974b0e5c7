/** @type {import('next').NextConfig} */
const nextConfig = {
  output: "standalone",
  poweredByHeader: false,
  reactStrictMode: true,
  serverExternalPackages: ["better-sqlite3", "pg", "pg-boss", "pino"],
  typedRoutes: false,
  // `npm run dev` is often opened as 127.0.0.1; Next 16 blocks dev resources for other origins by default.
  allowedDevOrigins: ["127.0.0.1"],
  experimental: {
    // Next buffers a copy of each request body for proxy.ts (10 MB by default). Our largest accepted body
    // is 1 MiB (lib/auth/security-headers.ts bodyLimitFor); a little more is kept so the proxy's body gate
    // still sees an oversized body as oversized and answers 413.
    proxyClientMaxBodySize: 1_048_576 + 65_536,
  },
};

export default nextConfig;
