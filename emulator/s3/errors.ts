import { GlacierError } from "../http/errors";

/** An S3 error, sent as S3's XML `<Error>` document (HEAD responses carry no body). */
export class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra elements S3 adds, e.g. Key, BucketName. */
    readonly details: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = code;
  }
}

export const noSuchBucket = (bucket: string) =>
  new S3Error(404, "NoSuchBucket", "The specified bucket does not exist", { BucketName: bucket });
export const noSuchKey = (key: string) =>
  new S3Error(404, "NoSuchKey", "The specified key does not exist.", { Key: key });
export const noSuchUpload = (uploadId: string) =>
  new S3Error(404, "NoSuchUpload", "The specified upload does not exist.", { UploadId: uploadId });
export const accessDenied = (message = "Access Denied") => new S3Error(403, "AccessDenied", message);
export const invalidArgument = (message: string, name?: string, value?: string) =>
  new S3Error(
    400,
    "InvalidArgument",
    message,
    name === undefined ? {} : { ArgumentName: name, ArgumentValue: value ?? "" },
  );
export const notImplemented = (what: string) =>
  new S3Error(
    501,
    "NotImplemented",
    `A header or query you provided implies functionality that is not implemented: ${what}`,
  );

/** Signature errors come from the shared SigV4 code as Glacier errors; S3 names them differently. */
const AUTH_CODES: Readonly<Record<string, [number, string]>> = {
  IncompleteSignatureException: [400, "AuthorizationHeaderMalformed"],
  UnrecognizedClientException: [403, "InvalidAccessKeyId"],
  InvalidSignatureException: [403, "SignatureDoesNotMatch"],
  MissingAuthenticationTokenException: [403, "AccessDenied"],
  AccessDeniedException: [403, "AccessDenied"],
};

export function toS3Error(err: unknown): S3Error {
  if (err instanceof S3Error) return err;
  if (err instanceof GlacierError) {
    const [status, code] = AUTH_CODES[err.code] ?? [err.status, err.code];
    const message =
      code === "InvalidAccessKeyId"
        ? "The AWS Access Key Id you provided does not exist in our records."
        : err.message;
    return new S3Error(status, code, message);
  }
  return new S3Error(500, "InternalError", "We encountered an internal error. Please try again.");
}
