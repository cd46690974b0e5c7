/** What the job-rules tests (lib/glacier/job-rules*.test.ts) share: verdict helpers and a valid select job. */

import { type JobIssue, validateJobParameters } from "@/lib/glacier/job-rules";

export const ARCHIVE_ID =
  "NkbByEejwEggmBz2fTHgJrg0XBoDfjP4q6iu87-TjhqG6eGoOY9Z8i1_AUyUsuhPAdTqLHy8pTl5nfCFJmDl2yEZONi5L26Omw12vcs01MNGntHEQL8MBfGlqrEXAMPLEArchiveId";
export const BUCKET_OWNER_ID = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be";

export function issuesOf(params: unknown, archiveSize?: number): JobIssue[] {
  const result = validateJobParameters(params, archiveSize === undefined ? {} : { archiveSize });
  if (result.ok) throw new Error(`expected issues, got ${JSON.stringify(result.value)}`);
  return result.issues;
}

export function valueOf(params: unknown, archiveSize?: number) {
  const result = validateJobParameters(params, archiveSize === undefined ? {} : { archiveSize });
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.issues)}`);
  return result.value;
}

/** The first issue's code and path: what the emulator turns into the AWS error. */
export function firstIssue(params: unknown, archiveSize?: number): [string, string] {
  const [issue] = issuesOf(params, archiveSize);
  return [issue?.code ?? "", issue?.path ?? ""];
}

export const validSelect = {
  Type: "select",
  ArchiveId: ARCHIVE_ID,
  Tier: "Expedited",
  SelectParameters: {
    ExpressionType: "SQL",
    Expression: "SELECT s._1 FROM archive s WHERE s._2 > 10",
    InputSerialization: { csv: { FileHeaderInfo: "Use", RecordDelimiter: "\r\n", FieldDelimiter: ";" } },
    OutputSerialization: { csv: { QuoteFields: "asneeded" } },
  },
  OutputLocation: {
    S3: {
      BucketName: "thaw-results.example",
      Prefix: "select-output",
      Encryption: { EncryptionType: "aws:kms", KMSKeyId: "alias/thaw" },
      AccessControlList: [
        {
          Grantee: { Type: "CanonicalUser", ID: BUCKET_OWNER_ID, DisplayName: "owner" },
          Permission: "FULL_CONTROL",
        },
        {
          Grantee: { Type: "Group", URI: "http://acs.amazonaws.com/groups/global/AuthenticatedUsers" },
          Permission: "READ",
        },
        {
          Grantee: { Type: "AmazonCustomerByEmail", EmailAddress: "ops@example.com" },
          Permission: "READ_ACP",
        },
      ],
      Tagging: { project: "thaw", "cost center": "it-ops" },
      UserMetadata: { "source-vault": "examplevault" },
      StorageClass: "STANDARD_IA",
    },
  },
};

export function selectWith(patch: (s: typeof validSelect.OutputLocation.S3) => Record<string, unknown>) {
  return { ...validSelect, OutputLocation: { S3: patch(validSelect.OutputLocation.S3) } };
}

export function selectParametersWith(patch: Record<string, unknown>) {
  return { ...validSelect, SelectParameters: { ...validSelect.SelectParameters, ...patch } };
}
