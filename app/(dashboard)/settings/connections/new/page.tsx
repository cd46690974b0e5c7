import { ConnectionForm } from "@/components/connections/connection-form";
import { createConnectionAction } from "../actions";
import { requireUser } from "@/lib/auth/current-user";
import { ConnectionFormPage } from "../connection-form-page";

export const metadata = { title: "Add connection" };

export default async function NewConnectionPage() {
  await requireUser("admin");
  return (
    <ConnectionFormPage title="Add connection">
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
    </ConnectionFormPage>
  );
}
