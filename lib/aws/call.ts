import "server-only";
import { log } from "@/lib/log";
import { AwsOperationError, describeAwsError } from "./errors";

async function attempt<T>(
  operation: string,
  run: () => Promise<T>,
  quietCodes: readonly string[],
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const failure = describeAwsError(error);
    if (!quietCodes.includes(failure.code)) {
      log().warn(
        {
          operation,
          code: failure.code,
          requestId: failure.requestId,
          httpStatus: failure.httpStatus,
          detail: error instanceof Error ? error.message : String(error),
        },
        "aws call failed",
      );
    }
    throw new AwsOperationError(failure);
  }
}

/** Runs one AWS call; a failure is logged with its raw detail and rethrown as an AwsOperationError. */
export function awsCall<T>(operation: string, run: () => Promise<T>): Promise<T> {
  return attempt(operation, run, []);
}

/** Like awsCall, but a ResourceNotFoundException is an answer ("nothing configured"), not a failure. */
export async function awsCallOrNull<T>(operation: string, run: () => Promise<T>): Promise<T | null> {
  try {
    return await attempt(operation, run, ["ResourceNotFoundException"]);
  } catch (error) {
    if (error instanceof AwsOperationError && error.failure.code === "ResourceNotFoundException") return null;
    throw error;
  }
}

/**
 * Every item of a paged listing: `fetchPage` gets the previous page's token (undefined first) and
 * returns its items and the next token; listing stops at the last page, or once `atMost` items are in.
 */
export async function collectPages<T>(
  fetchPage: (token: string | undefined) => Promise<{ items: T[]; next: string | null | undefined }>,
  atMost = Infinity,
): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  do {
    const page = await fetchPage(token);
    items.push(...page.items);
    token = page.next ?? undefined;
  } while (token && items.length < atMost);
  return items;
}
