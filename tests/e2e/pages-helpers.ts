// Helpers of the model and question specs: downloads, screenshots in four looks.
import fs from "node:fs";
import { expect, type Locator, type Page } from "@playwright/test";
import { SCREENSHOTS } from "./db";

/** Clicks `trigger`, waits for the download and returns its file name and content. */
export async function download(page: Page, trigger: Locator): Promise<{ name: string; body: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent("download"), trigger.click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), body: fs.readFileSync(path) };
}

/** PNG and SVG of the chart whose export buttons are inside `container`. */
export async function expectChartExports(page: Page, container: Locator, baseName: RegExp) {
  const png = await download(page, container.getByRole("button", { name: "PNG" }));
  expect(png.name).toMatch(baseName);
  expect(png.name.endsWith(".png")).toBe(true);
  expect(png.body.length).toBeGreaterThan(1000);
  expect(png.body.subarray(1, 4).toString("latin1")).toBe("PNG");
  const svg = await download(page, container.getByRole("button", { name: "SVG" }));
  expect(svg.name.endsWith(".svg")).toBe(true);
  expect(svg.body.toString("utf8")).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
}

/** Screenshots at 1280 and 390 px wide, light and dark: `<name>-<width>-<scheme>.png`. */
export async function screenshotFourWays(page: Page, name: string, ready: (page: Page) => Promise<void>) {
  for (const scheme of ["light", "dark"] as const) {
    for (const width of [1280, 390]) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width, height: 900 });
      await ready(page);
      await page.screenshot({ path: `${SCREENSHOTS}/${name}-${width}-${scheme}.png`, fullPage: true });
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1280, height: 900 });
}
