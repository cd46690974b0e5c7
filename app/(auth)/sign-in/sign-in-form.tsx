"use client";

import { useActionState, useState } from "react";
import { InputField } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { type ActionResult } from "@/lib/auth/action-result";

type Props = {
  action: (previous: ActionResult | null, form: FormData) => Promise<ActionResult>;
  next: string;
};

export function SignInForm({ action, next }: Props) {
  const [state, formAction, pending] = useActionState(action, null);
  // Controlled, so a refused attempt keeps the email (React resets uncontrolled fields after an action).
  const [email, setEmail] = useState("");
  const errors = state && !state.ok ? state.fieldErrors : {};
  return (
    <form action={formAction} className="space-y-4" aria-label="Sign in">
      <input type="hidden" name="next" value={next} />
      <InputField
        label="Email"
        error={errors.email}
        name="email"
        type="email"
        autoComplete="username"
        required
        value={email}
        onChange={(e) => setEmail(e.target.value)}
      />
      <InputField
        label="Password"
        error={errors.password}
        name="password"
        type="password"
        autoComplete="current-password"
        required
      />
      <p role="status" aria-live="polite" className="text-sm text-red-700 empty:hidden">
        {state && !state.ok ? state.message : ""}
      </p>
      <Button type="submit" variant="primary" className="w-full" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
