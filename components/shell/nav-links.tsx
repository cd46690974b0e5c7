"use client";

import { Briefcase, LayoutDashboard, PlusCircle, ScrollText, Settings, Truck, Vault } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";

const links = [
  { href: "/", label: "Overview", icon: LayoutDashboard, exact: true },
  { href: "/vaults", label: "Vaults", icon: Vault, exact: false },
  { href: "/jobs", label: "Jobs", icon: Briefcase, exact: true },
  { href: "/jobs/new", label: "New job", icon: PlusCircle, exact: false, role: "operator" },
  { href: "/plans", label: "Plans", icon: Truck, exact: false },
  { href: "/audit", label: "Audit", icon: ScrollText, exact: false, role: "admin" },
  { href: "/settings", label: "Settings", icon: Settings, exact: false, role: "admin" },
] as const;

const RANK = { viewer: 0, operator: 1, admin: 2 } as const;

/** `role` only hides links a role cannot use; the pages and actions enforce it on the server. */
export function NavLinks({ role }: { role: keyof typeof RANK }) {
  const pathname = usePathname();
  const visible = links.filter((link) => !("role" in link) || RANK[role] >= RANK[link.role]);
  return (
    <ul className="space-y-0.5">
      {visible.map(({ href, label, icon: Icon, exact }) => {
        const active = exact ? pathname === href : pathname === href || pathname.startsWith(`${href}/`);
        // "Jobs" also owns job pages, but not the wizard, which has its own entry.
        const jobsPage =
          href === "/jobs" && pathname.startsWith("/jobs/") && !pathname.startsWith("/jobs/new");
        const current = active || jobsPage;
        return (
          <li key={href}>
            <Link
              href={href}
              aria-current={current ? "page" : undefined}
              className={cn(
                "flex items-center gap-2.5 rounded-md px-3 py-2 text-sm font-medium",
                current ? "bg-ice-800 text-white" : "text-ice-100 hover:bg-ice-900 hover:text-white",
              )}
            >
              <Icon aria-hidden className="size-4" />
              {label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
