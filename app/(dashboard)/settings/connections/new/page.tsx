import Link from "next/link";
import { ConnectionForm } from "@/components/connections/connection-form";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { createConnectionAction } from "../actions";
import { requireUser } from "@/lib/auth/current-user";

export const metadata = { title: "Add connection" };

export default async function NewConnectionPage() {
  await requireUser("admin");
  return (
    <>
      <PageHeader
        title="Add connection"
        breadcrumb={
          <Link href="/settings/connections" className="hover:underline">
            Connections
          </Link>
        }
      />
      <Card>
        <ConnectionForm
          variant="create"
          submit={createConnectionAction}
          defaultValues={{
            name: "",
            region: "us-east-1",
            accountId: "-",
            endpoint: "",
            credentials: { mode: "default-chain" },
          }}
        />
      </Card>
    </>
  );
}
