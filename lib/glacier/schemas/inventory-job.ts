/**
 * The inventory-retrieval wizard's schema: vault, Format, the date window, Limit, Marker,
 * Description and SNSTopic (no Tier: the developer guide documents it for archive and select jobs).
 * Every Glacier rule comes from `job-rules.ts`; this file only shapes the form. Pure and isomorphic.
 */

import { z } from "zod";
import { DEFAULT_INVENTORY_FORMAT } from "../job-types";
import {
  type JobParametersBody,
  jobCommonSchema,
  presentMembers,
  refineJobParameters,
  textField,
} from "./job-common";

const inventoryRangeSchema = z.object({
  StartDate: textField(),
  EndDate: textField(),
  Limit: textField(),
  Marker: textField(),
});

const inventoryShape = jobCommonSchema.pick({ vault: true, Description: true, SNSTopic: true }).extend({
  Format: z.string().default(DEFAULT_INVENTORY_FORMAT),
  InventoryRetrievalParameters: inventoryRangeSchema.default({
    StartDate: "",
    EndDate: "",
    Limit: "",
    Marker: "",
  }),
});

export type InventoryJobValues = z.output<typeof inventoryShape>;

/** The exact InitiateJob body (JobParameters) the values describe; empty inputs are left out. */
export function toInitiateJobParameters(values: InventoryJobValues): JobParametersBody {
  const range = presentMembers(values.InventoryRetrievalParameters);
  return {
    Type: "inventory-retrieval",
    ...presentMembers({ Format: values.Format, Description: values.Description, SNSTopic: values.SNSTopic }),
    ...(Object.keys(range).length > 0 ? { InventoryRetrievalParameters: range } : {}),
  };
}

export const inventoryJobSchema = inventoryShape.superRefine(refineJobParameters(toInitiateJobParameters));

export type InventoryJobInput = z.input<typeof inventoryJobSchema>;

/** An empty wizard (also the template a shared link is decoded against). */
export function emptyInventoryJob(vault = ""): InventoryJobValues {
  return {
    vault,
    Format: DEFAULT_INVENTORY_FORMAT,
    InventoryRetrievalParameters: { StartDate: "", EndDate: "", Limit: "", Marker: "" },
    Description: "",
    SNSTopic: "",
  };
}
