import "server-only";
import http from "node:http";
import https from "node:https";
import { X509Certificate } from "node:crypto";

/**
 * Fetches signing certificates (https for AWS; the embedded server's own origin when configured), with
 * no redirects followed, a size cap and a timeout, and caches them per URL (bounded, with a TTL).
 */

const MAX_BYTES = 64 * 1024;
const TIMEOUT_MS = 5_000;
const CACHE_TTL_MS = 24 * 3_600_000;
const CACHE_MAX = 50;

export type CertificateFetcher = (url: string) => Promise<X509Certificate>;

function download(url: URL): Promise<string> {
  const get = url.protocol === "https:" ? https.get : http.get;
  return new Promise((resolve, reject) => {
    const request = get(
      url,
      { timeout: TIMEOUT_MS, headers: { accept: "application/x-pem-file" } },
      (response) => {
        if (response.statusCode !== 200) {
          response.resume();
          reject(new Error(`certificate fetch answered ${response.statusCode ?? "?"}`));
          return;
        }
        let size = 0;
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BYTES) request.destroy(new Error("certificate too large"));
          else chunks.push(chunk);
        });
        response.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
        response.on("error", reject);
      },
    );
    request.on("timeout", () => request.destroy(new Error("certificate fetch timed out")));
    request.on("error", reject);
  });
}

export async function fetchCertificate(url: string): Promise<X509Certificate> {
  const pem = await download(new URL(url));
  if (!pem.includes("-----BEGIN CERTIFICATE-----")) throw new Error("not a PEM certificate");
  return new X509Certificate(pem);
}

/** A cache in front of `fetcher`: failures are not cached, entries expire, the oldest go first. */
export function cachedFetcher(
  fetcher: CertificateFetcher = fetchCertificate,
  now: () => number = Date.now,
): CertificateFetcher {
  const cache = new Map<string, { at: number; cert: Promise<X509Certificate> }>();
  return (url) => {
    const hit = cache.get(url);
    if (hit && now() - hit.at < CACHE_TTL_MS) return hit.cert;
    const cert = fetcher(url);
    cache.set(url, { at: now(), cert });
    cert.catch(() => cache.delete(url));
    while (cache.size > CACHE_MAX) {
      const oldest = cache.keys().next().value;
      if (oldest === undefined) break;
      cache.delete(oldest);
    }
    return cert;
  };
}
