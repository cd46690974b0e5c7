import Link from "next/link";
import { NavLinks } from "@/components/shell/nav-links";
import { ConnectionSwitcher } from "@/components/shell/connection-switcher";
import { requireUser } from "@/lib/auth/current-user";
import { getConnectionContext } from "@/lib/session";
import { signOutAction } from "../(auth)/sign-out/actions";
import { UserMenu } from "../(auth)/sign-out/user-menu";
import { selectConnectionAction } from "./connection-actions";

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser("viewer");
  const { connections, active } = await getConnectionContext();
  return (
    <div className="flex min-h-screen">
      <div className="w-56 shrink-0 bg-ice-950">
        <nav aria-label="Main" className="sticky top-0 flex h-screen flex-col px-3 py-4">
          <Link href="/" className="mb-6 flex items-center gap-2 px-3 text-lg font-semibold text-white">
            {/* eslint-disable-next-line @next/next/no-img-element -- a 24px static SVG needs no optimisation */}
            <img src="/favicon.svg" alt="" className="size-6" />
            Thaw
          </Link>
          <NavLinks role={user.role} />
          <p className="mt-auto px-3 text-xs leading-relaxed text-ice-300">
            Glacier vault retrievals, composed and tracked.
          </p>
        </nav>
      </div>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="sticky top-0 z-10 flex h-14 items-center justify-end gap-4 border-b border-slate-200 bg-white/90 px-6 backdrop-blur">
          <ConnectionSwitcher
            connections={connections.map(({ id, name, region, accountId }) => ({
              id,
              name,
              region,
              accountId,
            }))}
            activeId={active?.id}
            selectAction={selectConnectionAction}
          />
          <UserMenu name={user.name} email={user.email} role={user.role} signOut={signOutAction} />
        </header>
        <main className="mx-auto w-full max-w-7xl flex-1 px-6 py-8">{children}</main>
      </div>
    </div>
  );
}
