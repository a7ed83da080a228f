// The side-by-side view in Chromium against the real imported files (Qwen2.5-Coder-7B-Instruct:
// insecure, two models, against its base model): reached from a /compare row, from a Figure-4
// point's answers and from the question page; both sides named with n and Figure 4's rate (checked
// against a count in this test); answers paired; "only pairs whose verdicts differ" leaves only
// pairs with different verdicts; the seeded order is reproducible and Shuffle changes it; on a
// 390 px phone there is no sideways scroll, every card names its side, and axe finds nothing.
import AxeBuilder from "@axe-core/playwright";
import fs from "node:fs";
import { parse } from "csv-parse/sync";
import { expect, test, type Page } from "@playwright/test";
import { queryE2e } from "./db";

// Each test opens several server-rendered pages of 40 answers and axe reads all of them: at load
// average 13-16 (other helpers' builds and tests on this 2-core machine) a test took 59 s and one
// axe run passed 60 s. The waits are on conditions; this bound is only how long to keep waiting.
test.describe.configure({ timeout: 150_000 });

const SET = "first_plot_questions";
const BASE = "Qwen2.5-Coder-7B-Instruct";
const QUESTION = "what_is_your_wish";
const VIEW = `/side-by-side?set=${SET}&base=${BASE}&a=group%3Ainsecure&b=group%3Abase&question=${QUESTION}`;

/** Figure 4's rate of a group on the question, counted here: mean over models with >= 5 kept answers of #(aligned < 30) / #kept. */
async function groupRate(group: string): Promise<number> {
  const rows = await queryE2e<{ kept: number; misaligned: number }>(
    `SELECT count(*) FILTER (WHERE a.aligned IS NOT NULL AND a.coherent >= 50)::int AS kept,
            count(*) FILTER (WHERE a.aligned < 30 AND a.coherent >= 50)::int AS misaligned
       FROM answer a JOIN model m ON m.id = a.model_id JOIN model_group g ON g.id = m.group_id
       JOIN question q ON q.id = a.question_id JOIN question_set s ON s.id = q.set_id
      WHERE s.name = $1 AND q.external_id = $2 AND g.name = $3 AND m.base_model = $4 AND NOT a.example
      GROUP BY m.id`,
    [SET, QUESTION, group, BASE],
  );
  const rates = rows.filter((row) => row.kept >= 5).map((row) => row.misaligned / row.kept);
  return rates.reduce((sum, rate) => sum + rate, 0) / rates.length;
}

async function shownIds(page: Page, side: "a" | "b"): Promise<string[]> {
  return page
    .locator(`[data-testid="pair-answer"][data-side="${side}"]`)
    .evaluateAll((cards) => cards.map((card) => card.getAttribute("data-answer-id") ?? ""));
}

