"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { AwsError } from "@/components/ui/aws-error";
import { Button, ButtonLink } from "@/components/ui/button";
import { type ActionResult } from "@/lib/auth/action-result";
import { type ConnectionTestResult } from "@/lib/connections/schema";
import { formatBytes, formatCount } from "@/lib/glacier/format";

type Props = {
  id: string;
  name: string;
  testAction: (input: { id: string }) => Promise<ActionResult<ConnectionTestResult>>;
  deleteAction: (input: { id: string }) => Promise<ActionResult>;
};

/** Test, edit and delete for one connection; the test result stays under the row until the next test. */
export function ConnectionRowActions({ id, name, testAction, deleteAction }: Props) {
  const router = useRouter();
  const [testing, startTest] = useTransition();
  const [deleting, startDelete] = useTransition();
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<ConnectionTestResult | { error: string } | undefined>();

  const runTest = () =>
    startTest(async () => {
      setResult(undefined);
      const r = await testAction({ id });
      setResult(r.ok ? r.data : { error: r.message });
    });

  const runDelete = () =>
    startDelete(async () => {
      const r = await deleteAction({ id });
      if (r.ok) {
        toast.success(r.message ?? "Deleted.");
        router.refresh();
      } else toast.error(r.message);
      setConfirming(false);
    });

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center justify-end gap-2">
        <Button onClick={runTest} disabled={testing} aria-label={`Test connection ${name}`}>
          {testing ? "Testing…" : "Test connection"}
        </Button>
        <ButtonLink href={`/settings/connections/${id}`} aria-label={`Edit connection ${name}`}>
          Edit
        </ButtonLink>
        {confirming ? (
          <>
            <Button variant="danger" onClick={runDelete} disabled={deleting}>
              {deleting ? "Deleting…" : `Delete ${name}`}
            </Button>
            <Button variant="ghost" onClick={() => setConfirming(false)}>
              Keep it
            </Button>
          </>
        ) : (
          <Button
            variant="ghost"
            onClick={() => setConfirming(true)}
            aria-label={`Delete connection ${name}`}
          >
            Delete
          </Button>
        )}
      </div>
      <div aria-live="polite">
        {result && "error" in result && <p className="text-sm text-red-700">{result.error}</p>}
        {result && "reachable" in result && result.reachable && (
          <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
            Connected in {result.elapsedMs} ms: {formatCount(result.vaultCount)} vaults,{" "}
            {formatCount(result.archiveCount)} archives, {formatBytes(result.totalBytes)}.
          </p>
        )}
        {result && "reachable" in result && !result.reachable && (
          <AwsError failure={result.failure} title={`Connection test failed after ${result.elapsedMs} ms`} />
        )}
      </div>
    </div>
  );
}
