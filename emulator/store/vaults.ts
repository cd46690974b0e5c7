import { type Db } from "./database";

export interface VaultRecord {
  id: number;
  name: string;
  createdAt: string;
  /** Time of the last inventory refresh; null until the vault first held an archive. */
  inventoryDate: string | null;
  archiveCount: number;
  sizeBytes: number;
  notificationTopic: string | null;
  notificationEvents: string[] | null;
}

interface VaultRow {
  id: number;
  name: string;
  created_at: string;
  inventory_date: string | null;
  archive_count: number;
  size_bytes: number;
  notification_topic: string | null;
  notification_events: string | null;
}

function toRecord(row: VaultRow): VaultRecord {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.created_at,
    inventoryDate: row.inventory_date,
    archiveCount: row.archive_count,
    sizeBytes: row.size_bytes,
    notificationTopic: row.notification_topic,
    notificationEvents:
      row.notification_events === null ? null : (JSON.parse(row.notification_events) as string[]),
  };
}

export class VaultRepository {
  constructor(private readonly db: Db) {}

  get(name: string): VaultRecord | undefined {
    const row = this.db.prepare("SELECT * FROM vaults WHERE name = ?").get(name) as VaultRow | undefined;
    return row && toRecord(row);
  }

  getById(id: number): VaultRecord | undefined {
    const row = this.db.prepare("SELECT * FROM vaults WHERE id = ?").get(id) as VaultRow | undefined;
    return row && toRecord(row);
  }

  count(): number {
    return Number(this.db.prepare("SELECT COUNT(*) FROM vaults").pluck().get());
  }

  /** Inserts the vault unless it exists; returns the stored vault either way. */
  create(name: string, createdAt: string): VaultRecord {
    this.db.prepare("INSERT OR IGNORE INTO vaults (name, created_at) VALUES (?, ?)").run(name, createdAt);
    const vault = this.get(name);
    if (!vault) throw new Error(`vault ${name} vanished after insert`);
    return vault;
  }

  /** Vaults in ASCII order of name, strictly after `afterName` when given. */
  list(afterName: string | undefined, limit: number): VaultRecord[] {
    const rows = (
      afterName === undefined
        ? this.db.prepare("SELECT * FROM vaults ORDER BY name LIMIT ?").all(limit)
        : this.db.prepare("SELECT * FROM vaults WHERE name > ? ORDER BY name LIMIT ?").all(afterName, limit)
    ) as VaultRow[];
    return rows.map(toRecord);
  }

  delete(id: number): void {
    this.db.prepare("DELETE FROM vaults WHERE id = ?").run(id);
  }

  setNotifications(id: number, topic: string, events: readonly string[]): void {
    this.db
      .prepare("UPDATE vaults SET notification_topic = ?, notification_events = ? WHERE id = ?")
      .run(topic, JSON.stringify(events), id);
  }

  clearNotifications(id: number): void {
    this.db
      .prepare("UPDATE vaults SET notification_topic = NULL, notification_events = NULL WHERE id = ?")
      .run(id);
  }

  tags(id: number): Record<string, string> {
    const rows = this.db
      .prepare("SELECT key, value FROM vault_tags WHERE vault_id = ? ORDER BY key")
      .all(id) as Array<{
      key: string;
      value: string;
    }>;
    return Object.fromEntries(rows.map((r) => [r.key, r.value]));
  }

  /** Adds or overwrites tags; `limit` applies to the merged set, checked inside the transaction. */
  putTags(id: number, tags: Readonly<Record<string, string>>, limit: number): boolean {
    return this.db.transaction(() => {
      const merged = { ...this.tags(id), ...tags };
      if (Object.keys(merged).length > limit) return false;
      const upsert = this.db.prepare(
        "INSERT INTO vault_tags (vault_id, key, value) VALUES (?, ?, ?) ON CONFLICT (vault_id, key) DO UPDATE SET value = excluded.value",
      );
      for (const [key, value] of Object.entries(tags)) upsert.run(id, key, value);
      return true;
    })();
  }

  removeTags(id: number, keys: readonly string[]): void {
    const remove = this.db.prepare("DELETE FROM vault_tags WHERE vault_id = ? AND key = ?");
    this.db.transaction(() => {
      for (const key of keys) remove.run(id, key);
    })();
  }
}