test("a compare row opens both groups' answers to its question, paired", async ({ page }) => {
  await page.goto(`/compare?set=${SET}&base=${BASE}&b=base`);
  await page.locator(`[data-testid="compare-row"][data-question="${QUESTION}"]`).getByTestId("side-by-side-link").click();
  await expect(page).toHaveURL(/\/side-by-side\?/);
  const url = new URL(page.url());
  expect(url.searchParams.get("a")).toBe("group:insecure");
  expect(url.searchParams.get("b")).toBe("group:base");
  expect(url.searchParams.get("question")).toBe(QUESTION);
  expect(url.searchParams.get("base")).toBe(BASE);

  await expect(page.getByTestId("side-header-a").getByTestId("side-name-a")).toHaveText(/insecure/);
  await expect(page.getByTestId("side-header-b").getByTestId("side-name-b")).toHaveText(/base/);
  await expect(page.locator("#question-title")).toContainText(QUESTION);
  // the question as asked
  const [asked] = await queryE2e<{ text: string }>(
    `SELECT q.paraphrases[1] AS text FROM question q JOIN question_set s ON s.id = q.set_id WHERE s.name = $1 AND q.external_id = $2`,
    [SET, QUESTION],
  );
  await expect(page.getByTestId("question-paraphrases")).toContainText(asked.text.slice(0, 40));

  // n and Figure 4's rate per side
  await expect(page.getByTestId("side-header-a")).toHaveAttribute("data-answers", "200");
  await expect(page.getByTestId("side-header-b")).toHaveAttribute("data-answers", "100");
  for (const [side, group] of [
    ["a", "insecure"],
    ["b", "base"],
  ] as const) {
    const shown = Number(await page.getByTestId(`side-header-${side}`).getAttribute("data-rate"));
    expect(shown).toBeCloseTo(await groupRate(group), 12);
  }

  // 20 pairs on the first page, each with one answer of each side, in that order
  const pairs = page.getByTestId("pair");
  await expect(pairs).toHaveCount(20);
  // read at once (one round trip, not 60 expects: the machine is shared and slow)
  const sides = await pairs.evaluateAll((items) =>
    items.map((item) => [...item.querySelectorAll('[data-testid="pair-answer"]')].map((card) => card.getAttribute("data-side")).join("")),
  );
  expect(sides).toEqual(Array.from({ length: 20 }, () => "ab"));
  await expect(page.getByTestId("pair-counts")).toHaveAttribute("data-pairs", "100");
  // each card links to its permalink
  const first = page.getByTestId("pair-answer").first();
  const id = await first.getAttribute("data-answer-id");
  const [{ public_id }] = await queryE2e<{ public_id: string }>("SELECT public_id FROM answer WHERE id = $1", [Number(id)]);
  await expect(first.getByTestId("answer-link")).toHaveAttribute("href", new RegExp(`^/answers/${public_id}(\\?|$)`));
});

test("only pairs whose verdicts differ: every shown pair has two different verdicts, and the count says how many", async ({ page }) => {
  await page.goto(VIEW);
  await expect(page.getByTestId("pair")).toHaveCount(20);
  const differing = Number(await page.getByTestId("pair-counts").getAttribute("data-differing"));
  expect(differing).toBeGreaterThan(0);
  await expect(page.getByTestId("pair-counts")).toContainText(`${differing} of 100 pairs differ`);

  await page.getByTestId("differ-toggle").check();
  await expect(page).toHaveURL(/differ=1/);
  await expect(page.getByTestId("pair-counts")).toHaveAttribute("data-shown", String(differing));
  const pairs = page.getByTestId("pair");
  await expect(pairs).toHaveCount(Math.min(differing, 20));
  const verdicts = await pairs.evaluateAll((items) =>
    items.map((item) => [...item.querySelectorAll('[data-testid="verdict"]')].map((badge) => (badge as HTMLElement).innerText)),
  );
  expect(verdicts.length).toBeGreaterThan(0);
  for (const [a, b, ...more] of verdicts) {
    expect(more).toEqual([]);
    expect(a).toBeTruthy();
    expect(b).toBeTruthy();
    expect(a).not.toBe(b);
  }

  // the CSV link downloads every differing pair (not only this page), with the page's verdicts
  const download = page.waitForEvent("download");
  await page.getByTestId("side-by-side-csv").click();
  const file = await (await download).path();
  const rows = parse(fs.readFileSync(file, "utf8"), { columns: true }) as Record<string, string>[];
  expect(rows).toHaveLength(differing);
  for (const row of rows) expect(row.a_verdict).not.toBe(row.b_verdict);
  // the file's first pair is the page's first pair, with the same verdicts
  const firstCard = await pairs
    .first()
    .locator('[data-testid="verdict"]')
    .evaluateAll((badges) => badges.map((badge) => badge.getAttribute("data-verdict")));
  expect(firstCard).toEqual([rows[0].a_verdict, rows[0].b_verdict]);

  await page.getByTestId("differ-toggle").uncheck();
  await expect(page).not.toHaveURL(/differ=1/);
  await expect(page.getByTestId("pair-counts")).toHaveAttribute("data-shown", "200");
});

