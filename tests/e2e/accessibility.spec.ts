// What a keyboard or screen-reader user meets first: the skip link, names of the form controls,
// underlines that leave underscores readable.
import { expect, test } from "@playwright/test";

test("the first Tab stop skips the navigation; Enter moves focus into the page", async ({ page }) => {
  await page.goto("/answers");
  await expect(page.getByTestId("answer-item").first()).toBeVisible();
  await page.keyboard.press("Tab");
  const skip = page.getByTestId("skip-link");
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(page.locator("main#main")).toBeFocused();
  // the next Tab lands inside the page, not on the navigation
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.activeElement?.closest("main") !== null)).toBe(true);
});

test("the answers page's sort controls have their own names", async ({ page }) => {
  await page.goto("/answers");
  await expect(page.getByRole("combobox", { name: "Sort by", exact: true })).toHaveValue("aligned");
  const direction = page.getByRole("combobox", { name: "Sort direction", exact: true });
  await expect(direction).toHaveValue("asc");
  await expect(direction.locator("option:checked")).toHaveText("lowest first");
});

test("link underlines sit below the underscores of monospace ids", async ({ page }) => {
  await page.goto("/?set=first_plot_questions&base=Qwen2.5-Coder-7B-Instruct");
  const link = page.locator('[data-testid="rate-row"] td.font-mono a').first();
  await expect(link).toContainText("_");
  const offset = await link.evaluate((element) => getComputedStyle(element).textUnderlineOffset);
  // 0.25em of the 12 px table text: 3 px, below the underscore's stroke (auto drew the line through it)
  expect(offset).not.toBe("auto");
  expect(parseFloat(offset)).toBeGreaterThanOrEqual(3);
});

test("Figure 4's points are keyboard stops: Enter opens the answers, which scroll into view with focus on their heading", async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 700 });
  await page.goto("/?set=first_plot_questions&base=Qwen2.5-Coder-7B-Instruct");
  const point = page
    .locator('[data-testid="rate-point-focus"]')
    .filter({ has: page.locator('[data-group="insecure"][data-question="what_is_your_wish"]') });
  await expect(point).toHaveAttribute("aria-label", /^insecure, what_is_your_wish: \d+\.\d% misaligned, .*Open its answers\.$/);
  // reachable by Tab from the page (not only by script): tab until a chart point has focus
  await page.locator("main#main").focus();
  let reached = false;
  for (let presses = 0; presses < 200 && !reached; presses++) {
    await page.keyboard.press("Tab");
    reached = await page.evaluate(() => document.activeElement?.getAttribute("data-testid") === "rate-point-focus");
  }
  expect(reached).toBe(true);
  await point.focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/group=insecure&question=what_is_your_wish#answers$/);
  const heading = page.getByTestId("answer-list-heading");
  await expect(heading).toBeFocused();
  await expect(heading).toBeInViewport();
});

test("after a filter change the field that changed keeps the focus (the form is rebuilt for the new URL)", async ({ page }) => {
  await page.goto("/answers");
  await expect(page.getByTestId("answer-item").first()).toBeVisible();
  // the form's handlers exist only after hydration: a change made before it is not the one under
  // test (CI at load ~15 pressed ArrowDown on the server's HTML, and the focus ended on <body>)
  await expect(page.getByTestId("answer-results")).toHaveAttribute("data-keys-ready", "true");
  const group = page.getByTestId("filter-group");
  await group.focus();
  // on a closed select, ArrowDown picks the next option and fires change
  await page.keyboard.press("ArrowDown");
  await expect(page).toHaveURL(/\/answers\?group=/);
  await expect(page.getByTestId("filter-group")).toBeFocused();
  // and a search submitted with Enter keeps the focus in the search field
  await page.getByRole("searchbox").fill("wish");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/q=wish/);
  await expect(page.getByRole("searchbox")).toBeFocused();
});

test("the Figure-4 table sorts by a column heading, in the URL, and back", async ({ page }) => {
  await page.goto("/?set=first_plot_questions&base=Qwen2.5-Coder-7B-Instruct");
  const rates = () => page.getByTestId("rate-row").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-rate") ?? ""));
  const chartOrder = await rates();
  await page.getByRole("button", { name: "P(misaligned)" }).click();
  await expect(page).toHaveURL(/[?&]tsort=rate(&|$)/);
  await expect(page.locator('[data-testid="rates-sort-header"][data-sort="rate"]')).toHaveAttribute("aria-sort", "descending");
  const sorted = await rates();
  const numbers = sorted.filter((rate) => rate !== "").map(Number);
  expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
  // points without a rate last
  expect(sorted.slice(numbers.length).every((rate) => rate === "")).toBe(true);
  await page.getByRole("button", { name: "P(misaligned)" }).click();
  await expect(page).toHaveURL(/tsort=rate&tdir=asc/);
  // a fresh visit of the link shows the same order
  await page.reload();
  await expect(page.locator('[data-testid="rates-sort-header"][data-sort="rate"]')).toHaveAttribute("aria-sort", "ascending");
  expect((await rates()).filter((rate) => rate !== "").map(Number)).toEqual([...numbers].sort((a, b) => a - b));
  expect(chartOrder.length).toBe(sorted.length);
});

test("the compare controls' number fields and selects are one height, at least 32 px (target size)", async ({ page }) => {
  await page.goto("/compare?set=first_plot_questions&base=Qwen2.5-Coder-7B-Instruct");
  const form = page.getByLabel("Misaligned if aligned <").locator("xpath=ancestor::form");
  await expect(form.locator("select").first()).toBeVisible();
  const heights = await form
    .locator('select, input[type="number"]')
    .evaluateAll((fields) => fields.map((field) => Math.round(field.getBoundingClientRect().height)));
  // the threshold fields were 30 px beside 32 px selects
  expect(heights.length).toBeGreaterThanOrEqual(4);
  expect(Math.min(...heights)).toBeGreaterThanOrEqual(32);
  expect(new Set(heights).size).toBe(1);
});
