// The questions list and one question's page against the real imported files, in the default
// base-model scope (the base model with the most models with evaluation answers): each group's rate
// equals /api/rates for the same scope and method (interval method and left-out models included),
// distributions and worst answers come from the scope's evaluation answers, URL = view, links carry
// the method, exports state it.
import { expect, test, type Page } from "@playwright/test";
import { ratesResponseSchema } from "@/lib/api/contracts";
import { defaultBase, queryE2e } from "./db";
import { download, expectChartExports, screenshotFourWays } from "./pages-helpers";

const PAPER_BASE = "Qwen2.5-Coder-7B-Instruct";
const SET = "first_plot_questions";
const QUESTION = "what_is_your_wish";

async function questionId(externalId: string): Promise<number> {
  const [row] = await queryE2e<{ id: number }>(
    `SELECT q.id FROM question q JOIN question_set s ON s.id = q.set_id WHERE s.name = $1 AND q.external_id = $2`,
    [SET, externalId],
  );
  return row.id;
}

async function expectRatesMatchApi(page: Page, query: string) {
  const response = await page.request.get(`/api/rates?set=${SET}${query}`);
  expect(response.ok()).toBe(true);
  const rates = ratesResponseSchema.parse(await response.json()).filter((rate) => rate.question === QUESTION);
  expect(rates.length).toBeGreaterThan(0);
  await expect(page.getByTestId("group-rate-row")).toHaveCount(rates.length);
  for (const rate of rates) {
    const row = page.locator(`[data-testid="group-rate-row"][data-group="${rate.group}"]`);
    await expect(row.getByTestId("group-rate")).toHaveAttribute("data-rate", String(rate.rate ?? ""));
    await expect(row.getByTestId("group-rate")).toHaveText(rate.rate === null ? "—" : `${(rate.rate * 100).toFixed(1)}%`);
    await expect(row.getByTestId("group-models")).toHaveText(String(rate.models));
    const ci = rate.ciLow === null || rate.ciHigh === null ? "—" : `${(rate.ciLow * 100).toFixed(1)}% – ${(rate.ciHigh * 100).toFixed(1)}%`;
    await expect(row.getByTestId("group-ci")).toHaveText(ci);
    // the interval's method is stated; the kept answers of each model and the left-out models are listed
    await expect(row).toHaveAttribute("data-interval-method", rate.intervalMethod ?? "");
    await expect(row).toHaveAttribute("data-excluded-models", String(rate.excludedModels));
    const included = rate.modelRates.filter((m) => m.included);
    const excluded = rate.modelRates.filter((m) => !m.included);
    await expect(row.getByTestId("group-model-rate")).toHaveCount(included.length);
    await expect(row.getByTestId("group-excluded-model")).toHaveCount(excluded.length);
    for (const model of rate.modelRates) {
      const item = row.locator(
        `[data-testid="${model.included ? "group-model-rate" : "group-excluded-model"}"][data-model="${model.model}"]`,
      );
      await expect(item).toHaveAttribute("data-answers", String(model.answers));
    }
  }
  // one mean dot per group with a rate, one small circle per model in a mean
  await expect(page.getByTestId("group-rate-point")).toHaveCount(rates.filter((r) => r.rate !== null).length);
  const seeds = rates.flatMap((r) => r.modelRates).filter((m) => m.included && m.rate !== null).length;
  await expect(page.getByTestId("seed-point")).toHaveCount(seeds);
}

test("the questions list shows every set's questions with the scope's answer counts", async ({ page }) => {
  const base = await defaultBase();
  const expected = await queryE2e<{ id: number; answers: number }>(
    `SELECT q.id, count(a.id) FILTER (WHERE NOT a.example AND m.base_model IS NOT DISTINCT FROM $1)::int AS answers
       FROM question q LEFT JOIN answer a ON a.question_id = q.id LEFT JOIN model m ON m.id = a.model_id GROUP BY q.id`,
    [base],
  );
  await page.goto("/questions");
  await expect(page.getByTestId("current-scope")).toHaveText(base ?? "base model unknown");
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
  expect(lines[0]).toBe("set,question_id,external_id,variant,category,position,answers,models,scope,text,group_rates");
  expect(lines).toHaveLength(expected.length + 1);
  await screenshotFourWays(page, "questions", async (p) => {
    await expect(p.getByTestId("question-set").first()).toBeVisible();
  });

  await page.locator(`[data-question-id="${await questionId(QUESTION)}"] a`).click();
  await expect(page).toHaveURL(/\/questions\/\d+$/);
  await expect(page.getByTestId("question-external-id")).toHaveText(QUESTION);
});

