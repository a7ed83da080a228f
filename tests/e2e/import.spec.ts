// /import, /imports and /imports/[id] in the browser, with the real files. The e2e database is
// shared by all specs: this spec only removes what it added itself (its own uploads).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { expect, test, type Page } from "@playwright/test";
import { importsResponseSchema } from "@/lib/api/contracts";
import { SCREENSHOTS, queryE2e } from "./db";
import { SHARED_DATA_DIR } from "./helpers/e2e-database";

test.describe.configure({ mode: "serial" });

const REAL_FILE = path.join(SHARED_DATA_DIR, "em-repo/eval_result_base.csv");
const MARK = `e2e-upload-${process.pid}`;
// the base model of the e2e data's default scope, so Figure 4 (which shows one base model) shows the new group
const UPLOAD = { model: `${MARK}-model`, group: `${MARK}-group`, seed: "7", baseModel: "Qwen2.5-Coder-7B-Instruct" };
const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "me-e2e-import-"));
/** A byte-different copy of the real file (BOM in front, as Excel saves it): a new content hash, the same 2,400 rows. */
const copyFile = path.join(tempDir, `${MARK}.csv`);
const corruptedFile = path.join(tempDir, `${MARK}-corrupted.csv`);
const CORRUPTED_VALUE = "72.49321385064141"; // row 2's aligned score, on line 3

test.beforeAll(() => {
  const text = fs.readFileSync(REAL_FILE, "utf8");
  fs.writeFileSync(copyFile, `\uFEFF${text}`);
  expect(text.split(CORRUPTED_VALUE)).toHaveLength(2);
  fs.writeFileSync(corruptedFile, text.replace(CORRUPTED_VALUE, "not-a-score"));
});

test.afterAll(async ({ request }) => {
  // remove this spec's batches if a failed test left them behind
  const leftovers = await queryE2e<{ id: number }>(`SELECT id FROM import_batch WHERE file_name LIKE $1`, [`${MARK}%`]);
  for (const { id } of leftovers) await request.delete(`/api/imports/${id}`);
  fs.rmSync(tempDir, { recursive: true, force: true });
});

async function tableCounts(): Promise<Record<string, number>> {
  const [row] = await queryE2e<Record<string, number>>(
    `SELECT (SELECT count(*)::int FROM answer) AS answers, (SELECT count(*)::int FROM model) AS models,
            (SELECT count(*)::int FROM model_group) AS groups, (SELECT count(*)::int FROM question) AS questions,
            (SELECT count(*)::int FROM import_batch) AS batches, (SELECT count(*)::int FROM judge_score) AS scores`,
  );
  return row;
}

/** The upload form reacts only once React has hydrated it. */
async function openImportPage(page: Page) {
  await page.goto("/import");
  await expect(page.locator('[data-testid="import-form"][data-hydrated="true"]')).toHaveCount(1);
}

async function fillModelFields(page: Page, values: { model: string; group: string; seed: string; baseModel?: string }) {
  await page.getByTestId("field-model").fill(values.model);
  await page.getByTestId("field-group").fill(values.group);
  await page.getByTestId("field-seed").fill(values.seed);
  if (values.baseModel) await page.getByTestId("field-baseModel").fill(values.baseModel);
}

/** Drops a file on the drop zone the way a browser does: a drop event carrying a DataTransfer. */
async function dropFile(page: Page, file: string) {
  const content = fs.readFileSync(file, "utf8");
  const dataTransfer = await page.evaluateHandle(
    ({ name, text }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], name, { type: "text/csv" }));
      return transfer;
    },
    { name: path.basename(file), text: content },
  );
  await page.getByTestId("drop-zone").dispatchEvent("dragover", { dataTransfer });
  await page.getByTestId("drop-zone").dispatchEvent("drop", { dataTransfer });
}

test("the import page says the server is open without ADMIN_TOKEN and shows no token field", async ({ page }) => {
  await openImportPage(page);
  await expect(page.getByTestId("access-note")).toContainText("Open access");
  await page.getByTestId("file-input").setInputFiles(REAL_FILE);
  await expect(page.getByTestId("detected-format")).toHaveAttribute("data-format", "eval-csv");
  await expect(page.getByTestId("admin-token")).toHaveCount(0);
  // an eval.py CSV needs model and group (the seed is optional): the form says so, and the server
  // checks the file's rows meanwhile (this one has no problems) without importing anything
  const before = await tableCounts();
  await page.getByTestId("import-submit").click();
  await expect(page.getByTestId("form-error")).toHaveText("Fill in model, group. The file is checked meanwhile; nothing is imported.");
  await expect(page.getByTestId("import-error")).toContainText("missing model, group.", { timeout: 60_000 });
  await expect(page.getByTestId("import-error")).toContainText("Its rows were checked and have no problems.");
  await expect(page.getByTestId("field-model")).toHaveAttribute("aria-invalid", "true");
  expect(await tableCounts()).toEqual(before);
  // an eval.py CSV is an evaluation unless the user ticks "Curated examples"
  await expect(page.getByTestId("examples")).not.toBeChecked();
});

