import { type EmulatorServices } from "../module";
import { seedArchive100k } from "./archive-100k";
import { seedDocuments } from "./documents";
import { seedPhotos } from "./photos";
import { seedCustomers, seedReports } from "./reports";
import { SeedWriter } from "./writer";

export interface SeedReport {
  vaults: number;
  archives: number;
  millis: number;
}

/**
 * `--seed demo`: fills an empty data directory with the demo vaults (documents, reports, photos,
 * photos_mapping, archive-100k). A directory that already has vaults is left alone.
 */
export async function seedDemo(services: EmulatorServices): Promise<SeedReport | undefined> {
  if (services.store.vaults.count() > 0) return undefined;
  const started = performance.now();
  const writer = new SeedWriter(services, services.now());
  await seedDocuments(writer);
  await seedReports(writer);
  await seedPhotos(writer);
  seedArchive100k(writer);
  await seedCustomers(writer);
  const counts = writer.commit();
  const report = { ...counts, millis: Math.round(performance.now() - started) };
  services.log(
    `Seeded demo data: ${report.vaults} vaults, ${report.archives} archives in ${report.millis} ms`,
  );
  return report;
}
