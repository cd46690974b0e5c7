import { notFound } from "next/navigation";
import { ConnectionForm } from "@/components/connections/connection-form";
import { getConnection } from "@/lib/connections";
import { type ConnectionSummary } from "@/lib/connections/schema";
import { updateConnectionByIdAction } from "../actions";
import { ConnectionFormPage } from "../connection-form-page";
import { requireUser } from "@/lib/auth/current-user";

export const metadata = { title: "Edit connection" };

/** Form values from a stored connection; the secret is never sent back, only the fact that one exists. */
function formValues(c: ConnectionSummary) {
  const base = { name: c.name, region: c.region, accountId: c.accountId, endpoint: c.endpoint ?? "" };
  switch (c.mode) {
    case "profile":
      return { ...base, credentials: { mode: "profile" as const, profile: c.profile ?? "" } };
    case "access-key":
      return {
        ...base,
        credentials: { mode: "access-key" as const, accessKeyId: "", secretAccessKey: "", sessionToken: "" },
      };
    case "assume-role":
      return {
        ...base,
        credentials: {
          mode: "assume-role" as const,
          roleArn: c.roleArn ?? "",
          externalId: "",
          sessionName: c.sessionName ?? "",
        },
      };
    default:
      return { ...base, credentials: { mode: "default-chain" as const } };
  }
}

export default async function EditConnectionPage({ params }: { params: Promise<{ id: string }> }) {
  await requireUser("admin");
  const { id } = await params;
  const connection = /^[0-9a-f-]{36}$/i.test(id) ? await getConnection(id) : undefined;
  if (!connection) notFound();
  // A bound argument, not a closure: closures travel encrypted, and a forged one made Next answer 500.
  const update = updateConnectionByIdAction.bind(null, connection.id);
  return (
    <ConnectionFormPage title={`Edit ${connection.name}`}>
      <ConnectionForm
        variant="update"
        submit={update}
        defaultValues={formValues(connection)}
        hasStoredSecret={connection.hasSecret}
        hasStoredExternalId={connection.hasExternalId}
      />
    </ConnectionFormPage>
  );
}
