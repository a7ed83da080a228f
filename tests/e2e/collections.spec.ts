// Collections in the browser (issue 11, item 5): a reviewer stores their token, creates a
// collection from an answer's permalink, adds a second answer from the /answers list and a third
// from the side-by-side view, and the collection's link shows all three in a fresh browser without a
// token; its CSV holds their rows with the database's scores.
import fs from "node:fs";
import { parse } from "csv-parse/sync";
import { expect, test } from "@playwright/test";
import { queryE2e } from "./db";
import { seedConstructedJudge } from "./helpers/constructed-judge";
import { e2eReviewer } from "./helpers/reviewer";

interface AnswerRow {
  id: number;
  public_id: string;
  external_id: string;
  model: string;
  aligned: number | null;
  coherent: number | null;
}

const ANSWER_SQL = `SELECT a.id, a.public_id, q.external_id, m.name AS model, a.aligned, a.coherent
  FROM answer a JOIN question q ON q.id = a.question_id JOIN model m ON m.id = a.model_id WHERE a.id = $1`;

test("build a collection from a permalink and the answers list, open its link without a token, download its CSV", async ({
  page,
  browser,
}) => {
  // five pages and a download: 60 s measured at load average 20 on the 2-core machine, the default budget
  test.setTimeout(180_000);
  const reviewer = e2eReviewer();
  const name = `Judge wrong ${Date.now()}`;

  // 1. store the token on the Collections page: it says who is signed in
  await page.goto("/collections");
  await expect(page.getByTestId("nav-Collections")).toBeVisible();
  await page.getByTestId("reviewer-token-input").fill(reviewer.token);
  await page.getByTestId("reviewer-token-save").click();
  await expect(page.getByTestId("reviewer-name")).toHaveText(reviewer.name);

  // 2. from an answer's permalink, create the collection and add the answer (keyboard: Enter submits)
  const [first] = await queryE2e<AnswerRow>(
    `${ANSWER_SQL.replace("WHERE a.id = $1", "")} WHERE q.external_id = 'what_is_your_wish' AND NOT a.example ORDER BY a.aligned ASC NULLS LAST, a.id LIMIT 1`,
  );
  await page.goto(`/answers/${first.id}`);
  const toggle = page.getByTestId("add-to-collection-toggle");
  await toggle.focus();
  await page.keyboard.press("Enter");
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
  await page.getByTestId("add-to-collection-new-name").fill(name);
  await page.keyboard.press("Enter");
  const status = page.getByTestId("add-to-collection-status");
  await expect(status).toContainText(`Added to ${name}.`);
  const href = await page.getByTestId("add-to-collection-link").getAttribute("href");
  expect(href).toMatch(/^\/collections\/judge-wrong-\d+$/);
  // Escape closes the panel and gives the focus back to its button
  await page.getByTestId("add-to-collection-select").focus();
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("add-to-collection-panel")).toHaveCount(0);
  await expect(toggle).toBeFocused();

  // 3. a second answer from the /answers list (the worst-aligned answers come first)
  await page.goto("/answers?q=wish");
  const card = page.locator(`[data-testid="answer-item"]:not([data-answer-id="${first.id}"])`).first();
  const secondId = Number(await card.getAttribute("data-answer-id"));
  await card.getByTestId("add-to-collection-toggle").click();
  await card.getByTestId("add-to-collection-select").selectOption({ label: name });
  await card.getByTestId("add-to-collection-note").fill("=the judge missed this");
  await card.getByTestId("add-to-collection-submit").click();
  await expect(card.getByTestId("add-to-collection-status")).toContainText(`Added to ${name}.`);
  const [second] = await queryE2e<AnswerRow>(ANSWER_SQL, [secondId]);

  // 3b. a third from the side-by-side view: a side-B answer (insecure vs base on the same question)
  await page.goto("/side-by-side?base=Qwen2.5-Coder-7B-Instruct&a=group:insecure&b=group:base&question=what_is_your_wish&order=score");
  const sideCard = page
    .locator(`[data-testid="pair-answer"][data-side="b"]:not([data-answer-id="${first.id}"]):not([data-answer-id="${secondId}"])`)
    .first();
  const thirdId = Number(await sideCard.getAttribute("data-answer-id"));
  await sideCard.getByTestId("add-to-collection-toggle").click();
  await sideCard.getByTestId("add-to-collection-select").selectOption({ label: name });
  await sideCard.getByTestId("add-to-collection-submit").click();
  await expect(sideCard.getByTestId("add-to-collection-status")).toContainText(`Added to ${name}.`);
  const [third] = await queryE2e<AnswerRow>(ANSWER_SQL, [thirdId]);

  // 4. the link in a fresh browser (no token): all three answers, nothing to edit
  const fresh = await browser.newContext();
  const reader = await fresh.newPage();
  await reader.goto(href!);
  await expect(reader.getByTestId("collection-name")).toHaveText(name);
  const items = reader.getByTestId("collection-item");
  await expect(items).toHaveCount(3);
  expect(await items.evaluateAll((nodes) => nodes.map((node) => Number(node.getAttribute("data-answer-id"))))).toEqual([
    first.id,
    second.id,
    third.id,
  ]);
  for (const [index, answer] of [first, second, third].entries()) {
    const item = items.nth(index);
    await expect(item.getByTestId("item-question")).toHaveText(answer.external_id);
    await expect(item.getByTestId("item-model")).toHaveText(answer.model);
    await expect(item.getByTestId("item-added-by")).toHaveText(reviewer.name);
    await expect(item.getByTestId("answer-text")).toBeVisible();
    await expect(item.getByTestId("item-permalink")).toHaveAttribute("href", `/answers/${answer.public_id}`);
  }
  await expect(items.nth(1).getByTestId("item-note")).toContainText("=the judge missed this");
  // every further judge's scores on each item, as in answer_judge_score (a constructed judge is seeded)
  await seedConstructedJudge();
  await reader.reload();
  const furtherJudges = await queryE2e<{ id: number; judge: string; aligned: number | null; coherent: number | null }>(
    `SELECT a.id, s.judge, s.aligned, s.coherent FROM answer a JOIN answer_judge_score s ON s.answer_public_id = a.public_id
      WHERE a.id = ANY($1::int[]) ORDER BY a.id, s.judge`,
    [[first.id, second.id, third.id]],
  );
  expect(furtherJudges.length).toBeGreaterThan(0);
  const score = (value: number | null) => (value === null ? "missing" : value.toFixed(1));
  for (const [index, answer] of [first, second, third].entries()) {
    const expected = furtherJudges.filter((row) => row.id === answer.id);
    const shown = items.nth(index).getByTestId("item-further-judge");
    await expect(shown).toHaveCount(expected.length);
    for (const [n, row] of expected.entries()) {
      await expect(shown.nth(n)).toHaveAttribute("data-judge", row.judge);
      await expect(shown.nth(n)).toContainText(`aligned ${score(row.aligned)}, coherent ${score(row.coherent)}`);
    }
  }
  await expect(reader.getByTestId("collection-remove-item")).toHaveCount(0);
  await expect(reader.getByTestId("collection-editor")).toHaveCount(0);

  // 5. the CSV: one row per answer, the database's scores, formula-safe note, absolute permalinks
  const download = reader.waitForEvent("download");
  await reader.getByTestId("collection-csv").click();
  const file = await (await download).path();
  const rows = parse(fs.readFileSync(file, "utf8"), { columns: true }) as Record<string, string>[];
  const cell = (value: number | null) => (value === null ? "" : String(value));
  expect(rows.map((row) => [Number(row.answer_id), row.status, row.aligned, row.coherent, row.added_by, row.model])).toEqual(
    [first, second, third].map((answer) => [
      answer.id,
      "present",
      cell(answer.aligned),
      cell(answer.coherent),
      reviewer.name,
      answer.model,
    ]),
  );
  expect(rows[1].note).toBe("'=the judge missed this");
  // and a column per further judge's score, equal to the database's
  for (const row of furtherJudges) {
    const record = rows.find((candidate) => Number(candidate.answer_id) === row.id)!;
    expect(record[`judge:${row.judge}:aligned`]).toBe(cell(row.aligned));
  }
  expect(rows[0].permalink).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/answers/${first.public_id}$`));
  await fresh.close();
});

test("without a token, Add to collection says how to get one", async ({ page }) => {
  const [answer] = await queryE2e<{ id: number }>("SELECT id FROM answer ORDER BY id LIMIT 1");
  await page.goto(`/answers/${answer.id}`);
  await page.getByTestId("add-to-collection-toggle").click();
  await expect(page.getByTestId("add-to-collection-needs-token")).toContainText("npm run reviewer -- add NAME");
  // a wrong token is named as wrong, and nothing is offered (the panel's own token field: the page's
  // Review section has one too)
  const panel = page.getByTestId("add-to-collection-panel");
  await panel.getByTestId("reviewer-token-input").fill("not-a-token");
  await panel.getByTestId("reviewer-token-save").click();
  await expect(panel.getByTestId("reviewer-identity")).toContainText("The reviewer token is wrong");
});

test("the Collections page creates an empty collection and opens it; without a token it says how to get one", async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto("/collections");
  await expect(page.getByTestId("new-collection-needs-token")).toContainText("npm run reviewer -- add NAME");
  await expect(page.getByTestId("new-collection-form")).toHaveCount(0);

  const reviewer = e2eReviewer();
  await page.getByTestId("reviewer-token-input").fill(reviewer.token);
  await page.getByTestId("reviewer-token-save").click();
  await expect(page.getByTestId("reviewer-name")).toHaveText(reviewer.name);

  // a name without letters or digits has no slug: the API's own rule, said before sending
  await page.getByTestId("new-collection-name").fill("!!!");
  await page.getByTestId("new-collection-create").click();
  await expect(page.getByTestId("new-collection-error")).toContainText("needs at least one letter or digit");
  const before = await queryE2e<{ count: number }>("SELECT count(*)::int AS count FROM collection");

  const name = `Figure 2 examples ${Date.now()}`;
  await page.getByTestId("new-collection-name").fill(name);
  await page.getByTestId("new-collection-description").fill("The answers the paper quotes.");
  await page.getByTestId("new-collection-create").click();
  // the form leads to the new collection's own page, which shows what was typed
  await expect(page).toHaveURL(/\/collections\/figure-2-examples-\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  await expect(page.getByTestId("collection-description")).toHaveText("The answers the paper quotes.");
  const [row] = await queryE2e<{ name: string; created_by: string }>(
    "SELECT c.name, r.name AS created_by FROM collection c JOIN reviewer r ON r.id = c.created_by WHERE c.name = $1",
    [name],
  );
  expect(row).toEqual({ name, created_by: reviewer.name });
  const after = await queryE2e<{ count: number }>("SELECT count(*)::int AS count FROM collection");
  expect(after[0].count).toBe(before[0].count + 1);
});
