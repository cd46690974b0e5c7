import { describe, expect, it } from "vitest";
import { type ActionResult } from "@/lib/auth/action-result";
import { actingAs } from "@/lib/auth/current-user";
import { type Role } from "@/lib/auth/roles";
import { planFormSchema } from "@/lib/glacier/plan-form";
import {
  createPlanAction,
  deleteVerifiedArchivesAction,
  planCommandAction,
  updatePlanLimitsAction,
} from "./actions";

const as = (role: Role) => ({
  id: "00000000-0000-4000-8000-000000000002",
  email: `${role}@example.com`,
  name: role,
  role,
});

const form = {
  planKey: "0b6f2a3e-7c1d-4e5f-8a9b-0c1d2e3f4a5b",
  name: "Move",
  inventoryId: "inv-1",
  selection: { kind: "all" },
  tier: "Bulk",
  capUsd: 0,
  maxInFlight: 5_001,
  dailyByteBudgetGiB: null,
  orderBy: "prefix",
  prefix: "",
  destination: { kind: "s3", bucket: "Not_A_Bucket", prefix: "", storageClass: "DEEP_ARCHIVE" },
};

/**
 * The plan actions are public POST endpoints: the role is checked before anything else, and input
 * that skipped the form is refused with the form's own messages, before lib/plans (no database or
 * Glacier is needed for that, which is what this proves).
 */
describe("plan actions", () => {
  it("refuse a viewer before looking at the input", async () => {
    const runs: Array<() => Promise<ActionResult<unknown>>> = [
      () => createPlanAction(form),
      () => planCommandAction({ planId: "p", command: "pause" }),
      () => updatePlanLimitsAction({ planId: "p", capUsd: 5, maxInFlight: 1 }),
    ];
    for (const run of runs) {
      const result = await actingAs(as("viewer"), run);
      expect(result).toEqual({
        ok: false,
        message: "Your role (viewer) does not allow this.",
        fieldErrors: {},
      });
    }
  });

  it("leave deleting archives from the vault to admins", async () => {
    const result = await actingAs(as("operator"), () =>
      deleteVerifiedArchivesAction({ planId: "p", count: 1, bytes: 1 }),
    );
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.message).toBe("Your role (operator) does not allow this.");
  });

  it("answer bad plan input with the schema's messages at the form's paths", async () => {
    const result = await actingAs(as("operator"), () => createPlanAction(form));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const expected: Record<string, string> = {};
    for (const issue of planFormSchema.safeParse(form).error?.issues ?? [])
      expected[issue.path.join(".")] ??= issue.message;
    expect(Object.keys(expected).sort()).toEqual(["capUsd", "destination.bucket", "maxInFlight", "prefix"]);
    expect(result.fieldErrors).toEqual(expected);
  });

  it("refuse unknown commands, bad limits and a delete of zero archives", async () => {
    const command = await actingAs(as("admin"), () => planCommandAction({ planId: "p", command: "explode" }));
    expect(command.ok ? [] : Object.keys(command.fieldErrors)).toEqual(["command"]);
    const limits = await actingAs(as("admin"), () =>
      updatePlanLimitsAction({ planId: "p", capUsd: Number.NaN, maxInFlight: 0, dailyByteBudgetGiB: -1 }),
    );
    expect(limits.ok ? [] : Object.keys(limits.fieldErrors).sort()).toEqual([
      "capUsd",
      "dailyByteBudgetGiB",
      "maxInFlight",
    ]);
    const deletion = await actingAs(as("admin"), () =>
      deleteVerifiedArchivesAction({ planId: "p", count: 0, bytes: 0 }),
    );
    expect(deletion.ok ? [] : Object.keys(deletion.fieldErrors)).toEqual(["count"]);
  });
});
