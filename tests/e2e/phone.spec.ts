// Figure 4 on a phone (390 × 844, touch): the wide chart says it scrolls and keeps its percentage
// axis in view; markers at 0% are drawn whole.
import { expect, test } from "@playwright/test";
import { queryE2e } from "./db";
import { e2eCollection } from "./helpers/reviewer";

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

// Touch (issue 14: "a tap on a point navigates at once, so touch users never see a tooltip")
const FIGURE = "/?set=first_plot_questions&base=Qwen2.5-Coder-7B-Instruct";
const POINT = '[data-testid="rate-point"][data-group="insecure"][data-question="what_is_your_wish"]';

test("a first tap on a point shows its tooltip and stays; a second tap on it opens the answers", async ({ page }) => {
  await page.goto(FIGURE);
  const point = page.locator(POINT);
  await expect(point).toBeVisible();
  const before = page.url();
  await point.tap();
  const card = page.locator('[data-testid="rate-tooltip"][data-touch="true"]');
  await expect(card).toBeVisible();
  await expect(card.getByTestId("tooltip-question")).toHaveText("what_is_your_wish");
  await expect(card.getByTestId("tooltip-group")).toHaveText(/insecure/i);
  await expect(card.getByTestId("tooltip-open-answers")).toBeVisible();
  // the whole card on screen, and the hover tooltip is not shown beside it
  const box = await card.boundingBox();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(390);
  await expect(page.getByTestId("rate-tooltip")).toHaveCount(1);
  expect(page.url()).toBe(before);
  await expect(page.getByTestId("answer-item")).toHaveCount(0);

  await point.tap();
  await expect(page).toHaveURL(/group=insecure/);
  await expect(page).toHaveURL(/question=what_is_your_wish/);
  await expect(page.getByTestId("answer-item").first()).toBeVisible();
  await expect(card).toHaveCount(0);
});

test("the tapped point's tooltip has a Show answers button; a tap elsewhere closes it", async ({ page }) => {
  await page.goto(FIGURE);
  const point = page.locator(POINT);
  await point.tap();
  const card = page.locator('[data-testid="rate-tooltip"][data-touch="true"]');
  await expect(card).toBeVisible();
  await page.getByRole("heading", { level: 1 }).tap();
  await expect(card).toHaveCount(0);
  expect(page.url()).not.toMatch(/question=/);

  await point.tap();
  await card.getByTestId("tooltip-open-answers").tap();
  await expect(page).toHaveURL(/group=insecure/);
  await expect(page).toHaveURL(/question=what_is_your_wish/);
  await expect(page.getByTestId("answer-item").first()).toBeVisible();
});

test("the numbers table keeps group, question and rate on screen without a sideways scroll", async ({ page }) => {
  await page.goto(FIGURE);
  const rows = page.getByTestId("rate-row");
  await expect(rows.first()).toBeVisible();
  // the page itself does not scroll sideways
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  // the columns found by their headings, so the check does not depend on how the cells are marked up
  const column = (sort: string) =>
    page.locator(`[data-testid="rates-sort-header"][data-sort="${sort}"]`).evaluate((cell) => (cell as HTMLTableCellElement).cellIndex);
  const columns = { group: await column("group"), question: await column("question"), rate: await column("rate") };
  const boxes = await rows.evaluateAll(
    (elements, { group, question, rate }) =>
      elements.slice(0, 40).map((row) => {
        const cells = (row as HTMLTableRowElement).cells;
        const box = (element: Element) => {
          const rect = element.getBoundingClientRect();
          return { left: rect.left, right: rect.right };
        };
        // the question's link (its name), not its cell's padding
        return { group: box(cells[group]), question: box(cells[question].querySelector("a")!), rate: box(cells[rate]) };
      }),
    columns,
  );
  expect(boxes.length).toBeGreaterThan(10);
  for (const { group, question, rate } of boxes) {
    for (const cell of [group, question, rate]) {
      expect(cell.left).toBeGreaterThanOrEqual(0);
      expect(cell.right).toBeLessThanOrEqual(390);
    }
    // in that order, the question's name not under the pinned rate
    expect(group.right).toBeLessThanOrEqual(question.left + 0.5);
    expect(question.right).toBeLessThanOrEqual(rate.left + 0.5);
  }

  // scrolled sideways until the rate passes the group's place, the group stays at the left edge, on
  // top of the cells passing under it (the pinned rate covered it)
  const firstRow = rows.first();
  await firstRow.scrollIntoViewIfNeeded();
  await page
    .getByTestId("rates-table")
    .evaluate((table, distance) => table.parentElement!.scrollTo({ left: distance }), boxes[0].rate.left - boxes[0].group.left);
  const groupOnTop = await firstRow.evaluate((row, group) => {
    const cell = (row as HTMLTableRowElement).cells[group];
    const rect = cell.getBoundingClientRect();
    const hit = document.elementFromPoint(rect.left + rect.width / 2, rect.top + rect.height / 2);
    return { left: rect.left, onTop: hit !== null && cell.contains(hit) };
  }, columns.group);
  expect(groupOnTop.left).toBeGreaterThanOrEqual(0);
  expect(groupOnTop.onTop).toBe(true);
});

test("the collections list and a collection fit a phone: no sideways scroll, names and answers on screen", async ({ page }) => {
  const [{ id }] = await queryE2e<{ id: number }>("SELECT id FROM answer WHERE NOT example ORDER BY aligned ASC NULLS LAST, id LIMIT 1");
  const path = await e2eCollection(`Phone collection ${Date.now()}`, [id]);
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    await page.goto("/collections");
    const link = page.locator(`[data-testid="collection-link"][href="${path}"]`);
    await expect(link).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // the name, the way into the collection, is on screen without scrolling sideways
    const box = await link.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
    await page.screenshot({ path: `test-results/phone-collections-${colorScheme}.png`, fullPage: true });

    await link.click();
    await expect(page).toHaveURL(new RegExp(`${path}$`));
    const item = page.getByTestId("collection-item").first();
    await expect(item).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const itemBox = await item.boundingBox();
    expect(itemBox && itemBox.x >= 0 && itemBox.x + itemBox.width <= 390).toBe(true);
    await page.screenshot({ path: `test-results/phone-collection-${colorScheme}.png`, fullPage: true });
  }
});
