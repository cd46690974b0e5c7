"use client";

import { useWatch } from "react-hook-form";
import { FormSection } from "@/components/ui/field";
import { CANNED_ACLS, ENCRYPTION_TYPES, STORAGE_CLASSES } from "@/lib/glacier/job-types";
import { MAX_OUTPUT_PREFIX_BYTES } from "@/lib/glacier/output-location-rules";
import { ChoiceField, clearMembers, type SelectForm, TextField } from "./select-form-fields";
import { SelectGrantsEditor } from "./select-grants-editor";
import { SelectKeyValueEditor } from "./select-key-value-editor";

const S3 = "OutputLocation.S3";
const KMS_FIELDS = [`${S3}.Encryption.KMSKeyId`, `${S3}.Encryption.KMSContext`] as const;

const ENCRYPTION_LABELS: Readonly<Record<(typeof ENCRYPTION_TYPES)[number], string>> = {
  AES256: "AES256 (S3-managed keys)",
  "aws:kms": "aws:kms (a KMS key)",
};

/** OutputLocation.S3: where Glacier writes the results, encrypted, shared and tagged how. */
export function SelectOutputLocation({ form }: { form: SelectForm }) {
  const encryption = useWatch({ control: form.control, name: `${S3}.Encryption` });
  // KMS fields belong to aws:kms; they also show while holding a value (a tampered link) so the error is visible.
  const showKms =
    encryption?.EncryptionType === "aws:kms" ||
    Boolean(encryption?.KMSKeyId) ||
    Boolean(encryption?.KMSContext);
  return (
    <div className="space-y-6">
      <FormSection legend="Results bucket" className="grid gap-4 sm:grid-cols-2">
        <TextField
          form={form}
          name={`${S3}.BucketName`}
          hint="3–63 characters: lower-case letters, digits, dots and hyphens. It must exist and let Glacier write."
          placeholder="my-select-results"
          mono
        />
        <TextField
          form={form}
          name={`${S3}.Prefix`}
          hint={`Glacier writes under <prefix>/<job id>/. At most ${MAX_OUTPUT_PREFIX_BYTES} bytes.`}
          placeholder="select/2024"
          mono
        />
        <ChoiceField
          form={form}
          name={`${S3}.StorageClass`}
          choices={STORAGE_CLASSES}
          none="Not sent (STANDARD)"
        />
      </FormSection>

      <FormSection legend="Encryption" className="grid gap-4 sm:grid-cols-2">
        <ChoiceField
          form={form}
          name={`${S3}.Encryption.EncryptionType`}
          choices={ENCRYPTION_TYPES.map((value) => ({ value, label: ENCRYPTION_LABELS[value] }))}
          none="Not sent (the bucket's default)"
          onValueChange={(value) => {
            if (value !== "aws:kms") clearMembers(form, KMS_FIELDS);
          }}
        />
        {showKms && (
          <>
            <TextField
              form={form}
              name={KMS_FIELDS[0]}
              hint="Key ID, key ARN or alias; empty uses the account's default S3 key."
              placeholder="alias/my-key"
              mono
            />
            <TextField
              form={form}
              name={KMS_FIELDS[1]}
              hint="Optional: base64 of a JSON object of key/value pairs."
              mono
              className="sm:col-span-2"
            />
          </>
        )}
      </FormSection>

      <FormSection legend="Access" className="space-y-4">
        <ChoiceField
          form={form}
          name={`${S3}.CannedACL`}
          choices={CANNED_ACLS}
          none="Not sent (private, unless grants are given)"
          hint="Use a canned ACL or explicit grants below, not both."
          className="max-w-md"
        />
        <SelectGrantsEditor form={form} />
      </FormSection>

      <FormSection legend="Tags and metadata" className="grid gap-6 lg:grid-cols-2">
        <SelectKeyValueEditor form={form} member="Tagging" />
        <SelectKeyValueEditor form={form} member="UserMetadata" />
      </FormSection>
    </div>
  );
}
