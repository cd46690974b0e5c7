import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/current-user";
import { getConfig } from "@/lib/config";
import { listSubscriptions, savedTopicArns } from "@/lib/sns";
import { saveSnsTopicsAction } from "./actions";
import { TopicsForm } from "./topics-form";

export const metadata = { title: "SNS notifications" };

export default async function SnsSettingsPage() {
  await requireUser("admin");
  const [saved, subscriptions] = await Promise.all([savedTopicArns(), listSubscriptions()]);
  const fromEnvironment = getConfig().sns.topicArns;
  return (
    <>
      <PageHeader
        title="SNS notifications"
        description="Glacier tells Thaw at once when a job completes if the job's SNS topic delivers to this server's /api/sns. Messages are accepted only when correctly signed by SNS and sent from an allowed topic."
      />
      <Card title="Allowed topics" className="mb-6">
        <TopicsForm initial={saved} submit={saveSnsTopicsAction} />
        {fromEnvironment.length > 0 && (
          <p className="mt-3 text-sm text-slate-600">
            Also allowed by THAW_SNS_TOPIC_ARNS:{" "}
            <code className="break-all">{fromEnvironment.join(", ")}</code>
          </p>
        )}
      </Card>
      <Card title="Subscriptions">
        {subscriptions.length === 0 ? (
          <p className="text-sm text-slate-600">No subscription confirmed yet.</p>
        ) : (
          <ul className="space-y-1 text-sm">
            {subscriptions.map((s) => (
              <li key={s.topicArn}>
                <code className="break-all">{s.topicArn}</code>: {s.status} (
                {s.updatedAt.slice(0, 16).replace("T", " ")} UTC)
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
