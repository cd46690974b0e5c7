/**
 * The archive-retrieval wizard's schema: vault, ArchiveId, RetrievalByteRange (empty = the whole
 * archive), Tier, Description and SNSTopic. Every Glacier rule comes from `job-rules.ts`; with the
 * archive's size (known when it was picked from an inventory) the byte range is judged in full.
 * Pure and isomorphic.
 */

import { z } from "zod";
import { type ByteRangeContext, validateJobParameters } from "../job-rules";
import { DEFAULT_TIER } from "../job-types";
import { type JobParametersBody, jobCommonSchema, presentMembers, refineJobParameters } from "./job-common";

const archiveShape = jobCommonSchema.extend({
  // Pasted ids often carry a trailing newline; archive ids never contain whitespace.
  ArchiveId: z.string().trim().default(""),
  RetrievalByteRange: z.string().trim().default(""),
});

export type ArchiveJobValues = z.output<typeof archiveShape>;

/** The exact InitiateJob body (JobParameters) the values describe; empty inputs are left out. */
export function toInitiateJobParameters(values: ArchiveJobValues): JobParametersBody {
  return {
    Type: "archive-retrieval",
    ...presentMembers({
      ArchiveId: values.ArchiveId,
      RetrievalByteRange: values.RetrievalByteRange,
      Tier: values.Tier,
      Description: values.Description,
      SNSTopic: values.SNSTopic,
    }),
  };
}

/** The schema, judging RetrievalByteRange against `ctx.archiveSize` when it is known. */
export function archiveJobSchemaFor(ctx: ByteRangeContext = {}) {
  return archiveShape.superRefine(
    ctx.archiveSize === undefined
      ? refineJobParameters(toInitiateJobParameters)
      : refineJobParameters(toInitiateJobParameters, (params) => validateJobParameters(params, ctx)),
  );
}

export const archiveJobSchema = archiveJobSchemaFor();

export type ArchiveJobInput = z.input<typeof archiveJobSchema>;

export function emptyArchiveJob(vault = "", archiveId = ""): ArchiveJobValues {
  return {
    vault,
    ArchiveId: archiveId,
    RetrievalByteRange: "",
    Tier: DEFAULT_TIER,
    Description: "",
    SNSTopic: "",
  };
}
