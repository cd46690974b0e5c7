/**
 * A real small disk for tests (imported by *.test.ts only): a tmpfs of a few MiB, so a write past its
 * size fails with the kernel's own ENOSPC. Mounting needs root (CAP_SYS_ADMIN), as in this project's
 * CI container; elsewhere `smallDiskUnavailable` says why, and the tests that need one are skipped
 * rather than faked: an injected error would prove only that our own seam throws what we told it to.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export type SmallDisk = { dir: string; unmount(): void };

/** A tmpfs of `bytes` mounted on a new directory under `parent` (default: the system's temp directory). */
export function mountSmallDisk(bytes: number, parent = os.tmpdir()): SmallDisk {
  const dir = fs.mkdtempSync(path.join(parent, "thaw-small-disk-"));
  execFileSync("mount", ["-t", "tmpfs", "-o", `size=${bytes},mode=0700`, "tmpfs", dir], { stdio: "pipe" });
  return {
    dir,
    unmount() {
      execFileSync("umount", ["--lazy", dir], { stdio: "pipe" });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Why no small disk can be mounted here (null: it can), probed once by mounting and unmounting one. */
export const smallDiskUnavailable: string | null = (() => {
  try {
    mountSmallDisk(64 * 1024).unmount();
    return null;
  } catch (error) {
    const detail = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return `no tmpfs can be mounted here (needs root): ${detail}`;
  }
})();
