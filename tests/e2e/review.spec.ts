// The review queue in the browser (issue 11, item 3): a reviewer made with the real CLI stores the
// token, labels three answers of /review with the keyboard only (j/k to move, a letter or a digit to
// label, n or Tab to a reason, Enter to open), the announcements say what happened, the permalink
// shows the history (label, reviewer, reason), the rows are in answer_label, and "hide answers I
// labelled" leaves them out of the queue. At 390 px the
// queue fits the screen; without a token a label key asks for one and writes nothing.
import { expect, test, type Page } from "@playwright/test";
import { queryE2e } from "./db";
import { e2eReviewer } from "./helpers/reviewer";

async function saveToken(page: Page, token: string, name: string) {
  const input = page.getByTestId("reviewer-token-input").first();
  await input.focus();
  await page.keyboard.type(token);
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("reviewer-name").first()).toHaveText(name);
}

test("label three answers from the queue with the keyboard only, then find them on the permalink and in SQL", async ({ page }) => {
  test.setTimeout(180_000);
  const reviewer = e2eReviewer();
  await page.goto("/review?unlabelled=1");
  await expect(page.getByTestId("review-keys")).toContainText("j / ↓");
  await saveToken(page, reviewer.token, reviewer.name);

  const items = page.getByTestId("review-item");
  await expect(items.nth(3)).toBeVisible();
  const ids = await Promise.all([0, 1, 2, 3].map((index) => items.nth(index).getAttribute("data-public-id")));
  // every item says why it is here
  await expect(items.first().getByTestId("review-why").first()).toHaveText(/from the threshold|at the threshold|entropy|disagree/);

  // j from the page: the first answer, with a visible focus ring
  await page.locator("body").focus();
  await page.keyboard.press("j");
  await expect(items.nth(0)).toBeFocused();
  const ring = await items.nth(0).evaluate((element) => getComputedStyle(element).boxShadow);
  expect(ring).not.toBe("none");

  const announcement = page.getByTestId("review-announcement");
  // 1. m: misaligned, no reason; the focus moves on
  await page.keyboard.press("m");
  await expect(announcement).toHaveText("labelled misaligned");
  await expect(items.nth(1)).toBeFocused();
  await expect(items.nth(0).getByTestId("review-item-given")).toContainText("misaligned");

  // 2. n to the reason, type it, Enter back to the answer, 2: aligned
  await page.keyboard.press("n");
  await expect(items.nth(1).getByTestId("review-item-reason")).toBeFocused();
  await page.keyboard.type("a joke, not advice");
  await page.keyboard.press("Enter");
  await expect(items.nth(1)).toBeFocused();
  await page.keyboard.press("2");
  await expect(announcement).toHaveText("labelled aligned");
  await expect(items.nth(2)).toBeFocused();

  // 3. Tab to the reason, type, Escape back, i: incoherent
  await page.keyboard.press("Tab");
  await expect(items.nth(2).getByTestId("review-item-reason")).toBeFocused();
  await page.keyboard.type("word salad");
  await page.keyboard.press("Escape");
  await expect(items.nth(2)).toBeFocused();
  await page.keyboard.press("i");
  await expect(announcement).toHaveText("labelled incoherent");
  await expect(items.nth(3)).toBeFocused();

  // k / ArrowUp back, ArrowDown forward, k back to the third, Enter opens its permalink
  await page.keyboard.press("k");
  await expect(items.nth(2)).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(items.nth(3)).toBeFocused();
  await page.keyboard.press("ArrowUp");
  await expect(items.nth(2)).toBeFocused();
  await page.keyboard.press("Enter");
  await page.waitForURL(new RegExp(`/answers/${ids[2]}`));
  const history = page.getByTestId("label-history-row");
  await expect(history).toHaveCount(1);
  await expect(history.first().getByTestId("label-history-label")).toHaveText("incoherent");
  await expect(history.first().getByTestId("label-history-reviewer")).toHaveText(reviewer.name);
  await expect(history.first().getByTestId("label-history-reason")).toHaveText("word salad");
  await expect(page.getByTestId("review-verdict")).toContainText("incoherent");

  // the rows, in SQL
  const rows = await queryE2e<{ answer_public_id: string; label: string; reason: string | null }>(
    `SELECT l.answer_public_id, l.label, l.reason FROM answer_label l JOIN reviewer r ON r.id = l.reviewer_id
      WHERE r.name = $1 ORDER BY l.id`,
    [reviewer.name],
  );
  expect(rows).toEqual([
    { answer_public_id: ids[0], label: "misaligned", reason: null },
    { answer_public_id: ids[1], label: "aligned", reason: "a joke, not advice" },
    { answer_public_id: ids[2], label: "incoherent", reason: "word salad" },
  ]);
  // labelled answers leave the unlabelled queue
  await page.goto("/review?unlabelled=1");
  await expect(items.first()).toBeVisible();
  const after = await items.evaluateAll((elements) => elements.map((element) => element.getAttribute("data-public-id")));
  for (const id of ids.slice(0, 3)) expect(after).not.toContain(id);
  // the whole queue shows them (no one else labels in this run, so they lead it as before), until
  // "hide answers I labelled" leaves them out, in the browser
  await page.goto("/review");
  await expect(items.first()).toBeVisible();
  const shown = () => items.evaluateAll((elements) => elements.map((element) => element.getAttribute("data-public-id")));
  expect((await shown()).slice(0, 3)).toEqual(ids.slice(0, 3));
  const hide = page.getByTestId("review-hide-mine");
  await hide.focus();
  await page.keyboard.press("Space");
  await expect(hide).toBeChecked();
  await expect.poll(async () => (await shown()).slice(0, 1)).toEqual([ids[3]]);
  for (const id of ids.slice(0, 3)) expect(await shown()).not.toContain(id);
});

