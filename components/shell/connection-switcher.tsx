"use client";

import { Cable } from "lucide-react";
import { useTransition } from "react";
import { toast } from "sonner";
import { type ActionResult } from "@/lib/auth/action-result";
import { accountWords, regionWords } from "@/lib/connections/schema";

export type SwitcherConnection = { id: string; name: string; region: string; accountId: string };

/** The active connection (account / region), always visible; changing it re-renders every page. */
export function ConnectionSwitcher({
  connections,
  activeId,
  selectAction,
}: {
  connections: SwitcherConnection[];
  activeId: string | undefined;
  selectAction: (input: { connectionId: string }) => Promise<ActionResult>;
}) {
  const [pending, startTransition] = useTransition();
  const active = connections.find((c) => c.id === activeId);

  if (connections.length === 0) {
    return <span className="text-sm text-slate-500">No connection yet</span>;
  }

  return (
    <div className="flex items-center gap-2">
      <Cable aria-hidden className="size-4 text-slate-500" />
      <label htmlFor="active-connection" className="sr-only">
        Active connection
      </label>
      <select
        id="active-connection"
        value={activeId}
        disabled={pending}
        onChange={(event) => {
          const connectionId = event.target.value;
          startTransition(async () => {
            const result = await selectAction({ connectionId });
            if (!result.ok) toast.error(result.message);
          });
        }}
        className="rounded-md border border-slate-300 bg-white py-1 pr-8 pl-2 text-sm font-medium text-slate-800"
      >
        {connections.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
      {active && (
        <span className="hidden text-xs text-slate-600 md:inline" data-testid="active-connection-scope">
          {capitalize(accountWords(active.accountId))} · {regionWords(active.region)}
        </span>
      )}
    </div>
  );
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
