import Link from "next/link";
import { requireUser } from "@/lib/auth/current-user";

const TABS = [
  { href: "/settings/connections", label: "Connections" },
  { href: "/settings/users", label: "Users" },
  { href: "/settings/sns", label: "SNS notifications" },
  { href: "/settings/tasks", label: "Tasks" },
];

/** Settings are for admins (connections hold credentials); each page and action checks again. */
export default async function SettingsLayout({ children }: { children: React.ReactNode }) {
  await requireUser("admin");
  return (
    <>
      <nav aria-label="Settings" className="mb-6 flex gap-1 border-b border-slate-200">
        {TABS.map((tab) => (
          <Link
            key={tab.href}
            href={tab.href}
            className="-mb-px border-b-2 border-transparent px-3 py-2 text-sm font-medium text-slate-600 hover:border-slate-300 hover:text-slate-900"
          >
            {tab.label}
          </Link>
        ))}
      </nav>
      {children}
    </>
  );
}