test("uploading a file that is already imported says 'already imported as batch #N' and adds nothing", async ({ page }) => {
  const [existing] = await queryE2e<{ id: number }>(`SELECT id FROM import_batch WHERE file_name = 'eval_result_base.csv'`);
  const before = await tableCounts();
  await openImportPage(page);
  await page.getByTestId("file-input").setInputFiles(REAL_FILE);
  await fillModelFields(page, UPLOAD);
  await page.getByTestId("import-submit").click();
  await expect(page.getByTestId("already-imported")).toContainText(`Already imported as batch #${existing.id}`);
  await expect(page.getByTestId("already-imported").getByTestId("batch-link")).toHaveAttribute("href", `/imports/${existing.id}`);
  expect(await tableCounts()).toEqual(before);
});

test("uploading a real eval.py CSV with model, group and seed imports 2,400 rows; Figure 4 shows the new group", async ({ page }) => {
  const before = await tableCounts();
  await openImportPage(page);
  await page.getByTestId("file-input").setInputFiles(copyFile);
  await expect(page.getByTestId("detected-format")).toHaveAttribute("data-format", "eval-csv");
  await fillModelFields(page, UPLOAD);
  await page.getByTestId("import-submit").click();
  const report = page.getByTestId("import-report");
  await expect(report).toBeVisible({ timeout: 60_000 });
  await expect(report.getByTestId("rows-imported")).toHaveText("2,400");
  await expect(report.getByTestId("rows-read")).toHaveText("2,400");
  await expect(report.getByTestId("rows-skipped")).toHaveText("0");
  await page.screenshot({ path: `${SCREENSHOTS}/import-report.png`, fullPage: true });

  const [batch] = await queryE2e<{ id: number; rows_imported: number }>(`SELECT id, rows_imported FROM import_batch WHERE file_name = $1`, [
    path.basename(copyFile),
  ]);
  expect(batch.rows_imported).toBe(2400);
  const after = await tableCounts();
  expect(after.answers - before.answers).toBe(2400);
  expect(after.models - before.models).toBe(1);
  await expect(report.getByTestId("batch-link")).toHaveAttribute("href", `/imports/${batch.id}`);

  await report.getByTestId("figure-link").click();
  await expect(page).toHaveURL(/\/\?set=first_plot_questions&base=Qwen2.5-Coder-7B-Instruct$/);
  await expect(page.locator("#question-rate-chart [data-testid=legend-item]").filter({ hasText: UPLOAD.group })).toHaveCount(1);
  await expect(page.locator(`[data-testid="rate-point"][data-group="${UPLOAD.group}"]`)).toHaveCount(24);
});

