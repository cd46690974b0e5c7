// Whether node_modules already holds what package-lock.json asks for, judged by CONTENT, never by file times:
// a hard-linked or freshly copied node_modules has new mtimes and is current all the same, and `npm ci` would
// wipe a working install for nothing (and fail on a machine without the registry).
import { readFileSync } from "node:fs";
import path from "node:path";

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

const sameEntry = (want, have) =>
  have !== undefined &&
  want.version === have.version &&
  want.resolved === have.resolved &&
  want.integrity === have.integrity &&
  Boolean(want.link) === Boolean(have.link);

/**
 * Why the install in `root`/node_modules does not match `root`/package-lock.json, or undefined when it does.
 * Compares every locked package with npm's record of what it installed (node_modules/.package-lock.json) and
 * with the package.json on disk. An optional package may be absent (npm skips another platform's binaries);
 * a package installed but no longer locked means the lockfile dropped it.
 */
export function installMismatch(root) {
  const lock = readJson(path.join(root, "package-lock.json"));
  if (!lock?.packages) return "package-lock.json is missing or unreadable";
  const installed = readJson(path.join(root, "node_modules", ".package-lock.json"))?.packages;
  if (!installed) return "node_modules has no record of an install (.package-lock.json)";
  for (const [where, want] of Object.entries(lock.packages)) {
    if (where === "") continue; // the project itself
    const have = installed[where];
    if (have === undefined && want.optional) continue;
    if (!sameEntry(want, have)) return `${where} is not installed as locked (${want.version})`;
    if (want.link) continue;
    const onDisk = readJson(path.join(root, where, "package.json"));
    if (onDisk?.version !== want.version) return `${where}/package.json is not version ${want.version}`;
  }
  for (const where of Object.keys(installed))
    if (!(where in lock.packages)) return `${where} is installed but no longer locked`;
  return undefined;
}
