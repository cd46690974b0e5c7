import { describe, expect, it } from "vitest";
import { decodeDescription } from "./decode";
import { cloudBerryDescription as cloudBerry, encodeUtf7, fastGlacierDescription } from "./encoders";
import { expectEveryWriterRoundTrips } from "@/tests/support/descriptions";

const fastGlacier = (version: 2 | 3 | 4, path: string, modified: string) =>
  fastGlacierDescription(path, modified, { version });

const NAMES = [
  "photos/été.jpg",
  "文書/日本語のファイル.txt",
  "party/🎉 confetti 🎊.png",
  "plain/ascii_name-1.tar.gz",
];
const MTIME = "2013-01-01T00:00:00Z";

describe("decodeDescription: worked examples of formats.md", () => {
  // Each description decodes to (at least) the members given.
  it.each([
    [
      "mt2",
      "mt2 eyJtdGltZSI6IjIwMTMwMTAxVDAwMDAwMFoiLCJmaWxlbmFtZSI6InBob3Rvcy_DqXTDqS5qcGcifQ",
      { format: "mt2", path: "photos/été.jpg", modified: MTIME, problem: null },
    ],
    [
      "mt1 (double-encoded UTF-8)",
      "mt1 eyJtdGltZSI6IjIwMTMwMTAxVDAwMDAwMFoiLCJmaWxlbmFtZSI6InBob3Rvcy_Dg8KpdMODwqkuanBnIn0",
      { format: "mt1", path: "photos/été.jpg", modified: MTIME },
    ],
    [
      "FastGlacier v1",
      "<ArchiveMetadata><Path>UkVOREVSRkFSTTUvQjovb25lL3R3by90aHJlZS9jaDAxX3NlcTAwNF9zaDAwMTAuMjA0NC5kcHg=</Path></ArchiveMetadata>",
      {
        format: "fastglacier-v1",
        path: "RENDERFARM5/B:/one/two/three/ch01_seq004_sh0010.2044.dpx",
        modified: null,
      },
    ],
    [
      "CloudBerry AWS test example: valid UTF-7 runs decode, mangled ones stay verbatim",
      '{"Path":"CB+F8-M5/B:/c01/q004/s0010/c01+AF8-s00+A8-s0010+F8/h01.1094.dpx","UTCDateModified":"20100310T110623Z"}',
      {
        format: "cloudberry",
        path: "CB+F8-M5/B:/c01/q004/s0010/c01_s00+A8-s0010+F8/h01.1094.dpx",
        modified: "2010-03-10T11:06:23Z",
      },
    ],
  ])("%s", (_example, description, decoded) => {
    expect(decodeDescription(description)).toMatchObject(decoded);
  });

  it("FastGlacier v4 vendor example with <ce>", () => {
    const d = decodeDescription(
      "<m><v>4</v><p>Z2xhY2llci1kZy5wZGY=</p><lm>20120821T170824Z</lm><ce>1:1:4340ebcf79712dc5e3ef7d50bab98ba5:54687</ce></m>",
    );
    expect(d).toEqual({
      format: "fastglacier-v4",
      path: "glacier-dg.pdf",
      modified: "2012-08-21T17:08:24Z",
      extra: { compressed: true, encrypted: true, md5: "4340ebcf79712dc5e3ef7d50bab98ba5", size: 54687 },
      raw: expect.any(String) as unknown,
      problem: null,
    });
  });

  it("FastGlacier v4 UTF-8 path from the AWS tests (not ASCII-mangled)", () => {
    const d = decodeDescription(
      "<m><v>4</v><p>RlgxNTAvQ0JCX2ZpZ3VyZS90ZXN0X3B5dGjDtm5fZmlsZS5jYmI=</p><lm>20190121T085242Z</lm></m>",
    );
    expect(d).toMatchObject({
      format: "fastglacier-v4",
      path: "FX150/CBB_figure/test_pythön_file.cbb",
      modified: "2019-01-21T08:52:42Z",
    });
    expect(d.extra.modifiedMayBeUploadTime).toBe(true);
  });

  it("QNAP Hybrid Backup Sync v4 (no <ce>, leading slash)", () => {
    const d = decodeDescription("<m><v>4</v><p>L3NhbXBsZS8xMjM0LnBkZg==</p><lm>20190501T100059Z</lm></m>");
    expect(d).toMatchObject({
      format: "fastglacier-v4",
      path: "sample/1234.pdf",
      modified: "2019-05-01T10:00:59Z",
    });
    expect(d.extra).toEqual({ absolute: true, modifiedMayBeUploadTime: true });
  });

  it("QNAP Glacier app JSON", () => {
    const d = decodeDescription('{"path": "/sample/1234.pdf", "type": "file"}');
    expect(d).toMatchObject({
      format: "qnap-json",
      path: "sample/1234.pdf",
      extra: { type: "file", absolute: true },
    });
    expect(decodeDescription('{"path":"/sample/","type":"folder"}').extra.directory).toBe(true);
  });

  it("CloudBerry Windows path with Flags", () => {
    const d = decodeDescription(
      '{"Path":"c:\\\\myfolder\\\\my+AF8-file.txt","UTCDateModified":"20100310T110623Z","Flags":3}',
    );
    expect(d).toMatchObject({
      format: "cloudberry",
      path: "c:/myfolder/my_file.txt",
      extra: { flags: 3, compressed: true, encrypted: true },
    });
    expect(decodeDescription('{"Path":"a.txt","Flags":2}').extra).toEqual({
      flags: 2,
      compressed: false,
      encrypted: true,
    });
  });

  it("CloudBerry lower-case path key and double-JSON-encoded descriptions", () => {
    expect(decodeDescription('{"path":"dir\\\\file+AF8-1.txt"}')).toMatchObject({
      format: "cloudberry",
      path: "dir/file_1.txt",
    });
    const twice = JSON.stringify(
      JSON.stringify({ Path: "a/b+AF8-c.txt", UTCDateModified: "20200102T030405Z" }),
    );
    expect(decodeDescription(twice)).toMatchObject({
      format: "cloudberry",
      path: "a/b_c.txt",
      modified: "2020-01-02T03:04:05Z",
    });
  });
});

