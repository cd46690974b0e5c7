"use client";

import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Field, inputClass } from "@/components/ui/field";
import { type ActionResult } from "@/lib/auth/action-result";

export function TopicsForm({
  initial,
  submit,
}: {
  initial: string[];
  submit: (input: { topics: string }) => Promise<ActionResult>;
}) {
  const [topics, setTopics] = useState(initial.join("\n"));
  const [error, setError] = useState<string | undefined>();
  const [pending, startTransition] = useTransition();
  return (
    <form
      aria-label="Allowed SNS topics"
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        startTransition(async () => {
          const result = await submit({ topics });
          setError(result.ok ? undefined : (result.fieldErrors.topics ?? result.message));
          if (result.ok) toast.success(result.message ?? "Saved.");
          else toast.error(result.message);
        });
      }}
    >
      <Field
        label="Topic ARNs, one per line"
        error={error}
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
