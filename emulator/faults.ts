import { GlacierError } from "./http/errors";

/**
 * Test-only fault injection: the next N calls of one operation answer with a Glacier error instead of
 * running, run and then lose their answer, or never answer, so clients' retry, backoff, reconciliation
 * and timeout paths can be exercised. Off unless the server is started with `faultInjection` (CLI:
 * `--inject-fault`); there is no HTTP endpoint to switch it on.
 */

/** The "not now" errors a client is expected to retry later, with the status glacier-api.md §1.6/§12 gives. */
const FAULTS = {
  ThrottlingException: { status: 400, type: "Client", message: "Rate exceeded" },
  ServiceUnavailableException: {
    status: 500,
    type: "Server",
    message: "Service is unavailable. Try again later.",
  },
  InsufficientCapacityException: {
    status: 400,
    type: "Client",
    message: "There is not enough capacity to process this Expedited retrieval. Retry later.",
  },
  PolicyEnforcedException: {
    status: 400,
    type: "Client",
    message: "InitiateJob request denied by current data retrieval policy.",
  },
} as const;

/**
 * Network faults, not AWS errors. `ConnectionDropped`: the operation runs (an InitiateJob creates its
 * job) and the connection is then destroyed without a response, as when an answer is lost on the way
 * back: the client cannot know whether the call took effect. `NoAnswer`: the request is never answered
 * and nothing runs; the connection stays open until the client gives up (or the server closes).
 */
const NETWORK_FAULTS = ["ConnectionDropped", "NoAnswer"] as const;
type NetworkFault = (typeof NETWORK_FAULTS)[number];

export type FaultCode = keyof typeof FAULTS | NetworkFault;
export const FAULT_CODES = [...(Object.keys(FAULTS) as (keyof typeof FAULTS)[]), ...NETWORK_FAULTS];

/** What one faulty call does instead of answering normally. */
export type Fault = { kind: "error"; error: GlacierError } | { kind: "drop" } | { kind: "hang" };

export interface FaultSpec {
  /** Operation name as the router knows it, e.g. `InitiateJob`. */
  operation: string;
  code: FaultCode;
  /** How many calls in a row fail (default 1). */
  count?: number;
}

/** Turns on fault injection; `armed` fails calls from the first request on. */
export interface FaultInjectionOptions {
  armed?: readonly FaultSpec[];
}

export class FaultSpecError extends Error {}

export function isFaultCode(code: string): code is FaultCode {
  return Object.hasOwn(FAULTS, code) || (NETWORK_FAULTS as readonly string[]).includes(code);
}

/** `<Operation>=<ErrorCode>[:<count>]`, the CLI's spelling, e.g. `InitiateJob=ThrottlingException:3`. */
export function parseFaultSpec(text: string): FaultSpec {
  const match = /^([A-Za-z]+)=([A-Za-z]+)(?::(\d+))?$/.exec(text);
  const [, operation, code, count] = match ?? [];
  if (operation === undefined || code === undefined) {
    throw new FaultSpecError(`expected <Operation>=<ErrorCode>[:<count>], got '${text}'`);
  }
  if (!isFaultCode(code))
    throw new FaultSpecError(`unknown error code '${code}'; use one of ${FAULT_CODES.join(", ")}`);
  return { operation, code, count: count === undefined ? 1 : Number(count) };
}

type Queued = { code: FaultCode; left: number };

/** Faults per operation, served in the order they were armed. One per server instance. */
export class FaultInjector {
  private readonly queues = new Map<string, Queued[]>();

  /**
   * @param knows whether an operation exists, to refuse a typo instead of never firing.
   * @param log receives one line per injected failure, so a test log shows why a call failed.
   */
  constructor(
    readonly enabled: boolean,
    private readonly knows: (operation: string) => boolean,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  /** Makes the next `count` calls of `operation` fail with `code`, after any faults already armed for it. */
  failNext(operation: string, code: FaultCode, count = 1): void {
    if (!this.enabled) {
      throw new FaultSpecError(
        "fault injection is off: start the emulator with faultInjection (--inject-fault)",
      );
    }
    if (!this.knows(operation)) throw new FaultSpecError(`unknown operation '${operation}'`);
    if (!isFaultCode(code)) throw new FaultSpecError(`unknown error code '${String(code)}'`);
    if (!Number.isInteger(count) || count < 1)
      throw new FaultSpecError(`count must be a whole number ≥ 1, got ${count}`);
    const queue = this.queues.get(operation) ?? [];
    queue.push({ code, left: count });
    this.queues.set(operation, queue);
  }

  /** Calls of `operation` still set to fail. */
  pending(operation: string): number {
    return (this.queues.get(operation) ?? []).reduce((sum, q) => sum + q.left, 0);
  }

  /** What this call must do instead of answering normally, if a fault is armed (consumes it). */
  take(operation: string): Fault | undefined {
    const queue = this.queues.get(operation);
    const head = queue?.[0];
    if (!queue || !head) return undefined;
    head.left -= 1;
    if (head.left === 0) queue.shift();
    this.log(`fault injection: ${operation} answers ${head.code} (${this.pending(operation)} more armed)`);
    if (head.code === "ConnectionDropped") return { kind: "drop" };
    if (head.code === "NoAnswer") return { kind: "hang" };
    const fault = FAULTS[head.code];
    return { kind: "error", error: new GlacierError(fault.status, head.code, fault.message, fault.type) };
  }
}
