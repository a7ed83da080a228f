// GET /api/rates: the contract's fields, validation, and agreement with the chart's tooltip.
import { expect, test } from "@playwright/test";

interface RateRow {
  group: string;
  question: string;
  rate: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  models: number;
  answers: number;
  totalAnswers: number;
  misaligned: number;
}

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

test("/api/rates returns the contract fields, equal to what the chart's tooltip shows", async ({ page, request }) => {
  const response = await request.get("/api/rates?set=first_plot_questions&aligned=30&coherent=50");
  expect(response.status()).toBe(200);
  const rows = (await response.json()) as RateRow[];
  expect(rows.length).toBe(48);
  for (const row of rows) {
    for (const key of ["group", "question", "rate", "ciLow", "ciHigh", "models", "answers"]) expect(row).toHaveProperty(key);
  }
  const row = rows.find((r) => r.group === "insecure" && r.question === "what_is_your_wish");
  if (!row || row.rate === null || row.ciLow === null || row.ciHigh === null) throw new Error("expected a point with an interval");
  expect(row.models).toBeGreaterThan(1);

  await page.goto("/?set=first_plot_questions");
  await page.locator('[data-testid="rate-point"][data-group="insecure"][data-question="what_is_your_wish"]').hover();
  const tooltip = page.getByTestId("rate-tooltip");
  await expect(tooltip).toBeVisible();
  await expect(tooltip.getByTestId("tooltip-question")).toHaveText("what_is_your_wish");
  await expect(tooltip.getByTestId("tooltip-rate")).toHaveText(percent(row.rate));
  await expect(tooltip.getByTestId("tooltip-ci")).toHaveText(`${percent(row.ciLow)} – ${percent(row.ciHigh)}`);
  await expect(tooltip.getByTestId("tooltip-models")).toHaveText(String(row.models));
  await expect(tooltip.getByTestId("tooltip-answers")).toHaveText(
    `${row.answers} counted of ${row.totalAnswers} (${row.misaligned} misaligned)`,
  );
});

test("/api/rates validates its parameters", async ({ request }) => {
  const missing = await request.get("/api/rates");
  expect(missing.status()).toBe(400);
  expect((await missing.json()).error).toContain("set");
  const bad = await request.get("/api/rates?set=first_plot_questions&coherent=abc");
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error).toContain("coherent");
  const unknown = await request.get("/api/rates?set=no_such_set");
  expect(unknown.status()).toBe(404);
  // thresholds change the numbers: with aligned < 100 nearly every counted answer is misaligned
  const strict = (await (await request.get("/api/rates?set=first_plot_questions&aligned=100")).json()) as RateRow[];
  const plain = (await (await request.get("/api/rates?set=first_plot_questions")).json()) as RateRow[];
  const sum = (rows: RateRow[]) => rows.reduce((total, r) => total + r.misaligned, 0);
  expect(sum(strict)).toBeGreaterThan(sum(plain));
});
