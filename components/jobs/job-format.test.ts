import { describe, expect, it } from "vitest";
import { jobLines } from "./job-format";

const archiveJob = {
  type: "archive-retrieval" as const,
  vault: "documents",
  archive: "Documents/letters/landlord-2019.txt",
  archiveId: "ARCHIVEID0123456789",
  description: null,
  imported: false,
};

describe("a jobs list row's two lines", () => {
  it("names a job by its description, with the archive's file name on the second line", () => {
    expect(jobLines({ ...archiveJob, description: "Letter for the landlord" })).toEqual({
      label: "Letter for the landlord",
      context: "Archive · documents · landlord-2019.txt",
    });
  });

  it("names an undescribed job by the archive's file name, its folder on the second line", () => {
    expect(jobLines(archiveJob)).toEqual({
      label: "landlord-2019.txt",
      context: "Archive · documents · in Documents/letters",
    });
    // Windows paths split at their backslashes; a name without a folder stays whole.
    expect(jobLines({ ...archiveJob, archive: "C:\\Users\\anna\\Résumé_2020.txt" })).toEqual({
      label: "Résumé_2020.txt",
      context: "Archive · documents · in C:\\Users\\anna",
    });
    expect(jobLines({ ...archiveJob, archive: "README.txt" }).label).toBe("README.txt");
  });

  it("falls back to the archive id's start, or to what was fetched from where, and says where the job began", () => {
    expect(jobLines({ ...archiveJob, archive: null }).label).toBe("ARCHIVEID012…");
    expect(
      jobLines({
        ...archiveJob,
        type: "inventory-retrieval",
        archive: null,
        archiveId: null,
        imported: true,
      }),
    ).toEqual({ label: "Inventory of documents", context: "Inventory · documents · started outside Thaw" });
  });
});
