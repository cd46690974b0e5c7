import { requireUser } from "@/lib/auth/current-user";

/** Starting a job costs money: the wizards are for operators and admins (their actions check again). */
export default async function NewJobLayout({ children }: { children: React.ReactNode }) {
  await requireUser("operator");
  return children;
}
