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
