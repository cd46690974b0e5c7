import { outputTaskRoute } from "../output-task-routes";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** "Import inventory": streams the inventory job's output into the catalog in the background. */
export const POST = outputTaskRoute("inventory-import");
