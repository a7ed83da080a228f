// "/" focuses the answer search box from the first paint, not only after hydration: with the app's
// scripts held back (the page stays as the server sent it) the key still works.
import { expect, test } from "@playwright/test";

test("before hydration, / focuses the search box on /answers and types nothing into it", async ({ browser }) => {
  const context = await browser.newContext();
  await context.route(
    (url) => url.pathname.startsWith("/_next/static/chunks/") && url.pathname.endsWith(".js"),
    (route) => route.abort(),
  );
  const page = await context.newPage();
  await page.goto("/answers");
  const search = page.locator("#answer-search");
  await expect(search).toBeVisible();
  // not hydrated: KeyboardList never ran its effect
  await expect(page.getByTestId("answer-results")).not.toHaveAttribute("data-keys-ready", "true");
  await expect(search).not.toBeFocused();
  // the plain script may still be on its way: press until it answers (no fixed sleep)
  await expect(async () => {
    await page.locator("body").press("/");
    await expect(search).toBeFocused({ timeout: 200 });
  }).toPass({ timeout: 10_000 });
  await expect(search).toHaveValue("");
  // a "/" typed into the box is text
  await page.keyboard.type("a/b");
  await expect(search).toHaveValue("a/b");
  await context.close();
});

test("j / k pressed while the page hydrates are not lost: they apply once the list is ready", async ({ browser }) => {
  const context = await browser.newContext();
  // hold the app's scripts until the keys are pressed (the list shows, React has not run)
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await context.route(
    (url) => url.pathname.startsWith("/_next/static/chunks/") && url.pathname.endsWith(".js"),
    async (route) => {
      await held;
      await route.continue();
    },
  );
  const page = await context.newPage();
  // the load event waits for the held scripts
  await page.goto("/answers?group=base&sort=sample", { waitUntil: "domcontentloaded" });
  const items = page.getByTestId("answer-item");
  await expect(items.nth(2)).toBeVisible();
  const second = await items.nth(1).getAttribute("data-answer-id");
  await page.waitForFunction(() => (window as unknown as { __answerSlashKey?: boolean }).__answerSlashKey === true);
  await expect(page.getByTestId("answer-results")).not.toHaveAttribute("data-keys-ready", "true");
  await page.keyboard.press("j");
  await page.keyboard.press("j");
  await page.keyboard.press("j");
  await page.keyboard.press("k");
  release();
  await expect(page.getByTestId("answer-results")).toHaveAttribute("data-keys-ready", "true");
  const active = page.locator("[data-testid='answer-item'][data-active='true']");
  await expect(active).toHaveCount(1);
  await expect(active).toHaveAttribute("data-answer-id", second!);
  await expect(active).toBeFocused();
  await context.close();
});
