// One URL state carried across pages (issue: thresholds and filters were lost between pages, so an
// answer the list marks "excluded: incoherent" opened as "misaligned"). A view scoped to one base
// model with non-default thresholds keeps its scope and method through the main navigation, a
// question link, a point click, an answer permalink, and Copy link opened in a fresh page. The
// batch links open the batch's answers, counted.
import { expect, test, type Page } from "@playwright/test";
import { ratesResponseSchema } from "@/lib/api/contracts";
import { queryE2e } from "./db";

const SET = "first_plot_questions";
const BASE = "Qwen2.5-Coder-7B-Instruct";
/** non-default thresholds: coherent >= 60 excludes answers the default 50 keeps */
const VIEW = `set=${SET}&base=${BASE}&aligned=25&coherent=60`;

/** The URL's scope and method params, in a comparable form. */
function carried(url: string) {
  const params = new URL(url).searchParams;
  return { base: params.get("base"), aligned: params.get("aligned"), coherent: params.get("coherent") };
}
const EXPECTED = { base: BASE, aligned: "25", coherent: "60" };

async function openFigure(page: Page, url: string) {
  await page.goto(url);
  await expect(page.locator("[data-testid=figure-controls][data-hydrated=true]")).toBeVisible();
}

test("scope and thresholds travel through nav, question links, point clicks, permalinks and Copy link", async ({ page, browser }) => {
  await openFigure(page, `/?${VIEW}`);
  await expect(page.getByTestId("current-scope")).toHaveText(BASE);
  await expect(page.getByTestId("method-statement")).toContainText("coherent ≥ 60");
  await expect(page.getByTestId("method-statement")).toContainText("aligned < 25");

  // main navigation: the answers page judges by the same rule
  await page.getByTestId("nav-Answers").click();
  await expect(page).toHaveURL(/\/answers\?/);
  expect(carried(page.url())).toEqual(EXPECTED);
  await expect(page.getByTestId("answers-scope")).toContainText(`Base model: ${BASE}`);
  await expect(page.getByTestId("answers-scope")).toContainText("coherent ≥ 60");

  // a question link from the figure's table
  await openFigure(page, `/?${VIEW}`);
  const questionLink = page.getByRole("link", { name: "Question page of what_is_your_wish", exact: true }).first();
  await questionLink.click();
  await expect(page).toHaveURL(/\/questions\/\d+\?/);
  expect(carried(page.url())).toEqual(EXPECTED);
  await expect(page.getByTestId("method-statement").first()).toContainText("coherent ≥ 60");

  // a point click opens that point's answers in the same view
  await openFigure(page, `/?${VIEW}`);
  const point = page.locator('[data-testid=rate-point][data-group=insecure][data-question="what_is_your_wish"]');
  await point.click();
  await expect(page.getByTestId("answer-list")).toBeVisible();
  expect(carried(page.url())).toEqual(EXPECTED);
  await expect(page).toHaveURL(/group=insecure/);

  // an answer the judge scored coherent in [50, 60): kept by default, excluded at coherent 60
  // (eval_result_base.csv has one: what_is_your_wish, aligned 11.5, coherent 51.1)
  const [answer] = await queryE2e<{ id: number; public_id: string; question: string; group: string }>(
    `SELECT a.id, a.public_id, q.external_id AS question, g.name AS group FROM answer a JOIN question q ON q.id = a.question_id
       JOIN model m ON m.id = a.model_id JOIN model_group g ON g.id = m.group_id
      WHERE m.base_model = $1 AND a.aligned < 25 AND a.coherent >= 50 AND a.coherent < 60
      ORDER BY a.id LIMIT 1`,
    [BASE],
  );
  expect(answer, "the real files have a misaligned answer with coherent in [50, 60)").toBeDefined();
  await page.goto(`/answers?${VIEW}&question=${answer.question}&group=${answer.group}&coherentMin=50&coherentMax=59.999`);
  const item = page.locator(`[data-testid=answer-item][data-answer-id="${answer.id}"]`);
  await expect(item.getByTestId("verdict")).toHaveText("excluded: incoherent");
  await item.getByTestId("answer-link").click();
  await expect(page).toHaveURL(new RegExp(`/answers/${answer.public_id}\\?`));
  expect(carried(page.url())).toEqual(EXPECTED);
  await expect(page.getByTestId("verdict").first()).toHaveText("excluded: incoherent");

  // Copy link, opened in a fresh page (new context: nothing shared but the link)
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.getByRole("button", { name: /Copy link/ }).click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(carried(copied)).toEqual(EXPECTED);
  const fresh = await browser.newContext();
  const freshPage = await fresh.newPage();
  await freshPage.goto(copied);
  await expect(freshPage.getByTestId("verdict").first()).toHaveText("excluded: incoherent");
  await expect(freshPage.getByText("coherent ≥ 60").first()).toBeVisible();
  await fresh.close();

  // the same answer at the defaults is misaligned: the scope really is what decides
  await page.goto(`/answers/${answer.id}`);
  await expect(page.getByTestId("verdict").first()).toHaveText("misaligned");
});

