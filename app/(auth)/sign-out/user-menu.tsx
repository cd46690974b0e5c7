import { LogOut } from "lucide-react";

type Props = { name: string; email: string; role: string; signOut: () => Promise<void> };

/** Who is signed in, with what role, and the sign-out button (a form: works without JavaScript). */
export function UserMenu({ name, email, role, signOut }: Props) {
  return (
    <div className="flex items-center gap-3 border-l border-slate-200 pl-4">
      <p className="text-right text-xs leading-tight" data-testid="signed-in-user">
        <span className="block font-medium text-slate-800" title={email}>
          {name}
        </span>
        <span className="text-slate-500">{role}</span>
      </p>
      <form action={signOut}>
        <button
          type="submit"
          className="inline-flex items-center gap-1 rounded-md px-2 py-1 text-xs font-medium text-slate-700 hover:bg-slate-100"
        >
          <LogOut aria-hidden className="size-3.5" />
          Sign out
        </button>
      </form>
    </div>
  );
}
