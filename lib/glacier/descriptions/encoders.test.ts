import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { assertDescription } from "@/emulator/rules/names";
import {
  cloudBerryDescription,
  compactUtc,
  encodeUtf7,
  fastGlacierDescription,
  mt1Description,
  mt2Description,
} from "./encoders";
import { expectEveryWriterRoundTrips } from "@/tests/support/descriptions";

const MTIME = new Date("2013-01-01T00:00:00Z");

describe("description writers", () => {
  it("writes mt-aws-glacier mt2 and mt1 exactly as formats.md's worked example", () => {
    expect(mt2Description("photos/été.jpg", MTIME)).toBe(
      "mt2 eyJtdGltZSI6IjIwMTMwMTAxVDAwMDAwMFoiLCJmaWxlbmFtZSI6InBob3Rvcy_DqXTDqS5qcGcifQ",
    );
    expect(mt1Description("photos/été.jpg", MTIME)).toBe(
      "mt1 eyJtdGltZSI6IjIwMTMwMTAxVDAwMDAwMFoiLCJmaWxlbmFtZSI6InBob3Rvcy_Dg8KpdMODwqkuanBnIn0",
    );
  });

  it("writes FastGlacier v4 exactly as the vendor example", () => {
    const out = fastGlacierDescription("glacier-dg.pdf", new Date("2012-08-21T17:08:24Z"), {
      ce: {
        compressed: true,
        encrypted: true,
        md5: "4340ebcf79712dc5e3ef7d50bab98ba5",
        size: 54687,
      },
    });
    expect(out).toBe(
      "<m><v>4</v><p>Z2xhY2llci1kZy5wZGY=</p><lm>20120821T170824Z</lm><ce>1:1:4340ebcf79712dc5e3ef7d50bab98ba5:54687</ce></m>",
    );
    expect(
      fastGlacierDescription("FX150/CBB_figure/test_pythön_file.cbb", new Date("2019-01-21T08:52:42Z")),
    ).toBe(
      "<m><v>4</v><p>RlgxNTAvQ0JCX2ZpZ3VyZS90ZXN0X3B5dGjDtm5fZmlsZS5jYmI=</p><lm>20190121T085242Z</lm></m>",
    );
  });

  it("writes CloudBerry JSON with a UTF-7 path", () => {
    expect(cloudBerryDescription("c01_s00", MTIME, 0)).toBe(
      '{"Path":"c01+AF8-s00","UTCDateModified":"20130101T000000Z","Flags":0}',
    );
    const windows = JSON.parse(cloudBerryDescription("C:\\Users\\anna\\Résumé.txt", MTIME)) as {
      Path: string;
    };
    expect(windows.Path).toBe("C:\\Users\\anna\\R+AOk-sum+AOk-.txt");
  });

  it("produces UTF-7 that Python's codec decodes back", () => {
    const samples = [
      "c01_s00",
      "Résumé 2020.docx",
      "a+b=c",
      "日本語/写真.jpg",
      "emoji 😀!",
      "plain/path-1.txt",
      "C:\\Users\\Zoë\\a b.txt",
    ];
    const encoded = samples.map(encodeUtf7);
    const decoded = execFileSync("python3", [
      "-c",
      "import json,sys; print(json.dumps([s.encode('ascii').decode('utf-7') for s in json.loads(sys.argv[1])]))",
      JSON.stringify(encoded),
    ]);
    expect(JSON.parse(decoded.toString()) as string[]).toEqual(samples);
  });

  it("always yields valid Glacier descriptions (printable ASCII, ≤ 1024)", () => {
    for (const d of [
      mt2Description("日報/ü.txt", MTIME),
      fastGlacierDescription("Überweisung März.txt", MTIME),
      cloudBerryDescription("C:\\Ordner\\Straße_1.txt", MTIME, 2),
    ]) {
      expect(() => assertDescription(d)).not.toThrow();
    }
    expect(compactUtc(new Date("2020-03-12T10:15:00.123Z"))).toBe("20200312T101500Z");
    expect(compactUtc("2020-03-12T10:15:00.123Z")).toBe("20200312T101500Z");
  });
});

describe("every writer round-trips through decodeDescription", () => {
  // The decoders read `\` as a path separator (formats.md §0), so a path comes back with `/` for `\`.
  const PATHS = [
    "dir\\sub dir\\Résumé 日本語 🎉.txt",
    "photos/été/ça va.jpg",
    "a+b_c~(1).tar.gz",
    "C:\\Users\\Zoë\\a b.txt",
  ];
  for (const path of PATHS) {
    it(JSON.stringify(path), () => expectEveryWriterRoundTrips(path, MTIME));
  }

  it("keeps CloudBerry's backslashes readable in the description itself", () => {
    expect(cloudBerryDescription("C:\\a b\\c", MTIME)).toBe(
      '{"Path":"C:\\\\a b\\\\c","UTCDateModified":"20130101T000000Z"}',
    );
  });
});
