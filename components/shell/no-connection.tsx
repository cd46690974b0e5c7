import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

export function NoConnection() {
  return (
    <EmptyState title="No connection yet">
      <p>Add a connection to an AWS account (or to the embedded Glacier server) to see its vaults.</p>
      <ButtonLink href="/settings/connections/new" variant="primary" className="mt-4">
        Add a connection
      </ButtonLink>
    </EmptyState>
  );
}