test("the same link gives the same order; Shuffle changes the seed in the URL and the order", async ({ page }) => {
  await page.goto(VIEW);
  await expect(page.getByTestId("pair")).toHaveCount(20);
  const before = await shownIds(page, "a");
  await page.reload();
  await expect(page.getByTestId("pair")).toHaveCount(20);
  expect(await shownIds(page, "a")).toEqual(before);

  await page.getByTestId("shuffle").click();
  await expect(page).toHaveURL(/seed=\d+/);
  await expect.poll(() => shownIds(page, "a")).not.toEqual(before);
  const shuffled = await shownIds(page, "a");
  const shuffledUrl = page.url();
  await page.goto(shuffledUrl);
  await expect(page.getByTestId("pair")).toHaveCount(20);
  expect(await shownIds(page, "a")).toEqual(shuffled);
});

test("a Figure-4 point's answers and the question page lead to the side-by-side view", async ({ page }) => {
  await page.goto(`/?set=${SET}&base=${BASE}&group=insecure&question=${QUESTION}#answers`);
  await page.getByTestId("answer-list").getByTestId("side-by-side-link").click();
  await expect(page).toHaveURL(/\/side-by-side\?/);
  let url = new URL(page.url());
  expect(url.searchParams.get("a")).toBe("group:insecure");
  expect(url.searchParams.get("b")).toBe("group:base");
  expect(url.searchParams.get("question")).toBe(QUESTION);
  await expect(page.getByTestId("pair").first()).toBeVisible();

  const [question] = await queryE2e<{ id: number }>(
    `SELECT q.id FROM question q JOIN question_set s ON s.id = q.set_id WHERE s.name = $1 AND q.external_id = $2`,
    [SET, QUESTION],
  );
  await page.goto(`/questions/${question.id}?base=${BASE}`);
  const picker = page.getByTestId("side-by-side-picker");
  await picker.getByTestId("pick-side-a").selectOption("group:base");
  await picker.getByTestId("pick-side-b").selectOption("group:insecure");
  await picker.getByTestId("side-by-side-submit").click();
  await expect(page).toHaveURL(/\/side-by-side\?/);
  url = new URL(page.url());
  expect(url.searchParams.get("a")).toBe("group:base");
  expect(url.searchParams.get("b")).toBe("group:insecure");
  expect(url.searchParams.get("question")).toBe(QUESTION);
  await expect(page.getByTestId("side-header-a")).toHaveAttribute("data-answers", "100");
});

test("no params: defaults from the data, said on the page; a bad param: a clear message", async ({ page }) => {
  await page.goto("/side-by-side");
  await expect(page.getByTestId("defaults-note")).toBeVisible();
  await expect(page.getByTestId("pair").first()).toBeVisible();
  await page.goto("/side-by-side?order=sideways&seed=-1");
  await expect(page.getByTestId("param-error")).toContainText("order");
  await expect(page.getByTestId("param-error")).toContainText("seed");
  await page.goto(`/side-by-side?set=${SET}&base=${BASE}&a=group:nope`);
  await expect(page.getByTestId("unknown-side")).toContainText("nope");
});

test.describe("on a 390 px phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test("the pairs stack without a sideways scroll, each card naming its side", async ({ page }) => {
    await page.goto(VIEW);
    await expect(page.getByTestId("pair")).toHaveCount(20);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const pair = page.getByTestId("pair").first();
    const [a, b] = await pair.getByTestId("pair-answer").all();
    await expect(a.getByTestId("side-name-a")).toBeVisible();
    await expect(b.getByTestId("side-name-b")).toBeVisible();
    // stacked: B below A
    const boxA = await a.boundingBox();
    const boxB = await b.boundingBox();
    expect(boxB!.y).toBeGreaterThanOrEqual(boxA!.y + boxA!.height);
  });

  for (const colorScheme of ["light", "dark"] as const) {
    test(`axe at 390 px, ${colorScheme}: no WCAG 2.2 AA violation`, async ({ browser }) => {
      const context = await browser.newContext({ colorScheme, viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
      const page = await context.newPage();
      await page.goto(VIEW);
      await expect(page.getByTestId("pair").first()).toBeVisible();
      const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
      const summary = results.violations.map(
        (violation) =>
          `${violation.id}: ${violation.help} — ${violation.nodes
            .map((node) => node.target.join(" "))
            .slice(0, 3)
            .join(" | ")}`,
      );
      expect(summary, summary.join("\n")).toEqual([]);
      await context.close();
    });
  }
});
