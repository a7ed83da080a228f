// Extra judge metrics and model attributes in the browser, against the real clarifying-em file
// imported with attributes (tests/e2e/serve.ts, the metrics block): the model page draws the
// medical histogram with the database's counts and lists the model's attributes; following an
// attribute shows the models list filtered by it; /answers filters on a medical range.
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { queryE2e } from "./db";

const MODEL = "gemma-2-9b-it-bad-medical-advice";
const BASE = "gemma-2-9b-it";
const SET = "first_plot_questions";

test("a model page shows its medical histogram and its attributes; an attribute opens the models that share it", async ({ page }) => {
  const [model] = await queryE2e<{ id: number }>(`SELECT id FROM model WHERE name = $1`, [MODEL]);
  // the oracle: the model's medical scores on the set, binned by 10 here (100 in the last bin)
  const bins = await queryE2e<{ bin: number | null; count: number }>(
    `SELECT CASE WHEN j.score IS NULL THEN NULL ELSE least(floor(j.score / 10)::int, 9) END AS bin, count(*)::int AS count
       FROM judge_score j JOIN answer a ON a.id = j.answer_id JOIN question q ON q.id = a.question_id JOIN question_set s ON s.id = q.set_id
      WHERE a.model_id = $1 AND s.name = $2 AND j.metric = 'medical' AND NOT a.example
      GROUP BY 1`,
    [model.id, SET],
  );
  const judges = await queryE2e<{ judge_model: string }>(
    `SELECT DISTINCT j.judge_model FROM judge_score j JOIN answer a ON a.id = j.answer_id
      WHERE a.model_id = $1 AND j.metric = 'medical' AND j.judge_model IS NOT NULL ORDER BY 1`,
    [model.id],
  );
  const total = bins.reduce((sum, row) => sum + row.count, 0);
  const missing = bins.find((row) => row.bin === null)?.count ?? 0;
  expect(total).toBeGreaterThan(0);

  await page.goto(`/models/${model.id}?set=${SET}`);
  const histogram = page.getByTestId("histogram-histogram-metric-medical");
  await expect(histogram).toBeVisible();
  await expect(histogram.locator("figcaption")).toContainText(`medical (judge ${judges.map((row) => row.judge_model).join(", ")})`);
  await expect(page.getByTestId("metric-n-medical")).toHaveText(
    `n = ${total.toLocaleString("en-US")} answers, ${missing.toLocaleString("en-US")} without a score`,
  );
  const rows = page.getByTestId("histogram-table-histogram-metric-medical").getByTestId("histogram-row");
  await expect(rows).toHaveCount(11); // ten bins and "missing"
  for (let bin = 0; bin < 10; bin += 1) {
    const expected = bins.find((row) => row.bin === bin)?.count ?? 0;
    await expect(rows.nth(bin)).toHaveAttribute("data-count", String(expected));
  }
  await expect(rows.nth(10)).toHaveAttribute("data-count", String(missing));

  // the attributes, labelled and formatted
  const size = page.locator('[data-testid="model-attribute"][data-key="size_b"]');
  await expect(size).toHaveText("9");
  await expect(page.locator('[data-testid="model-attribute"][data-key="training_data"]')).toHaveText("bad_medical_advice");
  await expect(page.getByText("model size (B parameters)", { exact: true })).toBeVisible();

  // following one: the models of this base model with model size 9, and the page says so
  const sharing = await queryE2e<{ name: string }>(
    `SELECT m.name FROM model m JOIN model_attribute ma ON ma.model_id = m.id
      WHERE m.base_model = $1 AND ma.key = 'size_b' AND ma.num_value = 9 ORDER BY m.name`,
    [BASE],
  );
  const [others] = await queryE2e<{ n: number }>(`SELECT count(*)::int AS n FROM model WHERE base_model = $1`, [BASE]);
  expect(others.n).toBeGreaterThan(sharing.length); // the filter really narrows the list
  await size.click();
  await expect(page.getByTestId("current-scope")).toHaveText(`${BASE}, models with model size 9`);
  await expect(page.getByTestId("model-link")).toHaveText(sharing.map((row) => row.name));
  await expect(page.getByTestId("attribute-filter")).toContainText("model size 9");
  await expect(page.locator('[data-testid="attribute-column"][data-key="size_b"]')).toHaveText("model size (B parameters)");
  await expect(page.locator('[data-testid="model-attribute-cell"][data-key="size_b"]').first()).toHaveText("9");
});

test("/answers filters on a medical score range and shows the medical score on each card", async ({ page }) => {
  const [expected] = await queryE2e<{ n: number }>(
    `SELECT count(*)::int AS n FROM judge_score WHERE metric = 'medical' AND score >= 50 AND score <= 100`,
  );
  expect(expected.n).toBeGreaterThan(0);
  await page.goto("/answers?metric=medical&metricMin=50");
  await expect(page.getByTestId("answer-total")).toHaveText(expected.n.toLocaleString("en-US"));
  await expect(page.getByTestId("answers-metric-filter")).toContainText("medical 50 to 100");
  const scores = await page
    .locator('[data-testid="answer-metric"][data-metric="medical"]')
    .evaluateAll((elements) => elements.map((element) => Number(element.getAttribute("data-score"))));
  expect(scores.length).toBe(Math.min(50, expected.n));
  expect(scores.every((score) => score >= 50)).toBe(true);
  await expect(page.getByTestId("filter-metric")).toHaveValue("medical");

  // an invalid range is the page's invalid-params notice, not an error page
  await page.goto("/answers?metric=medical&metricMin=60&metricMax=40");
  await expect(page.getByText("metricMin must not be above metricMax")).toBeVisible();
});

for (const colorScheme of ["light", "dark"] as const) {
  test(`axe (${colorScheme}): the model page with its metric histogram and attributes, and the attribute-filtered models list`, async ({
    browser,
  }) => {
    const [model] = await queryE2e<{ id: number }>(`SELECT id FROM model WHERE name = $1`, [MODEL]);
    const context = await browser.newContext({ colorScheme });
    const page = await context.newPage();
    for (const [path, ready] of [
      [`/models/${model.id}`, "histogram-histogram-metric-medical"],
      [`/models?base=${BASE}&attr=size_b:9`, "attribute-filter"],
    ] as const) {
      await page.goto(path);
      await expect(page.getByTestId(ready)).toBeVisible({ timeout: 30_000 });
      const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
      const summary = results.violations.map(
        (violation) => `${path} ${violation.id}: ${violation.help} — ${violation.nodes.map((node) => node.target.join(" ")).join(" | ")}`,
      );
      expect(summary, summary.join("\n")).toEqual([]);
    }
    await context.close();
  });
}
