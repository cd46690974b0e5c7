/**
 * The select wizard's schema: vault, ArchiveId, Tier, Description, SNSTopic (from the common base),
 * SelectParameters (SQL and the CSV serializations) and OutputLocation.S3 (bucket, prefix,
 * encryption, ACL, tags, metadata, storage class). Every Glacier rule comes from `job-rules.ts`
 * through `refineJobParameters`; this file shapes the form and adds only what the form itself
 * introduces: tag and metadata rows (a map on the wire, so a repeated key is a form error) and the
 * SQL check of the shared Glacier Select dialect (`../select`), the same one the emulator's
 * InitiateJob runs, so nothing AWS would refuse is sent. Pure and isomorphic.
 */

import { z } from "zod";
import { type JobIssue, type JobParametersResult, validateJobParameters } from "../job-rules";
import { DEFAULT_TIER } from "../job-types";
import {
  type JobParametersBody,
  jobCommonSchema,
  presentMembers,
  refineJobParameters,
  textField,
} from "./job-common";
import { checkSelectExpression } from "../select";
import { fileHeaderInfoOf, selectProblemText } from "../select-editor";
import { csvToWire } from "./select-characters";

const csvCharacters = {
  QuoteEscapeCharacter: textField(),
  RecordDelimiter: textField(),
  FieldDelimiter: textField(),
  QuoteCharacter: textField(),
};

const csvInputSchema = z.object({ FileHeaderInfo: textField(), Comments: textField(), ...csvCharacters });
const csvOutputSchema = z.object({ QuoteFields: textField(), ...csvCharacters });

const selectParametersSchema = z.object({
  ExpressionType: z.string().default("SQL"),
  Expression: textField(),
  InputSerialization: z.object({ csv: csvInputSchema.prefault({}) }).prefault({}),
  OutputSerialization: z.object({ csv: csvOutputSchema.prefault({}) }).prefault({}),
});

/** A key/value row of the Tagging or UserMetadata editor (a map on the wire). */
const keyValueRowSchema = z.object({ Key: textField(), Value: textField() });

const grantSchema = z.object({
  Grantee: z
    .object({
      Type: textField(),
      ID: textField(),
      URI: textField(),
      EmailAddress: textField(),
      DisplayName: textField(),
    })
    .prefault({}),
  Permission: textField(),
});

const s3LocationSchema = z.object({
  BucketName: z.string().trim().default(""),
  Prefix: textField(),
  Encryption: z
    .object({ EncryptionType: textField(), KMSKeyId: z.string().trim().default(""), KMSContext: textField() })
    .prefault({}),
  CannedACL: textField(),
  AccessControlList: z.array(grantSchema).default([]),
  Tagging: z.array(keyValueRowSchema).default([]),
  UserMetadata: z.array(keyValueRowSchema).default([]),
  StorageClass: textField(),
});

const selectShape = jobCommonSchema.extend({
  // Pasted ids often carry a trailing newline; archive ids never contain whitespace.
  ArchiveId: z.string().trim().default(""),
  SelectParameters: selectParametersSchema.prefault({}),
  OutputLocation: z.object({ S3: s3LocationSchema.prefault({}) }).prefault({}),
});

export type SelectJobValues = z.output<typeof selectShape>;
export type KeyValueRow = z.output<typeof keyValueRowSchema>;
export type GrantRow = z.output<typeof grantSchema>;

/** The map-valued members of OutputLocation.S3 that the form edits as rows. */
export const KEY_VALUE_MEMBERS = ["Tagging", "UserMetadata"] as const;
export type KeyValueMember = (typeof KEY_VALUE_MEMBERS)[number];
const S3_PATH = "OutputLocation.S3";

function rowsToMap(rows: readonly KeyValueRow[]): Record<string, string> {
  // A repeated key would merge into one entry here; refineRows reports it on the row instead.
  return Object.fromEntries(rows.map((row) => [row.Key, row.Value]));
}

function grantToWire(grant: GrantRow) {
  return { Grantee: presentMembers(grant.Grantee), ...presentMembers({ Permission: grant.Permission }) };
}

/** The exact InitiateJob body (JobParameters) the values describe; empty inputs and empty lists are left out. */
export function toInitiateJobParameters(values: SelectJobValues): JobParametersBody {
  const select = values.SelectParameters;
  const s3 = values.OutputLocation.S3;
  const encryption = presentMembers(s3.Encryption);
  return {
    Type: "select",
    ...presentMembers({
      ArchiveId: values.ArchiveId,
      Tier: values.Tier,
      Description: values.Description,
      SNSTopic: values.SNSTopic,
    }),
    SelectParameters: {
      ...presentMembers({ ExpressionType: select.ExpressionType, Expression: select.Expression }),
      InputSerialization: { csv: csvToWire(select.InputSerialization.csv) },
      OutputSerialization: { csv: csvToWire(select.OutputSerialization.csv) },
    },
    OutputLocation: {
      S3: {
        ...presentMembers({ BucketName: s3.BucketName, Prefix: s3.Prefix }),
        ...(Object.keys(encryption).length > 0 ? { Encryption: encryption } : {}),
        ...presentMembers({ CannedACL: s3.CannedACL }),
        ...(s3.AccessControlList.length > 0
          ? { AccessControlList: s3.AccessControlList.map(grantToWire) }
          : {}),
        ...(s3.Tagging.length > 0 ? { Tagging: rowsToMap(s3.Tagging) } : {}),
        ...(s3.UserMetadata.length > 0 ? { UserMetadata: rowsToMap(s3.UserMetadata) } : {}),
        ...presentMembers({ StorageClass: s3.StorageClass }),
      },
    },
  };
}

