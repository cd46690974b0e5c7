"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, inputClass } from "@/components/ui/field";
import { type Submit, useActionSubmit } from "@/components/ui/use-action-submit";

export function TopicsForm({ initial, submit }: { initial: string[]; submit: Submit<{ topics: string }> }) {
  const [topics, setTopics] = useState(initial.join("\n"));
  const { pending, errors, failure, submitWith } = useActionSubmit(submit);
  return (
    <form aria-label="Allowed SNS topics" className="space-y-3" onSubmit={submitWith({ topics })}>
      <Field
        label="Topic ARNs, one per line"
        error={errors.topics ?? failure}
        hint="Only messages from these topics are accepted, and only their subscriptions are confirmed."
      >
        {(aria) => (
          <textarea
            {...aria}
            rows={6}
            value={topics}
            onChange={(e) => setTopics(e.target.value)}
            className={`${inputClass} font-mono`}
            spellCheck={false}
          />
        )}
      </Field>
      <Button type="submit" variant="primary" disabled={pending}>
        Save topics
      </Button>
    </form>
  );
}
