import {
  AddTagsToVaultCommand,
  CreateVaultCommand,
  DeleteVaultNotificationsCommand,
  GetVaultNotificationsCommand,
  ListTagsForVaultCommand,
  RemoveTagsFromVaultCommand,
  SetVaultNotificationsCommand,
} from "@aws-sdk/client-glacier";
import { beforeAll, describe, expect, it } from "vitest";
import { rawRequest } from "../testing/raw-request";
import { sharedTestEmulator } from "../../tests/support/test-emulator";

const VAULT = "settings";
const TOPIC = "arn:aws:sns:us-east-1:123456789012:thaw-jobs";
const t = sharedTestEmulator();
beforeAll(async () => {
  await t.client.send(new CreateVaultCommand({ accountId: "-", vaultName: VAULT }));
});

const getNotifications = () =>
  t.client.send(new GetVaultNotificationsCommand({ accountId: "-", vaultName: VAULT }));
const setNotifications = (SNSTopic: string, Events: string[]) =>
  t.client.send(
    new SetVaultNotificationsCommand({
      accountId: "-",
      vaultName: VAULT,
      vaultNotificationConfig: { SNSTopic, Events },
    }),
  );

describe("vault notifications", () => {
  it("404s when nothing is configured", async () => {
    await expect(getNotifications()).rejects.toMatchObject({
      name: "ResourceNotFoundException",
      $metadata: { httpStatusCode: 404 },
    });
  });

  it("sets (204), gets the flat config, and deletes (204)", async () => {
    const set = await setNotifications(TOPIC, ["ArchiveRetrievalCompleted", "InventoryRetrievalCompleted"]);
    expect(set.$metadata.httpStatusCode).toBe(204);
    expect((await getNotifications()).vaultNotificationConfig).toEqual({
      SNSTopic: TOPIC,
      Events: ["ArchiveRetrievalCompleted", "InventoryRetrievalCompleted"],
    });
    const raw = await rawRequest(t.emulator.url, {
      method: "GET",
      path: `/-/vaults/${VAULT}/notification-configuration`,
    });
    expect(raw.json()).toEqual({
      SNSTopic: TOPIC,
      Events: ["ArchiveRetrievalCompleted", "InventoryRetrievalCompleted"],
    });
    const del = await t.client.send(
      new DeleteVaultNotificationsCommand({ accountId: "-", vaultName: VAULT }),
    );
    expect(del.$metadata.httpStatusCode).toBe(204);
    await expect(getNotifications()).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });

  it.each([
    ["an unknown event", TOPIC, ["JobDone"]],
    ["no events", TOPIC, []],
    ["a topic that is not an SNS ARN", "my-topic", ["ArchiveRetrievalCompleted"]],
  ])("rejects %s", async (_what, topic, events) => {
    await expect(setNotifications(topic, events)).rejects.toMatchObject({
      name: "InvalidParameterValueException",
    });
  });

  it("404s for an unknown vault", async () => {
    await expect(
      t.client.send(new GetVaultNotificationsCommand({ accountId: "-", vaultName: "ghost" })),
    ).rejects.toMatchObject({
      name: "ResourceNotFoundException",
    });
  });
});

describe("vault tags", () => {
  const list = async () =>
    (await t.client.send(new ListTagsForVaultCommand({ accountId: "-", vaultName: VAULT }))).Tags;

  it("adds (204), overwrites, lists and removes tags", async () => {
    expect(await list()).toEqual({});
    const added = await t.client.send(
      new AddTagsToVaultCommand({
        accountId: "-",
        vaultName: VAULT,
        Tags: { owner: "finance", tier: "cold" },
      }),
    );
    expect(added.$metadata.httpStatusCode).toBe(204);
    await t.client.send(
      new AddTagsToVaultCommand({ accountId: "-", vaultName: VAULT, Tags: { tier: "frozen" } }),
    );
    expect(await list()).toEqual({ owner: "finance", tier: "frozen" });
    const removed = await t.client.send(
      new RemoveTagsFromVaultCommand({ accountId: "-", vaultName: VAULT, TagKeys: ["owner", "absent"] }),
    );
    expect(removed.$metadata.httpStatusCode).toBe(204);
    expect(await list()).toEqual({ tier: "frozen" });
  });

  it("allows at most 50 tags per vault", async () => {
    const tags = Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`k${i}`, `v${i}`]));
    await t.client.send(new AddTagsToVaultCommand({ accountId: "-", vaultName: VAULT, Tags: tags }));
    expect(Object.keys((await list()) ?? {})).toHaveLength(50);
    await expect(
      t.client.send(new AddTagsToVaultCommand({ accountId: "-", vaultName: VAULT, Tags: { extra: "1" } })),
    ).rejects.toMatchObject({
      name: "LimitExceededException",
      $metadata: { httpStatusCode: 400 },
    });
    // Overwriting an existing key does not add one.
    await t.client.send(
      new AddTagsToVaultCommand({ accountId: "-", vaultName: VAULT, Tags: { k0: "changed" } }),
    );
    expect((await list())?.k0).toBe("changed");
  });

  it("rejects invalid keys and values", async () => {
    const cases: Array<Record<string, string>> = [
      { "aws:reserved": "x" },
      { ["k".repeat(129)]: "x" },
      { ok: "v".repeat(257) },
    ];
    for (const Tags of cases) {
      await expect(
        t.client.send(new AddTagsToVaultCommand({ accountId: "-", vaultName: VAULT, Tags })),
      ).rejects.toMatchObject({
        name: "InvalidParameterValueException",
      });
    }
  });

  it("treats an unknown tags operation as an unknown route", async () => {
    const res = await rawRequest(t.emulator.url, {
      method: "POST",
      path: `/-/vaults/${VAULT}/tags?operation=rename`,
      body: "{}",
    });
    expect(res.status).toBe(400);
    expect(res.json().code).toBe("BadRequest");
  });
});
