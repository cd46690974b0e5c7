import "server-only";
import { log } from "@/lib/log";
import { AwsOperationError, describeAwsError } from "./errors";

/** Runs one AWS call; a failure is logged with its raw detail and rethrown as an AwsOperationError. */
export async function awsCall<T>(operation: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const failure = describeAwsError(error);
    log().warn(
      { operation, code: failure.code, requestId: failure.requestId, httpStatus: failure.httpStatus, detail: error instanceof Error ? error.message : String(error) },
      "aws call failed",
    );
    throw new AwsOperationError(failure);
  }
}

/** Like awsCall, but a ResourceNotFoundException is an answer ("nothing configured"), not a failure. */
export async function awsCallOrNull<T>(operation: string, run: () => Promise<T>): Promise<T | null> {
  try {
    return await awsCall(operation, run);
  } catch (error) {
    if (error instanceof AwsOperationError && error.failure.code === "ResourceNotFoundException") return null;
    throw error;
  }
}
