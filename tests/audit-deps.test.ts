import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import { type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * scripts/audit-deps.mjs against the real `npm audit`: a throwaway project (lockfile with one runtime
 * and one dev dependency) audited against a local registry whose bulk advisory endpoint answers as
 * the npm registry does, or with the 405 this machine's mirror gives.
 */

const SCRIPT = path.resolve(import.meta.dirname, "..", "scripts", "audit-deps.mjs");

type Advisory = {
  id: number;
  url: string;
  title: string;
  severity: string;
  vulnerable_versions: string;
  cwe: string[];
  cvss: { score: number; vectorString: null };
};
let advisories: Record<string, Advisory[]> = {};
let auditStatus = 200;
let registry: http.Server;
let registryUrl = "";
let project = "";

function advisory(id: number, severity: string, title: string): Advisory {
  return {
    id,
    url: `https://github.com/advisories/GHSA-test-000${id}`,
    title,
    severity,
    vulnerable_versions: "<1.0.1",
    cwe: [],
    cvss: { score: 7.5, vectorString: null },
  };
}

beforeAll(async () => {
  registry = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      if (req.url?.startsWith("/-/npm/v1/security/")) {
        if (auditStatus !== 200) return void res.writeHead(auditStatus, { allow: "GET,HEAD" }).end();
        return void res
          .writeHead(200, { "content-type": "application/json" })
          .end(JSON.stringify(advisories));
      }
      res.writeHead(404, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => registry.listen(0, "127.0.0.1", resolve));
  registryUrl = `http://127.0.0.1:${(registry.address() as AddressInfo).port}/`;

  project = fs.mkdtempSync(path.join(os.tmpdir(), "thaw-audit-"));
  const manifest = {
    name: "fixture",
    version: "1.0.0",
    dependencies: { "runtime-lib": "1.0.0" },
    devDependencies: { "dev-tool": "1.0.0" },
  };
  const lock = {
    name: "fixture",
    version: "1.0.0",
    lockfileVersion: 3,
    requires: true,
    packages: {
      "": manifest,
      "node_modules/runtime-lib": { version: "1.0.0" },
      "node_modules/dev-tool": { version: "1.0.0", dev: true },
    },
  };
  fs.writeFileSync(path.join(project, "package.json"), JSON.stringify(manifest));
  fs.writeFileSync(path.join(project, "package-lock.json"), JSON.stringify(lock));
});

afterAll(async () => {
  await new Promise<void>((resolve) => registry.close(() => resolve()));
  fs.rmSync(project, { recursive: true, force: true });
});

function audit(
  env: Record<string, string> = {},
  args: string[] = [],
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SCRIPT, ...args], {
      cwd: project,
      env: {
        ...process.env,
        npm_config_registry: registryUrl,
        npm_config_cache: path.join(project, ".npm"),
        GITHUB_ACTIONS: "",
        THAW_AUDIT_REQUIRED: "",
        ...env,
      },
    });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (out += c.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, out }));
  });
}

describe("scripts/audit-deps.mjs", () => {
  it("fails on a high advisory in a runtime dependency, naming it and the advisory", async () => {
    auditStatus = 200;
    advisories = { "runtime-lib": [advisory(1, "high", "Prototype pollution in runtime-lib")] };
    const { code, out } = await audit();
    expect(code).toBe(1);
    expect(out).toContain('"high":1');
    expect(out).toContain("high: runtime-lib");
    expect(out).toContain("Prototype pollution in runtime-lib https://github.com/advisories/GHSA-test-0001");
  });

  it("passes with only moderate runtime advisories, and ignores critical ones in dev dependencies", async () => {
    auditStatus = 200;
    advisories = {
      "runtime-lib": [advisory(2, "moderate", "ReDoS in runtime-lib")],
      "dev-tool": [advisory(3, "critical", "RCE in dev-tool")],
    };
    const { code, out } = await audit();
    expect(code).toBe(0);
    expect(out).toContain('"moderate":1');
    expect(out).not.toContain("dev-tool");
  });

  it("says SKIPPED loudly when the registry answers 405, and fails then only if the audit is required", async () => {
    auditStatus = 405;
    const skipped = await audit({ GITHUB_ACTIONS: "true" });
    expect(skipped.code).toBe(0);
    expect(skipped.out).toContain("DEPENDENCY AUDIT SKIPPED");
    expect(skipped.out).toContain("405 Method Not Allowed");
    expect(skipped.out).toContain("::warning title=npm audit skipped::");
    const required = await audit({ THAW_AUDIT_REQUIRED: "1" });
    expect(required.code).toBe(1);
    expect(required.out).toContain("DEPENDENCY AUDIT FAILED");
  });

  it("judges a saved report given with --report", async () => {
    const file = path.join(project, "report.json");
    fs.writeFileSync(
      file,
      JSON.stringify({
        auditReportVersion: 2,
        vulnerabilities: {
          parent: { name: "parent", severity: "critical", via: ["child"], range: "1.0.0 - 2.0.0" },
        },
        metadata: { vulnerabilities: { critical: 1, total: 1 } },
      }),
    );
    auditStatus = 405; // never asked: the saved report is judged
    const saved = await audit({}, ["--report", file]);
    expect(saved.code).toBe(1);
    expect(saved.out).toContain("critical: parent 1.0.0 - 2.0.0");
    expect(saved.out).toContain("via child");
  });
});
