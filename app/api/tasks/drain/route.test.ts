import { afterAll, describe } from "vitest";
import { temporaryDirectory } from "@/tests/support/db";
import { DRAIN_SECRET, drainRouteSuite } from "@/tests/support/drain-route";

// getConfig() reads the environment once per module graph, and vitest gives each file its own.
const dir = temporaryDirectory();
process.env.THAW_DATA_DIR = dir.path;
process.env.THAW_WORKER = "external";
process.env.CRON_SECRET = DRAIN_SECRET;
delete process.env.DATABASE_URL;
afterAll(() => dir.remove());

describe("POST/GET /api/tasks/drain [in-process queue on SQLite]", () => drainRouteSuite());
