import "server-only";
import { S3Client } from "@aws-sdk/client-s3";
import { type ClientTarget, credentialProvider } from "./glacier-client";

const cache = new Map<string, S3Client>();

/**
 * The S3 client of a connection (Select results live in S3). Same region, endpoint and credentials as
 * its Glacier client; a custom endpoint (the embedded server's S3 read API) is addressed path-style.
 */
export function s3ClientFor(target: ClientTarget): S3Client {
  const key = `${target.id}:${target.version}`;
  const cached = cache.get(key);
  if (cached) return cached;
  for (const [k, client] of cache) {
    if (k.startsWith(`${target.id}:`)) {
      client.destroy();
      cache.delete(k);
    }
  }
  const client = new S3Client({
    region: target.region,
    endpoint: target.endpoint ?? undefined,
    forcePathStyle: target.endpoint !== null,
    credentials: credentialProvider(target),
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 60_000 },
  });
  cache.set(key, client);
  return client;
}
