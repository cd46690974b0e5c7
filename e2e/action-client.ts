import { readFileSync } from "node:fs";
import path from "node:path";
import { type APIRequestContext, type APIResponse } from "@playwright/test";
import { APP_URL } from "./ports";

/**
 * Calling server actions the way an attacker would: straight POSTs with the `Next-Action` header and
 * an argument list, bypassing every form. Action ids come from the build's manifest.
 */

// Playwright compiles specs to CommonJS here, where import.meta is unavailable.
const root = path.resolve(__dirname, "..");

export type ServerAction = { id: string; name: string; page: string };

type Manifest = { node: Record<string, { workers: Record<string, unknown>; exportedName?: string }> };

/** "app/(dashboard)/settings/connections/[id]/page" → "/settings/connections/x" */
function urlOf(worker: string): string {
  const segments = worker
    .replace(/^app\//, "")
    .replace(/\/?page$/, "")
    .split("/")
    .filter((s) => s !== "" && !/^\(.*\)$/.test(s))
    .map((s) => (/^\[.*\]$/.test(s) ? "00000000-0000-4000-8000-000000000000" : s));
  return `/${segments.join("/")}`;
}

export function serverActions(): ServerAction[] {
  const manifest = JSON.parse(
    readFileSync(path.join(root, ".next", "server", "server-reference-manifest.json"), "utf8"),
  ) as Manifest;
  return Object.entries(manifest.node).map(([id, entry]) => {
    const worker = Object.keys(entry.workers)[0] ?? "app/page";
    return { id, name: entry.exportedName ?? id, page: urlOf(worker) };
  });
}

export function serverAction(name: string): ServerAction {
  const found = serverActions().find((a) => a.name === name);
  if (!found) throw new Error(`no server action named ${name} in the build`);
  return found;
}

export function callAction(
  request: APIRequestContext,
  action: ServerAction,
  body: string,
  extraHeaders: Record<string, string> = {},
): Promise<APIResponse> {
  return request.post(action.page, {
    headers: {
      "Next-Action": action.id,
      "Content-Type": "text/plain;charset=UTF-8",
      Accept: "text/x-component",
      Origin: APP_URL,
      ...extraHeaders,
    },
    data: body,
    maxRedirects: 0,
    failOnStatusCode: false,
  });
}
