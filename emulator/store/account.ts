import { type Db } from "./database";

export interface CapacityRecord {
  id: string;
  startDate: string;
  expirationDate: string;
}

/** Account-level state: data retrieval policy (JSON setting) and provisioned capacity units. */
export class AccountRepository {
  constructor(private readonly db: Db) {}

  getSetting(key: string): string | undefined {
    const value = this.db.prepare("SELECT value FROM account_settings WHERE key = ?").pluck().get(key);
    return value === undefined ? undefined : String(value);
  }

  setSetting(key: string, value: string): void {
    this.db
      .prepare(
        "INSERT INTO account_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      )
      .run(key, value);
  }

  capacities(): CapacityRecord[] {
    return this.db
      .prepare(
        "SELECT id, start_date AS startDate, expiration_date AS expirationDate FROM provisioned_capacity ORDER BY start_date, id",
      )
      .all() as CapacityRecord[];
  }

  /** Adds a unit unless `limit` units are already active at `now`; returns whether it was added. */
  purchaseCapacity(unit: CapacityRecord, now: string, limit: number): boolean {
    return this.db.transaction(() => {
      const active = Number(
        this.db
          .prepare("SELECT COUNT(*) FROM provisioned_capacity WHERE expiration_date > ?")
          .pluck()
          .get(now),
      );
      if (active >= limit) return false;
      this.db
        .prepare(
          "INSERT INTO provisioned_capacity (id, start_date, expiration_date) VALUES (@id, @startDate, @expirationDate)",
        )
        .run(unit);
      return true;
    })();
  }
}
