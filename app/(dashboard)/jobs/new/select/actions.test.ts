import { describe, expect, it } from "vitest";
import { emptySelectJob, selectJobSchema } from "@/lib/glacier/schemas/select-job";
import { actingAs } from "@/lib/auth/current-user";
import { submitSelectJobAction } from "./actions";

const OPERATOR = {
  id: "00000000-0000-4000-8000-000000000001",
  email: "operator@example.com",
  name: "Operator",
  role: "operator",
} as const;
const submit = (input: unknown) => actingAs(OPERATOR, () => submitSelectJobAction(input));

const KEY = "2f1e0d9c-8b7a-4c5d-9e8f-7a6b5c4d3e2f";

/**
 * An action is a public POST endpoint: input that skipped the form must be refused with the same
 * messages the form shows, before anything reaches the submission service (no connection, database
 * or Glacier is needed for that, which is what this proves).
 */
describe("submitSelectJobAction refuses input that bypassed the form", () => {
  it("answers with the schema's own messages at the envelope's job.* paths", async () => {
    const job = emptySelectJob("reports", "archive-id");
    job.SelectParameters.Expression = "UPDATE S3Object SET x = 1";
    job.OutputLocation.S3.BucketName = "Not_A_Bucket";
    job.OutputLocation.S3.Prefix = "p";
    job.OutputLocation.S3.Encryption = { EncryptionType: "AES256", KMSKeyId: "alias/x", KMSContext: "" };
    job.OutputLocation.S3.AccessControlList = [
      {
        Grantee: { Type: "Group", ID: "", URI: "", EmailAddress: "ops@example.com", DisplayName: "" },
        Permission: "READ",
      },
    ];
    const result = await submit({ idempotencyKey: KEY, job });
    expect(result.ok).toBe(false);
    if (result.ok) return;

    const form = selectJobSchema.safeParse(job);
    const expected: Record<string, string> = {};
    for (const issue of form.error?.issues ?? []) expected[`job.${issue.path.join(".")}`] ??= issue.message;
    expect(Object.keys(expected).length).toBeGreaterThanOrEqual(5);
    expect(result.fieldErrors).toEqual(expected);
    expect(result.fieldErrors["job.OutputLocation.S3.AccessControlList.0.Grantee.EmailAddress"]).toMatch(
      /must not be given for a Group/,
    );
  });

  it("refuses what AWS would refuse at InitiateJob: the shared Glacier Select dialect", async () => {
    const job = emptySelectJob("reports", "archive-id");
    job.OutputLocation.S3.BucketName = "results";
    job.OutputLocation.S3.Prefix = "p";
    const cases: [string, string][] = [
      ["SELECT * FROM archive s LIMIT 5", "ParseUnsupportedSyntax"],
      ["SELECT COUNT(*) FROM archive", "ParseUnsupportedSyntax"],
      ["SELECT * FROM S3Object", "ParseUnexpectedToken"],
      ["SELECT s.date FROM archive s", "ParseUnexpectedKeyword"],
    ];
    for (const [expression, code] of cases) {
      job.SelectParameters.Expression = expression;
      const result = await submit({ idempotencyKey: KEY, job });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.fieldErrors["job.SelectParameters.Expression"]).toContain(`(${code}, line 1, column`);
    }
  });

  it("refuses members of other job types and unknown members", async () => {
    const job = {
      ...emptySelectJob("reports", "archive-id"),
      RetrievalByteRange: "0-1048575",
      Surprise: true,
    };
    const result = await submit({ idempotencyKey: KEY, job });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fieldErrors["job.RetrievalByteRange"]).toMatch(/not valid for select jobs/);
    expect(result.fieldErrors["job.Surprise"]).toMatch(/Unknown parameter/);
  });

  it("refuses a missing or malformed idempotency key", async () => {
    const result = await submit({ idempotencyKey: "again", job: emptySelectJob() });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fieldErrors.idempotencyKey).toMatch(/submission key/);
  });
});

describe("submitSelectJobAction checks the session and role before the input", () => {
  it("refuses a caller without a session", async () => {
    const result = await submitSelectJobAction({ idempotencyKey: KEY, job: emptySelectJob() }).catch(
      () => undefined,
    );
    // Outside a request there is no cookie store: the wrapper answers with its generic refusal, never runs the handler.
    expect(result?.ok ?? false).toBe(false);
  });

  it("refuses a viewer even with valid-looking input", async () => {
    const viewer = { ...OPERATOR, role: "viewer" } as const;
    const result = await actingAs(viewer, () =>
      submitSelectJobAction({ idempotencyKey: KEY, job: emptySelectJob("reports", "a") }),
    );
    expect(result).toEqual({
      ok: false,
      message: "Your role (viewer) does not allow this.",
      fieldErrors: {},
    });
  });
});
