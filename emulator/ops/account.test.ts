import {
  GetDataRetrievalPolicyCommand,
  ListProvisionedCapacityCommand,
  PurchaseProvisionedCapacityCommand,
  SetDataRetrievalPolicyCommand,
} from "@aws-sdk/client-glacier";
import { describe, expect, it } from "vitest";
import { addOneMonth } from "../rules/dates";
import { rawRequest } from "../testing/raw-request";
import { sharedTestEmulator } from "../../tests/support/test-emulator";

const t = sharedTestEmulator();

const invalid = { name: "InvalidParameterValueException", $metadata: { httpStatusCode: 400 } };

describe("data retrieval policy", () => {
  it("defaults to no retrieval limit", async () => {
    const out = await t.client.send(new GetDataRetrievalPolicyCommand({ accountId: "-" }));
    expect(out.Policy).toEqual({ Rules: [{ Strategy: "None" }] });
  });

  it("stores a valid policy (204) and returns it", async () => {
    const set = await t.client.send(
      new SetDataRetrievalPolicyCommand({
        accountId: "-",
        Policy: { Rules: [{ Strategy: "BytesPerHour", BytesPerHour: 10737418240 }] },
      }),
    );
    expect(set.$metadata.httpStatusCode).toBe(204);
    const out = await t.client.send(new GetDataRetrievalPolicyCommand({ accountId: "123456789012" }));
    expect(out.Policy).toEqual({ Rules: [{ Strategy: "BytesPerHour", BytesPerHour: 10737418240 }] });
    await t.client.send(
      new SetDataRetrievalPolicyCommand({ accountId: "-", Policy: { Rules: [{ Strategy: "FreeTier" }] } }),
    );
    expect((await t.client.send(new GetDataRetrievalPolicyCommand({ accountId: "-" }))).Policy).toEqual({
      Rules: [{ Strategy: "FreeTier" }],
    });
  });

  it.each([
    ["no rules", { Rules: [] }],
    ["two rules", { Rules: [{ Strategy: "None" }, { Strategy: "FreeTier" }] }],
    ["an unknown strategy", { Rules: [{ Strategy: "Unlimited" }] }],
    ["BytesPerHour with FreeTier", { Rules: [{ Strategy: "FreeTier", BytesPerHour: 5 }] }],
    ["a zero rate", { Rules: [{ Strategy: "BytesPerHour", BytesPerHour: 0 }] }],
  ])("rejects %s", async (_what, Policy) => {
    await expect(
      t.client.send(new SetDataRetrievalPolicyCommand({ accountId: "-", Policy })),
    ).rejects.toMatchObject(invalid);
  });

  it("requires BytesPerHour with the BytesPerHour strategy", async () => {
    await expect(
      t.client.send(
        new SetDataRetrievalPolicyCommand({
          accountId: "-",
          Policy: { Rules: [{ Strategy: "BytesPerHour" }] },
        }),
      ),
    ).rejects.toMatchObject({ name: "MissingParameterValueException" });
  });

  it("answers malformed JSON with SerializationException", async () => {
    const res = await rawRequest(t.emulator.url, {
      method: "PUT",
      path: "/-/policies/data-retrieval",
      body: '{"Policy": {',
    });
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({
      code: "SerializationException",
      message: expect.any(String),
      type: "Client",
    });
  });
});

describe("provisioned capacity", () => {
  it("sells two units (201 + x-amz-capacity-id), then LimitExceededException", async () => {
    expect(
      (await t.client.send(new ListProvisionedCapacityCommand({ accountId: "-" }))).ProvisionedCapacityList,
    ).toEqual([]);
    const first = await t.client.send(new PurchaseProvisionedCapacityCommand({ accountId: "-" }));
    expect(first.$metadata.httpStatusCode).toBe(201);
    expect(first.capacityId).toMatch(/^[A-Za-z0-9_-]{24}$/);
    await t.client.send(new PurchaseProvisionedCapacityCommand({ accountId: "-" }));
    await expect(
      t.client.send(new PurchaseProvisionedCapacityCommand({ accountId: "-" })),
    ).rejects.toMatchObject({
      name: "LimitExceededException",
      $metadata: { httpStatusCode: 400 },
    });
    const list =
      (await t.client.send(new ListProvisionedCapacityCommand({ accountId: "-" }))).ProvisionedCapacityList ??
      [];
    expect(list).toHaveLength(2);
    const unit = list.find((c) => c.CapacityId === first.capacityId);
    expect(unit?.StartDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
    expect(unit?.ExpirationDate).toBe(addOneMonth(new Date(unit?.StartDate ?? "")).toISOString());
  });
});

describe("addOneMonth", () => {
  it.each([
    ["2017-01-31T14:26:33.000Z", "2017-02-28T14:26:33.000Z"],
    ["2016-01-31T00:00:00.000Z", "2016-02-29T00:00:00.000Z"],
    ["2017-08-31T23:59:59.000Z", "2017-09-30T23:59:59.000Z"],
    ["2017-12-15T08:00:01.000Z", "2018-01-15T08:00:01.000Z"],
    ["2017-03-30T10:00:00.000Z", "2017-04-30T10:00:00.000Z"],
  ])("%s → %s", (from, to) => {
    expect(addOneMonth(new Date(from)).toISOString()).toBe(to);
  });
});
