import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/current-user";
import { listUsers } from "@/lib/auth/users";
import { createUserAction, updateUserAction } from "./actions";
import { AddUserForm, EditUserForm } from "./user-forms";

export const metadata = { title: "Users" };

export default async function UsersPage() {
  const me = await requireUser("admin");
  const users = await listUsers();
  return (
    <>
      <PageHeader title="Users" description="Who may sign in, and what each role may do: viewers read, operators also start jobs and download outputs, admins also manage connections, users and settings." />
      <Card title="Add user" className="mb-6">
        <AddUserForm submit={createUserAction} />
      </Card>
      <ul aria-label="Users" className="space-y-3">
        {users.map((u) => (
          <li key={u.id} aria-label={u.email} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <div className="mb-3 flex flex-wrap items-center gap-2 text-sm">
              <span className="font-medium text-slate-900">{u.email}</span>
              <Badge tone={u.role === "admin" ? "info" : "neutral"}>{u.role}</Badge>
              {u.disabled && <Badge tone="danger">disabled</Badge>}
              {u.sso && <Badge>SSO</Badge>}
              {u.id === me.id && <Badge tone="success">you</Badge>}
              <span className="ml-auto text-xs text-slate-500">{u.lastSignInAt ? `last sign-in ${u.lastSignInAt.slice(0, 16).replace("T", " ")} UTC` : "never signed in"}</span>
            </div>
            <EditUserForm user={u} submit={updateUserAction} />
          </li>
        ))}
      </ul>
    </>
  );
}
