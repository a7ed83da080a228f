// The sweep view in Chromium against the real LoRA-rank files of Qwen2.5-14B-Instruct bad medical
// advice (imported with attributes by tests/e2e/serve.ts): the table and the chart show the API's
// four points, each "one model: no interval"; the base model (no lora_rank) is counted in a note;
// a point opens its model's answers, and the answers page lists exactly that model's answers
// (its count from SQL here); the CSV download next to the table holds the API's points.
// Screenshots at 390 px and in dark mode.
import fs from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { parse as parseCsv } from "csv-parse/sync";
import { sweepResponseSchema } from "@/lib/api/contracts";
import { SWEEP_CSV_HEADER } from "@/lib/export/sweep-csv";
import { formatPercent } from "@/lib/format";
import { SCREENSHOTS, queryE2e } from "./db";
import { e2eReviewer } from "./helpers/reviewer";
import { shiftText } from "@/lib/domain/score-source";
import { defaultJudgeLabel } from "@/lib/domain/judges";

const BASE = "Qwen2.5-14B-Instruct";
const VIEW = `/sweep?set=first_plot_questions&x=lora_rank&base=${BASE}`;

test("the LoRA-rank sweep of Qwen2.5-14B bad medical advice shows 4 points whose values equal the API's; clicking a point lists that model's answers", async ({
  page,
}) => {
  const api = await page.request.get(VIEW.replace("/sweep", "/api/sweep"));
  expect(api.status()).toBe(200);
  const sweep = sweepResponseSchema.parse(await api.json());
  expect(sweep.lines.map((line) => line.key)).toEqual(["bad-medical-advice"]);
  const points = sweep.lines[0].points;
  expect(points.map((point) => point.x)).toEqual([1, 4, 8, 16]);

  await page.goto(VIEW);
  const rows = page.getByTestId("sweep-row");
  await expect(rows).toHaveCount(4);
  for (const [index, point] of points.entries()) {
    const row = rows.nth(index);
    await expect(row).toHaveAttribute("data-x", String(point.x));
    await expect(row).toHaveAttribute("data-value", String(point.value));
    await expect(row.getByTestId("sweep-value")).toHaveText(formatPercent(point.value));
    await expect(row.getByTestId("sweep-interval")).toHaveText("one model: no interval");
    await expect(row.getByTestId("sweep-model-link")).toHaveText(point.models[0].model);
  }
  // the base model has no lora_rank: left out and counted
  await expect(page.getByTestId("models-without-x")).toContainText(`1 model has no lora_rank: left out (${BASE})`);

  // the chart draws the same four points
  const dots = page.getByTestId("sweep-point");
  await expect(dots).toHaveCount(4);
  for (const point of points) {
    await expect(page.locator(`[data-testid="sweep-point"][data-x="${point.x}"]`)).toHaveAttribute("data-value", String(point.value));
  }

  await expect(page.getByTestId("sweep-bars")).toHaveText("no bars: every point is one model");

  // the log-x option: the URL says it, the axis is drawn and labelled logarithmic, the points stay
  await page.getByTestId("logx").check();
  await expect(page).toHaveURL(/logx=1/);
  await expect(page.locator("#sweep-chart .recharts-surface")).toContainText("LoRA rank (log scale)");
  await expect(dots).toHaveCount(4);
  // on a log axis rank 1→4 and 4→16 are the same distance (two doublings each)
  const xs = await Promise.all(
    [1, 4, 16].map(async (x) => Number(await page.locator(`[data-testid="sweep-point"][data-x="${x}"]`).getAttribute("cx"))),
  );
  expect(Math.abs(xs[1] - xs[0] - (xs[2] - xs[1]))).toBeLessThan(1);

  // clicking the rank-4 point opens that model's answers
  const rank4 = points[1].models[0].model;
  const [{ count }] = await queryE2e<{ count: number }>(
    `SELECT count(*)::int AS count FROM answer a JOIN model m ON m.id = a.model_id JOIN question q ON q.id = a.question_id
       JOIN question_set s ON s.id = q.set_id WHERE m.name = $1 AND s.name = 'first_plot_questions'`,
    [rank4],
  );
  expect(count).toBe(1200); // 24 questions × 50 samples (MANIFEST.md)
  await page.locator('[data-testid="sweep-point"][data-x="4"]').click();
  await expect(page).toHaveURL(/\/answers\?/);
  expect(new URL(page.url()).searchParams.get("model")).toBe(rank4);
  await expect(page.getByTestId("filter-model")).toHaveValue(rank4);
  await expect(page.getByTestId("answer-total")).toHaveText(count.toLocaleString("en-US"));
  const items = page.getByTestId("answer-item");
  await expect(items.first()).toBeVisible();
  for (const text of await items.allInnerTexts()) expect(text).toContain(rank4);
});

