import { type Migration, type MigrationProvider } from "kysely";
import * as m0001 from "./0001_connections";
import * as m0002 from "./0002_jobs";
import * as m0003 from "./0003_inventory";
import * as m0004 from "./0004_job_tracking";
import * as m0005 from "./0005_auth";
import * as m0006 from "./0006_plans";
import * as m0007 from "./0007_plan_chunks";
import * as m0008 from "./0008_plan_counters";
import * as m0009 from "./0009_inventory_coverage";
import * as m0010 from "./0010_plan_items_by_seq";
import * as m0011 from "./0011_job_estimates";
import * as m0012 from "./0012_tasks";
import * as m0013 from "./0013_plan_chunk_claims";
import * as m0014 from "./0014_vault_sync";
import * as m0017 from "./0017_plan_late_jobs";
import * as m0019 from "./0019_output_task_progress";
import * as m0020 from "./0020_plan_order";

/**
 * Every migration, listed by hand: a static import list survives Next's bundler and the standalone
 * output, where scanning a folder at run time would find nothing. Add new ones at the end; names sort
 * in the order they must run. Rules for a migration: SQL that runs on SQLite and PostgreSQL alike
 * (text timestamps, integer 0/1 booleans), no PRAGMA (SQLite migrations run inside one transaction).
 */
export const migrations: Record<string, Migration> = {
  "0001_connections": m0001,
  "0002_jobs": m0002,
  "0003_inventory": m0003,
  "0004_job_tracking": m0004,
  "0005_auth": m0005,
  "0006_plans": m0006,
  "0007_plan_chunks": m0007,
  "0008_plan_counters": m0008,
  "0009_inventory_coverage": m0009,
  "0010_plan_items_by_seq": m0010,
  "0011_job_estimates": m0011,
  "0012_tasks": m0012,
  "0013_plan_chunk_claims": m0013,
  "0014_vault_sync": m0014,
  "0017_plan_late_jobs": m0017,
  "0019_output_task_progress": m0019,
  "0020_plan_order": m0020,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};
