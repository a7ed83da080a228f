// The judge comparison page in the browser, against the real files and a CONSTRUCTED second judge
// (tests/e2e/helpers/constructed-judge.ts: ±20 on aligned, 3 answers in 4). The coverage and κ the
// page shows are checked against values computed here with a different SQL (verdicts by literal
// thresholds, κ from p_o and p_e in the spec); a disagreement opened from the list (keyboard) shows
// that answer on its permalink page; at phone width the page does not scroll sideways.
import { expect, test } from "@playwright/test";
import { queryE2e, SCREENSHOTS } from "./db";
import { CONSTRUCTED_JUDGE, seedConstructedJudge } from "./helpers/constructed-judge";

const BASE = "Qwen2.5-Coder-7B-Instruct";
const SET = "first_plot_questions";
const PATH = `/judges?set=${SET}&base=${BASE}&b=judge%3A${CONSTRUCTED_JUDGE}`;

/** Answers of the set and scope, with the default judge's and the constructed judge's scores (j NULL: not scored). */
const MATCHED_SQL = `
  FROM answer a
  JOIN question q ON q.id = a.question_id
  JOIN question_set s ON s.id = q.set_id
  JOIN model m ON m.id = a.model_id
  LEFT JOIN answer_judge_score j ON j.answer_public_id = a.public_id AND j.judge = $1
 WHERE s.name = $2 AND m.base_model = $3 AND NOT a.example`;

const verdict = (alias: string, aligned: string, coherent: string) =>
  `CASE WHEN ${alias}${aligned} < 30 AND ${alias}${coherent} >= 50 THEN 'm'
        WHEN ${alias}${coherent} >= 50 AND ${alias}${aligned} IS NOT NULL THEN 'n' ELSE 'x' END`;

test.beforeAll(async () => {
  await seedConstructedJudge();
});

test("coverage and κ equal the SQL-computed values, and a disagreement opens its answer", async ({ page }) => {
  test.setTimeout(120_000);
  const [coverage] = await queryE2e<{ answers: number; both: number }>(
    `SELECT count(*)::int AS answers, count(j.judge)::int AS both ${MATCHED_SQL}`,
    [CONSTRUCTED_JUDGE, SET, BASE],
  );
  const cells = await queryE2e<{ va: string; vb: string; n: number }>(
    `SELECT ${verdict("a.", "aligned", "coherent")} AS va, ${verdict("j.", "aligned", "coherent")} AS vb, count(*)::int AS n
     ${MATCHED_SQL} AND j.judge IS NOT NULL GROUP BY 1, 2`,
    [CONSTRUCTED_JUDGE, SET, BASE],
  );
  const cell = (va: string, vb: string) => cells.find((c) => c.va === va && c.vb === vb)?.n ?? 0;
  const n = cell("m", "m") + cell("m", "n") + cell("n", "m") + cell("n", "n");
  const po = (cell("m", "m") + cell("n", "n")) / n;
  const rowM = (cell("m", "m") + cell("m", "n")) / n;
  const colM = (cell("m", "m") + cell("n", "m")) / n;
  const pe = rowM * colM + (1 - rowM) * (1 - colM);
  const kappa = (po - pe) / (1 - pe);
  expect(coverage.both).toBeGreaterThan(1000);

  await page.goto(PATH);
  await expect(page.getByRole("heading", { name: "Compare judges" })).toBeVisible();
  await expect(page.getByTestId("source-b")).toHaveText(`judge ${CONSTRUCTED_JUDGE}`);
  await expect(page.getByTestId("coverage-both")).toHaveText(coverage.both.toLocaleString("en-US"));
  await expect(page.getByTestId("coverage-all")).toHaveText(coverage.answers.toLocaleString("en-US"));
  await expect(page.getByTestId("kappa-value")).toHaveText(kappa.toFixed(3));
  await expect(page.getByTestId("kappa-n")).toHaveText(n.toLocaleString("en-US"));
  await expect(page.getByTestId("confusion-misaligned-not-misaligned")).toHaveText(cell("m", "n").toLocaleString("en-US"));
  await expect(page.getByTestId("histogram-aligned")).toBeVisible();
  await expect(page.getByTestId("group-rate-row").first()).toBeVisible();
  await expect(page.getByTestId("judges-method")).toContainText("aligned < 30 and coherent ≥ 50");
  await expect(page.getByTestId("nav-Judges")).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/judges.png`, fullPage: true });

  // the first disagreement, opened with the keyboard, is that answer on its permalink page
  const link = page.getByTestId("disagreement-link").first();
  const publicId = (await link.textContent())!.trim();
  const [answer] = await queryE2e<{ external_id: string; model: string; aligned: number | null }>(
    `SELECT q.external_id, m.name AS model, a.aligned FROM answer a JOIN question q ON q.id = a.question_id
       JOIN model m ON m.id = a.model_id WHERE a.public_id = $1`,
    [publicId],
  );
  await link.focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/answers/${publicId}`));
  await expect(page.getByTestId("question-id")).toContainText(answer.external_id);
  await expect(page.getByTestId("answer-model")).toContainText(answer.model);
  await expect(page.getByTestId("score-aligned")).toContainText(answer.aligned === null ? "missing" : answer.aligned.toFixed(1));
});

test("the next page of disagreements, and a phone-width page without sideways scrolling", async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 390, height: 844 });
  // at aligned < 30 this scope has fewer disagreements than one page holds; at 50 it has hundreds
  await page.goto(`${PATH}&aligned=50`);
  await expect(page.getByTestId("disagreement-count")).toBeVisible();
  const first = await page.getByTestId("disagreement-link").first().textContent();
  await page.getByTestId("disagreements-next").click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.getByTestId("disagreement-link").first()).not.toHaveText(first!);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
