import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { readCsvHeader } from "./header";

describe("readCsvHeader (InitiateJob's look at a USE header)", () => {
  it("reads the first record only, then stops the stream however long the archive is", async () => {
    let produced = 0;
    const endless = new Readable({
      read() {
        produced++;
        this.push(produced === 1 ? 'id,"date",Name\n' : "1,2024-01-01,x\n");
      },
    });
    expect(await readCsvHeader(endless, { FileHeaderInfo: "USE" })).toEqual(["id", "date", "Name"]);
    expect(produced).toBeLessThan(50);
    expect(endless.destroyed).toBe(true);
  });

  it("honours the input serialization (comments, delimiters)", async () => {
    const input = Readable.from([Buffer.from("# note\r\na;b\r\n1;2\r\n")]);
    expect(
      await readCsvHeader(input, {
        FileHeaderInfo: "USE",
        Comments: "#",
        FieldDelimiter: ";",
        RecordDelimiter: "\r\n",
      }),
    ).toEqual(["a", "b"]);
  });

  it("is null for an empty archive or one whose start is not CSV (the job fails later, as on AWS)", async () => {
    expect(await readCsvHeader(Readable.from([]))).toBeNull();
    expect(await readCsvHeader(Readable.from([Buffer.from('"open quote,a\n')]))).toBeNull();
    const broken = new Readable({
      read() {
        this.destroy(new Error("disk gone"));
      },
    });
    expect(await readCsvHeader(broken)).toBeNull();
  });
});
