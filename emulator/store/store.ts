import { AccountRepository } from "./account";
import { ArchiveRepository } from "./archives";
import { type Db } from "./database";
import { UploadRepository } from "./uploads";
import { VaultRepository } from "./vaults";

/** The emulator's metadata, one repository per table family. Modules may add their own on `db`. */
export class Store {
  readonly vaults: VaultRepository;
  readonly archives: ArchiveRepository;
  readonly uploads: UploadRepository;
  readonly account: AccountRepository;

  constructor(readonly db: Db) {
    this.vaults = new VaultRepository(db);
    this.archives = new ArchiveRepository(db);
    this.uploads = new UploadRepository(db);
    this.account = new AccountRepository(db);
  }
}
