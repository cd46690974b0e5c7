import { ParkedTasks } from "@/components/tasks/parked-tasks";
import { QueueOverview } from "@/components/tasks/queue-overview";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/current-user";
import { getConfig } from "@/lib/config";
import { parkedTasks, queueHealth } from "@/lib/tasks";
import { retryParkedTaskAction } from "../../tasks/actions";

export const metadata = { title: "Tasks" };
export const dynamic = "force-dynamic";

export default async function TasksSettingsPage() {
  await requireUser("admin");
  const [health, parked] = await Promise.all([queueHealth(), parkedTasks({})]);
  const config = getConfig();
  const kind = config.databaseUrl ? "pg-boss on PostgreSQL (every replica)" : "this process (SQLite)";
  return (
    <>
      <PageHeader
        title="Tasks"
        description="Plan steps, copies and job syncs run as tasks from a durable queue: any worker takes any task, a task whose worker dies is retried elsewhere, and one that keeps failing is parked here with its error."
      />
      <div className="space-y-6">
        <QueueOverview
          kind={config.tasks.worker === "external" ? `${kind}; workers: the drain route only` : kind}
          {...health}
        />
        <ParkedTasks tasks={parked} canRetry retry={retryParkedTaskAction} />
      </div>
    </>
  );
}