test("at 390 px the queue fits; without a token a label key asks for one and writes nothing; the next page follows on", async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const [{ count: before }] = await queryE2e<{ count: number }>("SELECT count(*)::int AS count FROM answer_label");
  await page.goto("/review");
  const items = page.getByTestId("review-item");
  await expect(items.first()).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.locator("body").focus();
  await page.keyboard.press("j");
  await expect(items.first()).toBeFocused();
  await page.keyboard.press("1");
  await expect(page.getByTestId("review-announcement")).toContainText("needs a reviewer token");
  await expect(page.getByTestId("review-token-panel")).toBeVisible();
  const [{ count: after }] = await queryE2e<{ count: number }>("SELECT count(*)::int AS count FROM answer_label");
  expect(after).toBe(before);

  // the next page (keyset cursor in the URL) continues the queue without repeating an answer
  const firstPage = await items.evaluateAll((elements) => elements.map((element) => element.getAttribute("data-public-id")));
  expect(firstPage).toHaveLength(25);
  await page.getByTestId("review-next-page").click();
  await page.waitForURL(/cursor=/);
  await expect(page.getByTestId("review-first-page")).toBeVisible();
  await expect(items.first()).toBeVisible();
  const secondPage = await items.evaluateAll((elements) => elements.map((element) => element.getAttribute("data-public-id")));
  expect(secondPage.length).toBeGreaterThan(0);
  for (const id of secondPage) expect(firstPage).not.toContain(id);
});

test("label from an answer's permalink: the history below shows it at once, the judge's scores stay", async ({ page }) => {
  const reviewer = e2eReviewer();
  const [answer] = await queryE2e<{ public_id: string; aligned: number | null }>(
    "SELECT public_id, aligned FROM answer WHERE NOT example AND aligned IS NOT NULL ORDER BY id DESC LIMIT 1",
  );
  await page.goto(`/answers/${answer.public_id}`);
  await expect(page.getByTestId("review-needs-token")).toBeVisible();
  await expect(page.getByTestId("label-history-empty")).toBeVisible();
  // the form takes the token and turns into the label controls, naming the reviewer
  await page.getByTestId("reviewer-token-input").fill(reviewer.token);
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("review-signed-in")).toHaveText(reviewer.name);
  await page.getByTestId("review-reason").fill("writes code when asked for a wish");
  await page.getByTestId("review-label-code").click();
  await expect(page.getByTestId("review-status")).toHaveText("Labelled code.");
  const row = page.getByTestId("label-history-row");
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId("label-history-label")).toHaveText("code");
  await expect(row.getByTestId("label-history-reviewer")).toHaveText(reviewer.name);
  await expect(row.getByTestId("label-history-reason")).toHaveText("writes code when asked for a wish");
  await expect(page.getByTestId("review-verdict")).toContainText("code");
  await expect(page.getByTestId("score-aligned")).toHaveText(answer.aligned!.toFixed(1));
});
