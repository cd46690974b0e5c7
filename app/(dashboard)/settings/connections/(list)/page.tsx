import { ConnectionRowActions } from "@/components/connections/connection-row-actions";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { CardListItem } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { accountWords, type ConnectionSummary, regionWords } from "@/lib/connections/schema";
import { getConnectionContext } from "@/lib/session";
import { deleteConnectionAction, testConnectionAction } from "../actions";
import { requireUser } from "@/lib/auth/current-user";

export const metadata = { title: "Connections" };

const modeLabels: Record<ConnectionSummary["mode"], string> = {
  "default-chain": "Default provider chain",
  profile: "Named profile",
  "access-key": "Access key",
  "assume-role": "Assume role",
};

function credentialDetail(c: ConnectionSummary): string | null {
  if (c.mode === "profile") return c.profile ?? null;
  if (c.mode === "access-key") return c.accessKeyIdMasked;
  if (c.mode === "assume-role") return c.roleArn ?? null;
  return null;
}

export default async function ConnectionsPage() {
  await requireUser("admin");
  const { connections, active } = await getConnectionContext();
  return (
    <>
      <PageHeader
        title="Connections"
        description="Where Thaw sends Glacier requests, and with which credentials. Secrets stay on this server, encrypted at rest."
        actions={
          <ButtonLink href="/settings/connections/new" variant="primary">
            Add connection
          </ButtonLink>
        }
      />
      {connections.length === 0 ? (
        <EmptyState title="No connections yet">Add one to start working with your vaults.</EmptyState>
      ) : (
        <ul className="space-y-3" aria-label="Connections">
          {connections.map((c) => (
            <CardListItem key={c.id} label={c.name}>
              <div className="flex flex-wrap items-start justify-between gap-4">
                <div className="min-w-0 space-y-1">
                  <p className="flex items-center gap-2 font-semibold text-slate-900">
                    {c.name}
                    {c.id === active?.id && <Badge tone="info">active</Badge>}
                  </p>
                  <p className="text-sm text-slate-600">
                    {regionWords(c.region)} · {accountWords(c.accountId)} ·{" "}
                    {c.endpoint ? <span className="font-mono">{c.endpoint}</span> : "AWS endpoint"}
                  </p>
                  <p className="text-sm text-slate-600">
                    {modeLabels[c.mode]}
                    {credentialDetail(c) && <span className="font-mono"> · {credentialDetail(c)}</span>}
                  </p>
                </div>
                <ConnectionRowActions
                  id={c.id}
                  name={c.name}
                  testAction={testConnectionAction}
                  deleteAction={deleteConnectionAction}
                />
              </div>
            </CardListItem>
          ))}
        </ul>
      )}
    </>
  );
}
