import { getConfig } from "@/lib/config";
import { applyJobNotification, InvalidNotificationError } from "@/lib/jobs";
import { cachedFetcher, connectionForJob, handleSnsRequest } from "@/lib/sns";
import { readBodyLimited } from "@/lib/auth/read-body";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// SNS messages are at most 256 KiB.
const MAX_BODY = 256 * 1024;
const fetchCertificate = cachedFetcher();

/**
 * Amazon SNS (or the embedded server) posts here. No session: the message's signature is the
 * authentication, checked in lib/sns before anything is done (formats.md §3).
 */
export async function POST(request: Request) {
  const body = await readBodyLimited(request, MAX_BODY);
  if (body === undefined)
    return Response.json({ ok: false, message: "Request body too large." }, { status: 413 });
  const result = await handleSnsRequest(body, request.headers.get("x-amz-sns-message-type"), {
    fetchCertificate,
    localCertUrl: getConfig().sns.localCertUrl,
    applyNotification: async (description) => {
      const connectionId = await connectionForJob(description);
      if (!connectionId) return "Ignored: no connection knows this job.";
      try {
        const applied = await applyJobNotification(connectionId, description);
        return `Job ${applied.glacierJobId} is ${applied.statusCode}.`;
      } catch (error) {
        if (error instanceof InvalidNotificationError) return "Ignored: not a Glacier job description.";
        throw error;
      }
    },
  });
  return Response.json(result.body, { status: result.status, headers: { "Cache-Control": "no-store" } });
}
