import { DomainError } from "@/lib/errors";

/** Typed failures of the catalog services; messages are safe to show to an admin. */

export class InventoryNotFoundError extends DomainError {
  constructor(readonly inventoryId: string) {
    super(`Inventory ${inventoryId} was not found or is not completely imported`, { status: 404 });
    this.name = "InventoryNotFoundError";
  }
}

/** Another import of the same job is running (its heartbeat is recent). */
export class InventoryImportInProgressError extends DomainError {
  constructor(readonly jobId: string) {
    super(`The inventory of job ${jobId} is being imported already`, { status: 409 });
    this.name = "InventoryImportInProgressError";
  }
}

/** The inventory parsed but cannot be catalogued (another vault's inventory, duplicate archive ids). */
export class InventoryImportError extends DomainError {
  constructor(message: string) {
    super(message, { status: 422 });
    this.name = "InventoryImportError";
  }
}

/** The file is not a Synology Glacier Backup mapping database, or names no archive of the vault. */
export class SynologyMappingError extends DomainError {
  constructor(message: string) {
    super(message, { status: 422 });
    this.name = "SynologyMappingError";
  }
}
