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

/** Over S3's part, PutObject or object size limit (API_UploadPart, API_CompleteMultipartUpload). */
export const entityTooLarge = (proposed: number, max: number) =>
  new S3Error(400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size", {
    ProposedSize: String(proposed),
    MaxSizeAllowed: String(max),
  });

/** A part other than the last under S3's minimum part size, found at CompleteMultipartUpload. */
export const entityTooSmall = (proposed: number, min: number, partNumber: number, etag: string) =>
  new S3Error(
    400,
    "EntityTooSmall",
    "Your proposed upload is smaller than the minimum allowed object size.",
    {
      ProposedSize: String(proposed),
      MinSizeAllowed: String(min),
      PartNumber: String(partNumber),
      ETag: etag,
    },
  );

/** A checksum header (or trailer) that does not match the bytes S3 received (ErrorResponses: BadDigest). */
export const badDigest = (algorithm: string) =>
  new S3Error(400, "BadDigest", `The ${algorithm} you specified did not match the calculated checksum.`);

export const invalidRequest = (message: string) => new S3Error(400, "InvalidRequest", message);

/** A part missing, or named with an ETag or checksum other than the stored part's. */
export const invalidPart = () =>
  new S3Error(
    400,
    "InvalidPart",
    "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
  );
