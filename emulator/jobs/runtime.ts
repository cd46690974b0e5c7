import { mkdirSync, readdirSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { type EmulatorServices } from "../module";
import { perServices } from "../per-services";
import { LeafCache } from "./leaves";
import { JobLifecycle } from "./lifecycle";
import { notifyCompletion } from "./notify";
import { JobPreparer } from "./prepare";
import { JobRepository } from "./repository";

/** The jobs state of one emulator instance: repository, preparation, completion timer. */
export class JobsRuntime {
  readonly repo: JobRepository;
  readonly leaves: LeafCache;
  readonly lifecycle: JobLifecycle;
  readonly preparer: JobPreparer;
  private readonly jobsDir: string;
  private readonly notifications = new Set<Promise<void>>();

  constructor(private readonly services: EmulatorServices) {
    this.jobsDir = path.join(services.storage.dataDir, "jobs");
    this.repo = new JobRepository(services.store.db);
    this.leaves = new LeafCache(services.storage);
    const jobDir = (id: string) => this.jobDir(id);
    this.lifecycle = new JobLifecycle(services, this.repo, this.leaves, jobDir, (job, topics) => {
      const sent = notifyCompletion(services, this.repo, job, topics).catch((err: unknown) =>
        services.log(`[jobs] notifying ${job.id} failed: ${String(err)}`),
      );
      this.notifications.add(sent);
      void sent.finally(() => this.notifications.delete(sent));
    });
    this.preparer = new JobPreparer(services, this.repo, this.leaves, jobDir, (readyMs) =>
      this.lifecycle.consider(readyMs),
    );
  }

  /** `<data>/jobs/<jobId>/`: the job's prepared output (inventory file, staged select results). */
  jobDir(jobId: string): string {
    return path.join(this.jobsDir, jobId);
  }

  /** Removes folders of jobs that no longer exist, restarts unfinished preparations, arms the timer. */
  start(): void {
    mkdirSync(this.jobsDir, { recursive: true });
    const known = this.repo.ids();
    for (const name of readdirSync(this.jobsDir)) {
      if (!known.has(name)) void rm(path.join(this.jobsDir, name), { recursive: true, force: true });
    }
    for (const job of this.repo.unprepared()) this.preparer.start(job);
    this.lifecycle.start();
  }

  async close(): Promise<void> {
    this.lifecycle.close();
    await this.preparer.close();
    await Promise.allSettled([...this.notifications]);
  }
}

const runtimes = perServices((services) => new JobsRuntime(services));

export const jobsRuntime = runtimes.get;
/** The runtime only if it was created (closing must not create one). */
export const existingJobsRuntime = runtimes.existing;
