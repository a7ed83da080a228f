// `npx tsx scripts/bench/chart-draw.ts --url http://127.0.0.1:3000 [--runs 3]`
//
// Each page's time until its chart is drawn, not only until the load event: a fresh browser
// context per run (nothing cached), Debian's Chromium, navigation start → the first data point of
// the page's main chart in the DOM (Recharts draws only after hydration and a measure). Prints the
// median, min and max of the runs per page, with the load event for comparison. Point it at a
// running dashboard (`npm start`); it reads the model and question ids from the pages themselves.
import fs from "node:fs";
import { parseArgs } from "node:util";
import { chromium, type Browser } from "@playwright/test";

const { values } = parseArgs({
  options: { url: { type: "string", default: "http://127.0.0.1:3000" }, runs: { type: "string", default: "3" } },
});
const base = values.url as string;
const runs = Number(values.runs);

async function firstHref(browser: Browser, path: string, pattern: RegExp): Promise<string> {
  const page = await browser.newPage();
  await page.goto(`${base}${path}`);
  const hrefs = await page.locator("a[href]").evaluateAll((links) => links.map((link) => link.getAttribute("href") ?? ""));
  await page.close();
  const href = hrefs.find((candidate) => pattern.test(candidate));
  if (!href) throw new Error(`no link matching ${pattern} on ${path}`);
  return href;
}

async function timeChart(browser: Browser, path: string, selector: string): Promise<{ chart: number; load: number }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}${path}`, { waitUntil: "commit" });
  await page.waitForSelector(selector, { state: "attached", timeout: 60_000 });
  const timing = await page.evaluate(() => {
    const [navigation] = performance.getEntriesByType("navigation") as PerformanceNavigationTiming[];
    return { chart: performance.now(), load: navigation?.loadEventEnd ?? 0 };
  });
  await context.close();
  return timing;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? (fs.existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined),
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
});
try {
  const model = await firstHref(browser, "/models", /^\/models\/\d+/);
  const question = await firstHref(browser, "/questions", /^\/questions\/\d+/);
  const pages: [string, string, string][] = [
    ["Figure 4", "/", '[data-testid="rate-point"]'],
    ["compare", "/compare", '[data-testid="forest-point"]'],
    ["model", model, '[data-testid="scatter-point"]'],
    ["question", question, '[data-testid="group-rate-point"]'],
  ];
  console.log(`page         chart drawn, ms (median [min–max] of ${runs})   load event, ms (median)`);
  for (const [name, path, selector] of pages) {
    const results = [];
    for (let run = 0; run < runs; run++) results.push(await timeChart(browser, path, selector));
    const charts = results.map((result) => result.chart);
    console.log(
      `${name.padEnd(12)} ${median(charts).toFixed(0).padStart(6)} [${Math.min(...charts).toFixed(0)}–${Math.max(...charts).toFixed(0)}]` +
        `${median(results.map((result) => result.load))
          .toFixed(0)
          .padStart(26)}`,
    );
  }
} finally {
  await browser.close();
}
