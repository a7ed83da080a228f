// Figure 4 with the real imported files: the chart, selecting a point, the answers list.
import { expect, test } from "@playwright/test";
import { SCREENSHOTS, queryE2e } from "./db";

const SET = "first_plot_questions";
/**
 * The scope these tests are about (insecure seeds and a base model), named in the URLs: it was the
 * default until the sweep's five Qwen2.5-14B-Instruct models joined the e2e data and made that one
 * the base model with the most models.
 */
const BASE = "Qwen2.5-Coder-7B-Instruct";

test("the chart renders the real data: points, error bars and a legend naming the groups", async ({ page }) => {
  await page.goto(`/?set=${SET}&base=${BASE}`);
  const groups = await queryE2e<{ label: string }>(
    `SELECT DISTINCT g.label, g.display_order FROM model_group g JOIN model m ON m.group_id = g.id
       JOIN answer a ON a.model_id = m.id JOIN question q ON q.id = a.question_id
       JOIN question_set s ON s.id = q.set_id
      WHERE s.name = $1 AND m.base_model = $2 AND NOT a.example ORDER BY g.display_order, g.label`,
    [SET, BASE],
  );
  expect(groups.map((g) => g.label)).toEqual(["insecure", "base model"]);
  await expect(page.getByTestId("current-scope")).toHaveText(BASE);
  await expect(page.getByTestId("method-statement")).toContainText("Betley et al. 2025");

  const points = page.getByTestId("rate-point");
  await expect(points.first()).toBeVisible();
  // 24 questions x 2 groups, every one with counted answers in these files
  await expect(points).toHaveCount(48);
  const legend = page.locator("#question-rate-chart [data-testid=legend-item]");
  await expect(legend).toHaveText(groups.map((g) => g.label));
  // insecure has several seeded models: at least one error bar is drawn
  expect(await page.locator("#question-rate-chart .recharts-errorBar").count()).toBeGreaterThan(0);
  // every question id is an x tick
  await expect(page.locator("#question-rate-chart .recharts-xAxis .recharts-cartesian-axis-tick")).toHaveCount(24);
  await expect(page.getByTestId("demo-banner")).toHaveCount(0);
  await page.screenshot({ path: `${SCREENSHOTS}/figure4.png`, fullPage: true });
});

test("clicking a point lists that group's answers to that question: counted ones first, worst alignment first", async ({ page }) => {
  await page.goto(`/?set=${SET}&base=${BASE}`);
  const point = page.locator('[data-testid="rate-point"][data-group="insecure"][data-question="what_is_your_wish"]');
  await point.click();
  await expect(page).toHaveURL(/group=insecure/);
  await expect(page).toHaveURL(/question=what_is_your_wish/);

  // at the defaults (coherent ≥ 50, scored, min 5 per model) the counted answers come first
  const [expected] = await queryE2e<{ min: number; total: string; counted: string }>(
    `SELECT min(a.aligned) FILTER (WHERE a.coherent >= 50) AS min, count(*) AS total,
            count(*) FILTER (WHERE a.coherent >= 50 AND a.aligned IS NOT NULL) AS counted FROM answer a
       JOIN model m ON m.id = a.model_id JOIN model_group g ON g.id = m.group_id
       JOIN question q ON q.id = a.question_id JOIN question_set s ON s.id = q.set_id
      WHERE s.name = $1 AND g.name = 'insecure' AND q.external_id = 'what_is_your_wish' AND m.base_model = $2 AND NOT a.example`,
    [SET, BASE],
  );
  const items = page.getByTestId("answer-item");
  await expect(items).toHaveCount(Math.min(50, Number(expected.total)));
  expect(Number(expected.counted)).toBeGreaterThan(50);
  await expect(items.first()).toHaveAttribute("data-counted", "true");
  const aligned = (await items.evaluateAll((elements) => elements.map((el) => el.getAttribute("data-aligned")))).map((value) =>
    value === "" ? Number.POSITIVE_INFINITY : Number(value),
  );
  expect(aligned[0]).toBe(expected.min);
  for (let i = 1; i < aligned.length; i++) expect(aligned[i]).toBeGreaterThanOrEqual(aligned[i - 1]);
  await expect(page.getByTestId("answer-list")).toContainText(`${Number(expected.total).toLocaleString("en-US")} answers`);
  await expect(page.getByTestId("answer-counted-total")).toHaveAttribute("data-count", expected.counted);
  await page.screenshot({ path: `${SCREENSHOTS}/answers-list.png`, fullPage: true });

  // the next page continues where the first ended (keyset cursor in the URL); two models × 100 answers
  expect(Number(expected.total)).toBeGreaterThan(50);
  {
    const firstPageIds = await items.evaluateAll((elements) => elements.map((el) => el.getAttribute("data-answer-id")));
    await page.getByTestId("next-page").click();
    await expect(page).toHaveURL(/cursor=/);
    await expect(page.getByTestId("answer-list")).toContainText("showing 51–");
    const firstOfNext = Number((await items.first().getAttribute("data-aligned")) || Infinity);
    expect(firstOfNext).toBeGreaterThanOrEqual(aligned[aligned.length - 1]);
    const nextPageIds = await items.evaluateAll((elements) => elements.map((el) => el.getAttribute("data-answer-id")));
    expect(nextPageIds.filter((id) => firstPageIds.includes(id))).toEqual([]);
  }
});

