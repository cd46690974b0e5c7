import Link from "next/link";
import { AwsError } from "@/components/ui/aws-error";
import { PageHeader } from "@/components/ui/page-header";
import { type AwsFailure } from "@/lib/glacier/failure";

/** A wizard page's header (under "New job") and, above the wizard, why the vault list may be missing. */
export function WizardPageFrame({
  title,
  description,
  vaultsError,
  children,
}: {
  title: string;
  description: string;
  vaultsError: AwsFailure | undefined;
  children: React.ReactNode;
}) {
  return (
    <>
      <PageHeader
        title={title}
        breadcrumb={
          <Link href="/jobs/new" className="hover:underline">
            New job
          </Link>
        }
        description={description}
      />
      {vaultsError && <AwsError failure={vaultsError} title="Could not list the vaults" />}
      {children}
    </>
  );
}
