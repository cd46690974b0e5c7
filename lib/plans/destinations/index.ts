import "server-only";
import { s3ClientFor } from "@/lib/aws/s3-client";
import { type AccountTarget } from "@/lib/aws/vaults";
import { type PlanDestination } from "@/lib/glacier/plan-form";
import { DirectoryDestination } from "./directory";
import { S3Destination } from "./s3";
import { type DestinationWriter } from "./types";

export type { DestinationWriter } from "./types";

/** The writer of a plan's destination; S3 goes through the connection's own S3 client. */
export function destinationFor(
  destination: PlanDestination,
  target: AccountTarget,
  exportRoots: readonly string[],
): DestinationWriter {
  return destination.kind === "directory"
    ? new DirectoryDestination(destination.path, exportRoots)
    : new S3Destination(s3ClientFor(target), destination);
}
