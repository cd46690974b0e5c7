import { describe, expect, it } from "vitest";
import { routeParam } from "./route-param";

describe("routeParam", () => {
  it("decodes an encoded segment", () => {
    expect(routeParam("my%20vault")).toBe("my vault");
    expect(routeParam("-abc_DEF")).toBe("-abc_DEF");
  });

  it("keeps a segment that is not valid percent-encoding instead of throwing", () => {
    expect(routeParam("100%")).toBe("100%");
    expect(routeParam("%E0%A4%A")).toBe("%E0%A4%A");
  });
});
