import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEmulator, type TestEmulator } from "@/emulator/testing/harness";
import {
  createVault,
  initiateJob,
  selectJobParameters,
  uploadArchive,
  waitForJob,
} from "@/emulator/testing/jobs";
import { parseManifest, renderManifest, selectOutputState } from "@/lib/glacier/select-output-layout";
import { emulatorTarget } from "@/tests/support/emulator-target";
import { type AccountTarget } from "@/lib/aws/vaults";
import {
  listSelectResults,
  previewSelectResult,
  readSelectManifests,
  selectLocationOf,
} from "./select-output";

describe("the manifest format (lib/glacier/select-output-layout)", () => {
  it("round-trips keys and trusts only s3:// lines of its own bucket", () => {
    const keys = ["p/j/results/00000.csv", "p/j/results/00001.csv"];
    expect(parseManifest(renderManifest("b", keys), "b")).toEqual(keys);
    expect(parseManifest("s3://other/p/x\r\n\n  s3://b/p/y  \nfile:///etc/passwd\ns3://b/\n", "b")).toEqual([
      "p/y",
    ]);
  });

  it("reads the job's state from the names under its prefix", () => {
    expect(selectOutputState("p/j/", ["p/j/job.txt"])).toBe("running");
    expect(selectOutputState("p/j/", ["p/j/job.txt", "p/j/result_manifest.txt"])).toBe("succeeded");
    expect(selectOutputState("p/j/", ["p/j/result_manifest.txt", "p/j/error_manifest.txt"])).toBe("failed");
  });
});

describe("reading a Select job's output through S3", () => {
  const VAULT = "manifests";
  const BUCKET = "manifest-results";
  let emulator: TestEmulator;
  let target: AccountTarget;
  let archiveId: string;

  beforeAll(async () => {
    emulator = await startTestEmulator({ timeScale: 1_000_000, s3Buckets: [BUCKET] });
    target = emulatorTarget(emulator.emulator.url);
    await createVault(emulator.client, VAULT);
    archiveId = await uploadArchive(
      emulator.client,
      VAULT,
      '"date",Region,AMOUNT\n2024-01-02,EU,5\n2024-01-03,US,x\n',
    );
  });
  afterAll(() => emulator.stop());

  async function completed(expression: string) {
    const params = selectJobParameters(
      archiveId,
      { Expression: expression },
      { BucketName: BUCKET, Prefix: "thaw" },
    );
    const { jobId } = await initiateJob(emulator.client, VAULT, params);
    const job = await waitForJob(emulator.client, VAULT, jobId);
    const location = selectLocationOf(
      JSON.stringify({ ...params, SelectParameters: params.SelectParameters }),
      job.JobOutputPath ?? null,
      jobId,
    );
    if (!location) throw new Error("no location");
    const objects = await listSelectResults(target, location);
    return { job, location, objects, manifests: await readSelectManifests(target, location, objects) };
  }

  it("takes the result keys from result_manifest.txt and previews the first", async () => {
    const { location, manifests } = await completed(`SELECT s.Region FROM archive s WHERE s.AMOUNT = '5'`);
    expect(manifests).toEqual({
      state: "succeeded",
      results: [`${location.prefix}results/00000.csv`],
      resultCount: 1,
      errors: [],
    });
    const preview = await previewSelectResult(target, location, manifests.results[0] ?? "");
    expect(preview.rows).toEqual([["EU"]]);
  });

  it("reads what stopped a failed job from the objects error_manifest.txt names", async () => {
    const { job, manifests } = await completed(
      `SELECT s.Region FROM archive s WHERE CAST(s.AMOUNT AS INT) > 1`,
    );
    expect(job.StatusCode).toBe("Failed");
    expect(manifests.state).toBe("failed");
    expect(manifests.errors).toEqual([job.StatusMessage]);
  });
});
