import { type RequestContext } from "../http/context";
import { limitExceeded } from "../http/errors";
import { sendEmpty, sendJson } from "../http/respond";
import { type RouteDefinition } from "../http/router";
import { addOneMonth, isoMillis, truncateToSecond } from "../rules/dates";
import { newCapacityId } from "../rules/ids";
import { type Store } from "../store/store";

/** AWS's per-account unit limit is not documented; the emulator allows two active units. */
export const MAX_CAPACITY_UNITS = 2;

/** Units active at `now`; once any exists, every Expedited retrieval uses it (§8.2). */
export function activeCapacityUnits(store: Store, now: Date): number {
  const at = isoMillis(now);
  return store.account.capacities().filter((c) => c.expirationDate > at).length;
}

function purchase(ctx: RequestContext): void {
  const now = ctx.services.now();
  const start = truncateToSecond(now);
  const unit = {
    id: newCapacityId(),
    startDate: isoMillis(start),
    expirationDate: isoMillis(addOneMonth(start)),
  };
  if (!ctx.services.store.account.purchaseCapacity(unit, isoMillis(now), MAX_CAPACITY_UNITS)) {
    throw limitExceeded(`You have reached the limit of ${MAX_CAPACITY_UNITS} provisioned capacity units.`);
  }
  sendEmpty(ctx, 201, { "x-amz-capacity-id": unit.id });
}

function list(ctx: RequestContext): void {
  sendJson(ctx, 200, {
    ProvisionedCapacityList: ctx.services.store.account.capacities().map((c) => ({
      CapacityId: c.id,
      StartDate: c.startDate,
      ExpirationDate: c.expirationDate,
    })),
  });
}

export const capacityRoutes: RouteDefinition[] = [
  {
    operation: "PurchaseProvisionedCapacity",
    method: "POST",
    path: "/provisioned-capacity",
    handler: purchase,
  },
  { operation: "ListProvisionedCapacity", method: "GET", path: "/provisioned-capacity", handler: list },
];
