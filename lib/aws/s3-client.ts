import "server-only";
import { S3Client } from "@aws-sdk/client-s3";
import { connectionClientCache, requestHandlerOptions, timeoutsKey } from "./client-cache";
import { type ClientTarget, credentialProvider } from "./glacier-client";

const cachedClient = connectionClientCache<S3Client>();

/**
 * The S3 client of a connection (Select results live in S3). Same region, endpoint and credentials as
 * its Glacier client; a custom endpoint (the embedded server's S3 read API) is addressed path-style.
 */
export function s3ClientFor(target: ClientTarget): S3Client {
  return cachedClient(
    target,
    timeoutsKey(target.timeouts),
    () =>
      new S3Client({
        region: target.region,
        endpoint: target.endpoint ?? undefined,
        forcePathStyle: target.endpoint !== null,
        credentials: credentialProvider(target),
        // Parts of GiBs: only inactivity ends a call, never its length.
        requestHandler: requestHandlerOptions(target.timeouts, { answer: false }),
      }),
  );
}
