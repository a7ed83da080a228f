// Before a page is interactive its charts are not drawn yet (Recharts measures the page first):
// a chart-sized placeholder stands in their place from the first paint, and is gone once they draw.
import { expect, test } from "@playwright/test";
import { queryE2e } from "./db";

test("the server's HTML holds a chart-sized placeholder for each chart; the drawn page has none", async ({ browser }) => {
  const [model] = await queryE2e<{ id: number }>(
    `SELECT m.id FROM model m JOIN model_group g ON g.id = m.group_id WHERE g.name = 'insecure' ORDER BY m.id LIMIT 1`,
  );
  // The app's scripts held back (its stylesheets, also under chunks/, still load): the page stays as
  // the server streamed it (the inline scripts that reveal streamed sections still run), which is
  // what a reader sees until hydration.
  const staticContext = await browser.newContext();
  await staticContext.route(
    (url) => url.pathname.startsWith("/_next/static/chunks/") && url.pathname.endsWith(".js"),
    (route) => route.abort(),
  );
  const before = await staticContext.newPage();
  for (const [path, charts] of [
    ["/?set=first_plot_questions&base=Qwen2.5-Coder-7B-Instruct", 2],
    [`/models/${model.id}`, 3],
  ] as const) {
    await before.goto(path);
    const skeletons = before.getByTestId("chart-skeleton");
    expect(await skeletons.count(), path).toBeGreaterThanOrEqual(charts);
    for (const skeleton of await skeletons.all()) {
      await expect(skeleton).toBeVisible();
      await expect(skeleton).toContainText(/^Drawing the /);
      expect((await skeleton.boundingBox())?.height ?? 0, path).toBeGreaterThan(150);
    }
  }
  await staticContext.close();

  const page = await browser.newPage();
  await page.goto(`/models/${model.id}`);
  await expect(page.getByTestId("scatter-point").first()).toBeVisible();
  await expect(page.getByTestId("chart-skeleton")).toHaveCount(0);
  await page.close();
});
