import "server-only";
import { GlacierClient } from "@aws-sdk/client-glacier";
import { fromIni, fromNodeProviderChain, fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import type { AwsCredentialIdentityProvider } from "@aws-sdk/types";
import type { ConnectionCredentials } from "@/lib/connections";
import { type CallTimeouts, connectionClientCache, requestHandlerOptions, timeoutsKey } from "./client-cache";

/** What the factory needs of a connection: its place and its decrypted credential material. */
export type ClientTarget = {
  id: string;
  /** Changes when the connection is edited, so a cached client is never stale. */
  version: string;
  region: string;
  endpoint: string | null;
  credentials: ConnectionCredentials;
  /** Bounds on every call's time (DEFAULT_TIMEOUTS where absent); tests shorten them. */
  timeouts?: Partial<CallTimeouts>;
};

/** The connection's credentials, shared by the Glacier and S3 clients. */
export function credentialProvider(target: ClientTarget): AwsCredentialIdentityProvider {
  const c = target.credentials;
  switch (c.mode) {
    case "default-chain":
      return fromNodeProviderChain();
    case "profile":
      return fromIni({ profile: c.profile });
    case "access-key": {
      const identity = {
        accessKeyId: c.accessKeyId,
        secretAccessKey: c.secretAccessKey,
        sessionToken: c.sessionToken,
      };
      return () => Promise.resolve(identity);
    }
    case "assume-role":
      return fromTemporaryCredentials({
        masterCredentials: fromNodeProviderChain(),
        params: { RoleArn: c.roleArn, ExternalId: c.externalId, RoleSessionName: c.sessionName ?? "thaw" },
        clientConfig: { region: target.region },
      });
  }
}

export type ClientOptions = {
  /**
   * Attempts including the first; the SDK's default is 3. A connection test uses fewer, to answer
   * fast; InitiateJob uses 1, since a retried request whose first answer was lost starts a second job.
   */
  maxAttempts?: number;
};

const cachedClient = connectionClientCache<GlacierClient>();

/** The one place a GlacierClient is built. Clients are cached per connection version and options. */
export function glacierClientFor(target: ClientTarget, options: ClientOptions = {}): GlacierClient {
  return cachedClient(
    target,
    `:${options.maxAttempts ?? "default"}${timeoutsKey(target.timeouts)}`,
    () =>
      new GlacierClient({
        region: target.region,
        endpoint: target.endpoint ?? undefined,
        credentials: credentialProvider(target),
        maxAttempts: options.maxAttempts,
        requestHandler: requestHandlerOptions(target.timeouts, { answer: true }),
      }),
  );
}
