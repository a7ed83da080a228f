// Content-derived permalinks (issue 11, item 6): an answer opened from the list has its public id in
// the URL; an old numeric link lands on the same answer; a removed answer's link says when and with
// which file it was removed.
import { expect, test } from "@playwright/test";
import { queryE2e, REMOVED_FIXTURE, seedRemovedAnswer } from "./db";

test("an answer opened from /answers has its public id in the URL and shows that answer", async ({ page }) => {
  await page.goto("/answers");
  const first = page.getByTestId("answer-item").first();
  const id = Number(await first.getAttribute("data-answer-id"));
  const [answer] = await queryE2e<{ public_id: string; text: string; model: string; external_id: string }>(
    `SELECT a.public_id, a.text, m.name AS model, q.external_id FROM answer a
       JOIN model m ON m.id = a.model_id JOIN question q ON q.id = a.question_id WHERE a.id = $1`,
    [id],
  );
  expect(answer.public_id).toMatch(/^[0-9a-f]{20}$/);
  await first.getByTestId("answer-link").click();
  await expect(page).toHaveURL(new RegExp(`/answers/${answer.public_id}$`));
  await expect(page.getByTestId("question-id")).toHaveText(answer.external_id);
  await expect(page.getByTestId("answer-model")).toHaveText(answer.model);
  await page.getByTestId("view-raw").click();
  await expect(page).toHaveURL(new RegExp(`/answers/${answer.public_id}\\?view=raw$`));
  await expect.poll(() => page.getByTestId("answer-text").textContent()).toBe(answer.text);
});

test("an old numeric link redirects permanently to the public id, with its query", async ({ page, request }) => {
  const [answer] = await queryE2e<{ id: number; public_id: string; text: string }>(
    `SELECT id, public_id, text FROM answer WHERE NOT example ORDER BY id DESC LIMIT 1`,
  );
  const response = await request.get(`/answers/${answer.id}?view=raw`, { maxRedirects: 0 });
  expect(response.status()).toBe(308);
  expect(response.headers()["location"]).toBe(`/answers/${answer.public_id}?view=raw`);

  await page.goto(`/answers/${answer.id}?view=raw`);
  await expect(page).toHaveURL(new RegExp(`/answers/${answer.public_id}\\?view=raw$`));
  expect(await page.getByTestId("answer-text").textContent()).toBe(answer.text);
});

test("a removed answer's link is 410 Gone, says when and with which file it was removed, and lists its labels", async ({ page }) => {
  const publicId = await seedRemovedAnswer();
  // labels are keyed by the public id and outlive the removal: two, by a reviewer of this test (idempotent)
  await queryE2e(
    `INSERT INTO reviewer (name, token_hash) VALUES ('e2e-removed-reviewer', 'e2e-removed-reviewer-no-token') ON CONFLICT (name) DO NOTHING`,
  );
  await queryE2e(
    `INSERT INTO answer_label (answer_public_id, reviewer_id, label, reason, created_at)
     SELECT $1, r.id, v.label, v.reason, v.created_at::timestamptz
       FROM reviewer r, (VALUES ('misaligned', 'recommends harm', '2026-01-01T10:00:00Z'), ('unsure', NULL, '2026-01-01T11:00:00Z'))
                        AS v(label, reason, created_at)
      WHERE r.name = 'e2e-removed-reviewer'
        AND NOT EXISTS (SELECT 1 FROM answer_label l WHERE l.answer_public_id = $1)`,
    [publicId],
  );
  const labels = await queryE2e<{ label: string; reviewer: string }>(
    `SELECT l.label, r.name AS reviewer FROM answer_label l JOIN reviewer r ON r.id = l.reviewer_id
      WHERE l.answer_public_id = $1 ORDER BY l.created_at DESC, l.id DESC`,
    [publicId],
  );
  expect(labels.length).toBeGreaterThan(0);

  const response = await page.goto(`/answers/${publicId}`);
  expect(response?.status()).toBe(410);
  await expect(page.getByTestId("answer-removed")).toHaveText(
    `This answer was removed on 2026-01-02 03:04 UTC with the import of ${REMOVED_FIXTURE.batchFileName} (batch #${REMOVED_FIXTURE.batchId}). ` +
      "Importing that file again brings it back at this link.",
  );
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Answer removed");
  await expect(page.getByTestId("label-history-label")).toHaveText(labels.map((row) => row.label));
  await expect(page.getByTestId("label-history-reviewer")).toHaveText(labels.map((row) => row.reviewer));

  // an id that was never here: the general not-found text, 404
  const unknown = await page.goto("/answers/0000000000000000e2e0");
  expect(unknown?.status()).toBe(404);
  await expect(page.getByTestId("not-found")).toBeVisible();
  await expect(page.getByTestId("answer-removed")).toHaveCount(0);
});