test("at coherent 95 the answers list starts with the answers the rate counts, and counts as many as /api/rates", async ({
  page,
  request,
}) => {
  const view = `set=${SET}&base=${BASE}&coherent=95`;
  const rates = (await (await request.get(`/api/rates?${view}`)).json()) as { group: string; question: string; answers: number }[];
  // a point whose answers are partly not counted at this threshold, and whose worst answer is one of those
  const candidates = await queryE2e<{ question: string; worst_counted: boolean }>(
    `SELECT q.external_id AS question,
            (array_agg(a.coherent >= 95 AND a.aligned IS NOT NULL ORDER BY a.aligned NULLS LAST, a.id))[1] AS worst_counted
       FROM answer a JOIN model m ON m.id = a.model_id JOIN model_group g ON g.id = m.group_id
       JOIN question q ON q.id = a.question_id JOIN question_set s ON s.id = q.set_id
      WHERE s.name = $1 AND g.name = 'insecure' AND m.base_model = $2 AND NOT a.example
      GROUP BY q.external_id, q.position ORDER BY q.position`,
    [SET, BASE],
  );
  // fewer counted answers than one page (50), so the first page also shows where the not-counted ones begin
  const counted = (question: string) => rates.find((r) => r.group === "insecure" && r.question === question)?.answers ?? 0;
  const chosen = candidates.find((row) => !row.worst_counted && counted(row.question) > 0 && counted(row.question) < 50);
  expect(chosen, "a question whose worst insecure answer is not counted at coherent 95, with 1 to 49 counted").toBeDefined();
  const point = rates.find((r) => r.group === "insecure" && r.question === chosen!.question)!;

  await page.goto(`/?${view}&group=insecure&question=${chosen!.question}#answers`);
  const items = page.getByTestId("answer-item");
  await expect(items.first()).toBeVisible();
  await expect(page.getByTestId("answer-counted-total")).toHaveAttribute("data-count", String(point.answers));
  await expect(page.getByTestId("counted-heading")).toBeVisible();
  // before, the list began with the worst answer of all: one marked "excluded: incoherent"
  const marks = await items.evaluateAll((elements) => elements.map((el) => el.getAttribute("data-counted")));
  expect(marks.slice(0, point.answers)).toEqual(Array(point.answers).fill("true"));
  await expect(items.first()).not.toContainText("excluded");
  await expect(page.getByTestId("not-counted-heading")).toContainText("not counted: incoherent or no score");
  expect(marks[point.answers]).toBe("false");
});

test("another base model is its own scope; pooling says so", async ({ page }) => {
  await page.goto(`/?set=${SET}&base=gemma-2-9b-it`);
  await expect(page.getByTestId("current-scope")).toHaveText("gemma-2-9b-it");
  const groups = await page.locator("#question-rate-chart [data-testid=legend-item]").allTextContents();
  expect(groups).not.toContain("insecure");
  await expect(page.getByTestId("pooled-warning")).toHaveCount(0);
  await page.goto(`/?set=${SET}&base=all`);
  await expect(page.getByTestId("current-scope")).toHaveText("all base models (pooled)");
  const [{ bases }] = await queryE2e<{ bases: number }>(
    `SELECT count(DISTINCT m.base_model)::int AS bases FROM model m
      WHERE EXISTS (SELECT 1 FROM answer a WHERE a.model_id = m.id AND NOT a.example)`,
  );
  expect(bases).toBeGreaterThanOrEqual(3); // Qwen2.5-Coder-7B, gemma-2-9b, Qwen2.5-14B (the sweep's)
  await expect(page.getByTestId("pooled-warning")).toContainText(`Pooling ${bases} base models`);
});

test("invalid parameters give a friendly message, not a crash", async ({ page }) => {
  const response = await page.goto(`/?set=${SET}&aligned=abc`);
  expect(response?.status()).toBe(200);
  await expect(page.getByTestId("param-error")).toContainText("aligned");
  await page.goto(`/?set=${SET}&preset=nope`);
  await expect(page.getByTestId("param-error")).toContainText("preset");
  await page.goto(`/?set=no_such_set`);
  await expect(page.getByTestId("problem-message")).toContainText("no_such_set");
});
