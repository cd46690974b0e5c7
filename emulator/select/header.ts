/**
 * The archive's CSV header record, read from the start of the stored bytes so InitiateJob can
 * check header names as AWS does before a job exists. Reads at most the first record (AWS caps a
 * record at 1 MB, and so does the reader), then stops the stream.
 */

import { type Readable } from "node:stream";
import { type CsvInputSerialization } from "../../lib/glacier/job-rules";
import { readCsvRecords } from "./csv-reader";
import { resolveInputCsv } from "./run-select";

/**
 * The first record's fields, or null when the archive is empty or its start cannot be read as CSV:
 * then names are not checked here, and the data error fails the job when it runs, as on AWS.
 */
export async function readCsvHeader(
  input: Readable,
  inputCsv: CsvInputSerialization = {},
): Promise<string[] | null> {
  const { header: _mode, ...options } = resolveInputCsv(inputCsv);
  try {
    for await (const batch of readCsvRecords(input, options)) {
      const first = batch[0];
      if (first) return first;
    }
    return null;
  } catch {
    return null;
  } finally {
    input.destroy();
  }
}