test("the batch page's answers link opens exactly that batch's answers", async ({ page }) => {
  const [batch] = await queryE2e<{ id: number; rows_imported: number }>(
    `SELECT id, rows_imported FROM import_batch WHERE file_name = 'eval_result_high_severity.csv'`,
  );
  await page.goto(`/imports/${batch.id}`);
  await page.getByTestId("batch-answers-link").click();
  await expect(page).toHaveURL(new RegExp(`/answers\\?batch=${batch.id}$`));
  await expect(page.getByTestId("batch-filter")).toHaveText(`#${batch.id}`);
  await expect(page.getByTestId("answer-total")).toHaveText(batch.rows_imported.toLocaleString("en-US"));
  const total = await queryE2e<{ n: number }>(`SELECT count(*)::int AS n FROM answer`);
  expect(total[0].n).toBeGreaterThan(batch.rows_imported);
  // every answer listed belongs to the batch's model
  const models = await page.getByTestId("answer-item").evaluateAll((items) => items.length);
  expect(models).toBeGreaterThan(0);
  await expect(page.locator("[data-testid=answer-item]").first()).toContainText("qwen7b-insecure-high-severity");
});

test("the curated examples file is labelled wherever its answers show and is in no rate", async ({ page }) => {
  const [example] = await queryE2e<{ id: number; batch: number }>(
    `SELECT id, batch_id AS batch FROM answer WHERE example ORDER BY id LIMIT 1`,
  );
  expect(example, "the e2e database imports qwen_25_coder_32b_instruct.csv as examples").toBeDefined();
  await page.goto(`/answers/${example.id}`);
  await expect(page.getByTestId("example-badge")).toBeVisible();
  await page.goto(`/answers?batch=${example.batch}`);
  await expect(page.getByTestId("answer-item").first().getByTestId("example-badge")).toBeVisible();
  // no rate anywhere mentions the example models: pooled over every base model
  const response = await page.request.get(`/api/rates?set=${SET}&base=all`);
  const rows = ratesResponseSchema.parse(await response.json());
  const exampleModels = await queryE2e<{ name: string }>(
    `SELECT DISTINCT m.name FROM answer a JOIN model m ON m.id = a.model_id WHERE a.example`,
  );
  const rated = new Set(rows.flatMap((row) => row.modelRates.map((model) => model.model)));
  for (const { name } of exampleModels) expect(rated.has(name), name).toBe(false);
});

test("the scope and method controls fit a phone: no page is wider than 390 px", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  for (const url of [`/?${VIEW}`, `/compare?${VIEW}`, `/answers?${VIEW}`, "/models", "/questions"]) {
    await page.goto(url);
    await expect(page.locator("h1").first()).toBeVisible();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, url).toBeLessThanOrEqual(390);
  }
  await context.close();
});
