"use client";

import { Plus, Trash2 } from "lucide-react";
import { useFieldArray, useWatch } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { type GranteeType, GRANTEE_TYPES, GROUP_GRANTEE_URIS, PERMISSIONS } from "@/lib/glacier/job-types";
import { MAX_GRANTS } from "@/lib/glacier/output-location-rules";
import { emptyGrantRow } from "@/lib/glacier/schemas/select-job";
import {
  ChoiceField,
  clearMembers,
  listError,
  type SelectForm,
  type SelectPath,
  TextField,
} from "./select-form-fields";
import { FieldError } from "@/components/ui/field";
import { fieldLabel } from "@/lib/glacier/field-labels";

const LIST = "OutputLocation.S3.AccessControlList";

const GRANTEE_CHOICES = [
  { value: "CanonicalUser", label: "Canonical user (account ID)" },
  { value: "Group", label: "Group" },
  { value: "AmazonCustomerByEmail", label: "Amazon customer by email" },
] as const satisfies readonly { value: GranteeType; label: string }[];

/** The identifying member each grantee type needs (the output-location rules refuse the others). */
const IDENTIFIER = {
  CanonicalUser: "ID",
  Group: "URI",
  AmazonCustomerByEmail: "EmailAddress",
} as const satisfies Record<GranteeType, "ID" | "URI" | "EmailAddress">;
const IDENTIFIERS = ["ID", "URI", "EmailAddress"] as const;

function isGranteeType(value: unknown): value is GranteeType {
  return (GRANTEE_TYPES as readonly unknown[]).includes(value);
}

function GrantRow({ form, index, onRemove }: { form: SelectForm; index: number; onRemove: () => void }) {
  const at = (member: string) => `${LIST}.${index}.${member}` as SelectPath;
  const grantee = useWatch({ control: form.control, name: `${LIST}.${index}.Grantee` });
  const required = isGranteeType(grantee?.Type) ? IDENTIFIER[grantee.Type] : undefined;
  // The type's own identifier shows; another one shows only while it holds a value (e.g. from a
  // tampered link), so its error is visible and it can be emptied.
  const shown = IDENTIFIERS.filter((member) => member === required || Boolean(grantee?.[member]));
  return (
    <fieldset className="grid gap-3 rounded-md border border-slate-200 p-3 sm:grid-cols-2">
      <legend className="px-1 text-sm font-medium text-slate-800">Grant {index + 1}</legend>
      <ChoiceField
        form={form}
        name={at("Grantee.Type")}
        choices={GRANTEE_CHOICES}
        hint="Decides which identifier the grant needs."
        onValueChange={(type) => {
          const keep = isGranteeType(type) ? IDENTIFIER[type] : undefined;
          clearMembers(
            form,
            IDENTIFIERS.filter((member) => member !== keep).map((member) => at(`Grantee.${member}`)),
          );
        }}
      />
      {shown.includes("ID") && (
        <TextField form={form} name={at("Grantee.ID")} hint="64 hexadecimal characters." mono />
      )}
      {shown.includes("URI") && (
        <ChoiceField
          form={form}
          name={at("Grantee.URI")}
          choices={GROUP_GRANTEE_URIS}
          none="Choose a group"
        />
      )}
      {shown.includes("EmailAddress") && <TextField form={form} name={at("Grantee.EmailAddress")} />}
      <TextField
        form={form}
        name={at("Grantee.DisplayName")}
        label={`${fieldLabel(at("Grantee.DisplayName"))} (optional)`}
      />
      <ChoiceField form={form} name={at("Permission")} choices={PERMISSIONS} />
      <div className="flex items-end">
        <Button variant="ghost" onClick={onRemove} aria-label={`Remove grant ${index + 1}`}>
          <Trash2 aria-hidden className="size-4" /> Remove
        </Button>
      </div>
    </fieldset>
  );
}

/** AccessControlList: grants as rows; the grantee type decides which identifier input shows. */
export function SelectGrantsEditor({ form }: { form: SelectForm }) {
  const { fields, append, remove } = useFieldArray({ control: form.control, name: LIST });
  const error = listError(form, LIST);
  return (
    <div className="space-y-3" role="group" aria-labelledby="select-grants-title">
      <div>
        <h4 id="select-grants-title" className="text-sm font-medium text-slate-800">
          Grants
        </h4>
        <p className="text-xs text-slate-500">
          Explicit grants on the result objects, instead of a canned ACL. At most {MAX_GRANTS}.
        </p>
        <FieldError error={error} />
      </div>
      {fields.map((field, index) => (
        <GrantRow key={field.id} form={form} index={index} onRemove={() => remove(index)} />
      ))}
      <Button onClick={() => append(emptyGrantRow())} disabled={fields.length >= MAX_GRANTS}>
        <Plus aria-hidden className="size-4" /> Add grant
      </Button>
    </div>
  );
}
