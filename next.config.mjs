/** @type {import('next').NextConfig} */
const nextConfig = {
  output: "standalone",
  poweredByHeader: false,
  reactStrictMode: true,
  serverExternalPackages: ["better-sqlite3", "pg", "pino"],
  typedRoutes: false,
  // `npm run dev` is often opened as 127.0.0.1; Next 16 blocks dev resources for other origins by default.
  allowedDevOrigins: ["127.0.0.1"],
};

export default nextConfig;
