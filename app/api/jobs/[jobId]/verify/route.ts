import { outputTaskRoute } from "../output-task-routes";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** "Verify only": streams the archive output through Thaw in the background and checks its tree hash. `?fresh=1` starts over. */
export const POST = outputTaskRoute("verify");
