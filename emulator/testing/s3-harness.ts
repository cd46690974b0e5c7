import { type S3Client } from "@aws-sdk/client-s3";
import { type EmulatorOptions } from "../options";
import { startTestEmulator, type TestEmulator } from "./harness";
import { makeS3Client } from "./jobs";

export interface S3TestEmulator extends TestEmulator {
  /** An S3 client on the emulator's endpoint; replaced on restart (the port changes), destroyed on stop. */
  s3: S3Client;
}

/** A test emulator (see startTestEmulator) with an S3 client beside its Glacier client. */
export async function startS3TestEmulator(options: Partial<EmulatorOptions> = {}): Promise<S3TestEmulator> {
  const base = await startTestEmulator(options);
  const restartBase = base.restart.bind(base);
  const stopBase = base.stop.bind(base);
  const harness: S3TestEmulator = Object.assign(base, {
    s3: makeS3Client(base.emulator.url),
    async restart() {
      await restartBase();
      harness.s3.destroy();
      harness.s3 = makeS3Client(harness.emulator.url);
    },
    async stop() {
      harness.s3.destroy();
      await stopBase();
    },
  });
  return harness;
}