describe("decodeDescription: plain, empty and tolerated wrapping", () => {
  it("plain names, with backslashes normalised", () => {
    expect(decodeDescription("my archive1")).toMatchObject({
      format: "plain",
      path: "my archive1",
      modified: null,
    });
    expect(decodeDescription("backup\\2019\\x.tar")).toMatchObject({
      format: "plain",
      path: "backup/2019/x.tar",
    });
    expect(decodeDescription("SHA256E-s1234--abc.jpg").format).toBe("plain");
  });

  it("empty and whitespace-only", () => {
    for (const raw of ["", "   ", '""', "' '"]) {
      expect(decodeDescription(raw)).toEqual({
        format: "empty",
        path: null,
        modified: null,
        extra: {},
        raw,
        problem: null,
      });
    }
  });

  it("surrounding quotes and whitespace", () => {
    expect(decodeDescription('  "my file.txt"  ')).toMatchObject({ format: "plain", path: "my file.txt" });
    expect(decodeDescription("'file.txt'")).toMatchObject({ format: "plain", path: "file.txt" });
    expect(decodeDescription('"c:\\dir\\file"')).toMatchObject({ format: "plain", path: "c:/dir/file" });
    const quoted = `"${fastGlacier(4, "q/ü.txt", "2020-01-01T00:00:00Z")}"`;
    expect(decodeDescription(quoted)).toMatchObject({ format: "fastglacier-v4", path: "q/ü.txt" });
  });

  it("whitespace and newlines between and inside FastGlacier tags", () => {
    const d = decodeDescription(
      "<m>\n  <v> 3 </v>\n  <p>\n  YS9i\n  LnR4dA==\n </p>\n <lm>20200101T000000Z</lm> <ce>0:1:deadbeef</ce>\n</m>",
    );
    expect(d).toMatchObject({
      format: "fastglacier-v3",
      path: "a/b.txt",
      extra: { compressed: false, encrypted: true, hash: "deadbeef" },
    });
  });

  it("FastGlacier v2 (the Synology-to-FastGlacier writer's shape)", () => {
    expect(decodeDescription(fastGlacier(2, "photo/2019/IMG_1.JPG", "2019-06-01T12:00:00Z"))).toMatchObject({
      format: "fastglacier-v2",
      path: "photo/2019/IMG_1.JPG",
      modified: "2019-06-01T12:00:00Z",
      extra: {},
    });
  });
});

