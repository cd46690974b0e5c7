/** Typed failures of the catalog services; messages are safe to show to an admin. */

export class InventoryNotFoundError extends Error {
  constructor(readonly inventoryId: string) {
    super(`Inventory ${inventoryId} was not found or is not completely imported`);
    this.name = "InventoryNotFoundError";
  }
}

/** Another import of the same job is running (its heartbeat is recent). */
export class InventoryImportInProgressError extends Error {
  constructor(readonly jobId: string) {
    super(`The inventory of job ${jobId} is being imported already`);
    this.name = "InventoryImportInProgressError";
  }
}

/** The inventory parsed but cannot be catalogued (another vault's inventory, duplicate archive ids). */
export class InventoryImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InventoryImportError";
  }
}

/** The file is not a Synology Glacier Backup mapping database, or names no archive of the vault. */
export class SynologyMappingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SynologyMappingError";
  }
}
