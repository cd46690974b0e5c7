import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      "server-only": path.resolve(import.meta.dirname, "tests/server-only-stub.ts"),
    },
  },
  test: {
    include: [
      "lib/**/*.test.ts",
      "emulator/**/*.test.ts",
      "components/**/*.test.ts",
      "app/**/*.test.ts",
      "tests/**/*.test.ts",
    ],
    environment: "node",
    globalSetup: ["tests/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // One more fork than this machine's 2 cores: the longest integration files mostly wait (a killed
    // replica's task taken back, a busy timeout, an emulator that never answers), not compute.
    maxWorkers: 3,
  },
});
