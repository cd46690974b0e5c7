import { FileSearch, ListTree, PackageOpen } from "lucide-react";
import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { loadNewJobSearchParams, newJobHref } from "@/components/wizard/search-params";

export const metadata = { title: "New job" };

const jobTypes = [
  {
    href: "/jobs/new/inventory",
    icon: ListTree,
    title: "Inventory retrieval",
    text: "List a vault's archives (ids, descriptions, sizes, tree hashes) as CSV or JSON, optionally by date range.",
  },
  {
    href: "/jobs/new/archive",
    icon: PackageOpen,
    title: "Archive retrieval",
    text: "Stage an archive, or a megabyte-aligned byte range of it, for download within 24 hours.",
  },
  {
    href: "/jobs/new/select",
    icon: FileSearch,
    title: "Select",
    text: "Run SQL over a CSV archive and write the result to S3, without retrieving the whole archive.",
  },
] as const;

export default async function NewJobPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { vault } = await loadNewJobSearchParams(searchParams);
  return (
    <>
      <PageHeader title="New job" description="Every Glacier job starts with InitiateJob. Pick its type." />
      <ul className="grid gap-4 md:grid-cols-3">
        {jobTypes.map(({ href, icon: Icon, title, text }) => (
          <li key={href}>
            <Link
              href={newJobHref(href, { vault })}
              className="flex h-full flex-col gap-2 rounded-lg border border-slate-200 bg-white p-5 shadow-sm hover:border-ice-400 hover:shadow"
            >
              <Icon aria-hidden className="size-6 text-ice-600" />
              <span className="font-semibold text-slate-900">{title}</span>
              <span className="text-sm text-slate-600">{text}</span>
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
