import "server-only";

import { type AwsFailure } from "@/lib/glacier/failure";

export type { AwsFailure };

/**
 * Every AWS failure becomes an AwsFailure: a sentence for a person, plus the AWS error code and request id.
 * The SDK's own text is kept only when the service answered (it is AWS's reply, part of "the exact error").
 */
const sentences: Record<string, string> = {
  ResourceNotFoundException: "The vault, archive, upload or job does not exist in this account and region.",
  InvalidParameterValueException: "Glacier rejected a parameter value.",
  MissingParameterValueException: "Glacier needs a parameter that was not sent.",
  PolicyEnforcedException: "The account's data retrieval policy does not allow this retrieval now.",
  InsufficientCapacityException:
    "There is not enough capacity for an Expedited retrieval right now. Use Standard, or buy provisioned capacity.",
  LimitExceededException: "An account limit was reached (vaults, tags or provisioned capacity units).",
  RequestTimeoutException: "Glacier timed out while receiving the request. Try again.",
  ServiceUnavailableException:
    "Glacier is temporarily unavailable. The request was retried and still failed; try again later.",
  ThrottlingException:
    "Glacier is throttling requests from this account. The request was retried; try again in a minute.",
  AccessDeniedException:
    "The credentials are valid but not allowed to do this (check the IAM policy and the account id).",
  InvalidSignatureException: "The request signature does not match: the secret access key is wrong.",
  SignatureDoesNotMatch: "The request signature does not match: the secret access key is wrong.",
  UnrecognizedClientException:
    "AWS does not recognise the access key id: check it, and that the key is active in IAM.",
  InvalidClientTokenId: "AWS does not recognise the access key id.",
  ExpiredTokenException: "The session token has expired. Refresh the temporary credentials.",
  ExpiredToken: "The session token has expired. Refresh the temporary credentials.",
  MissingAuthenticationTokenException: "The request was not signed. Check the connection's credentials.",
  CredentialsProviderError: "No AWS credentials could be found for this connection's credential mode.",
  NoLongerSupportedException:
    "This AWS account has no Glacier vault storage: the vault API is closed to new customers since December 2025.",
  SerializationException: "Glacier could not read the request body.",
  RequestTimeTooSkewed:
    "This server's clock differs from AWS's by more than 15 minutes, so S3 refused the signature. Fix the server's clock (enable NTP) and try again.",
};

/**
 * Glacier refuses a request signed more than 5 minutes off its clock with the same code as a wrong secret,
 * InvalidSignatureException; only AWS's message tells them apart ("Signature expired: … (… - 5 min.)" or
 * "Signature not yet current: … (… + 5 min.)"). The SDK corrects its offset from the refusal's Date header
 * and retries once, so this reaches a person when that retry is not allowed or fails too.
 */
const CLOCK_SKEW_MESSAGE = /^Signature (expired|not yet current):/;
const CLOCK_SKEW_SENTENCE =
  "This server's clock differs from AWS's by more than 5 minutes, so AWS refused the request's signature. Fix the server's clock (enable NTP) and try again.";

function sentenceFor(code: string, awsMessage: string | undefined): string | undefined {
  if (code === "InvalidSignatureException" && awsMessage && CLOCK_SKEW_MESSAGE.test(awsMessage))
    return CLOCK_SKEW_SENTENCE;
  return sentences[code];
}

const networkSentences: Record<string, string> = {
  ECONNREFUSED:
    "Nothing is listening at the endpoint (connection refused). Check the endpoint URL and that the server runs.",
  ENOTFOUND: "The endpoint's host name does not resolve. Check the endpoint URL or the region.",
  EAI_AGAIN: "DNS lookup of the endpoint failed. Check the network and try again.",
  ECONNRESET: "The connection to the endpoint was reset. Try again.",
  ETIMEDOUT: "The endpoint did not answer in time. Check the network path (proxy, VPC endpoint, firewall).",
  TimeoutError:
    "The endpoint did not answer in time. Check the network path (proxy, VPC endpoint, firewall).",
  CERT_HAS_EXPIRED: "The endpoint's TLS certificate has expired.",
  DEPTH_ZERO_SELF_SIGNED_CERT: "The endpoint's TLS certificate is self-signed and not trusted.",
};

const retryableCodes = new Set([
  "ServiceUnavailableException",
  "ThrottlingException",
  "RequestTimeoutException",
  "ECONNRESET",
  "ETIMEDOUT",
  "TimeoutError",
  "EAI_AGAIN",
]);

type ErrorLike = {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  Code?: unknown;
  $metadata?: { requestId?: unknown; httpStatusCode?: unknown };
  $response?: { headers?: Record<string, string | undefined> };
  cause?: unknown;
  errors?: unknown;
};

function str(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

/** Network errors hide in `code`, in `cause`, or in an AggregateError's `errors` (Happy Eyeballs). */
function networkCode(err: ErrorLike, depth = 0): string | undefined {
  if (depth > 3) return undefined;
  const code = str(err.code);
  if (code && code in networkSentences) return code;
  const name = str(err.name);
  if (name && name in networkSentences) return name;
  if (err.cause && typeof err.cause === "object") {
    const inner = networkCode(err.cause, depth + 1);
    if (inner) return inner;
  }
  if (Array.isArray(err.errors)) {
    for (const e of err.errors) {
      if (e && typeof e === "object") {
        const inner = networkCode(e as ErrorLike, depth + 1);
        if (inner) return inner;
      }
    }
  }
  return undefined;
}

export function describeAwsError(error: unknown): AwsFailure {
  const err: ErrorLike = error && typeof error === "object" ? error : {};
  const net = networkCode(err);
  if (net) {
    return {
      code: net,
      message: networkSentences[net] ?? "The endpoint could not be reached.",
      awsMessage: undefined,
      requestId: undefined,
      httpStatus: undefined,
      retryable: retryableCodes.has(net),
    };
  }
  const requestId = str(err.$metadata?.requestId) ?? str(err.$response?.headers?.["x-amzn-requestid"]);
  const httpStatus =
    typeof err.$metadata?.httpStatusCode === "number" ? err.$metadata.httpStatusCode : undefined;
  const code = str(err.Code) ?? str(err.name) ?? "UnknownError";
  const answered = httpStatus !== undefined;
  const known = sentenceFor(code, str(err.message));
  return {
    code,
    message:
      known ??
      (answered
        ? `AWS refused the request (HTTP ${httpStatus}).`
        : "The request to AWS failed before an answer came back."),
    awsMessage: answered ? str(err.message) : undefined,
    requestId,
    httpStatus,
    retryable: retryableCodes.has(code),
  };
}

/** A thrown form of AwsFailure for service functions; pages and actions catch it and show `failure`. */
export class AwsOperationError extends Error {
  constructor(readonly failure: AwsFailure) {
    super(`${failure.code}: ${failure.message}`);
    this.name = "AwsOperationError";
  }
}
