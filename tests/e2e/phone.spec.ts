// Figure 4 on a phone (390 × 844, touch): the wide chart says it scrolls and keeps its percentage
// axis in view; markers at 0% are drawn whole.
import { expect, test } from "@playwright/test";

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

test("the wide chart says it scrolls, and its y axis stays in view when scrolled", async ({ page }) => {
  await page.goto("/?set=first_plot_questions&base=Qwen2.5-Coder-7B-Instruct");
  await expect(page.getByTestId("rate-point").first()).toBeVisible();
  await expect(page.getByTestId("question-rate-chart-scroll-hint")).toBeVisible();
  const ownTicks = await page.locator('#question-rate-chart .recharts-cartesian-axis-tick-value[orientation="left"]').evaluateAll((texts) =>
    texts.map((text) => ({
      label: text.textContent,
      y: Math.round(text.getBoundingClientRect().top + text.getBoundingClientRect().height / 2),
    })),
  );
  expect(ownTicks.length).toBeGreaterThanOrEqual(2);
  await expect(page.getByTestId("sticky-y-axis")).toHaveCount(0);

  await page.getByTestId("question-rate-chart-scroll").evaluate((element) => element.scrollTo({ left: 300 }));
  const sticky = page.getByTestId("sticky-y-axis");
  await expect(sticky).toBeVisible();
  const stickyTicks = await sticky.locator("text").evaluateAll((texts) =>
    texts.map((text) => ({
      label: text.textContent,
      y: Math.round(text.getBoundingClientRect().top + text.getBoundingClientRect().height / 2),
    })),
  );
  // the same labels at the same heights (within 2 px) as the chart's own axis before scrolling
  expect(stickyTicks.map((tick) => tick.label)).toEqual(ownTicks.map((tick) => tick.label));
  for (const [index, tick] of stickyTicks.entries()) expect(Math.abs(tick.y - ownTicks[index].y)).toBeLessThanOrEqual(2);
  const box = await sticky.boundingBox();
  // at the left edge of the screen, not scrolled away with the chart
  expect(box?.x ?? -1).toBeGreaterThanOrEqual(0);
  expect(box?.x ?? 999).toBeLessThan(40);
});

test("markers at 0% are drawn whole, above the x axis line", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/?set=first_plot_questions&base=Qwen2.5-Coder-7B-Instruct");
  const zero = page.locator('[data-testid="rate-point"][data-rate="0"]').first();
  await expect(zero).toBeVisible();
  const marker = await zero.boundingBox();
  const axisLine = await page.locator("#question-rate-chart .recharts-xAxis .recharts-cartesian-axis-line").boundingBox();
  if (!marker || !axisLine) throw new Error("no marker or axis line");
  // the whole marker sits above the axis line (it was cut in half on it)
  expect(marker.y + marker.height).toBeLessThanOrEqual(axisLine.y + 0.5);
});
