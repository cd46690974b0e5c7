import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { DuplicateConnectionNameError } from "@/lib/connections";
import { DomainError } from "@/lib/errors";
import { log } from "@/lib/log";
import { PlanValidationError } from "@/lib/plans";
import { actingAs } from "./current-user";
import { validatedAction } from "./validated-action";

const operator = {
  id: "00000000-0000-4000-8000-000000000003",
  email: "op@example.com",
  name: "Op",
  role: "operator",
} as const;

/** An action whose handler throws `error`, called as a signed-in operator. */
function failingWith(error: unknown) {
  const action = validatedAction("throwing", { role: "operator" }, z.object({}), () => Promise.reject(error));
  return actingAs(operator, () => action({}));
}

afterEach(() => {
  vi.restoreAllMocks();
});

/** Domain errors are mapped to action results in one place: validatedAction. */
describe("validatedAction's error mapping", () => {
  it("puts a DomainError with a field on that field, and as the form's message", async () => {
    const result = await failingWith(new DomainError("That name is taken.", { field: "name", status: 409 }));
    expect(result).toEqual({
      ok: false,
      message: "That name is taken.",
      fieldErrors: { name: "That name is taken." },
    });
  });

  it("shows a DomainError without a field as the form's message only", async () => {
    expect(await failingWith(new DomainError("That plan does not exist (any more)."))).toEqual({
      ok: false,
      message: "That plan does not exist (any more).",
      fieldErrors: {},
    });
  });

  it("maps the services' errors through the same base, with their dot-path fields", async () => {
    const duplicate = await failingWith(new DuplicateConnectionNameError("Prod"));
    expect(duplicate.ok ? {} : duplicate.fieldErrors).toEqual({
      name: 'A connection named "Prod" already exists (names are compared ignoring case).',
    });
    const refused = await failingWith(
      new PlanValidationError("The bucket b does not exist.", "destination.bucket"),
    );
    expect(refused.ok ? {} : refused.fieldErrors).toEqual({
      "destination.bucket": "The bucket b does not exist.",
    });
  });

  it("answers any other error with a generic message and logs the raw one, never showing it", async () => {
    const logged = vi.spyOn(log(), "error").mockImplementation(() => undefined);
    const result = await failingWith(new Error("connect ECONNREFUSED 10.0.0.7:5432 password=hunter2"));
    expect(result).toEqual({
      ok: false,
      message: "Something went wrong on the server. The details are in the server log.",
      fieldErrors: {},
    });
    expect(JSON.stringify(result)).not.toContain("hunter2");
    expect(JSON.stringify(logged.mock.calls)).toContain("ECONNREFUSED");
  });
});
