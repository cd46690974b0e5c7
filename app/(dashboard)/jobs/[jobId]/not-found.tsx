import Link from "next/link";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";

/** A job id nobody knows: neither Thaw's records nor any vault of the active connection. */
export default function JobNotFound() {
  return (
    <>
      <PageHeader
        title="Job not found"
        breadcrumb={
          <Link href="/jobs" className="hover:underline">
            Jobs
          </Link>
        }
      />
      <Card>
        <div role="status" className="space-y-3 text-sm text-slate-700">
          <p>
            There is no job with this id. Thaw has no record of it, and Glacier does not list it in any vault
            of the active connection.
          </p>
          <p className="text-slate-600">
            Check the id (Glacier job ids are 92 characters long). Glacier forgets a finished job about a day
            after it completes; Thaw keeps the jobs it has seen, so an older job is on the Jobs page if Thaw
            ever tracked it.
          </p>
          <ButtonLink href="/jobs">Back to the jobs</ButtonLink>
        </div>
      </Card>
    </>
  );
}
