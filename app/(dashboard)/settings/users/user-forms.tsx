"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, inputClass, InputField, Options } from "@/components/ui/field";
import { type Submit, useActionSubmit } from "@/components/ui/use-action-submit";
import { ROLE_LABELS, ROLES, type Role } from "@/lib/auth/roles";

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
          <Options values={ROLES} labelOf={(r) => ROLE_LABELS[r]} />
        </select>
      )}
    </Field>
  );
}

/** Binds `<InputField>`s to the text members of a form's state: `{...bind("name")}`. */
function textBinder<V extends Record<string, unknown>>(
  values: V,
  setValues: (values: V) => void,
  errors: Record<string, string>,
) {
  type TextKey = { [K in keyof V]: V[K] extends string ? K : never }[keyof V] & string;
  return (key: TextKey) => ({
    error: errors[key],
    value: values[key] as string,
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => setValues({ ...values, [key]: e.target.value }),
  });
}

/** A password being set (never the user's current one): the browser may offer to generate it. */
const NEW_PASSWORD = { type: "password", autoComplete: "new-password" } as const;

type NewUser = { email: string; name: string; role: Role; password: string };

export function AddUserForm({ submit }: { submit: Submit<NewUser> }) {
  const empty: NewUser = { email: "", name: "", role: "viewer", password: "" };
  const [values, setValues] = useState(empty);
  const { pending, errors, submitWith } = useActionSubmit(submit, () => setValues(empty));
  const bind = textBinder(values, setValues, errors);
  return (
    <form aria-label="Add user" className="grid gap-3 sm:grid-cols-2" onSubmit={submitWith(values)}>
      <InputField label="Email" type="email" autoComplete="off" {...bind("email")} />
      <InputField label="Name" {...bind("name")} />
      <RoleSelect
        value={values.role}
        onChange={(role) => setValues({ ...values, role })}
        error={errors.role}
      />
      <InputField
        label="Initial password"
        hint="At least 12 characters. Tell the person through a private channel."
        {...NEW_PASSWORD}
        {...bind("password")}
      />
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
  const { pending, errors, submitWith } = useActionSubmit(submit, () =>
    setValues((v) => ({ ...v, password: "" })),
  );
  const bind = textBinder(values, setValues, errors);
  return (
    <form
      aria-label={`Edit ${user.email}`}
      className="grid items-end gap-3 sm:grid-cols-[1fr_1fr_1fr_auto_auto]"
      onSubmit={submitWith(values)}
    >
      <InputField label="Name" {...bind("name")} />
      <RoleSelect
        value={values.role}
        onChange={(role) => setValues({ ...values, role })}
        error={errors.role}
      />
      <InputField label="New password (optional)" {...NEW_PASSWORD} {...bind("password")} />
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
