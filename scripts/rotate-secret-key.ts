/**
 * Re-seals every stored secret under THAW_SECRET_KEY (the new key), opening the old ones with
 * THAW_SECRET_KEY_PREVIOUS, in one transaction. Uses the same database settings as the server
 * (DATABASE_URL or THAW_DATA_DIR). Run: npx tsx scripts/rotate-secret-key.ts
 */
import { spawnSync } from "node:child_process";

// Server modules `import "server-only"`, which only resolves under the react-server condition.
function hasReactServerCondition(): boolean {
  const flags = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? "").split(/\s+/)];
  return flags.some(
    (flag, i) => flag === "--conditions=react-server" || (flag === "-C" && flags[i + 1] === "react-server"),
  );
}

async function main(): Promise<number> {
  const { getConfig } = await import("../lib/config");
  const { createDatabase, databaseOptionsFromConfig } = await import("../lib/db");
  const { resealSecrets } = await import("../lib/crypto/rotate");

  const config = getConfig();
  if (!config.secretKey) {
    console.error(
      "Set THAW_SECRET_KEY to the new key and THAW_SECRET_KEY_PREVIOUS to the old one, then run again.",
    );
    return 1;
  }
  const database = await createDatabase(databaseOptionsFromConfig(config));
  try {
    const { resealed, keyId } = await resealSecrets(database.db, {
      current: config.secretKey,
      previous: config.previousSecretKey,
    });
    console.log(`Re-sealed ${resealed} secret(s) under key ${keyId} (${database.dialect}).`);
    return 0;
  } finally {
    await database.close();
  }
}

if (hasReactServerCondition()) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    },
  );
} else {
  const child = spawnSync(
    process.execPath,
    [...process.execArgv, "--conditions=react-server", ...process.argv.slice(1)],
    {
      stdio: "inherit",
    },
  );
  process.exit(child.status ?? 1);
}
