/**
 * What InitiateJob checks of a select job before the job exists (emulator/README.md, "Glacier
 * Select dialect"): the expression is parsed and checked with the shared dialect against the
 * archive's header (FileHeaderInfo USE), and the output bucket must exist. Syntax, dialect and name
 * errors are 400s with the Select error code; a missing bucket is a 400
 * InvalidParameterValueException. Errors seen only while reading data (a bad CAST of a value) still
 * fail the job later.
 */

import { type SelectJobParameters } from "../../lib/glacier/job-rules";
import { checkSelectExpression, type FileHeaderInfo } from "../../lib/glacier/select";
import { GlacierError, invalidParameter } from "../http/errors";
import { type EmulatorServices } from "../module";
import { s3Runtime } from "../s3/runtime";
import { readCsvHeader } from "../select/header";
import { type ArchiveRecord } from "../store/archives";

async function headerOf(
  services: EmulatorServices,
  params: SelectJobParameters,
  archive: ArchiveRecord,
): Promise<string[] | null> {
  if (archive.size === 0) return null;
  const input = services.storage.openArchiveStream(archive, 0, archive.size - 1);
  return readCsvHeader(input, params.SelectParameters.InputSerialization.csv);
}

export async function admitSelectJob(
  services: EmulatorServices,
  params: SelectJobParameters,
  archive: ArchiveRecord,
): Promise<void> {
  const select = params.SelectParameters;
  const fileHeaderInfo: FileHeaderInfo = select.InputSerialization.csv.FileHeaderInfo ?? "NONE";
  const header = fileHeaderInfo === "USE" ? await headerOf(services, params, archive) : null;
  const problem = checkSelectExpression(select.Expression, { fileHeaderInfo, header });
  if (problem) {
    throw new GlacierError(
      400,
      problem.code,
      `${problem.message} (SelectParameters.Expression, line ${problem.line}, column ${problem.column})`,
    );
  }
  const bucket = params.OutputLocation.S3.BucketName;
  if (!s3Runtime(services).repo.bucketExists(bucket)) {
    throw invalidParameter(`The specified bucket does not exist: ${bucket} (OutputLocation.S3.BucketName)`);
  }
}
