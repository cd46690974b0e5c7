import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

/**
 * Nothing to show until a connection exists. Only admins may add one (the form is a 404 for everyone
 * else); every caller says whether the user may.
 */
export function NoConnection({ canAddConnection }: { canAddConnection: boolean }) {
  return (
    <EmptyState title="No connection yet">
      <p>Add a connection to an AWS account (or to the embedded Glacier server) to see its vaults.</p>
      {canAddConnection ? (
        <ButtonLink href="/settings/connections/new" variant="primary" className="mt-4">
          Add a connection
        </ButtonLink>
      ) : (
        <p className="mt-2">Only an admin can add one: ask an admin.</p>
      )}
    </EmptyState>
  );
}
