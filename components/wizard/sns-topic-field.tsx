"use client";

import { type UseFormRegisterReturn } from "react-hook-form";
import { InputField } from "@/components/ui/field";
import { SNS_TOPIC_ARN_EXAMPLE } from "@/lib/glacier/sns";
import { fieldLabel } from "@/lib/glacier/field-labels";

/** The per-job SNSTopic. Glacier neither creates the topic nor checks it may publish to it. */
export function SnsTopicField({
  registration,
  error,
}: {
  registration: UseFormRegisterReturn;
  error: string | undefined;
}) {
  return (
    <InputField
      label={`${fieldLabel("SNSTopic")} (optional)`}
      error={error}
      hint="Notified when the job succeeds or fails. The topic must exist and allow Glacier to publish; a vault notification configuration fires as well."
      {...registration}
      placeholder={SNS_TOPIC_ARN_EXAMPLE}
      autoComplete="off"
      spellCheck={false}
    />
  );
}