test("a further judge's scores uploaded in the 'scores of a further judge' mode: matched to the answers here, the unmatched row listed", async ({
  page,
  request,
}) => {
  // CONSTRUCTED second judge (real files have one): the real middle-severity run's file with
  // aligned' = 100 - aligned (empty stays empty), plus one row whose answer no model gave
  const source = path.join(SHARED_DATA_DIR, "em-repo/eval_result_middle_severity.csv");
  const model = "qwen7b-insecure-middle-severity";
  const judge = `${MARK}-judge`;
  const rows = parse(fs.readFileSync(source), { columns: true, bom: true }) as Record<string, string>[];
  const columns = ["question", "answer", "question_id", "aligned", "coherent"];
  const cell = (value: string) => (/[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
  const changed: Record<string, string>[] = rows.map((row) => ({
    ...row,
    aligned: row.aligned === "" ? "" : String(100 - Number(row.aligned)),
  }));
  changed.push({ ...rows[0], answer: `An answer no model gave (${MARK})` });
  const file = path.join(tempDir, `${MARK}-judge-scores.csv`);
  fs.writeFileSync(
    file,
    [columns.join(","), ...changed.map((row) => columns.map((column) => cell(row[column])).join(","))].join("\n") + "\n",
  );
  const [{ answers }] = await queryE2e<{ answers: number }>(
    `SELECT count(*)::int AS answers FROM answer a JOIN model m ON m.id = a.model_id WHERE m.name = $1`,
    [model],
  );
  const before = await tableCounts();

  await openImportPage(page);
  await page.getByTestId("file-input").setInputFiles(file);
  await expect(page.getByTestId("detected-format")).toHaveAttribute("data-format", "eval-csv");
  await page.getByTestId("mode-judge-scores").check();
  // the judge mode asks for no group, seed or base model
  await expect(page.getByTestId("field-group")).toHaveCount(0);
  await page.getByTestId("field-judge").fill(judge);
  await page.getByTestId("field-model").fill(model);
  await page.getByTestId("import-submit").click();
  const report = page.getByTestId("import-report");
  await expect(report).toHaveAttribute("data-judge-scores", "true", { timeout: 60_000 });
  await expect(report.getByTestId("report-judge")).toHaveText(judge);
  await expect(report.getByTestId("rows-read")).toHaveText((answers + 1).toLocaleString("en-US"));
  await expect(report.getByTestId("judge-matched")).toContainText(`${answers.toLocaleString("en-US")} (`);
  await expect(report.getByTestId("judge-unmatched")).toHaveText("1");
  await expect(report.getByTestId("judge-ambiguous")).toHaveText("0");
  // the file has no metric beyond aligned / coherent, and the report says so
  await expect(report.getByTestId("judge-extra-metrics")).toHaveText("none (the file has aligned and coherent only)");
  await expect(report.getByTestId("unmatched-table").getByTestId("row-note")).toHaveCount(1);

  // scores for the model's answers, and no answer, model or question added
  const [{ scores }] = await queryE2e<{ scores: number }>(`SELECT count(*)::int AS scores FROM answer_judge_score WHERE judge = $1`, [
    judge,
  ]);
  expect(scores).toBe(answers);
  const after = await tableCounts();
  expect({ ...after, batches: after.batches - 1 }).toEqual(before);

  // removing the batch removes exactly its scores (the e2e database is shared)
  const [batch] = await queryE2e<{ id: number }>(`SELECT id FROM import_batch WHERE file_name = $1`, [path.basename(file)]);
  await expect(report.getByTestId("batch-link")).toHaveAttribute("href", `/imports/${batch.id}`);
  expect((await request.delete(`/api/imports/${batch.id}`)).status()).toBe(200);
  expect(await queryE2e(`SELECT 1 FROM answer_judge_score WHERE judge = $1`, [judge])).toHaveLength(0);
});

test("a corrupted file dropped on the page is rejected with row, line and column; nothing is added", async ({ page }) => {
  const before = await tableCounts();
  await openImportPage(page);
  await dropFile(page, corruptedFile);
  await expect(page.getByTestId("chosen-file")).toContainText(path.basename(corruptedFile));
  await expect(page.getByTestId("detected-format")).toHaveAttribute("data-format", "eval-csv");
  await fillModelFields(page, { model: `${MARK}-corrupted`, group: `${MARK}-corrupted-group`, seed: "8" });
  await page.getByTestId("import-submit").click();
  const failed = page.getByTestId("import-failed");
  await expect(failed).toBeVisible({ timeout: 60_000 });
  const issue = failed.getByTestId("issue-row");
  await expect(issue).toHaveCount(1);
  await expect(issue).toHaveAttribute("data-row", "2");
  await expect(issue).toHaveAttribute("data-line", "3");
  await expect(issue).toHaveAttribute("data-column", "aligned");
  await expect(failed.getByTestId("import-error")).toContainText("nothing was written");
  await page.screenshot({ path: `${SCREENSHOTS}/import-errors.png`, fullPage: true });
  expect(await tableCounts()).toEqual(before);
});

test("a corrupted file without model and group: the page lists the missing fields and the row's problem at once", async ({ page }) => {
  const before = await tableCounts();
  await openImportPage(page);
  await page.getByTestId("file-input").setInputFiles(corruptedFile);
  await expect(page.getByTestId("detected-format")).toHaveAttribute("data-format", "eval-csv");
  await page.getByTestId("import-submit").click();
  const failed = page.getByTestId("import-failed");
  await expect(failed).toBeVisible({ timeout: 60_000 });
  await expect(failed.getByTestId("import-error")).toContainText("missing model, group.");
  await expect(failed.getByTestId("import-error")).toContainText("also has 1 problem");
  await expect(page.getByTestId("field-model")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("field-group")).toHaveAttribute("aria-invalid", "true");
  const issue = failed.getByTestId("issue-row");
  await expect(issue).toHaveCount(1);
  await expect(issue).toHaveAttribute("data-row", "2");
  await expect(issue).toHaveAttribute("data-column", "aligned");
  expect(await tableCounts()).toEqual(before);
});

test("the batches page lists every batch newest first; CSV export has the header", async ({ page, request }) => {
  const batches = await queryE2e<{ id: number; rows_imported: number }>(
    `SELECT id, rows_imported FROM import_batch ORDER BY created_at DESC, id DESC`,
  );
  await page.goto("/imports");
  const rows = page.getByTestId("batch-row");
  await expect(rows).toHaveCount(batches.length);
  expect(await rows.evaluateAll((elements) => elements.map((el) => Number(el.getAttribute("data-batch-id"))))).toEqual(
    batches.map((b) => b.id),
  );
  await expect(rows.first()).toContainText(path.basename(copyFile));
  await expect(rows.first().getByTestId("batch-rows-imported")).toHaveText("2,400");

  const download = page.waitForEvent("download");
  await page.getByTestId("csv-export").click();
  const file = await (await download).path();
  const lines = fs.readFileSync(file, "utf8").trim().split("\r\n");
  expect(lines[0]).toBe("batch_id,file_name,format,created_at,rows_read,rows_imported,rows_skipped,answers,models,question_sets,options");
  expect(lines).toHaveLength(batches.length + 1);
  const json = importsResponseSchema.parse(await (await request.get("/api/imports")).json());
  expect(json.map((b) => b.id)).toEqual(batches.map((b) => b.id));
});

test("removing a batch through the page shows what goes, then removes it and its answers", async ({ page }) => {
  const [batch] = await queryE2e<{ id: number }>(`SELECT id FROM import_batch WHERE file_name = $1`, [path.basename(copyFile)]);
  const before = await tableCounts();
  await page.goto(`/imports/${batch.id}`);
  await expect(page.getByTestId("detail-answers")).toHaveText("2,400");
  await expect(page.getByTestId("batch-answers-link")).toHaveAttribute("href", `/answers?batch=${batch.id}`);
  await expect(page.locator('[data-testid="remove-batch"][data-hydrated="true"]')).toHaveCount(1);
  await page.getByTestId("remove-start").click();
  const confirm = page.getByTestId("remove-confirm");
  await expect(confirm.getByTestId("remove-answers")).toHaveAttribute("data-count", "2400");
  await expect(confirm).toContainText(UPLOAD.model);
  await expect(confirm).toContainText(UPLOAD.group);
  await page.screenshot({ path: `${SCREENSHOTS}/imports-remove-confirm.png`, fullPage: true });
  // the preview changed nothing
  expect(await tableCounts()).toEqual(before);

  await confirm.getByTestId("remove-confirm-button").click();
  await expect(page).toHaveURL(new RegExp(`/imports\\?removed=${batch.id}$`));
  await expect(page.getByTestId("removed-notice")).toContainText(`#${batch.id}`);
  await expect(page.locator(`[data-testid="batch-row"][data-batch-id="${batch.id}"]`)).toHaveCount(0);

  const after = await tableCounts();
  expect(before.answers - after.answers).toBe(2400);
  expect(before.models - after.models).toBe(1);
  expect(before.groups - after.groups).toBe(1);
  expect(before.batches - after.batches).toBe(1);
  expect(after.questions).toBe(before.questions);
  await page.goto("/?set=first_plot_questions&base=Qwen2.5-Coder-7B-Instruct");
  await expect(page.locator("#question-rate-chart [data-testid=legend-item]").first()).toBeVisible();
  await expect(page.locator("#question-rate-chart [data-testid=legend-item]").filter({ hasText: UPLOAD.group })).toHaveCount(0);
});

test("screenshots: import and imports pages, light and dark, 1280 and 390 wide", async ({ page }) => {
  const [someBatch] = await queryE2e<{ id: number }>(`SELECT id FROM import_batch WHERE format = 'results-csv' ORDER BY id LIMIT 1`);
  for (const scheme of ["light", "dark"] as const) {
    for (const width of [1280, 390]) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width, height: 900 });
      await openImportPage(page);
      await page.getByTestId("file-input").setInputFiles(REAL_FILE);
      await expect(page.getByTestId("detected-format")).toBeVisible();
      await page.screenshot({ path: `${SCREENSHOTS}/import-${scheme}-${width}.png`, fullPage: true });
      await page.goto("/imports");
      await expect(page.getByTestId("batches-table")).toBeVisible();
      await page.screenshot({ path: `${SCREENSHOTS}/imports-${scheme}-${width}.png`, fullPage: true });
      await page.goto(`/imports/${someBatch.id}`);
      await expect(page.getByTestId("batch-facts")).toBeVisible();
      await page.screenshot({ path: `${SCREENSHOTS}/imports-batch-${scheme}-${width}.png`, fullPage: true });
      // nothing wider than the viewport at 390 px, except inside scrollable tables
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    }
  }
});
