import { afterEach, describe, expect, it, vi } from "vitest";
import { DomainError } from "@/lib/errors";
import { OutputUnavailableError } from "@/lib/jobs";
import { log } from "@/lib/log";
import { PlanStateError } from "@/lib/plans";
import { jsonProblem, routeFailure, routeParamOf } from "./route-helpers";

afterEach(() => {
  vi.restoreAllMocks();
});

async function answer(response: Response) {
  return {
    status: response.status,
    body: (await response.json()) as unknown,
    cache: response.headers.get("cache-control"),
  };
}

/** Domain errors are mapped to HTTP answers in one place: routeFailure. */
describe("routeFailure", () => {
  it("answers a DomainError with its status and message, never cached", async () => {
    expect(
      await answer(routeFailure(new DomainError("Gone for good.", { status: 410 }), "download")),
    ).toEqual({
      status: 410,
      body: { message: "Gone for good." },
      cache: "no-store",
    });
    const unavailable = new OutputUnavailableError(409, "The job has not completed yet.");
    expect((await answer(routeFailure(unavailable, "verification"))).status).toBe(409);
    expect(
      (await answer(routeFailure(new PlanStateError("A cancelled plan cannot retry items."), "x"))).status,
    ).toBe(409);
  });

  it("answers a DomainError without a status with 400", async () => {
    const refused = await answer(
      routeFailure(new DomainError("Enter the access key ID.", { field: "credentials.accessKeyId" }), "x"),
    );
    expect(refused).toMatchObject({ status: 400, body: { message: "Enter the access key ID." } });
  });

  it("answers any other error with a generic 500 and logs the raw message, never showing it", async () => {
    const logged = vi.spyOn(log(), "error").mockImplementation(() => undefined);
    const secret = new Error("connect ECONNREFUSED 10.0.0.7:5432 password=hunter2");
    expect(await answer(routeFailure(secret, "verification"))).toEqual({
      status: 500,
      body: { message: "The verification failed. See the server log." },
      cache: "no-store",
    });
    const custom = await answer(
      routeFailure(secret, "job output", "The output could not be served. See the server log."),
    );
    expect(custom.body).toEqual({ message: "The output could not be served. See the server log." });
    expect(JSON.stringify(logged.mock.calls)).toContain("ECONNREFUSED");
    expect(logged.mock.calls.map((call) => call[1])).toEqual(["verification failed", "job output failed"]);
  });
});

describe("jsonProblem and routeParamOf", () => {
  it("writes a problem as JSON and reads a dynamic segment decoded", async () => {
    expect(await answer(jsonProblem(404, "No such plan."))).toEqual({
      status: 404,
      body: { message: "No such plan." },
      cache: "no-store",
    });
    const context = { params: Promise.resolve({ jobId: "job%2F1", planId: "100%" }) };
    expect(await routeParamOf(context, "jobId")).toBe("job/1");
    expect(await routeParamOf(context, "planId")).toBe("100%");
  });
});
