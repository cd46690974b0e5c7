import Link from "next/link";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";

/** The frame of the add and edit connection pages: the title under "Connections", the form in a card. */
export function ConnectionFormPage({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <>
      <PageHeader
        title={title}
        breadcrumb={
          <Link href="/settings/connections" className="hover:underline">
            Connections
          </Link>
        }
      />
      <Card>{children}</Card>
    </>
  );
}
