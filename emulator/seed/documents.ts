import { createHash } from "node:crypto";
import { syntheticBytes } from "../store/synthetic";
import {
  cloudBerryDescription,
  fastGlacierDescription,
  mt2Description,
} from "../../lib/glacier/descriptions/encoders";
import { type SeedWriter } from "./writer";

const VAULT = "documents";
const MIB = 1024 * 1024;

interface Doc {
  path: string;
  describe: (path: string, mtime: Date, content: Buffer) => string;
  content: (path: string) => Buffer;
  daysAgo: number;
}

const text = (body: string) => () => Buffer.from(body, "utf8");
/** Deterministic binary content of a given size (scans, videos, zips). */
const binary = (size: number) => (path: string) => syntheticBytes(`demo:${VAULT}:${path}`, 0, size - 1);

const plain = (path: string) => path;
const mt2 = (path: string, mtime: Date) => mt2Description(path, mtime);
const fastGlacier = (path: string, mtime: Date, content: Buffer) =>
  fastGlacierDescription(path, mtime, {
    ce: {
      compressed: false,
      encrypted: false,
      md5: createHash("md5").update(content).digest("hex"),
      size: content.length,
    },
  });
const fastGlacierNoCe = (path: string, mtime: Date) => fastGlacierDescription(path, mtime);
const cloudBerry = (path: string, mtime: Date) => cloudBerryDescription(path, mtime, 0);
const empty = () => "";

const DOCS: readonly Doc[] = [
  {
    path: "Documents/notes/todo.txt",
    describe: plain,
    content: text("- renew passport\n- file taxes\n- back up the NAS\n"),
    daysAgo: 2300,
  },
  {
    path: "Documents/letters/landlord-2019.txt",
    describe: plain,
    content: text("Dear Mr. Jones,\nthe heating has failed again.\n"),
    daysAgo: 2100,
  },
  {
    path: "Documents/recipes/crème brûlée.txt",
    describe: mt2,
    content: text("Cream, sugar, eggs, vanilla. Bake at 150 °C.\n"),
    daysAgo: 1900,
  },
  {
    path: "Documents/settings/backup.json",
    describe: mt2,
    content: text('{"schedule":"nightly","keep":30}\n'),
    daysAgo: 1700,
  },
  {
    path: "Documents/Familie/Überweisung März.txt",
    describe: fastGlacier,
    content: text("Miete März: 850,00 EUR\n"),
    daysAgo: 1500,
  },
  {
    path: "Documents/旅行/京都の写真リスト.txt",
    describe: fastGlacierNoCe,
    content: text("金閣寺\n清水寺\n伏見稲荷\n"),
    daysAgo: 1300,
  },
  {
    path: "C:\\Users\\anna\\Documents\\Résumé_2020.txt",
    describe: cloudBerry,
    content: text("Anna Example, storage engineer.\n"),
    daysAgo: 1100,
  },
  {
    path: "mybucket/contracts/lease_2021.txt",
    describe: cloudBerry,
    content: text("Lease agreement, 12 months.\n"),
    daysAgo: 900,
  },
  {
    path: "README.txt",
    describe: empty,
    content: text("Uploaded without a description, as boto3 and the CLI do by default.\n"),
    daysAgo: 800,
  },
  {
    path: "Documents/scans/tax-return-2019.pdf",
    describe: fastGlacier,
    content: binary(2.5 * MIB),
    daysAgo: 700,
  },
  { path: "Documents/video/birthday-2020.mp4", describe: mt2, content: binary(5.5 * MIB), daysAgo: 500 },
  { path: "D:\\Backup\\photos_2018.zip", describe: cloudBerry, content: binary(4 * MIB), daysAgo: 300 },
  {
    path: "Documents/archive/old-mail.mbox",
    describe: empty,
    content: binary(3 * MIB + 12345),
    daysAgo: 100,
  },
];

/** Small text files and 2–6 MB binaries with every common description format, as real files. */
export async function seedDocuments(w: SeedWriter): Promise<void> {
  w.addVault(VAULT, w.daysAgo(2400));
  for (const doc of DOCS) {
    const content = doc.content(doc.path);
    const uploaded = w.daysAgo(doc.daysAgo);
    const mtime = new Date(uploaded.getTime() - 3 * 86_400_000);
    await w.addFile(VAULT, content, doc.describe(doc.path, mtime, content), uploaded);
  }
}
