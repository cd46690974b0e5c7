import { type EmulatorModule } from "../module";
import { initiateJobRoute } from "./initiate";
import { outputRoute } from "./output";
import { readRoutes } from "./read-ops";
import { existingJobsRuntime, jobsRuntime } from "./runtime";
import { jobsMigrations } from "./schema";

/**
 * InitiateJob, DescribeJob, ListJobs and GetJobOutput for the three job types, simulated job time
 * (tier delay / `--time-scale`), expiry, capacity and retrieval-policy checks, select output to the
 * S3 store and completion notifications through SNS.
 */
export const jobsModule: EmulatorModule = {
  name: "jobs",
  migrations: jobsMigrations,
  register(router, services) {
    router.add(initiateJobRoute, ...readRoutes, outputRoute);
    jobsRuntime(services).start();
  },
  async close(services) {
    await existingJobsRuntime(services)?.close();
  },
};
