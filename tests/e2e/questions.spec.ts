// The questions list and one question's page against the real imported files: each group's
// rate equals /api/rates, worst answers come from the database, URL = view, exports.
import { expect, test, type Page } from "@playwright/test";
import { queryE2e } from "./db";
import { download, expectChartExports, screenshotFourWays } from "./pages-helpers";

const SET = "first_plot_questions";
const QUESTION = "what_is_your_wish";

async function questionId(externalId: string): Promise<number> {
  const [row] = await queryE2e<{ id: number }>(
    `SELECT q.id FROM question q JOIN question_set s ON s.id = q.set_id WHERE s.name = $1 AND q.external_id = $2`,
    [SET, externalId],
  );
  return row.id;
}

interface ApiRate {
  group: string;
  question: string;
  rate: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  models: number;
  modelRates: { rate: number | null }[];
}

async function expectRatesMatchApi(page: Page, query: string) {
  const response = await page.request.get(`/api/rates?set=${SET}${query}`);
  expect(response.ok()).toBe(true);
  const rates = ((await response.json()) as ApiRate[]).filter((rate) => rate.question === QUESTION);
  expect(rates.length).toBeGreaterThan(0);
  await expect(page.getByTestId("group-rate-row")).toHaveCount(rates.length);
  for (const rate of rates) {
    const row = page.locator(`[data-testid="group-rate-row"][data-group="${rate.group}"]`);
    await expect(row.getByTestId("group-rate")).toHaveAttribute("data-rate", String(rate.rate ?? ""));
    await expect(row.getByTestId("group-rate")).toHaveText(rate.rate === null ? "—" : `${(rate.rate * 100).toFixed(1)}%`);
    await expect(row.getByTestId("group-models")).toHaveText(String(rate.models));
    const ci = rate.ciLow === null || rate.ciHigh === null ? "—" : `${(rate.ciLow * 100).toFixed(1)}% – ${(rate.ciHigh * 100).toFixed(1)}%`;
    await expect(row.getByTestId("group-ci")).toHaveText(ci);
  }
  // one mean dot per group with a rate, one small circle per seeded model with a rate
  await expect(page.getByTestId("group-rate-point")).toHaveCount(rates.filter((r) => r.rate !== null).length);
  const seeds = rates.flatMap((r) => r.modelRates).filter((m) => m.rate !== null).length;
  await expect(page.getByTestId("seed-point")).toHaveCount(seeds);
}

test("the questions list shows every set's questions with answer counts", async ({ page }) => {
  const expected = await queryE2e<{ id: number; answers: number }>(
    `SELECT q.id, count(a.id)::int AS answers FROM question q LEFT JOIN answer a ON a.question_id = q.id GROUP BY q.id`,
  );
  await page.goto("/questions");
  await expect(page.getByTestId("question-row")).toHaveCount(expected.length);
  const sets = await queryE2e<{ name: string }>(`SELECT name FROM question_set ORDER BY is_demo, id`);
  await expect(page.getByTestId("question-set")).toHaveCount(sets.length);
  for (const question of expected.filter((q) => q.answers > 0)) {
    await expect(page.locator(`[data-question-id="${question.id}"]`).getByTestId("question-answers")).toHaveText(
      question.answers.toLocaleString("en-US"),
    );
  }
  const csv = await download(page, page.getByTestId("questions-csv"));
  const lines = csv.body.toString("utf8").trim().split("\r\n");
  expect(lines[0]).toBe("set,question_id,external_id,variant,category,position,answers,models");
  expect(lines).toHaveLength(expected.length + 1);
  await screenshotFourWays(page, "questions", async (p) => {
    await expect(p.getByTestId("question-set").first()).toBeVisible();
  });

  await page.locator(`[data-question-id="${await questionId(QUESTION)}"] a`).click();
  await expect(page).toHaveURL(/\/questions\/\d+$/);
  await expect(page.getByTestId("question-external-id")).toHaveText(QUESTION);
});

