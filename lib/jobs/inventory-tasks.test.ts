import { describe, expect, it } from "vitest";
import { InventoryParseError } from "@/lib/inventory";
import { importFailureMessage } from "./inventory-tasks";

describe("importFailureMessage", () => {
  it("says where a corrupt inventory broke and that nothing was kept", () => {
    const message = importFailureMessage(new InventoryParseError("bad token", { byte: 12, archive: 1 }));
    expect(message).toMatch(/^Invalid inventory at archive #1, byte 12: bad token\. Nothing was imported/);
  });

  it("names a cut response plainly instead of Node's 'aborted'", () => {
    const aborted = Object.assign(new Error("aborted"), { code: "ECONNRESET" });
    for (const error of [
      aborted,
      new Error("terminated"),
      Object.assign(new Error("x"), { code: "EPIPE" }),
    ]) {
      expect(importFailureMessage(error)).toBe(
        "The inventory stopped arriving part-way (Glacier's response was cut). Nothing was imported; the catalog is unchanged. Import it again to retry.",
      );
    }
  });

  it("keeps other messages as they are", () => {
    expect(importFailureMessage(new Error("The job ID was not found"))).toBe("The job ID was not found");
  });
});
