import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { type AddressInfo } from "node:net";
import {
  CreateVaultCommand,
  DescribeJobCommand,
  type DescribeJobCommandOutput,
  type GlacierClient,
  InitiateJobCommand,
  type JobParameters,
  type OutputLocation,
  type SelectParameters,
  UploadArchiveCommand,
} from "@aws-sdk/client-glacier";
import { S3Client } from "@aws-sdk/client-s3";
import { type Credentials, DEMO_CREDENTIALS } from "./harness";

export async function createVault(client: GlacierClient, vaultName: string): Promise<void> {
  await client.send(new CreateVaultCommand({ accountId: "-", vaultName }));
}

export async function uploadArchive(
  client: GlacierClient,
  vaultName: string,
  body: Buffer | string,
  description?: string,
): Promise<string> {
  const out = await client.send(
    new UploadArchiveCommand({
      accountId: "-",
      vaultName,
      body: Buffer.from(body),
      archiveDescription: description,
    }),
  );
  if (!out.archiveId) throw new Error("UploadArchive returned no archive id");
  return out.archiveId;
}

/**
 * A select job over a CSV archive with a header line (USE), written as CSV to `s3` (prefix `out`
 * unless given): the shape most select tests start from, with the parts a test varies.
 */
export function selectJobParameters(
  archiveId: string,
  select: Partial<SelectParameters> & { Expression: string },
  s3: Partial<NonNullable<OutputLocation["S3"]>> & { BucketName: string },
): JobParameters {
  return {
    Type: "select",
    ArchiveId: archiveId,
    Tier: "Expedited",
    SelectParameters: {
      ExpressionType: "SQL",
      InputSerialization: { csv: { FileHeaderInfo: "USE" } },
      OutputSerialization: { csv: {} },
      ...select,
    },
    OutputLocation: { S3: { Prefix: "out", ...s3 } },
  };
}

export async function initiateJob(client: GlacierClient, vaultName: string, jobParameters: JobParameters) {
  const out = await client.send(new InitiateJobCommand({ accountId: "-", vaultName, jobParameters }));
  if (!out.jobId) throw new Error("InitiateJob returned no job id");
  return { ...out, jobId: out.jobId };
}

/** Creates `vaultName`, uploads `body` to it and starts a retrieval of that archive: a job to watch. */
export async function retrievalOfNewArchive(
  client: GlacierClient,
  vaultName: string,
  body: Buffer | string,
  jobParameters: Omit<JobParameters, "Type" | "ArchiveId"> = {},
): Promise<{ archiveId: string; jobId: string }> {
  await createVault(client, vaultName);
  const archiveId = await uploadArchive(client, vaultName, body);
  const { jobId } = await initiateJob(client, vaultName, {
    Type: "archive-retrieval",
    ArchiveId: archiveId,
    ...jobParameters,
  });
  return { archiveId, jobId };
}

export function describe(
  client: GlacierClient,
  vaultName: string,
  jobId: string,
): Promise<DescribeJobCommandOutput> {
  return client.send(new DescribeJobCommand({ accountId: "-", vaultName, jobId }));
}

/** Polls DescribeJob until the job completed (succeeded or failed). */
export async function waitForJob(
  client: GlacierClient,
  vaultName: string,
  jobId: string,
  timeoutMs = 15_000,
): Promise<DescribeJobCommandOutput> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await describe(client, vaultName, jobId);
    if (job.Completed) return job;
    if (Date.now() > deadline) throw new Error(`job ${jobId} did not complete within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function makeS3Client(url: string, credentials: Credentials = DEMO_CREDENTIALS): S3Client {
  return new S3Client({
    endpoint: url,
    region: "us-east-1",
    forcePathStyle: true,
    credentials,
    maxAttempts: 1,
  });
}

export interface ReceivedPost {
  headers: IncomingHttpHeaders;
  body: string;
  json: Record<string, string>;
}

/** A local HTTP endpoint that records POSTs (an SNS subscriber); `failFirst` answers 500 that many times. */
export class HttpReceiver {
  readonly received: ReceivedPost[] = [];
  private readonly server: Server;
  private waiters: Array<() => void> = [];

  constructor(private failFirst = 0) {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        if (this.failFirst > 0) {
          this.failFirst--;
          res.writeHead(500).end();
          return;
        }
        const body = Buffer.concat(chunks).toString("utf8");
        this.received.push({ headers: req.headers, body, json: JSON.parse(body) as Record<string, string> });
        res.writeHead(200).end();
        for (const wake of this.waiters.splice(0)) wake();
      });
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/sns`;
  }

  /** Resolves once `count` messages of `type` arrived. */
  async waitFor(type: string, count = 1, timeoutMs = 10_000): Promise<ReceivedPost[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const matching = this.received.filter((m) => m.json.Type === type);
      if (matching.length >= count) return matching;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`expected ${count} ${type} message(s), got ${matching.length}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, Math.min(left, 200));
      });
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
