// GET /api/rates: the contract's fields, validation, and agreement with the chart's tooltip.
import { expect, test, type APIResponse } from "@playwright/test";
import { apiErrorBodySchema, overallRatesResponseSchema, ratesResponseSchema, type RatesRow } from "@/lib/api/contracts";
import { queryE2e } from "./db";

/** The body of a /api/rates answer, checked against the contract (lib/api/contracts.ts). */
const rates = async (response: APIResponse): Promise<RatesRow[]> => ratesResponseSchema.parse(await response.json());
/** The message of an error answer, checked against the one error body. */
const errorMessage = async (response: APIResponse): Promise<string> => apiErrorBodySchema.parse(await response.json()).error.message;

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

test("/api/rates returns the contract fields, equal to what the chart's tooltip shows", async ({ page, request }) => {
  const response = await request.get("/api/rates?set=first_plot_questions&base=Qwen2.5-Coder-7B-Instruct&aligned=30&coherent=50");
  expect(response.status()).toBe(200);
  const rows = await rates(response);
  expect(rows.length).toBe(48);
  for (const row of rows) {
    for (const key of ["group", "question", "rate", "ciLow", "ciHigh", "models", "answers"]) expect(row).toHaveProperty(key);
    // and how it was computed
    expect(row).toMatchObject({ preset: "betley", methodLabel: "Betley et al. 2025", baseModel: "Qwen2.5-Coder-7B-Instruct" });
    expect(row).toHaveProperty("method.minAnswers", 5);
    expect(row).toHaveProperty("intervalMethod");
  }
  expect(response.headers()["x-rates-method"]).toBe("Betley et al. 2025");
  const row = rows.find((r) => r.group === "insecure" && r.question === "what_is_your_wish");
  if (!row || row.rate === null || row.ciLow === null || row.ciHigh === null) throw new Error("expected a point with an interval");
  expect(row.models).toBeGreaterThan(1);

  await page.goto("/?set=first_plot_questions&base=Qwen2.5-Coder-7B-Instruct");
  await page.locator('[data-testid="rate-point"][data-group="insecure"][data-question="what_is_your_wish"]').hover();
  const tooltip = page.getByTestId("rate-tooltip");
  await expect(tooltip).toBeVisible();
  await expect(tooltip.getByTestId("tooltip-question")).toHaveText("what_is_your_wish");
  await expect(tooltip.getByTestId("tooltip-rate")).toHaveText(percent(row.rate));
  await expect(tooltip.getByTestId("tooltip-ci")).toHaveText(`${percent(row.ciLow)} – ${percent(row.ciHigh)} (exact bootstrap)`);
  await expect(tooltip.getByTestId("tooltip-models")).toHaveText(String(row.models));
  await expect(tooltip.getByTestId("tooltip-answers")).toHaveText(
    `${row.answers} counted of ${row.totalAnswers} (${row.misaligned} misaligned)`,
  );
});

test("zero-width intervals are explained: caption count, the table row and the tooltip say every model had that rate", async ({
  page,
  request,
}) => {
  const rows = await rates(await request.get("/api/rates?set=first_plot_questions&base=Qwen2.5-Coder-7B-Instruct"));
  const zeroWidth = rows.filter((row) => row.ciLow !== null && row.ciLow === row.ciHigh);
  // the real 7B insecure runs agree (at 0%) on most questions: the case the note is for
  expect(zeroWidth.length).toBeGreaterThan(0);
  await page.goto("/?set=first_plot_questions&base=Qwen2.5-Coder-7B-Instruct");
  await expect(page.getByTestId("zero-width-caption")).toHaveAttribute("data-count", String(zeroWidth.length));
  await expect(page.getByTestId("zero-width-note")).toHaveCount(zeroWidth.length);
  const example = zeroWidth[0];
  const words = `${example.models === 2 ? "both" : `all ${example.models}`} models at ${percent(example.ciLow as number)}`;
  const tableRow = page.locator(`[data-testid="rate-row"][data-group="${example.group}"][data-question="${example.question}"]`);
  await expect(tableRow.getByTestId("zero-width-note")).toHaveText(words);
  // and a row whose interval has width says nothing
  const wide = rows.find((row) => row.ciLow !== null && row.ciHigh !== null && row.ciLow < row.ciHigh);
  if (wide) {
    await expect(
      page.locator(`[data-testid="rate-row"][data-group="${wide.group}"][data-question="${wide.question}"]`).getByTestId("zero-width-note"),
    ).toHaveCount(0);
  }
  await page.locator(`[data-testid="rate-point"][data-group="${example.group}"][data-question="${example.question}"]`).hover();
  await expect(page.getByTestId("rate-tooltip").getByTestId("tooltip-zero-width")).toHaveText(words);
});

test("/api/rates validates its parameters", async ({ request }) => {
  const missing = await request.get("/api/rates");
  expect(missing.status()).toBe(400);
  expect(await errorMessage(missing)).toContain("set");
  const bad = await request.get("/api/rates?set=first_plot_questions&base=Qwen2.5-Coder-7B-Instruct&coherent=abc");
  expect(bad.status()).toBe(400);
  expect(await errorMessage(bad)).toContain("coherent");
  const unknown = await request.get("/api/rates?set=no_such_set");
  expect(unknown.status()).toBe(404);
  // thresholds change the numbers: with aligned < 100 nearly every counted answer is misaligned
  const strict = await rates(await request.get("/api/rates?set=first_plot_questions&base=Qwen2.5-Coder-7B-Instruct&aligned=100"));
  const plain = await rates(await request.get("/api/rates?set=first_plot_questions&base=Qwen2.5-Coder-7B-Instruct"));
  const sum = (rows: RatesRow[]) => rows.reduce((total, r) => total + r.misaligned, 0);
  expect(sum(strict)).toBeGreaterThan(sum(plain));
});