/**
 * The rules report a map entry at `OutputLocation.S3.Tagging.<key>`; the form shows it on the row
 * holding that key (its Key or Value input, by what the message is about).
 */
function issuesAtFields(issues: readonly JobIssue[], values: SelectJobValues): JobIssue[] {
  return issues.map((issue) => {
    for (const member of KEY_VALUE_MEMBERS) {
      const mapPath = `${S3_PATH}.${member}`;
      if (!issue.path.startsWith(`${mapPath}.`)) continue;
      const key = issue.path.slice(mapPath.length + 1);
      const index = values.OutputLocation.S3[member].findIndex((row) => row.Key === key);
      if (index < 0) continue;
      const column = issue.message.startsWith("The value of") ? "Value" : "Key";
      return { ...issue, path: `${mapPath}[${index}].${column}` };
    }
    return issue;
  });
}

function validateOnRows(values: SelectJobValues) {
  return (params: JobParametersBody): JobParametersResult => {
    const result = validateJobParameters(params);
    return result.ok ? result : { ok: false, issues: issuesAtFields(result.issues, values) };
  };
}

/**
 * The Glacier Select dialect's verdict on the expression (lib/glacier/select), in the screen's
 * words with AWS's error code and the place: what AWS would refuse at InitiateJob is refused here.
 * `header` is the archive's header when the user previewed it; unknown, only syntax and the dialect
 * are checked. Null when the expression passes or is blank (the rules report blank ones).
 */
export function sqlExpressionProblem(
  sql: string,
  fileHeaderInfo = "",
  header: readonly string[] | null = null,
): string | null {
  if (sql.trim() === "") return null;
  const problem = checkSelectExpression(sql, { fileHeaderInfo: fileHeaderInfoOf(fileHeaderInfo), header });
  if (!problem) return null;
  return selectProblemText(problem);
}

/**
 * Identical keys would silently merge into one map entry on the wire. (Metadata keys that differ
 * only in case stay distinct entries, and the rules report those.)
 */
function refineRows(values: SelectJobValues, ctx: z.RefinementCtx): void {
  for (const member of KEY_VALUE_MEMBERS) {
    const seen = new Set<string>();
    values.OutputLocation.S3[member].forEach((row, index) => {
      const key = row.Key;
      if (seen.has(key)) {
        ctx.addIssue({
          code: "custom",
          path: ["OutputLocation", "S3", member, index, "Key"],
          message: `The key "${row.Key}" is already used above`,
        });
      }
      seen.add(key);
    });
  }
}

export const selectJobSchema = selectShape.superRefine((values, ctx) => {
  refineJobParameters(toInitiateJobParameters, validateOnRows(values))(values, ctx);
  refineRows(values, ctx);
  const select = values.SelectParameters;
  const problem = sqlExpressionProblem(select.Expression, select.InputSerialization.csv.FileHeaderInfo);
  if (problem) ctx.addIssue({ code: "custom", path: ["SelectParameters", "Expression"], message: problem });
});

export type SelectJobInput = z.input<typeof selectJobSchema>;

export const emptyKeyValueRow = (): KeyValueRow => ({ Key: "", Value: "" });

export const emptyGrantRow = (): GrantRow => ({
  Grantee: { Type: "CanonicalUser", ID: "", URI: "", EmailAddress: "", DisplayName: "" },
  Permission: "READ",
});

/** An empty wizard (also the template a shared link is decoded against). */
export function emptySelectJob(vault = "", archiveId = ""): SelectJobValues {
  const characters = {
    QuoteEscapeCharacter: "",
    RecordDelimiter: "",
    FieldDelimiter: "",
    QuoteCharacter: "",
  };
  return {
    vault,
    ArchiveId: archiveId,
    Tier: DEFAULT_TIER,
    Description: "",
    SNSTopic: "",
    SelectParameters: {
      ExpressionType: "SQL",
      Expression: "",
      InputSerialization: { csv: { FileHeaderInfo: "", Comments: "", ...characters } },
      OutputSerialization: { csv: { QuoteFields: "", ...characters } },
    },
    OutputLocation: {
      S3: {
        BucketName: "",
        Prefix: "",
        Encryption: { EncryptionType: "", KMSKeyId: "", KMSContext: "" },
        CannedACL: "",
        AccessControlList: [],
        Tagging: [],
        UserMetadata: [],
        StorageClass: "",
      },
    },
  };
}
