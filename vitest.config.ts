import path from "node:path";
import { defineConfig } from "vitest/config";

// Two projects, split by cost: `unit` (no database, no child processes) runs its files in
// parallel workers; `integration` (each file creates its own PostgreSQL database, several spawn
// servers or CLIs) runs its files one at a time so the 2-core machine is not oversubscribed.
// `npm run test:unit` = `vitest run --project unit`, `npm run test:integration` likewise.
export default defineConfig({
  // server-only throws outside React's react-server condition; tests import the database modules directly
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      "server-only": path.resolve(import.meta.dirname, "node_modules/server-only/empty.js"),
    },
  },
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"], fileParallelism: true },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          fileParallelism: false,
          // one migrated template database per run (tests/global-setup.ts); unit tests need none
          globalSetup: ["tests/global-setup.ts"],
        },
      },
    ],
  },
});
