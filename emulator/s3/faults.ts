import { type IncomingMessage } from "node:http";
import { FaultSpecError } from "../faults";
import { type EmulatorServices } from "../module";
import { perServices } from "../per-services";
import { S3Error } from "./errors";

/**
 * Test-only S3 faults, beside the Glacier ones in ../faults.ts: an operation answers S3's 500
 * InternalError (or 503 SlowDown) after a number of good calls — "an S3 endpoint that answers 500
 * halfway" through a multipart upload — or, with `Hang`, never answers at all (the request is held,
 * its body unread, until the client gives up and closes the connection), so a client's time bound
 * can be tested. Off unless the server was started with `faultInjection`; armed only through
 * `RunningEmulator.s3Faults`, never over HTTP. The failing request's body is not stored
 * (ErrorResponses: InternalError, SlowDown).
 */
const S3_FAULTS = {
  InternalError: { status: 500, message: "We encountered an internal error. Please try again." },
  SlowDown: { status: 503, message: "Please reduce your request rate." },
  Hang: { status: 0, message: "" },
} as const;

export type S3FaultCode = keyof typeof S3_FAULTS;

/** What an armed fault does to the call: answer an error, or never answer. */
export type S3FaultAction = { kind: "error"; error: S3Error } | { kind: "hang" };

/** The operations the S3 endpoint answers, as AWS names them. */
export const S3_OPERATIONS = [
  "ListBuckets",
  "ListObjectsV2",
  "HeadBucket",
  "CreateBucket",
  "GetObject",
  "HeadObject",
  "GetObjectTagging",
  "GetObjectAcl",
  "PutObject",
  "DeleteObject",
  "CreateMultipartUpload",
  "UploadPart",
  "ListParts",
  "ListMultipartUploads",
  "CompleteMultipartUpload",
  "AbortMultipartUpload",
] as const;
export type S3Operation = (typeof S3_OPERATIONS)[number];

export interface S3FaultControl {
  /**
   * After `after` more good calls of `operation`, the next `count` (default 1) answer `code`
   * (default InternalError). Arming again replaces what was armed for that operation.
   */
  failAfter(operation: S3Operation, after: number, options?: { count?: number; code?: S3FaultCode }): void;
  /** Calls of `operation` still set to fail. */
  pending(operation: S3Operation): number;
  /** Disarms every S3 fault. */
  clear(): void;
}

interface Armed {
  goodLeft: number;
  failLeft: number;
  code: S3FaultCode;
}

class S3FaultInjector implements S3FaultControl {
  private readonly armed = new Map<string, Armed>();

  constructor(
    private readonly enabled: boolean,
    private readonly log: (line: string) => void,
  ) {}

  failAfter(
    operation: S3Operation,
    after: number,
    options: { count?: number; code?: S3FaultCode } = {},
  ): void {
    const { count = 1, code = "InternalError" } = options;
    if (!this.enabled)
      throw new FaultSpecError(
        "fault injection is off: start the emulator with faultInjection (--inject-fault)",
      );
    if (!(S3_OPERATIONS as readonly string[]).includes(operation))
      throw new FaultSpecError(`unknown S3 operation '${operation}'`);
    if (!Object.hasOwn(S3_FAULTS, code)) throw new FaultSpecError(`unknown S3 error code '${code}'`);
    if (!Number.isInteger(after) || after < 0 || !Number.isInteger(count) || count < 1)
      throw new FaultSpecError(`after must be a whole number ≥ 0 and count ≥ 1, got ${after} and ${count}`);
    this.armed.set(operation, { goodLeft: after, failLeft: count, code });
  }

  pending(operation: S3Operation): number {
    return this.armed.get(operation)?.failLeft ?? 0;
  }

  clear(): void {
    this.armed.clear();
  }

  /** The error this call answers with, if it is one of the armed failures (counts good calls down). */
  take(operation: string): S3FaultAction | undefined {
    const armed = this.armed.get(operation);
    if (!armed) return undefined;
    if (armed.goodLeft > 0) {
      armed.goodLeft -= 1;
      return undefined;
    }
    armed.failLeft -= 1;
    if (armed.failLeft === 0) this.armed.delete(operation);
    this.log(`fault injection: S3 ${operation} answers ${armed.code} (${armed.failLeft} more armed)`);
    if (armed.code === "Hang") return { kind: "hang" };
    const fault = S3_FAULTS[armed.code];
    return { kind: "error", error: new S3Error(fault.status, armed.code, fault.message) };
  }
}

const injectors = perServices(
  (services: EmulatorServices) =>
    new S3FaultInjector(services.options.faultInjection !== undefined, services.log),
);

/** The S3 fault control of an emulator instance. */
export const s3Faults = (services: EmulatorServices): S3FaultControl => injectors.get(services);

/**
 * Applies the armed fault for this S3 call, if any: throws its error, or resolves `"hung"` once the
 * client has closed the connection of a call that must never be answered.
 */
export async function takeS3Fault(
  services: EmulatorServices,
  operation: string,
  req: IncomingMessage,
): Promise<"hung" | undefined> {
  const fault = injectors.get(services).take(operation);
  if (fault?.kind === "error") throw fault.error;
  if (fault?.kind !== "hang") return undefined;
  await new Promise<void>((resolve) => {
    if (req.socket.destroyed) resolve();
    else req.socket.once("close", () => resolve());
  });
  return "hung";
}
