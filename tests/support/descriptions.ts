/** For the description tests: the writer × decoder round trip both the decoder's and the writers' tests check. */
import { expect } from "vitest";
import { decodeDescription } from "@/lib/glacier/descriptions/decode";
import {
  cloudBerryDescription,
  fastGlacierDescription,
  fastGlacierV1Description,
  mt1Description,
  mt2Description,
} from "@/lib/glacier/descriptions/encoders";

/**
 * Writes `path` with every description writer and expects decodeDescription to read it back: the path
 * (with `\` as `/`: the decoders read it as a separator, formats.md §0) and, where the format keeps
 * one, the modification time `mtime` (whole seconds).
 */
export function expectEveryWriterRoundTrips(path: string, mtime: Date | string): void {
  const want = path.replace(/\\/g, "/");
  const modified = new Date(mtime).toISOString().replace(/\.\d{3}Z$/, "Z");
  expect(decodeDescription(mt2Description(path, mtime))).toMatchObject({
    format: "mt2",
    path: want,
    modified,
  });
  expect(decodeDescription(mt1Description(path, mtime))).toMatchObject({
    format: "mt1",
    path: want,
    modified,
  });
  for (const version of [2, 3, 4] as const) {
    expect(decodeDescription(fastGlacierDescription(path, mtime, { version }))).toMatchObject({
      format: `fastglacier-v${version}`,
      path: want,
      modified,
    });
  }
  expect(decodeDescription(fastGlacierV1Description(path))).toMatchObject({
    format: "fastglacier-v1",
    path: want,
  });
  expect(decodeDescription(cloudBerryDescription(path, mtime, 3))).toMatchObject({
    format: "cloudberry",
    path: want,
    modified,
    extra: { flags: 3, compressed: true, encrypted: true },
  });
}
