"use client";

import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Field, inputClass } from "@/components/ui/field";
import { type ActionResult } from "@/lib/auth/action-result";
import { ROLE_LABELS, ROLES, type Role } from "@/lib/auth/roles";

type Submit<I, T = unknown> = (input: I) => Promise<ActionResult<T>>;

function useSubmit<I, T>(submit: Submit<I, T>, onSuccess?: () => void) {
  const [pending, startTransition] = useTransition();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const run = (input: I) =>
    startTransition(async () => {
      const result = await submit(input);
      if (result.ok) {
        setErrors({});
        toast.success(result.message ?? "Saved.");
        onSuccess?.();
      } else {
        setErrors(result.fieldErrors);
        toast.error(result.message);
      }
    });
  return { pending, errors, run };
}

function RoleSelect({
  value,
  onChange,
  error,
}: {
  value: Role;
  onChange: (r: Role) => void;
  error?: string | undefined;
}) {
  return (
    <Field label="Role" error={error}>
      {(aria) => (
        <select
          {...aria}
          value={value}
          onChange={(e) => onChange(ROLES.find((r) => r === e.target.value) ?? "viewer")}
          className={inputClass}
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

type NewUser = { email: string; name: string; role: Role; password: string };

export function AddUserForm({ submit }: { submit: Submit<NewUser> }) {
  const empty: NewUser = { email: "", name: "", role: "viewer", password: "" };
  const [values, setValues] = useState(empty);
  const { pending, errors, run } = useSubmit(submit, () => setValues(empty));
  return (
    <form
      aria-label="Add user"
      className="grid gap-3 sm:grid-cols-2"
      onSubmit={(e) => {
        e.preventDefault();
        run(values);
      }}
    >
      <Field label="Email" error={errors.email}>
        {(aria) => (
          <input
            {...aria}
            type="email"
            autoComplete="off"
            value={values.email}
            onChange={(e) => setValues({ ...values, email: e.target.value })}
            className={inputClass}
          />
        )}
      </Field>
      <Field label="Name" error={errors.name}>
        {(aria) => (
          <input
            {...aria}
            value={values.name}
            onChange={(e) => setValues({ ...values, name: e.target.value })}
            className={inputClass}
          />
        )}
      </Field>
      <RoleSelect
        value={values.role}
        onChange={(role) => setValues({ ...values, role })}
        error={errors.role}
      />
      <Field
        label="Initial password"
        error={errors.password}
        hint="At least 12 characters. Tell the person through a private channel."
      >
        {(aria) => (
          <input
            {...aria}
            type="password"
            autoComplete="new-password"
            value={values.password}
            onChange={(e) => setValues({ ...values, password: e.target.value })}
            className={inputClass}
          />
        )}
      </Field>
      <div className="sm:col-span-2">
        <Button type="submit" variant="primary" disabled={pending}>
          Add user
        </Button>
      </div>
    </form>
  );
}

type UserRow = { id: string; email: string; name: string; role: Role; disabled: boolean };
type UserChanges = { id: string; name: string; role: Role; disabled: boolean; password: string };

export function EditUserForm({ user, submit }: { user: UserRow; submit: Submit<UserChanges> }) {
  const [values, setValues] = useState<UserChanges>({
    id: user.id,
    name: user.name,
    role: user.role,
    disabled: user.disabled,
    password: "",
  });
  const { pending, errors, run } = useSubmit(submit, () => setValues((v) => ({ ...v, password: "" })));
  return (
    <form
      aria-label={`Edit ${user.email}`}
      className="grid items-end gap-3 sm:grid-cols-[1fr_1fr_1fr_auto_auto]"
      onSubmit={(e) => {
        e.preventDefault();
        run(values);
      }}
    >
      <Field label="Name" error={errors.name}>
        {(aria) => (
          <input
            {...aria}
            value={values.name}
            onChange={(e) => setValues({ ...values, name: e.target.value })}
            className={inputClass}
          />
        )}
      </Field>
      <RoleSelect
        value={values.role}
        onChange={(role) => setValues({ ...values, role })}
        error={errors.role}
      />
      <Field label="New password (optional)" error={errors.password}>
        {(aria) => (
          <input
            {...aria}
            type="password"
            autoComplete="new-password"
            value={values.password}
            onChange={(e) => setValues({ ...values, password: e.target.value })}
            className={inputClass}
          />
        )}
      </Field>
      <label className="flex items-center gap-2 pb-2 text-sm text-slate-800">
        <input
          type="checkbox"
          checked={values.disabled}
          onChange={(e) => setValues({ ...values, disabled: e.target.checked })}
        />
        Disabled
      </label>
      <Button type="submit" disabled={pending}>
        Save
      </Button>
    </form>
  );
}