test("the CSV download next to the table holds the API's points with the method, for the view shown", async ({ page }) => {
  for (const y of ["misaligned", "coherence"] as const) {
    const view = y === "misaligned" ? VIEW : `${VIEW}&y=${y}`;
    const api = sweepResponseSchema.parse(await (await page.request.get(view.replace("/sweep", "/api/sweep"))).json());
    await page.goto(view);
    const downloadPromise = page.waitForEvent("download");
    await page.getByTestId("csv-export").click();
    const download = await downloadPromise;
    expect(download.suggestedFilename()).toBe(
      `sweep_first_plot_questions_lora_rank_${y}_by-group_betley_base-${BASE}_a30_c50_min5_bootstrap.csv`,
    );
    const text = fs.readFileSync((await download.path()) as string, "utf8");
    expect(text.split("\r\n")[0]).toBe(SWEEP_CSV_HEADER);
    const rows = parseCsv(text, { columns: true }) as Record<string, string>[];
    const points = api.lines[0].points;
    expect(rows.map((row) => [row.line, row.x, row.value, row.models, row.model_names, row.interval])).toEqual(
      points.map((point) => ["bad-medical-advice", String(point.x), String(point.value), "1", point.models[0].model, "none (one model)"]),
    );
    for (const row of rows) {
      expect(row).toMatchObject({ y, x_attribute: "lora_rank", by: "group", preset: "betley", method: api.methodLabel, base_model: BASE });
    }
  }
});

test("the sweep reads at 390 px and in dark mode", async ({ browser }) => {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await phone.goto(VIEW);
  await expect(phone.getByTestId("sweep-point")).toHaveCount(4);
  // nothing wider than the screen but the table's own scroller
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await phone.screenshot({ path: `${SCREENSHOTS}/sweep-390.png`, fullPage: true });
  await phone.close();

  const dark = await browser.newPage({ colorScheme: "dark", viewport: { width: 1280, height: 900 } });
  await dark.goto(VIEW);
  await expect(dark.getByTestId("sweep-point")).toHaveCount(4);
  await dark.screenshot({ path: `${SCREENSHOTS}/sweep-dark.png`, fullPage: true });
  await dark.close();
});

test("the sweep has no WCAG 2.2 AA violation, light and dark", async ({ browser }) => {
  for (const colorScheme of ["light", "dark"] as const) {
    const context = await browser.newContext({ colorScheme });
    const page = await context.newPage();
    await page.goto(VIEW);
    await expect(page.getByTestId("sweep-point")).toHaveCount(4);
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
    const summary = results.violations.map(
      (violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((n) => n.target.join(" ")).join(" | ")})`,
    );
    expect(summary, `${colorScheme}: ${summary.join("\n")}`).toEqual([]);
    await context.close();
  }
});

test("corrected by reviewers: a label moves its point, and the table says the default judge's value and the shift", async ({ page }) => {
  const reviewer = e2eReviewer();
  const plain = sweepResponseSchema.parse(await (await page.request.get(VIEW.replace("/sweep", "/api/sweep"))).json());
  const rank4 = plain.lines[0].points.find((point) => point.x === 4)!;
  // a kept, not misaligned answer of the rank-4 model without a label: labelled misaligned
  const [answer] = await queryE2e<{ public_id: string }>(
    `SELECT a.public_id FROM answer a JOIN model m ON m.id = a.model_id JOIN question q ON q.id = a.question_id
       JOIN question_set s ON s.id = q.set_id
      WHERE m.name = $1 AND s.name = 'first_plot_questions' AND a.aligned >= 30 AND a.coherent >= 50
        AND NOT EXISTS (SELECT 1 FROM answer_label l WHERE l.answer_public_id = a.public_id)
      ORDER BY a.id LIMIT 1`,
    [rank4.models[0].model],
  );
  const posted = await page.request.post(`/api/answers/${answer.public_id}/labels`, {
    headers: { Authorization: `Bearer ${reviewer.token}` },
    data: { label: "misaligned", reason: "e2e: the sweep's shift" },
  });
  expect(posted.status()).toBe(201);

  const correctedView = `${VIEW}&corrected=1`;
  const corrected = sweepResponseSchema.parse(await (await page.request.get(correctedView.replace("/sweep", "/api/sweep"))).json());
  const correctedRank4 = corrected.lines[0].points.find((point) => point.x === 4)!;
  const baseline = plain.lines[0].points.find((point) => point.x === 4)!;
  expect(correctedRank4.value).toBeGreaterThan(baseline.value);
  const [judges] = await queryE2e<{ models: (string | null)[] }>(
    `SELECT array_agg(DISTINCT q.judge_model) AS models FROM question q JOIN question_set s ON s.id = q.set_id WHERE s.name = 'first_plot_questions'`,
  );

  await page.goto(correctedView);
  const row = page.locator('[data-testid="sweep-row"][data-x="4"]');
  await expect(row).toHaveAttribute("data-value", String(correctedRank4.value));
  await expect(row.getByTestId("sweep-shift")).toHaveText(
    `(${shiftText(correctedRank4.value, baseline.value, defaultJudgeLabel(judges.models))})`,
  );
  // the default source shows no shift
  await page.goto(VIEW);
  await expect(page.getByTestId("sweep-shift")).toHaveCount(0);
});
