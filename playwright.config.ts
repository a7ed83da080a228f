// Browser tests against the production build (`next start` on port 3100) and a fresh database
// holding the paper's real files (see tests/e2e/serve.ts and tests/e2e/helpers/e2e-database.ts).
import fs from "node:fs";
import { defineConfig } from "@playwright/test";
import { E2E_BASE_URL, newE2eDatabaseUrl } from "./tests/e2e/helpers/e2e-database";

// One database per run. Set once here, in the runner process; the webServer, globalSetup and the
// workers inherit it, so specs can query the same data (process.env.E2E_DATABASE_URL).
process.env.E2E_DATABASE_URL ??= newE2eDatabaseUrl();

/** CHROMIUM_PATH, else Debian's /usr/bin/chromium, else Playwright's own browser. */
function chromiumPath(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  if (fs.existsSync("/usr/bin/chromium")) return "/usr/bin/chromium";
  return undefined;
}

export default defineConfig({
  testDir: "tests/e2e",
  testMatch: "**/*.spec.ts",
  outputDir: "test-results",
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  // 20 s: on a loaded 2-core machine (load average 7) a page took over 10 s to hydrate and draw its chart
  expect: { timeout: 20_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  globalSetup: "./tests/e2e/global-setup.ts",
  use: {
    baseURL: E2E_BASE_URL,
    browserName: "chromium",
    viewport: { width: 1280, height: 900 },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromiumPath(),
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: {
    command: "node node_modules/tsx/dist/cli.mjs tests/e2e/serve.ts",
    url: E2E_BASE_URL,
    reuseExistingServer: false,
    // Importing the real files takes well under a minute; a bare `npm run test:e2e` may also build.
    timeout: 600_000,
    stdout: "pipe",
    stderr: "pipe",
    env: { NEXT_TELEMETRY_DISABLED: "1", E2E_DATABASE_URL: process.env.E2E_DATABASE_URL },
  },
});