describe("decodeDescription: non-ASCII names round-trip through every encoder", () => {
  for (const name of NAMES) {
    it(name, () => {
      expectEveryWriterRoundTrips(name, MTIME);
      expect(decodeDescription(JSON.stringify({ path: encodeUtf7(`/${name}`), type: "file" }))).toMatchObject(
        {
          format: "qnap-json",
          path: encodeUtf7(name),
        },
      );
    });
  }

  it("a CloudBerry path with a literal + and a Windows separator", () => {
    const path = "C:\\Users\\Zoë\\a+b 日本.txt";
    expect(decodeDescription(cloudBerry(path, MTIME)).path).toBe("C:/Users/Zoë/a+b 日本.txt");
  });
});

describe("decodeDescription: malformed input is 'unknown', keeps the raw text, never throws", () => {
  const cases: Record<string, string> = {
    "mt2 with a non-base64 payload": "mt2 !!!not-base64",
    "mt2 with two payloads": "mt2 abc def",
    "mt2 whose payload is not JSON": `mt2 ${Buffer.from("hello").toString("base64url")}`,
    "mt2 without mtime": `mt2 ${Buffer.from('{"filename":"a"}').toString("base64url")}`,
    "mt2 with an impossible mtime": `mt2 ${Buffer.from('{"filename":"a","mtime":"20131301T000000Z"}').toString("base64url")}`,
    "mt2 with a nested filename": `mt2 ${Buffer.from('{"filename":["a"],"mtime":"20130101T000000Z"}').toString("base64url")}`,
    "mt1 that is not double-encoded UTF-8": `mt1 ${Buffer.from('{"filename":"日","mtime":"20130101T000000Z"}').toString("base64url")}`,
    "FastGlacier with bad base64": "<m><v>4</v><p>%%%</p><lm>20120821T170824Z</lm></m>",
    "FastGlacier without <p>": "<m><v>4</v><lm>20120821T170824Z</lm></m>",
    "FastGlacier with an unknown version": "<m><v>9</v><p>YQ==</p></m>",
    "FastGlacier with an empty path": "<m><v>4</v><p></p></m>",
    "FastGlacier v1 with bad base64": "<ArchiveMetadata><Path>@@</Path></ArchiveMetadata>",
    "JSON that does not parse": "{not json}",
    "JSON without a path": '{"foo":"bar"}',
    "JSON whose Path is not a string": '{"Path":1}',
  };
  for (const [name, raw] of Object.entries(cases)) {
    it(name, () => {
      const d = decodeDescription(raw);
      expect(d.format).toBe("unknown");
      expect(d.path).toBeNull();
      expect(d.raw).toBe(raw);
      expect(d.problem).toEqual(expect.any(String));
    });
  }

  it("keeps an unreadable <lm> or <ce> without failing the path", () => {
    const d = decodeDescription("<m><v>4</v><p>YS50eHQ=</p><lm>yesterday</lm><ce>x:y</ce></m>");
    expect(d).toMatchObject({
      format: "fastglacier-v4",
      path: "a.txt",
      modified: null,
      extra: { ce: "x:y" },
    });
  });

  it("marks invalid UTF-8 in a base64 path instead of failing", () => {
    const d = decodeDescription(
      `<m><v>4</v><p>${Buffer.from([0x61, 0xff, 0x62]).toString("base64")}</p></m>`,
    );
    expect(d).toMatchObject({ format: "fastglacier-v4", path: "a\uFFFDb", extra: { invalidUtf8: true } });
  });

  it("survives random printable-ASCII input", () => {
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const alphabet = " <>{}[]\"'\\/:+-=_mtpv1234ArchiveMetadataPath,.";
    for (let n = 0; n < 2000; n++) {
      let raw = n % 3 === 0 ? "mt2 " : n % 3 === 1 ? "<m><v>4</v><p>" : "{";
      const length = next() % 60;
      for (let i = 0; i < length; i++) raw += alphabet[next() % alphabet.length] ?? "";
      const d = decodeDescription(raw);
      expect(d.raw).toBe(raw);
    }
  });
});
