import { readFileSync } from "node:fs";
import path from "node:path";

// Playwright compiles specs to CommonJS here, where import.meta is unavailable.
const root = path.resolve(__dirname, "..");

export type AppRoute = { url: string; kind: "page" | "handler" };

/** Every route of the build (pages and route handlers), dynamic segments filled with a placeholder. */
export function appRoutes(): AppRoute[] {
  const manifest = JSON.parse(
    readFileSync(path.join(root, ".next", "app-path-routes-manifest.json"), "utf8"),
  ) as Record<string, string>;
  return Object.entries(manifest)
    .filter(([, url]) => !url.startsWith("/_"))
    .map(([file, url]) => ({
      url: url.replace(/\[[^\]]+\]/g, "placeholder-id"),
      kind: file.endsWith("/route") ? ("handler" as const) : ("page" as const),
    }));
}

/** Open to signed-out people on purpose: the sign-in pages, the health probe, the SNS endpoint (signature-checked). */
export const PUBLIC_ROUTES = ["/sign-in", "/sign-in/sso", "/sign-in/sso/callback", "/api/health", "/api/sns"];
