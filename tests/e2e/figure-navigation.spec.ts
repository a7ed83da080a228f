// Figure 4 while new numbers load and when they fail to load (components/figure/FigureNavigation.tsx):
// the RSC request of a control change is held or failed with page.route, never timed.
import { expect, test, type Page, type Request } from "@playwright/test";

const SET = "first_plot_questions";

/** Next's router fetches the new view with an `RSC: 1` header; a document load has none. */
const isRsc = (request: Request) => request.headers()["rsc"] === "1";

async function openFigure(page: Page) {
  await page.goto(`/?set=${SET}`);
  await expect(page.getByTestId("figure-controls")).toHaveAttribute("data-hydrated", "true");
  await expect(page.getByTestId("rate-point").first()).toBeVisible();
}

/**
 * Holds the router's (RSC) request for the view whose `coherent` is `value` until `release()`;
 * `arrived` resolves when it is sent. Document loads of that URL pass. `then` ends the held request.
 */
async function holdRscRequest(page: Page, value: string, then: "continue" | "abort") {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let requested!: () => void;
  const arrived = new Promise<void>((resolve) => (requested = resolve));
  await page.route(
    (url) => url.searchParams.get("coherent") === value,
    async (route) => {
      if (!isRsc(route.request())) return route.continue();
      requested();
      await held;
      if (then === "continue") await route.continue();
      else await route.abort().catch(() => undefined);
    },
  );
  return { arrived, release };
}

test("while the new numbers load the old chart is dimmed and marked busy", async ({ page }) => {
  await openFigure(page);
  const { arrived, release } = await holdRscRequest(page, "60", "continue");
  const busy = page.getByTestId("figure-busy");
  await expect(busy).toHaveAttribute("aria-busy", "false");
  await page.getByTestId("coherent-number").fill("60");
  await arrived;
  await expect(busy).toHaveAttribute("aria-busy", "true");
  await expect(busy).toHaveCSS("opacity", "0.5");
  await expect(page.getByTestId("figure-pending")).toBeVisible();
  release();
  await expect(page).toHaveURL(/coherent=60/);
  await expect(busy).toHaveAttribute("aria-busy", "false");
  await expect(busy).toHaveCSS("opacity", "1");
  await expect(page.getByTestId("figure-load-error")).toHaveCount(0);
});

test("a failed load says so, keeps the controls at the chart's settings, and the retry loads the new numbers", async ({ page }) => {
  await openFigure(page);
  // Next's fallback for a failed RSC request is a browser navigation: count document loads
  const documentLoads: string[] = [];
  page.on("request", (request) => {
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) documentLoads.push(request.url());
  });
  let failures = 0;
  let mode: "server-error" | "network-error" | "pass" = "network-error";
  await page.route(
    (url) => url.searchParams.get("coherent") === "70",
    async (route) => {
      if (!isRsc(route.request()) || mode === "pass") return route.continue();
      failures += 1;
      if (mode === "network-error") return route.abort("internetdisconnected");
      return route.fulfill({ status: 500, contentType: "text/html", body: "Internal Server Error" });
    },
  );
  const error = page.getByTestId("figure-load-error");
  await page.getByTestId("coherent-number").fill("70");
  await expect(error).toContainText("Could not load the new numbers");
  await expect(error).toContainText("coherent ≥ 50");
  expect(failures).toBeGreaterThan(0);
  expect(documentLoads).toEqual([]);
  await expect(page).not.toHaveURL(/coherent=70/);
  // the controls show what the chart shows
  await expect(page.getByTestId("coherent-number")).toHaveValue("50");
  await expect(page.getByTestId("figure-busy")).toHaveAttribute("aria-busy", "false");
  await expect(page.getByTestId("figure-pending")).toHaveCount(0);

  // a retry that fails again (now a server error) says so again
  mode = "server-error";
  const before = failures;
  await page.getByTestId("figure-retry").click();
  await expect.poll(() => failures).toBeGreaterThan(before);
  await expect(error).toBeVisible();
  await expect(page).not.toHaveURL(/coherent=70/);
  expect(documentLoads).toEqual([]);

  mode = "pass";
  await page.getByTestId("figure-retry").click();
  await expect(page).toHaveURL(/coherent=70/);
  await expect(error).toHaveCount(0);
  await expect(page.getByTestId("coherent-number")).toHaveValue("70");
  await expect(page.getByTestId("method-statement")).toContainText("coherent ≥ 70");
  expect(documentLoads).toEqual([]);
});

test("a load that hangs says so after SLOW_LOAD_MS and offers the new view as a new page", async ({ page }) => {
  // the page clock: the 20 s wait is jumped over, not slept
  await page.clock.install();
  await openFigure(page);
  // only the router's request hangs; the document load of the way out passes
  const { arrived, release } = await holdRscRequest(page, "65", "abort");
  const slow = page.getByTestId("figure-load-slow");
  await page.getByTestId("coherent-number").fill("65");
  await arrived;
  await expect(page.getByTestId("figure-busy")).toHaveAttribute("aria-busy", "true");
  await page.clock.fastForward(19_000);
  await expect(slow).toHaveCount(0);
  await page.clock.fastForward(1_500);
  await expect(slow).toBeVisible();
  await expect(slow).toContainText("taking longer than 20 s");
  await expect(slow).toContainText("coherent ≥ 50");
  await expect(page).not.toHaveURL(/coherent=65/);
  await page.getByTestId("figure-load-slow-reload").click();
  await expect(page).toHaveURL(/coherent=65/);
  await expect(page.getByTestId("method-statement")).toContainText("coherent ≥ 65");
  await expect(page.getByTestId("coherent-number")).toHaveValue("65");
  await expect(slow).toHaveCount(0);
  await expect(page.getByTestId("figure-load-error")).toHaveCount(0);
  release();
});
