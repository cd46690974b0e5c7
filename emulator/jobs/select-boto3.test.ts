import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { sharedTestEmulator } from "../../tests/support/test-emulator";
import { awsCliEnv } from "../testing/aws-cli";

const run = promisify(execFile);

/**
 * The Glacier Select dialect as boto3 meets it at InitiateJob (emulator/README.md, "Glacier Select
 * dialect"): FROM archive runs; S3Object, LIMIT, aggregates, a bare reserved word, a quoted name
 * matching no header, a bare name matching two, a syntax error and a missing output bucket are 400s
 * with their codes, and no job is left behind.
 */
const BUCKET = "boto-select";
const t = sharedTestEmulator({ timeScale: 1_000_000, s3Buckets: [BUCKET] });

const SCRIPT = `
import json, sys
import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

glacier = boto3.client("glacier", endpoint_url=sys.argv[1], config=Config(retries={"max_attempts": 1}))
bucket = sys.argv[2]
glacier.create_vault(vaultName="boto-select")
archive = glacier.upload_archive(
    vaultName="boto-select", body=b"id,date,Name,NAME,City\\n1,2024-01-02,ann,ANN,Paris\\n"
)["archiveId"]

def start(expression, target=bucket):
    params = {
        "Type": "select",
        "ArchiveId": archive,
        "Tier": "Expedited",
        "SelectParameters": {
            "ExpressionType": "SQL",
            "Expression": expression,
            "InputSerialization": {"csv": {"FileHeaderInfo": "USE"}},
            "OutputSerialization": {"csv": {}},
        },
        "OutputLocation": {"S3": {"BucketName": target, "Prefix": "out"}},
    }
    try:
        glacier.initiate_job(vaultName="boto-select", jobParameters=params)
        return "accepted"
    except ClientError as e:
        return [e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"]]

out = {
    "archive": start("SELECT s.City FROM archive s"),
    "object": start('SELECT s."date" FROM OBJECT AS s WHERE s."NAME" = \\'ANN\\''),
    "s3object": start("SELECT * FROM S3Object s"),
    "limit": start("SELECT * FROM archive s LIMIT 10"),
    "aggregate": start("SELECT COUNT(*) FROM archive"),
    "reserved": start("SELECT s.date FROM archive s"),
    "missingHeader": start('SELECT s."city" FROM archive s'),
    "ambiguous": start("SELECT s.name FROM archive s"),
    "syntax": start("SELECT * FROM archive WHERE"),
    "bucket": start("SELECT * FROM archive", "no-such-bucket"),
}
out["jobs"] = len(glacier.list_jobs(vaultName="boto-select")["JobList"])
print(json.dumps(out))
`;

describe("boto3 against the Glacier Select dialect", () => {
  it("gets AWS's verdict at InitiateJob, before any job exists", async () => {
    const { stdout } = await run("python3", ["-c", SCRIPT, t.emulator.url, BUCKET], {
      env: awsCliEnv("us-east-1"),
    });
    expect(JSON.parse(stdout)).toEqual({
      archive: "accepted",
      object: "accepted",
      s3object: ["ParseUnexpectedToken", 400],
      limit: ["ParseUnsupportedSyntax", 400],
      aggregate: ["ParseUnsupportedSyntax", 400],
      reserved: ["ParseUnexpectedKeyword", 400],
      missingHeader: ["MissingHeaderName", 400],
      ambiguous: ["AmbiguousFieldName", 400],
      syntax: ["ParseUnexpectedToken", 400],
      bucket: ["InvalidParameterValueException", 400],
      jobs: 2,
    });
  });
});
