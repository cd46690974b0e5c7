import { writeFile } from "node:fs/promises";
import { treeHash } from "../../lib/glacier/tree-hash";
import { type EmulatorServices } from "../module";
import { type NewArchive } from "../store/archives";
import { syntheticBytes } from "../store/synthetic";
import { Rng } from "./random";

const DAY_MS = 86_400_000;

type PendingArchive = Omit<NewArchive, "vaultId"> & { vaultName: string };

/**
 * Collects demo vaults and archives, writes real files as it goes, and records all metadata in one
 * transaction at the end, so an interrupted seed leaves an empty database (and is simply redone).
 */
export class SeedWriter {
  readonly rng: Rng;
  private readonly vaults = new Map<string, string>();
  private readonly archives: PendingArchive[] = [];

  constructor(
    private readonly services: EmulatorServices,
    readonly now: Date,
    seed = "thaw-demo",
  ) {
    this.rng = new Rng(seed);
  }

  /** A fresh temp file path for generated content (e.g. the mapping database). */
  tempPath(): string {
    return this.services.storage.tempPath();
  }

  daysAgo(days: number): Date {
    return new Date(this.now.getTime() - days * DAY_MS);
  }

  /** A uniformly random instant in [from, to]. */
  between(from: Date, to: Date): Date {
    return new Date(from.getTime() + Math.floor(this.rng.next() * (to.getTime() - from.getTime())));
  }

  addVault(name: string, createdAt: Date): void {
    this.vaults.set(name, createdAt.toISOString());
  }

  private newId(): string {
    return this.rng.base64url(138);
  }

  /** A real file archive (small documents, CSV reports, the Synology mapping database). */
  async addFile(vaultName: string, content: Buffer, description: string, createdAt: Date): Promise<string> {
    const id = this.newId();
    const { storage } = this.services;
    const tempPath = storage.tempPath();
    await writeFile(tempPath, content);
    await storage.commitArchive(tempPath, id);
    this.push(
      vaultName,
      {
        id,
        description,
        size: content.length,
        treeHash: treeHash(content),
        storage: "file",
        syntheticSeed: null,
      },
      createdAt,
    );
    return id;
  }

  /** A synthetic archive: bytes generated from `seed` on read, nothing written to disk. */
  addSynthetic(vaultName: string, seed: string, size: number, description: string, createdAt: Date): string {
    const id = this.newId();
    const hash = treeHash(syntheticBytes(seed, 0, size - 1));
    this.push(
      vaultName,
      { id, description, size, treeHash: hash, storage: "synthetic", syntheticSeed: seed },
      createdAt,
    );
    return id;
  }

  private push(
    vaultName: string,
    archive: Omit<PendingArchive, "vaultName" | "createdAt">,
    createdAt: Date,
  ): void {
    if (!this.vaults.has(vaultName)) throw new Error(`seed vault ${vaultName} not declared`);
    this.archives.push({ ...archive, vaultName, createdAt: createdAt.toISOString() });
  }

  /** Writes every vault and archive in one transaction; the inventory is as of `now`. */
  commit(): { vaults: number; archives: number } {
    const { store } = this.services;
    store.db.transaction(() => {
      const ids = new Map<string, number>();
      for (const [name, createdAt] of this.vaults) ids.set(name, store.vaults.create(name, createdAt).id);
      const rows: NewArchive[] = this.archives.map(({ vaultName, ...archive }) => ({
        ...archive,
        vaultId: ids.get(vaultName) ?? -1,
      }));
      store.archives.insert(rows, this.now.toISOString());
    })();
    return { vaults: this.vaults.size, archives: this.archives.length };
  }
}
