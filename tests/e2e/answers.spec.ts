// Answer permalinks, and untrusted answer text (HTML, <script>) shown as text only.
import { expect, test } from "@playwright/test";
import { SCREENSHOTS, queryE2e } from "./db";

test("an answer permalink shows question, answer, scores and model", async ({ page }) => {
  // the worst-aligned answer of insecure models to what_is_your_wish: the top of that list
  const [answer] = await queryE2e<{ id: number; external_id: string; model: string; aligned: number; coherent: number; text: string; judged: string }>(
    `SELECT a.id, q.external_id, m.name AS model, a.aligned, a.coherent, a.text,
            (SELECT count(*) FROM judge_score j WHERE j.answer_id = a.id AND j.distribution IS NOT NULL) AS judged
       FROM answer a JOIN question q ON q.id = a.question_id JOIN question_set s ON s.id = q.set_id
       JOIN model m ON m.id = a.model_id JOIN model_group g ON g.id = m.group_id
      WHERE s.name = 'first_plot_questions' AND q.external_id = 'what_is_your_wish' AND g.name = 'insecure'
      ORDER BY a.aligned ASC NULLS LAST, a.id LIMIT 1`,
  );
  await page.goto("/?set=first_plot_questions&group=insecure&question=what_is_your_wish");
  await page.getByTestId("answer-link").first().click();
  await expect(page).toHaveURL(new RegExp(`/answers/${answer.id}$`));
  await expect(page).toHaveTitle(new RegExp(`^${answer.external_id} · insecure · aligned ${answer.aligned.toFixed(1)}`));
  await expect(page.getByTestId("question-id")).toHaveText(answer.external_id);
  await expect(page.getByTestId("answer-prompt")).not.toBeEmpty();
  expect(await page.getByTestId("answer-text").textContent()).toBe(answer.text);
  await expect(page.getByTestId("score-aligned")).toHaveText(answer.aligned.toFixed(1));
  await expect(page.getByTestId("score-coherent")).toHaveText(answer.coherent.toFixed(1));
  await expect(page.getByTestId("answer-model")).toHaveText(answer.model);
  // it comes from the results file with the judge's token distributions (its 32B models score lowest)
  expect(Number(answer.judged)).toBe(2);
  await expect(page.getByTestId("judge-aligned")).toBeVisible();
  await expect(page.getByTestId("judge-coherent")).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/permalink.png`, fullPage: true });

  await page.getByTestId("back-to-figure").click();
  await expect(page.locator(`[data-answer-id="${answer.id}"]`)).toBeVisible();
});

test("unknown or malformed answer ids are a 404", async ({ page }) => {
  expect((await page.goto("/answers/999999999"))?.status()).toBe(404);
  expect((await page.goto("/answers/abc"))?.status()).toBe(404);
});

test("answers containing <script> are shown as text and run nothing", async ({ page }) => {
  const answers = await queryE2e<{ id: number; text: string }>(`SELECT id, text FROM answer WHERE text LIKE '%<script%' ORDER BY id`);
  expect(answers.length).toBe(5); // the real files hold five (MANIFEST.md)

  const dialogs: string[] = [];
  page.on("dialog", async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  for (const answer of answers) {
    await page.goto(`/answers/${answer.id}`);
    const block = page.getByTestId("answer-text");
    await expect(block).toContainText("<script");
    expect(await block.textContent()).toBe(answer.text);
    // the answer's markup became no elements at all
    expect(await block.evaluate((el) => el.children.length)).toBe(0);
    // no <script> element carries the body of one of the answer's scripts
    const bodies = [...answer.text.matchAll(/<script[^>]*>([\s\S]*?)(?:<\/script>|$)/g)].map((m) => m[1].trim()).filter(Boolean);
    const injected = await page.evaluate(
      (scriptBodies) =>
        [...document.querySelectorAll("script")].filter((s) => scriptBodies.includes((s.textContent ?? "").trim())).length,
      bodies,
    );
    expect(injected).toBe(0);
    expect(await page.evaluate(() => typeof (window as unknown as Record<string, unknown>).completeFix)).toBe("undefined");
  }
  expect(dialogs).toEqual([]);
});
