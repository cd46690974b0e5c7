// `npm test`: every check CI runs, in order: dependency audit, types, lint, formatting, unit + integration
// (vitest, incl. PostgreSQL and the emulator over HTTP), production build, end-to-end (Playwright in Chromium).
// All steps run; the exit code is non-zero if any failed.
import { run } from "./lib.mjs";
import { reexecOnNode24 } from "./node24.mjs";

await reexecOnNode24();
console.log(`node --version: ${process.version}`);

const steps = [
  // Known high-severity advisories in runtime dependencies fail the run (needs the npm registry).
  ["audit", "node", ["scripts/audit-deps.mjs"]],
  ["typecheck", "npx", ["tsc", "--noEmit"]],
  ["lint", "npx", ["eslint", "--max-warnings", "0", "."]],
  // Every source file as Prettier (with the Tailwind class sorter) writes it; `npx prettier --write .` fixes.
  ["format", "npx", ["prettier", "--check", "--log-level", "warn", "."]],
  ["unit + integration", "npx", ["vitest", "run"]],
  ["build", "npx", ["next", "build"]],
  ["e2e", "npx", ["playwright", "test"]],
];

const only = process.argv.slice(2);
const results = [];
for (const [name, command, args] of steps) {
  if (only.length > 0 && !only.includes(name.split(" ")[0])) continue;
  const started = Date.now();
  console.log(`\n── ${name} ──`);
  let ok = true;
  try {
    await run(command, args);
  } catch {
    ok = false;
  }
  results.push({ name, ok, seconds: Math.round((Date.now() - started) / 1000) });
}

console.log("\n── summary ──");
for (const r of results) console.log(`${r.ok ? "ok  " : "FAIL"}  ${r.name} (${r.seconds} s)`);
const failed = results.filter((r) => !r.ok).length;
process.exit(failed === 0 ? 0 : 1);
