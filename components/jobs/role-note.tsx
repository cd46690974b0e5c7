import { cn } from "@/components/ui/cn";

/**
 * Stands where a control the signed-in role cannot use would be (the control itself is not rendered:
 * its page or route would only answer 404/403). `role` is the user's role name, computed on the server.
 */
export function RoleNote({
  role,
  children,
  className,
}: {
  role: string;
  children: React.ReactNode;
  className?: string;
}) {
  return (
    <p role="note" className={cn("text-sm text-slate-600", className)}>
      Your role ({role}) {children}
    </p>
  );
}

/** Where "New job" (the wizards, operator-only) would be. */
export function NoJobStartNote({ role }: { role: string }) {
  return <RoleNote role={role}>can read jobs; ask an operator to start one.</RoleNote>;
}
