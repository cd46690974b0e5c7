"use client";

import { Plus, Trash2 } from "lucide-react";
import { useFieldArray, useWatch } from "react-hook-form";
import { Button } from "@/components/ui/button";
import {
  MAX_TAG_KEY_LENGTH,
  MAX_TAG_VALUE_LENGTH,
  MAX_TAGS,
  MAX_USER_METADATA_BYTES,
} from "@/lib/glacier/s3-rules";
import { type KeyValueMember, emptyKeyValueRow } from "@/lib/glacier/schemas/select-job";
import { utf8ByteLength } from "@/lib/glacier/text";
import { listError, type SelectForm, type SelectPath, TextField } from "./select-form-fields";
import { FieldError } from "@/components/ui/field";
import { fieldLabel } from "@/lib/glacier/field-labels";

type Copy = { title: string; item: string; limits: string; maxRows: number | undefined };

const COPY: Readonly<Record<KeyValueMember, Copy>> = {
  Tagging: {
    title: "Tags",
    item: "tag",
    limits: `Object tags on the results: at most ${MAX_TAGS}; keys 1–${MAX_TAG_KEY_LENGTH} characters (not starting with aws:), values up to ${MAX_TAG_VALUE_LENGTH}; letters, digits, spaces and + - = . _ : / @.`,
    maxRows: MAX_TAGS,
  },
  UserMetadata: {
    title: "User metadata",
    item: "metadata entry",
    limits: `Sent as x-amz-meta-<key> headers: keys are letters, digits and HTTP token symbols such as - _ . (no spaces; case-insensitive); keys and values together at most ${MAX_USER_METADATA_BYTES} bytes.`,
    maxRows: undefined,
  },
};

/** Tagging or UserMetadata: a map on the wire, edited as key/value rows. */
export function SelectKeyValueEditor({ form, member }: { form: SelectForm; member: KeyValueMember }) {
  const name = `OutputLocation.S3.${member}` as const;
  const { fields, append, remove } = useFieldArray({ control: form.control, name });
  const rows = useWatch({ control: form.control, name });
  const copy = COPY[member];
  const titleId = `select-${member}-title`;
  const bytes = (rows ?? []).reduce(
    (n, row) => n + utf8ByteLength(row.Key ?? "") + utf8ByteLength(row.Value ?? ""),
    0,
  );
  const full = copy.maxRows !== undefined && fields.length >= copy.maxRows;
  return (
    <div className="space-y-2" role="group" aria-labelledby={titleId}>
      <div>
        <h4 id={titleId} className="text-sm font-medium text-slate-800">
          {copy.title}
        </h4>
        <p className="text-xs text-slate-500">
          {copy.limits}{" "}
          {member === "UserMetadata" ? (
            <span aria-live="polite">
              {bytes} / {MAX_USER_METADATA_BYTES} bytes.
            </span>
          ) : (
            <span>
              {fields.length} / {MAX_TAGS}.
            </span>
          )}
        </p>
        <FieldError error={listError(form, name)} />
      </div>
      {fields.length > 0 && (
        <ul className="space-y-2">
          {fields.map((field, index) => (
            <li key={field.id} className="grid items-start gap-2 sm:grid-cols-[1fr_1fr_auto]">
              <TextField
                form={form}
                name={`${name}.${index}.Key` as SelectPath}
                label={fieldLabel(`${name}.${index}.Key`)}
              />
              <TextField
                form={form}
                name={`${name}.${index}.Value` as SelectPath}
                label={fieldLabel(`${name}.${index}.Value`)}
              />
              <Button
                variant="ghost"
                className="sm:mt-6"
                onClick={() => remove(index)}
                aria-label={`Remove ${copy.item} ${index + 1}`}
              >
                <Trash2 aria-hidden className="size-4" />
              </Button>
            </li>
          ))}
        </ul>
      )}
      <Button onClick={() => append(emptyKeyValueRow())} disabled={full}>
        <Plus aria-hidden className="size-4" /> Add {copy.item}
      </Button>
    </div>
  );
}
