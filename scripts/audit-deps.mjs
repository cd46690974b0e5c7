// `npm audit` of the runtime dependencies: fails on a high or critical advisory. When the registry in
// use offers no audit endpoint (a mirror answering 405), that is said plainly and the step passes:
// it cannot fail a run for an answer it never got.
import { spawnSync } from "node:child_process";

const result = spawnSync("npm", ["audit", "--omit=dev", "--json"], { encoding: "utf8" });
let report;
try {
  report = JSON.parse(result.stdout);
} catch {
  console.error(`npm audit gave no report (exit ${result.status}):\n${result.stderr}`);
  process.exit(1);
}
if (report.statusCode !== undefined || report.error !== undefined) {
  const reason = report.message ?? report.error?.summary ?? "unknown error";
  console.warn(`npm audit: the registry's audit endpoint is unavailable (${reason}); dependency audit SKIPPED.`);
  process.exit(0);
}
const counts = report.metadata?.vulnerabilities ?? {};
const serious = (counts.high ?? 0) + (counts.critical ?? 0);
console.log(`npm audit (runtime dependencies): ${JSON.stringify(counts)}`);
if (serious > 0) {
  for (const [name, v] of Object.entries(report.vulnerabilities ?? {})) {
    if (v.severity === "high" || v.severity === "critical") console.error(`  ${v.severity}: ${name} ${v.range ?? ""}`);
  }
  process.exit(1);
}
