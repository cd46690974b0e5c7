import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import {
  awsCliCommand,
  boto3Call,
  formatHttpRequest,
  initiateJobRequest,
  pythonLiteral,
  pythonString,
  shellQuote,
} from "./job-commands";
import { type JobParametersBody } from "./schemas/job-common";

const LONG_SQL = `SELECT * FROM archive s WHERE s._1 = 'it''s' AND s._2 LIKE "%x%" -- $HOME \`id\` \\ ${"and more ".repeat(500)}`;

const archive: JobParametersBody = {
  Type: "archive-retrieval",
  ArchiveId: "-dash-first",
  Tier: "Bulk",
  Description: 'it\'s "quoted" & $(rm -rf /)',
};
const select: JobParametersBody = {
  Type: "select",
  ArchiveId: "abc",
  SelectParameters: {
    ExpressionType: "SQL",
    Expression: LONG_SQL,
    InputSerialization: { csv: { FieldDelimiter: "\t", RecordDelimiter: "\r\n" } },
  },
  OutputLocation: { S3: { BucketName: "b", Prefix: "out/", Tagging: { "ü-key": "💾" } } },
};

/** Runs the command through a real POSIX shell with `aws` replaced by a script that prints each argument on its own line (NUL-separated). */
function shellArguments(command: string): string[] {
  const script = `aws() { printf '%s\\0' "$@"; }\n${command}`;
  return execFileSync("sh", ["-c", script], { encoding: "utf8" }).split("\0").slice(0, -1);
}

function pythonEval(expression: string): unknown {
  const program = `import json, sys, ast\nprint(json.dumps(ast.literal_eval(sys.stdin.read())))`;
  return JSON.parse(
    execFileSync("python3", ["-c", program], { input: expression, encoding: "utf8" }),
  ) as unknown;
}

describe("InitiateJob request", () => {
  it("is the flat JobParameters body posted to the vault's jobs with the account dash", () => {
    const request = initiateJobRequest(archive, { vaultName: "photos", region: "eu-west-1" });
    expect(request.method).toBe("POST");
    expect(request.path).toBe("/-/vaults/photos/jobs");
    expect(JSON.parse(request.body)).toEqual(archive);
    expect(Object.fromEntries(request.headers)).toMatchObject({
      Host: "glacier.eu-west-1.amazonaws.com",
      "x-amz-glacier-version": "2012-06-01",
      "Content-Length": String(Buffer.byteLength(request.body)),
    });
    expect(formatHttpRequest(request)).toMatch(/^POST \/-\/vaults\/photos\/jobs HTTP\/1\.1\nHost: /);
  });

  it("uses a custom endpoint's host and path prefix and a numeric account", () => {
    const request = initiateJobRequest(archive, {
      vaultName: "v",
      accountId: "123456789012",
      endpoint: "http://127.0.0.1:9090/glacier/",
    });
    expect(request.path).toBe("/glacier/123456789012/vaults/v/jobs");
    expect(request.headers[0]).toEqual(["Host", "127.0.0.1:9090"]);
  });

  it("counts Content-Length in bytes, not characters", () => {
    const request = initiateJobRequest(select, { vaultName: "v" });
    expect(request.headers.find(([n]) => n === "Content-Length")?.[1]).toBe(
      String(Buffer.byteLength(request.body, "utf8")),
    );
  });
});

describe("aws glacier initiate-job", () => {
  it("passes exactly the parameters through a POSIX shell, even with quotes, $ and backticks", () => {
    const args = shellArguments(awsCliCommand(archive, { vaultName: "photos", region: "us-east-1" }));
    expect(args.slice(0, 2)).toEqual(["glacier", "initiate-job"]);
    expect(args).toContain("--account-id=-");
    const index = args.indexOf("--job-parameters");
    expect(JSON.parse(args[index + 1] ?? "")).toEqual(archive);
    expect(args.slice(args.indexOf("--vault-name"), args.indexOf("--vault-name") + 2)).toEqual([
      "--vault-name",
      "photos",
    ]);
  });

  it("writes values that start with a dash as --name=value", () => {
    const args = shellArguments(awsCliCommand(archive, { vaultName: "-backup", region: "us-east-1" }));
    expect(args).toContain("--vault-name=-backup");
    expect(args).not.toContain("--vault-name");
  });

  it("survives a long SQL expression with quotes and non-ASCII", () => {
    const args = shellArguments(
      awsCliCommand(select, { vaultName: "reports", endpoint: "http://127.0.0.1:9090", region: "us-east-1" }),
    );
    expect(JSON.parse(args[args.indexOf("--job-parameters") + 1] ?? "")).toEqual(select);
    expect(args.slice(-2)).toEqual(["--endpoint-url", "http://127.0.0.1:9090"]);
  });

  it("quotes minimally", () => {
    expect(shellQuote("photos")).toBe("photos");
    expect(shellQuote("")).toBe("''");
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote("a b")).toBe("'a b'");
  });
});

describe("boto3 call", () => {
  it("is a Python literal that evaluates to exactly the parameters", () => {
    const code = boto3Call(select, {
      vaultName: "-reports",
      region: "us-east-1",
      endpoint: "http://127.0.0.1:9090",
    });
    expect(code).toContain(
      'glacier = boto3.client("glacier", region_name="us-east-1", endpoint_url="http://127.0.0.1:9090")',
    );
    expect(code).toContain('    vaultName="-reports",');
    const literal = code.slice(
      code.indexOf("jobParameters=") + "jobParameters=".length,
      code.lastIndexOf(",\n)"),
    );
    expect(pythonEval(literal)).toEqual(select);
  });

  it("escapes strings Python would otherwise misread", () => {
    const tricky = `a"b\\c\n\r\t\u0001\u007fé😀'`;
    expect(pythonEval(pythonString(tricky))).toBe(tricky);
    expect(pythonEval(pythonLiteral({ list: [1, true, null, "x"], empty: {}, none: [] }))).toEqual({
      list: [1, true, null, "x"],
      empty: {},
      none: [],
    });
  });

  it("is valid Python as a whole", () => {
    const code = boto3Call(archive, { vaultName: "photos" });
    execFileSync("python3", ["-c", "import ast, sys; ast.parse(sys.stdin.read())"], { input: code });
  });
});