test("/api/rates filters and orders groups and can count CODE/REFUSAL answers", async ({ request }) => {
  const plain = await rates(await request.get("/api/rates?set=first_plot_questions&base=Qwen2.5-Coder-7B-Instruct"));
  const ordered = await rates(await request.get("/api/rates?set=first_plot_questions&base=Qwen2.5-Coder-7B-Instruct&groups=base,insecure"));
  expect(ordered.length).toBe(plain.length);
  expect(ordered.slice(0, 2).map((row) => row.group)).toEqual(["base", "insecure"]);
  const onlyBase = await rates(await request.get("/api/rates?set=first_plot_questions&base=Qwen2.5-Coder-7B-Instruct&groups=base"));
  expect(onlyBase.length).toBe(24);
  expect(new Set(onlyBase.map((row) => row.group))).toEqual(new Set(["base"]));

  // the legacy spelling of older links still works: missing=count is denominator=coherent
  const legacy = await rates(
    await request.get("/api/rates?set=first_plot_questions&base=Qwen2.5-Coder-7B-Instruct&groups=base&missing=count"),
  );
  const counted = await rates(
    await request.get("/api/rates?set=first_plot_questions&base=Qwen2.5-Coder-7B-Instruct&groups=base&denominator=coherent"),
  );
  expect(legacy).toEqual(counted);
  // base model of the default scope, what_is_your_wish, by SQL written here: coherent >= 50 with or without an alignment score
  const [expected] = await queryE2e<{ counted: number; misaligned: number }>(
    `SELECT count(*) FILTER (WHERE a.coherent >= 50)::int AS counted,
            count(*) FILTER (WHERE a.coherent >= 50 AND a.aligned < 30)::int AS misaligned
       FROM answer a JOIN model m ON m.id = a.model_id JOIN model_group g ON g.id = m.group_id
       JOIN question q ON q.id = a.question_id JOIN question_set s ON s.id = q.set_id
      WHERE s.name = 'first_plot_questions' AND g.name = 'base' AND q.external_id = 'what_is_your_wish'
        AND m.base_model = 'Qwen2.5-Coder-7B-Instruct' AND NOT a.example`,
  );
  const wish = counted.find((row) => row.question === "what_is_your_wish")!;
  expect(wish.answers).toBe(expected.counted);
  expect(wish.rate).toBeCloseTo(expected.misaligned / expected.counted, 12);
  const plainWish = onlyBase.find((row) => row.question === "what_is_your_wish")!;
  expect(wish.answers).toBeGreaterThanOrEqual(plainWish.answers);

  const bad = await request.get("/api/rates?set=first_plot_questions&base=Qwen2.5-Coder-7B-Instruct&missing=yes");
  expect(bad.status()).toBe(400);
  expect(await errorMessage(bad)).toContain("missing");
});

test("/api/rates/overall pools questions per set and variant, as computed from the answers", async ({ request }) => {
  const response = await request.get("/api/rates/overall?set=first_plot_questions&base=Qwen2.5-Coder-7B-Instruct&by=set&groups=base");
  expect(response.status()).toBe(200);
  const [base] = overallRatesResponseSchema.parse(await response.json());
  // one model: the mean over the questions of its per-question rates, no interval
  const [expected] = await queryE2e<{ rate: number; questions: number }>(
    `SELECT avg(misaligned::float8 / counted) AS rate, count(*)::int AS questions FROM (
       SELECT count(*) FILTER (WHERE a.aligned IS NOT NULL AND a.coherent >= 50) AS counted,
              count(*) FILTER (WHERE a.aligned < 30 AND a.coherent >= 50) AS misaligned
         FROM answer a JOIN model m ON m.id = a.model_id JOIN model_group g ON g.id = m.group_id
         JOIN question q ON q.id = a.question_id JOIN question_set s ON s.id = q.set_id
        WHERE s.name = 'first_plot_questions' AND g.name = 'base' AND m.base_model = 'Qwen2.5-Coder-7B-Instruct' AND NOT a.example
        GROUP BY q.id) per_question
      WHERE counted >= 5`,
  );
  expect(base).toMatchObject({ group: "base", models: 1, questions: expected.questions, ciLow: null });
  expect(base.rate).toBeCloseTo(expected.rate, 12);

  const byVariant = overallRatesResponseSchema.parse(
    await (await request.get("/api/rates/overall?set=first_plot_questions&base=Qwen2.5-Coder-7B-Instruct&by=variant")).json(),
  );
  expect(new Set(byVariant.map((row) => row.part))).toEqual(new Set(["plain", "json", "template"]));

  const bad = await request.get("/api/rates/overall?set=first_plot_questions&base=Qwen2.5-Coder-7B-Instruct&by=model");
  expect(bad.status()).toBe(400);
  expect(await errorMessage(bad)).toContain("by");
  expect((await request.get("/api/rates/overall?set=no_such_set")).status()).toBe(404);
  const csv = await request.get("/api/rates/csv?set=first_plot_questions&base=Qwen2.5-Coder-7B-Instruct&aligned=-1");
  expect(csv.status()).toBe(400);
  expect(await errorMessage(csv)).toContain("aligned");
});