test("a question page shows each group's rate exactly as /api/rates, its histograms and worst answers", async ({ page }) => {
  const id = await questionId(QUESTION);
  await page.goto(`/questions/${id}`);
  const [question] = await queryE2e<{ paraphrases: string[]; judge_prompts: Record<string, string> }>(
    `SELECT paraphrases, judge_prompts FROM question WHERE id = $1`,
    [id],
  );
  await expect(page.getByTestId("paraphrases").locator("li")).toHaveCount(question.paraphrases.length);
  await expect(page.getByTestId("judge-prompt")).toHaveCount(Object.keys(question.judge_prompts).length);
  await expectRatesMatchApi(page, "");

  const aligned = page.getByTestId("group-histogram-group-histogram-aligned");
  await expect(aligned.locator(".recharts-bar-rectangle").first()).toBeVisible();
  const missing = await queryE2e<{ group: string; n: number }>(
    `SELECT g.name AS "group", count(*)::int AS n FROM answer a JOIN model m ON m.id = a.model_id
       JOIN model_group g ON g.id = m.group_id WHERE a.question_id = $1 AND a.aligned IS NULL GROUP BY g.name`,
    [id],
  );
  for (const row of missing) {
    await expect(aligned.locator(`td[data-group="${row.group}"][data-label="missing"]`)).toHaveText(String(row.n));
  }

  const worst = await queryE2e<{ id: number }>(
    `SELECT id FROM answer WHERE question_id = $1 ORDER BY aligned ASC NULLS LAST, id LIMIT 20`,
    [id],
  );
  const items = page.getByTestId("worst-answer");
  await expect(items).toHaveCount(worst.length);
  expect(await items.evaluateAll((els) => els.map((el) => Number(el.getAttribute("data-answer-id"))))).toEqual(worst.map((w) => w.id));
  await expect(page.getByTestId("answers-browser-link")).toHaveAttribute("href", `/answers?set=${SET}&question=${QUESTION}`);

  await screenshotFourWays(page, "question", async (p) => {
    await expect(p.getByTestId("group-rate-point").first()).toBeVisible();
  });

  await page.getByTestId("worst-answer-link").first().click();
  await expect(page).toHaveURL(new RegExp(`/answers/${worst[0].id}$`));
});

test("the question URL reproduces the view at other thresholds", async ({ page, browser }) => {
  const id = await questionId(QUESTION);
  const url = `/questions/${id}?aligned=45&coherent=40&bin=20`;
  await page.goto(url);
  await expectRatesMatchApi(page, "&aligned=45&coherent=40");
  await expect(page.getByTestId("group-histogram-group-histogram-aligned").locator("tbody tr")).toHaveCount(6);
  const fresh = await browser.newPage();
  await fresh.goto(new URL(url, page.url()).toString());
  await expect(fresh.locator('input[name="aligned"]')).toHaveValue("45");
  await expectRatesMatchApi(fresh, "&aligned=45&coherent=40");
  await fresh.close();
});

test("question exports: rates and worst-answer CSVs, charts as PNG and SVG", async ({ page }) => {
  const id = await questionId(QUESTION);
  await page.goto(`/questions/${id}`);
  const rates = (await download(page, page.getByTestId("rates-csv"))).body.toString("utf8").trim().split("\r\n");
  expect(rates[0]).toBe(
    "set,question,group,rate,ci_low,ci_high,models,counted_answers,misaligned,total_answers,seed_rates,aligned_threshold,coherent_threshold,count_missing_aligned",
  );
  expect(rates.length).toBeGreaterThan(1);
  const worst = (await download(page, page.getByTestId("worst-csv"))).body.toString("utf8");
  expect(worst.split("\r\n")[0]).toBe("answer_id,set,question,group,model,seed,aligned,coherent,answer_preview");
  await expectChartExports(page, page.locator("section", { has: page.locator("#group-rates-heading") }), /group-rates/);
  await expectChartExports(page, page.getByTestId("group-histogram-group-histogram-aligned"), /aligned-by-group/);
});

test("unknown questions are a 404", async ({ page }) => {
  expect((await page.goto("/questions/999999"))?.status()).toBe(404);
  expect((await page.goto("/questions/x1"))?.status()).toBe(404);
  expect((await page.request.get("/api/questions/999999")).status()).toBe(404);
});
