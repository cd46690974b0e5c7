import { outputTaskRoute } from "../output-task-routes";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Imports the archive names of a Synology `<vault>_mapping` archive retrieval (its output is the mapping database). */
export const POST = outputTaskRoute("synology-import");
