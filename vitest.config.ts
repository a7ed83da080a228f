import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  // server-only throws outside React's react-server condition; tests import the database modules directly
  resolve: { alias: { "@": path.resolve(import.meta.dirname), "server-only": path.resolve(import.meta.dirname, "node_modules/server-only/empty.js") } },
  test: {
    include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration test files each create their own database; run files one at a time so the
    // 2-core machine is not oversubscribed.
    fileParallelism: false,
  },
});
