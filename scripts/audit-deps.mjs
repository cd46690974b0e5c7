// `npm audit` of the runtime dependencies (devDependencies left out): exit 1 on any high or critical
// advisory. A registry without an audit endpoint (the mirror this project's machines use answers 405
// to both the bulk and the quick endpoint) gives no report: that is announced loudly as SKIPPED and
// passes, unless THAW_AUDIT_REQUIRED=1 (set it where the real registry is reachable) makes it fail.
//
//   node scripts/audit-deps.mjs                 audit the project in the current directory
//   node scripts/audit-deps.mjs --report FILE   judge a saved `npm audit --json` report instead
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const SERIOUS = new Set(["high", "critical"]);

/**
 * What an `npm audit --json` answer means here:
 * { status: "unavailable", reason } | { status: "ok" | "fail", counts, serious: [{ name, severity, range, advisories }] }
 */
export function judgeReport(report) {
  if (report === null || typeof report !== "object")
    return { status: "unavailable", reason: "no JSON report" };
  // npm's own error shape (HTTP errors from the audit endpoint), or an older npm's { error: { code, summary } }.
  if (report.statusCode !== undefined || report.error !== undefined || report.vulnerabilities === undefined) {
    const reason =
      report.message ||
      report.error?.summary ||
      report.error?.code ||
      "the report has no vulnerabilities section";
    return { status: "unavailable", reason };
  }
  const serious = Object.entries(report.vulnerabilities)
    .filter(([, v]) => SERIOUS.has(v?.severity))
    .map(([name, v]) => ({
      name,
      severity: v.severity,
      range: v.range ?? "",
      // `via` holds advisories (objects) or the names of vulnerable dependencies they came through.
      advisories: (v.via ?? []).map((via) =>
        typeof via === "string" ? `via ${via}` : `${via.title ?? "advisory"} ${via.url ?? ""}`.trim(),
      ),
    }));
  return {
    status: serious.length > 0 ? "fail" : "ok",
    counts: report.metadata?.vulnerabilities ?? {},
    serious,
  };
}

function runNpmAudit() {
  const result = spawnSync("npm", ["audit", "--omit=dev", "--json"], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  try {
    return JSON.parse(result.stdout);
  } catch {
    return {
      error: {
        summary: `npm audit printed no JSON (exit ${result.status}): ${result.stderr.trim().split("\n").pop() ?? ""}`,
      },
    };
  }
}

function banner(lines) {
  const width = Math.max(...lines.map((l) => l.length));
  const rule = "!".repeat(width + 4);
  return [rule, ...lines.map((l) => `! ${l.padEnd(width)} !`), rule].join("\n");
}

function main(argv) {
  const at = argv.indexOf("--report");
  const report = at >= 0 ? JSON.parse(readFileSync(argv[at + 1], "utf8")) : runNpmAudit();
  const verdict = judgeReport(report);
  if (verdict.status === "unavailable") {
    const required = process.env.THAW_AUDIT_REQUIRED === "1";
    console.error(
      banner([
        `DEPENDENCY AUDIT ${required ? "FAILED" : "SKIPPED"}: the registry gave no audit report.`,
        `Reason: ${String(verdict.reason).slice(0, 160)}`,
        "Known advisories in runtime dependencies were NOT checked (README, Security).",
      ]),
    );
    if (process.env.GITHUB_ACTIONS) console.log(`::warning title=npm audit skipped::${verdict.reason}`);
    return required ? 1 : 0;
  }
  console.log(`npm audit (runtime dependencies): ${JSON.stringify(verdict.counts)}`);
  for (const v of verdict.serious) {
    console.error(`  ${v.severity}: ${v.name} ${v.range}`);
    for (const advisory of v.advisories) console.error(`    ${advisory}`);
  }
  return verdict.status === "fail" ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) process.exit(main(process.argv.slice(2)));
