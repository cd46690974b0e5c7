import { Badge } from "@/components/ui/badge";
import { Card, CardListItem } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/current-user";
import { liveSessionActivity, type UserActivity } from "@/lib/auth/sessions";
import { listUsers, type User } from "@/lib/auth/users";
import { createUserAction, updateUserAction } from "./actions";
import { AddUserForm, EditUserForm } from "./user-forms";

export const metadata = { title: "Users" };

const utcMinute = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;

/** Live sessions say when someone last did anything; otherwise the last sign-in is all there is. */
function activityLine(user: User, activity: UserActivity | undefined): string {
  if (activity)
    return `last active ${utcMinute(activity.lastSeenAt)} · ${activity.openSessions} open session${activity.openSessions === 1 ? "" : "s"}`;
  return user.lastSignInAt
    ? `no open session · last sign-in ${utcMinute(user.lastSignInAt)}`
    : "never signed in";
}

export default async function UsersPage() {
  const me = await requireUser("admin");
  const [users, activity] = await Promise.all([listUsers(), liveSessionActivity()]);
  return (
    <>
      <PageHeader
        title="Users"
        description="Who may sign in, and what each role may do: viewers read, operators also start jobs and download outputs, admins also manage connections, users and settings."
      />
      <Card title="Add user" className="mb-6">
        <AddUserForm submit={createUserAction} />
      </Card>
      <ul aria-label="Users" className="space-y-3">
        {users.map((u) => (
          <CardListItem key={u.id} label={u.email}>
            <div className="mb-3 flex flex-wrap items-center gap-2 text-sm">
              <span className="font-medium text-slate-900">{u.email}</span>
              <Badge tone={u.role === "admin" ? "info" : "neutral"}>{u.role}</Badge>
              {u.disabled && <Badge tone="danger">disabled</Badge>}
              {u.sso && <Badge>SSO</Badge>}
              {u.id === me.id && <Badge tone="success">you</Badge>}
              <span className="ml-auto text-xs text-slate-500" data-testid="user-activity">
                {activityLine(u, activity.get(u.id))}
              </span>
            </div>
            <EditUserForm user={u} submit={updateUserAction} />
          </CardListItem>
        ))}
      </ul>
    </>
  );
}
