import { describe, expect, it } from "vitest";
import { cn } from "./cn";

describe("cn", () => {
  it("lets a later Tailwind class win over a conflicting one", () => {
    expect(cn("px-2", "px-4")).toBe("px-4");
    expect(cn("bg-slate-100 text-slate-500", "bg-red-100 text-red-800")).toBe("bg-red-100 text-red-800");
  });

  it("drops falsy parts and keeps unrelated classes in order", () => {
    expect(cn("rounded", false, null, undefined, "", 0, "font-semibold")).toBe("rounded font-semibold");
    expect(cn("inline-flex", { hidden: false, "text-xs": true }, ["gap-2"])).toBe(
      "inline-flex text-xs gap-2",
    );
  });
});
