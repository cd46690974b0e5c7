"use client";

import { Ban, Download, Pause, Play, RotateCcw } from "lucide-react";
import { Button, ButtonLink } from "@/components/ui/button";
import { type ActionResult } from "@/lib/auth/action-result";
import { usePlanAction } from "./use-plan-action";

export type PlanCommand = "pause" | "resume" | "cancel" | "retry-failed";
export type PlanCommandAction = (input: {
  planId: string;
  command: PlanCommand;
}) => Promise<ActionResult<unknown>>;

/** Pause, resume, cancel and retry-failed (operators), and the manifest download (everyone). */
export function PlanControls({
  planId,
  status,
  failed,
  canOperate,
  onCommand,
}: {
  planId: string;
  status: string;
  failed: number;
  canOperate: boolean;
  onCommand: PlanCommandAction;
}) {
  const { run, pending, error } = usePlanAction();
  const command = (c: PlanCommand) => void run(() => onCommand({ planId, command: c }));
  const moving = status === "running" || status === "capped";
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        {canOperate && moving && (
          <Button onClick={() => command("pause")} disabled={pending}>
            <Pause aria-hidden className="size-4" /> Pause
          </Button>
        )}
        {canOperate && status === "paused" && (
          <Button variant="primary" onClick={() => command("resume")} disabled={pending}>
            <Play aria-hidden className="size-4" /> Resume
          </Button>
        )}
        {canOperate && failed > 0 && status !== "cancelled" && (
          <Button onClick={() => command("retry-failed")} disabled={pending}>
            <RotateCcw aria-hidden className="size-4" /> Retry {failed} failed
          </Button>
        )}
        {canOperate && (moving || status === "paused") && (
          <Button
            variant="ghost"
            disabled={pending}
            onClick={() => {
              if (window.confirm("Cancel this plan? No new jobs start; it cannot be resumed."))
                command("cancel");
            }}
          >
            <Ban aria-hidden className="size-4" /> Cancel plan
          </Button>
        )}
        <ButtonLink href={`/api/plans/${encodeURIComponent(planId)}/manifest`} prefetch={false} download>
          <Download aria-hidden className="size-4" /> Download manifest (CSV)
        </ButtonLink>
      </div>
      <p role="status" aria-live="polite" className="text-sm text-red-800 empty:hidden">
        {error}
      </p>
    </div>
  );
}
