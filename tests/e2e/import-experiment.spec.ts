// The import page's experiment form in the browser: several real files (byte-different copies of
// clarifying-em runs, so they are new content) with a manifest, or described in the table, imported
// in one request; the report's batch links lead to the batches; a broken file writes nothing. The
// e2e database is shared by all specs: this spec removes what it added.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { SCREENSHOTS, queryE2e } from "./db";
import { SHARED_DATA_DIR } from "./helpers/e2e-database";

test.describe.configure({ mode: "serial" });

const MARK = `e2e-experiment-${process.pid}`;
const RANK_DIR = path.join(SHARED_DATA_DIR, "clarifying-em/med_rank_14B");
const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "me-e2e-experiment-"));
/** BOM-prefixed copies (new content hashes, the same 1,200 rows each) named like the real files, with this run's mark. */
const copies = [1, 4].map((rank) => path.join(tempDir, `${MARK}_R${rank}.csv`));
const manifestFile = path.join(tempDir, `${MARK}.yaml`);
const brokenFile = path.join(tempDir, `${MARK}_R9.csv`);

test.beforeAll(() => {
  [1, 4].forEach((rank, i) => {
    fs.writeFileSync(
      copies[i],
      `\uFEFF${fs.readFileSync(path.join(RANK_DIR, `responses_Qwen2.5-14B-Instruct_bad_medical_advice_R${rank}.csv`), "utf8")}`,
    );
  });
  fs.writeFileSync(
    manifestFile,
    `name: ${MARK}
defaults: { set: first_plot_questions }
files:
  - pattern: "${MARK}_R{lora_rank}.csv"
    model: "${MARK}-R{lora_rank}"
    group: ${MARK}-group
    base_model: ${MARK}-base
    attributes: { size_b: 14 }
`,
  );
  fs.writeFileSync(brokenFile, "question,answer,question_id,aligned,coherent\nHi?,Hello,what_is_your_wish,150,90\n");
});

test.afterAll(async ({ request }) => {
  const leftovers = await queryE2e<{ id: number }>(`SELECT id FROM import_batch WHERE file_name LIKE $1`, [`${MARK}%`]);
  for (const { id } of leftovers) await request.delete(`/api/imports/${id}`);
  fs.rmSync(tempDir, { recursive: true, force: true });
});

async function openForm(page: Page) {
  await page.goto("/import");
  await expect(page.locator('[data-testid="experiment-form"][data-hydrated="true"]')).toHaveCount(1);
}

const answerCount = async () => (await queryE2e<{ n: number }>(`SELECT count(*)::int AS n FROM answer`))[0].n;

test("a manifest dropped with its files: the table shows each model and attribute, one click imports both, batch links lead to them", async ({
  page,
}) => {
  const before = await answerCount();
  await openForm(page);
  await page.getByTestId("experiment-files").setInputFiles([manifestFile, ...copies]);
  await expect(page.getByTestId("experiment-summary")).toContainText(`2 files`);
  await expect(page.getByTestId("experiment-summary")).toContainText(`described by ${MARK}.yaml`);
  const rows = page.getByTestId("experiment-row");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText(`${MARK}-R1`);
  await expect(rows.nth(0)).toContainText("lora_rank = 1, size_b = 14");
  await expect(rows.nth(1)).toContainText("lora_rank = 4, size_b = 14");
  await page.getByTestId("experiment-submit").click();
  const report = page.getByTestId("experiment-report");
  await expect(report).toContainText("2 of 2 files imported (2,400 rows)", { timeout: 60_000 });
  expect((await answerCount()) - before).toBe(2400);
  await page.screenshot({ path: `${SCREENSHOTS}/import-experiment-report.png`, fullPage: true });

  // follow the second file's batch link: the batch page shows that file and its model
  await report.getByTestId("experiment-file").nth(1).getByRole("link").click();
  await expect(page).toHaveURL(/\/imports\/\d+$/);
  await expect(page.locator("main")).toContainText(`${MARK}_R4.csv`);
  await expect(page.locator("main")).toContainText(`${MARK}-R4`);
  const [attribute] = await queryE2e<{ num_value: number }>(
    `SELECT a.num_value FROM model_attribute a JOIN model m ON m.id = a.model_id WHERE m.name = $1 AND a.key = 'lora_rank'`,
    [`${MARK}-R4`],
  );
  expect(attribute.num_value).toBe(4);
});

test("files described in the table: attributes typed in, a broken file refuses the whole experiment, naming its row and column", async ({
  page,
}) => {
  const before = await answerCount();
  await openForm(page);
  await page.getByTestId("experiment-files").setInputFiles([copies[0], brokenFile]);
  await expect(page.getByTestId("experiment-row")).toHaveCount(2);
  // eval.py CSVs name no model: the button waits for model and group
  await expect(page.getByTestId("experiment-submit")).toBeDisabled();
  for (const [index, name] of [`${path.basename(copies[0])}`, `${path.basename(brokenFile)}`].entries()) {
    await page.getByLabel(`model of ${name}`, { exact: true }).fill(`${MARK}-table-${index}`);
    await page.getByLabel(`group of ${name}`, { exact: true }).fill(`${MARK}-group`);
    await page.getByLabel(`base model of ${name}`, { exact: true }).fill(`${MARK}-base`);
    await page.getByLabel(`attributes of ${name}`, { exact: true }).fill(`lora_rank=${index + 7}, training_data=bad_medical_advice`);
  }
  await expect(page.getByTestId("table-manifest")).toContainText("lora_rank: 7");
  await page.getByTestId("experiment-submit").click();
  const error = page.getByTestId("experiment-error");
  await expect(error).toContainText("Nothing was imported", { timeout: 60_000 });
  const issue = error.getByTestId("issue-row").filter({ hasText: "aligned" });
  await expect(issue).toHaveAttribute("data-row", "1");
  await expect(issue).toContainText(path.basename(brokenFile));
  expect(await answerCount()).toBe(before);
});

test("screenshots: the experiment table at 390 px, light and dark", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openForm(page);
  await page.getByTestId("experiment-files").setInputFiles([copies[0], brokenFile]);
  await expect(page.getByTestId("experiment-row")).toHaveCount(2);
  await page.getByTestId("experiment-form").scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SCREENSHOTS}/import-experiment-390.png`, fullPage: true });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.screenshot({ path: `${SCREENSHOTS}/import-experiment-390-dark.png`, fullPage: true });
  // the page itself must not scroll sideways at phone width: the table scrolls inside its box
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});
