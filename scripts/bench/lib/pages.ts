// The page operation of the benchmark: `next start` (the production build) against the bench
// database, and Chromium loading the Figure-4 page, reporting the largest contentful paint and
// the time to first byte and to the last byte of the document of each load. The page streams: the
// first byte is the shell (header and loading state), the last byte comes once the server has
// queried and rendered the whole figure, so the latter is the server's share of the LCP.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { chromium } from "@playwright/test";
import { NEXT_BIN, buildState } from "@/scripts/launcher/build";

export interface PageLoad {
  /** largest contentful paint, ms after navigation start */
  lcpMs: number;
  /** responseStart − requestStart: time to first byte (the streamed shell) */
  ttfbMs: number;
  /** responseEnd, ms after navigation start: the whole document received (the figure rendered on the server) */
  documentMs: number;
}

export interface NextServer {
  url: string;
  stop(): Promise<void>;
}

/** Starts the production server on a loopback port against `databaseUrl`; needs `npm run build` done. */
export async function startNextServer(databaseUrl: string, port: number): Promise<NextServer> {
  const state = buildState();
  if (!state.current) throw new Error(`--pages needs a current production build (npm run build): ${state.reason}`);
  const child: ChildProcess = spawn(process.execPath, [NEXT_BIN, "start", "-p", String(port), "-H", "127.0.0.1"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, DATABASE_URL: databaseUrl, NEXT_TELEMETRY_DISABLED: "1" },
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited with code ${child.exitCode}`);
    try {
      // any answer (a 404 of a path that does not exist is cheap) means the server is up
      const response = await fetch(`${url}/__bench_ready`);
      if (response.status < 500) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error("next start did not answer within 60 s");
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { url, stop };
}

/** CHROMIUM_PATH, else Debian's /usr/bin/chromium, else Playwright's own browser. */
function chromiumPath(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  return fs.existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined;
}

/**
 * Loads `url` `runs` times (after one untimed warm-up load), each in a fresh browser context
 * (no cache), and reads the LCP from a buffered PerformanceObserver once the page has loaded
 * and settled, and the TTFB from the navigation timing entry.
 */
export async function measurePageLoads(url: string, runs: number): Promise<PageLoad[]> {
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  try {
    const loads: PageLoad[] = [];
    for (let run = -1; run < runs; run++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.goto(url, { waitUntil: "load" });
      // the chart draws on the client after hydration: let it finish before reading the LCP
      await page.waitForLoadState("networkidle");
      const load = await page.evaluate(
        () =>
          new Promise<PageLoad>((resolve) => {
            const navigation = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
            const ttfbMs = navigation.responseStart - navigation.requestStart;
            const documentMs = navigation.responseEnd;
            // no LCP entry at all (nothing painted) must fail loudly, not hang
            setTimeout(() => resolve({ lcpMs: Number.NaN, ttfbMs, documentMs }), 10_000);
            new PerformanceObserver((list) => {
              const entries = list.getEntries();
              resolve({ lcpMs: entries[entries.length - 1].startTime, ttfbMs, documentMs });
            }).observe({ type: "largest-contentful-paint", buffered: true });
          }),
      );
      await context.close();
      if (!Number.isFinite(load.lcpMs)) throw new Error(`${url}: Chromium reported no largest-contentful-paint entry`);
      if (run >= 0) loads.push(load);
    }
    return loads;
  } finally {
    await browser.close();
  }
}
