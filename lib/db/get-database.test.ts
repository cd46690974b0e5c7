import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { closeDatabase, getDatabase, pingDatabase } from "./index";
import { temporaryDirectory } from "@/tests/support/db";

// getConfig() reads the environment once per module graph, and vitest gives each file its own.
const dir = temporaryDirectory();
process.env.THAW_DATA_DIR = dir.path;
delete process.env.DATABASE_URL;

describe("getDatabase", () => {
  afterAll(async () => {
    await closeDatabase();
    dir.remove();
  });

  it("opens <THAW_DATA_DIR>/thaw.sqlite once, however many callers race for it", async () => {
    const [a, b, c] = await Promise.all([getDatabase(), getDatabase(), getDatabase()]);
    expect(a).toBe(b);
    expect(b).toBe(c);
    expect(a.dialect).toBe("sqlite");
    expect(fs.existsSync(path.join(dir.path, "thaw.sqlite"))).toBe(true);
    expect(await pingDatabase()).toEqual({ ok: true, dialect: "sqlite" });
  });

  it("opens a fresh one after closeDatabase()", async () => {
    const before = await getDatabase();
    await closeDatabase();
    const after = await getDatabase();
    expect(after).not.toBe(before);
    expect(after.applied).toEqual([]);
    expect(await pingDatabase()).toEqual({ ok: true, dialect: "sqlite" });
  });
});
