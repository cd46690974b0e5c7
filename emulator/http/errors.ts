/**
 * AWS-style errors (glacier-api.md §1.5, §1.6, §12). Every error leaves the server as a JSON body
 * `{code, message, type}` plus the `x-amzn-ErrorType` header, so botocore and the JS SDK both map it.
 */
export type ErrorType = "Client" | "Server";

export class GlacierError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly type: ErrorType = "Client",
  ) {
    super(message);
    this.name = code;
  }
}

export const notFound = (message: string) => new GlacierError(404, "ResourceNotFoundException", message);
export const invalidParameter = (message: string) =>
  new GlacierError(400, "InvalidParameterValueException", message);
export const missingParameter = (message: string) =>
  new GlacierError(400, "MissingParameterValueException", message);
export const limitExceeded = (message: string) => new GlacierError(400, "LimitExceededException", message);
export const badRequest = (message: string) => new GlacierError(400, "BadRequest", message);
export const serializationError = (message: string) =>
  new GlacierError(400, "SerializationException", message);
export const accessDenied = (message: string) => new GlacierError(403, "AccessDeniedException", message);
export const serviceUnavailable = (message: string) =>
  new GlacierError(500, "ServiceUnavailableException", message, "Server");

export const vaultNotFound = (vaultArn: string) => notFound(`Vault not found for ARN: ${vaultArn}`);

/** §12: a hash header that does not match the bytes received. */
export const checksumMismatch = (sent: string, computed: string) =>
  invalidParameter(`Checksum mismatch: expected ${sent} but computed ${computed}`);

/** Required request header, reported the way Glacier words it. */
export const missingHeader = (name: string) =>
  missingParameter(`Required header or parameter ${name} is missing.`);

export function toGlacierError(err: unknown): GlacierError {
  if (err instanceof GlacierError) return err;
  return serviceUnavailable("An internal error occurred.");
}