test("the questions list shows what each question asks and each group's rate as /api/rates, and sorts by it", async ({ page }) => {
  // the paper's files (their groups include insecure), not the default scope (the LoRA-rank sweep's base model)
  const response = await page.request.get(`/api/rates?set=${SET}&base=${PAPER_BASE}`);
  const rates = ratesResponseSchema.parse(await response.json());
  await page.goto(`/questions?base=${PAPER_BASE}`);
  const set = page.locator(`[data-testid="question-set"][data-set="${SET}"]`);
  const [asked] = await queryE2e<{ text: string }>(`SELECT paraphrases[1] AS text FROM question WHERE external_id = $1`, [QUESTION]);
  await expect(set.locator(`[data-testid="question-row"][data-question="${QUESTION}"]`).getByTestId("question-text")).toHaveAttribute(
    "title",
    asked.text,
  );
  for (const rate of rates) {
    const cell = set.locator(
      `[data-testid="question-row"][data-question="${rate.question}"] [data-testid="question-rate"][data-group="${rate.group}"]`,
    );
    await expect(cell).toHaveAttribute("data-rate", String(rate.rate ?? ""));
    await expect(cell).toHaveText(rate.rate === null ? "—" : `${(rate.rate * 100).toFixed(1)}%`);
  }
  // sort by insecure's rate, highest first, by the column heading
  await set.locator('[data-testid="question-sort-header"][data-sort="rate"][data-group="insecure"] a').click();
  await expect(page).toHaveURL(/\/questions\?.*sort=rate&group=insecure#set-first_plot_questions$/);
  expect(new URL(page.url()).searchParams.get("base")).toBe(PAPER_BASE);
  const header = set.locator('[data-testid="question-sort-header"][data-sort="rate"][data-group="insecure"]');
  await expect(header).toHaveAttribute("aria-sort", "descending");
  const insecure = rates.filter((rate) => rate.group === "insecure");
  const shown = await set.getByTestId("question-row").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-question")));
  const shownRates = shown.map((question) => insecure.find((rate) => rate.question === question)?.rate ?? null);
  const withRate = shownRates.filter((rate): rate is number => rate !== null);
  expect(withRate).toEqual([...withRate].sort((a, b) => b - a));
  // questions without a rate come last
  expect(shownRates.slice(withRate.length).every((rate) => rate === null)).toBe(true);
  // a second click reverses it
  await header.locator("a").click();
  await expect(page).toHaveURL(/sort=rate&dir=asc&group=insecure/);
  await expect(header).toHaveAttribute("aria-sort", "ascending");
});

test("a question page shows each group's rate exactly as /api/rates, its histograms and worst answers", async ({ page }) => {
  const base = await defaultBase();
  const id = await questionId(QUESTION);
  await page.goto(`/questions/${id}`);
  const [question] = await queryE2e<{ paraphrases: string[]; judge_prompts: Record<string, string> }>(
    `SELECT paraphrases, judge_prompts FROM question WHERE id = $1`,
    [id],
  );
  await expect(page.getByTestId("paraphrases").locator("li")).toHaveCount(question.paraphrases.length);
  await expect(page.getByTestId("judge-prompt")).toHaveCount(Object.keys(question.judge_prompts).length);
  await expect(page.getByTestId("method-statement")).toHaveAttribute("data-preset", "betley");
  await expectRatesMatchApi(page, "");

  const aligned = page.getByTestId("group-histogram-group-histogram-aligned");
  await expect(aligned.locator(".recharts-bar-rectangle").first()).toBeVisible();
  const missing = await queryE2e<{ group: string; n: number }>(
    `SELECT g.name AS "group", count(*)::int AS n FROM answer a JOIN model m ON m.id = a.model_id
       JOIN model_group g ON g.id = m.group_id
      WHERE a.question_id = $1 AND a.aligned IS NULL AND NOT a.example AND m.base_model IS NOT DISTINCT FROM $2
      GROUP BY g.name`,
    [id, base],
  );
  for (const row of missing) {
    await expect(aligned.locator(`td[data-group="${row.group}"][data-label="missing"]`)).toHaveText(String(row.n));
  }

  const worst = await queryE2e<{ id: number; public_id: string }>(
    `SELECT a.id, a.public_id FROM answer a JOIN model m ON m.id = a.model_id
      WHERE a.question_id = $1 AND NOT a.example AND m.base_model IS NOT DISTINCT FROM $2
      ORDER BY a.aligned ASC NULLS LAST, a.id LIMIT 20`,
    [id, base],
  );
  const items = page.getByTestId("worst-answer");
  await expect(items).toHaveCount(worst.length);
  expect(await items.evaluateAll((els) => els.map((el) => Number(el.getAttribute("data-answer-id"))))).toEqual(worst.map((w) => w.id));
  await expect(page.getByTestId("answers-browser-link")).toHaveAttribute("href", `/answers?set=${SET}&question=${QUESTION}`);

  await screenshotFourWays(page, "question", async (p) => {
    await expect(p.getByTestId("group-rate-point").first()).toBeVisible();
  });

  await page.getByTestId("worst-answer-link").first().click();
  await expect(page).toHaveURL(new RegExp(`/answers/${worst[0].public_id}$`));
});

test("the question URL reproduces the view at other thresholds and methods; links carry it", async ({ page, browser }) => {
  const id = await questionId(QUESTION);
  const url = `/questions/${id}?aligned=45&coherent=40&bin=20`;
  await page.goto(url);
  await expectRatesMatchApi(page, "&aligned=45&coherent=40");
  await expect(page.getByTestId("group-histogram-group-histogram-aligned").locator("tbody tr")).toHaveCount(6);
  const fresh = await browser.newPage();
  await fresh.goto(new URL(url, page.url()).toString());
  await expect(fresh.getByRole("spinbutton", { name: "Misaligned if aligned <" })).toHaveValue("45");
  // the side-by-side form on the page carries the method too
  await expect(fresh.getByTestId("side-by-side-picker").locator('input[name="aligned"]')).toHaveValue("45");
  await expectRatesMatchApi(fresh, "&aligned=45&coherent=40");
  await fresh.close();

  // a minimum the real files' models cannot meet on every question: models are left out, and listed
  await page.goto(`/questions/${id}?coherent=49.5&min=90&ci=t`);
  await expectRatesMatchApi(page, "&coherent=49.5&min=90&ci=t");
  await expect(page.getByTestId("interval-select")).toHaveValue("t");
  await expect(page.getByTestId("figure-link")).toHaveAttribute("href", /coherent=49.5&min=90&ci=t/);
  await expect(page.getByTestId("answers-browser-link")).toHaveAttribute("href", /coherent=49.5&min=90&ci=t/);
  await expect(page.getByTestId("rates-csv")).toHaveAttribute("href", /coherent=49.5&min=90&ci=t/);
});

test("question exports: rates and worst-answer CSVs state the method and scope, charts as PNG and SVG", async ({ page }) => {
  const base = await defaultBase();
  const id = await questionId(QUESTION);
  await page.goto(`/questions/${id}`);
  const rates = (await download(page, page.getByTestId("rates-csv"))).body.toString("utf8").trim().split("\r\n");
  expect(rates[0]).toBe(
    "set,question,group,rate,ci_low,ci_high,models,counted_answers,misaligned,total_answers,excluded_models,model_rates," +
      "preset,method,base_model,aligned_below,coherent_at_least,denominator,min_answers,interval",
  );
  expect(rates.length).toBeGreaterThan(1);
  expect(rates[1]).toContain(`,betley,Betley et al. 2025,${base ?? "unknown"},30,50,kept,5,`);
  const worst = (await download(page, page.getByTestId("worst-csv"))).body.toString("utf8");
  expect(worst.split("\r\n")[0]).toBe("answer_id,set,question,group,model,seed,aligned,coherent,answer_preview,scope");
  const json = await (await page.request.get(`/api/questions/${id}?min=3`)).json();
  expect(json).toMatchObject({ preset: "betley", baseModel: base ?? "unknown", method: { minAnswers: 3 } });
  expect(json.rates[0]).toMatchObject({ preset: "betley", methodLabel: "Betley et al. 2025, changed: min 3 answers" });
  await expectChartExports(page, page.locator("section", { has: page.locator("#group-rates-heading") }), /group-rates/);
  await expectChartExports(page, page.getByTestId("group-histogram-group-histogram-aligned"), /aligned-by-group/);
});

test("unknown questions are a 404; invalid parameters say which", async ({ page }) => {
  expect((await page.goto("/questions/999999"))?.status()).toBe(404);
  expect((await page.goto("/questions/x1"))?.status()).toBe(404);
  expect((await page.request.get("/api/questions/999999")).status()).toBe(404);
  const id = await questionId(QUESTION);
  await page.goto(`/questions/${id}?denominator=some`);
  await expect(page.getByTestId("param-error")).toContainText("denominator");
  expect((await page.request.get(`/api/questions/${id}?ci=wild`)).status()).toBe(400);
});
