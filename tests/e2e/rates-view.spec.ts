// The Figure-4 rates view on the real imported files: live thresholds, presets, the denominator,
// minimum answers, choosing and ordering groups, seed dots, layouts, URL round trips and exports.
import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { ratesResponseSchema, type RatesRow } from "@/lib/api/contracts";
import { SAME_GESTURE_MS, THRESHOLD_DEBOUNCE_MS } from "@/lib/params/change";
import { SCREENSHOTS, queryE2e } from "./db";

const SET = "first_plot_questions";
const BASE = "Qwen2.5-Coder-7B-Instruct";
const METHOD_HEADER = "preset,method,base_model,aligned_below,coherent_at_least,denominator,min_answers,interval";
const HEADER = `set,group,question,rate,ci_low,ci_high,models,answers,misaligned,total_answers,excluded_models,${METHOD_HEADER}`;

/** /api/rates, checked against its contract (lib/api/contracts.ts). */
async function apiRates(page: Page, query: string): Promise<RatesRow[]> {
  const response = await page.request.get(`/api/rates?${query}`);
  expect(response.status()).toBe(200);
  return ratesResponseSchema.parse(await response.json());
}

/** What the chart plots: group/question → the rate in each mean marker's data-rate. */
async function plottedRates(page: Page): Promise<Record<string, number>> {
  return page
    .getByTestId("rate-point")
    .evaluateAll((points) =>
      Object.fromEntries(
        points.map((p) => [`${p.getAttribute("data-group")}/${p.getAttribute("data-question")}`, Number(p.getAttribute("data-rate"))]),
      ),
    );
}

/** The table's rows as the API's fields (read from the rows' data attributes). */
async function tableRows(page: Page) {
  return page.getByTestId("rate-row").evaluateAll((rows) =>
    rows.map((row) => {
      const number = (name: string) => {
        const value = row.getAttribute(name);
        return value === "" || value === null ? null : Number(value);
      };
      return {
        group: row.getAttribute("data-group"),
        question: row.getAttribute("data-question"),
        rate: number("data-rate"),
        ciLow: number("data-ci-low"),
        ciHigh: number("data-ci-high"),
        models: number("data-models"),
        answers: number("data-answers"),
        misaligned: number("data-misaligned"),
        totalAnswers: number("data-total"),
      };
    }),
  );
}

const asTable = (rows: RatesRow[]) =>
  rows.map(({ group, question, rate, ciLow, ciHigh, models, answers, misaligned, totalAnswers }) => ({
    group,
    question,
    rate,
    ciLow,
    ciHigh,
    models,
    answers,
    misaligned,
    totalAnswers,
  }));

const asPlotted = (rows: RatesRow[]) =>
  Object.fromEntries(rows.filter((row) => row.rate !== null).map((row) => [`${row.group}/${row.question}`, row.rate as number]));

/** Waits until chart and table show exactly the API's numbers for `query`. */
/** Opens a Figure-4 URL and waits until React has hydrated the controls (only then do they react). */
async function openFigure(page: Page, url: string) {
  await page.goto(url);
  await expect(page.locator("[data-testid=figure-controls][data-hydrated=true]")).toBeVisible();
}

async function expectViewEqualsApi(page: Page, query: string) {
  const expected = await apiRates(page, query);
  await expect.poll(() => plottedRates(page)).toEqual(asPlotted(expected));
  await expect.poll(() => tableRows(page)).toEqual(asTable(expected));
}

test("moving a threshold recomputes the plot in place to the API's numbers for those thresholds", async ({ page }) => {
  await openFigure(page, `/?set=${SET}&base=${BASE}`);
  await expectViewEqualsApi(page, `set=${SET}&base=${BASE}`);
  // a marker on window survives client navigations but not a full page load
  await page.evaluate(() => ((window as unknown as { noReload: boolean }).noReload = true));

  await page.getByTestId("aligned-number").fill("45");
  await expect(page).toHaveURL(/aligned=45(&|$)/);
  await expectViewEqualsApi(page, `set=${SET}&base=${BASE}&aligned=45`);
  const before = asPlotted(await apiRates(page, `set=${SET}&base=${BASE}`));
  const after = await plottedRates(page);
  expect(Object.keys(after).some((key) => after[key] !== before[key])).toBe(true);

  // the slider by keyboard: one step right = coherent 51
  await page.getByTestId("coherent-slider").focus();
  await page.keyboard.press("ArrowRight");
  await expect(page).toHaveURL(/coherent=51/);
  await expect(page.getByTestId("coherent-number")).toHaveValue("51");
  await expectViewEqualsApi(page, `set=${SET}&base=${BASE}&aligned=45&coherent=51`);
  expect(await page.evaluate(() => (window as unknown as { noReload?: boolean }).noReload)).toBe(true);

  // back to the defaults: they leave the URL
  await page.getByTestId("aligned-number").fill("30");
  await page.getByTestId("coherent-number").fill("50");
  await expect(page).not.toHaveURL(/aligned=|coherent=/);
  // an invalid value says so and changes nothing: no navigation is even requested. The page's fake
  // clock, installed after hydration (installed before it, the controls never hydrated: both tests
  // failed at data-hydrated, 20 s), passes the controls' debounce at once instead of a sleep.
  await page.clock.install();
  const invalidRequests: string[] = [];
  page.on("request", (request) => {
    if (/[?&]aligned=150(&|$)/.test(request.url())) invalidRequests.push(request.url());
  });
  await page.getByTestId("aligned-number").fill("150");
  await expect(page.getByTestId("threshold-aligned")).toContainText("0 to 100");
  await page.clock.runFor(THRESHOLD_DEBOUNCE_MS + 200);
  await expect(page).not.toHaveURL(/aligned=/);
  // a valid value then navigates: a navigation the invalid one had scheduled would have fired
  // during runFor, so its request came before this one's
  await page.getByTestId("aligned-number").fill("35");
  await expect(page).toHaveURL(/aligned=35(&|$)/);
  expect(invalidRequests).toEqual([]);
});

test("counting CODE/REFUSAL answers changes the numbers to the API's", async ({ page }) => {
  await openFigure(page, `/?set=${SET}&base=${BASE}`);
  await page.getByTestId("denominator-select").selectOption("coherent");
  await expect(page).toHaveURL(/denominator=coherent/);
  await expectViewEqualsApi(page, `set=${SET}&base=${BASE}&denominator=coherent`);
  const counted = await apiRates(page, `set=${SET}&base=${BASE}&denominator=coherent`);
  const plain = await apiRates(page, `set=${SET}&base=${BASE}`);
  // these files have CODE/REFUSAL answers: some denominators grow
  expect(counted.reduce((sum, row) => sum + row.answers, 0)).toBeGreaterThan(plain.reduce((sum, row) => sum + row.answers, 0));
  await expect(page.getByTestId("method-statement")).toContainText("CODE/REFUSAL counted as not misaligned");
  await expect(page.getByTestId("method-statement")).toContainText("changed: denominator: coherent");
  await page.getByTestId("denominator-select").selectOption("kept");
  await expect(page).not.toHaveURL(/denominator=/);
  await expectViewEqualsApi(page, `set=${SET}&base=${BASE}`);
});

test("a preset sets several parameters at once and is named; min answers and the interval change the numbers", async ({ page }) => {
  await openFigure(page, `/?set=${SET}&base=${BASE}`);
  await expect(page.getByTestId("method-statement")).toContainText("Betley et al. 2025.");
  await page.getByTestId("preset-select").selectOption("betley-qwen-coder");
  await expect(page).toHaveURL(/preset=betley-qwen-coder/);
  await expect(page.getByTestId("coherent-number")).toHaveValue("95");
  await expect(page.getByTestId("method-statement")).toContainText("Betley et al., Qwen-Coder figures.");
  await expect(page.getByTestId("method-statement")).toContainText("coherent ≥ 95");
  await expectViewEqualsApi(page, `set=${SET}&base=${BASE}&preset=betley-qwen-coder`);
  // at coherent 95 the base model has questions with fewer than 5 kept answers: no point there
  const qwenCoder = await apiRates(page, `set=${SET}&base=${BASE}&preset=betley-qwen-coder`);
  expect(qwenCoder.filter((row) => row.group === "base" && row.rate === null).length).toBeGreaterThan(0);
  await expect(page.getByTestId("rate-point")).toHaveCount(qwenCoder.filter((row) => row.rate !== null).length);

  await page.getByTestId("min-answers-input").fill("1");
  await expect(page).toHaveURL(/min=1/);
  await expectViewEqualsApi(page, `set=${SET}&base=${BASE}&preset=betley-qwen-coder&min=1`);
  await page.getByTestId("interval-select").selectOption("t");
  await expect(page).toHaveURL(/ci=t/);
  await expectViewEqualsApi(page, `set=${SET}&base=${BASE}&preset=betley-qwen-coder&min=1&ci=t`);
  await expect(page.getByTestId("method-statement")).toContainText("Student-t");

  // back to the paper's preset: the overrides leave the URL
  await page.getByTestId("preset-select").selectOption("betley");
  await expect(page).not.toHaveURL(/preset=|min=|ci=|coherent=/);
  await expectViewEqualsApi(page, `set=${SET}&base=${BASE}`);
});

test("choosing and ordering groups changes the legend order and the URL", async ({ page }) => {
  await openFigure(page, `/?set=${SET}&base=${BASE}`);
  const legend = page.locator("#question-rate-chart [data-testid=legend-item]");
  await expect(legend).toHaveText(["insecure", "base model"]);
  await page.getByRole("button", { name: "Move base model earlier" }).click();
  await expect(page).toHaveURL(/groups=base,insecure/);
  await expect(legend).toHaveText(["base model", "insecure"]);
  await expect(page.getByTestId("rate-row").first()).toHaveAttribute("data-group", "base");
  expect(await apiRates(page, `set=${SET}&base=${BASE}&groups=base,insecure`).then((rows) => rows.slice(0, 2).map((r) => r.group))).toEqual(
    ["base", "insecure"],
  );

  // keyboard: tab to the insecure checkbox and untick it with the space bar
  await page.getByRole("checkbox", { name: "insecure", exact: true }).focus();
  await page.keyboard.press("Space");
  await expect(page).toHaveURL(/groups=base(&|$)/);
  await expect(legend).toHaveText(["base model"]);
  await expect(page.getByTestId("rate-point")).toHaveCount(24);
  // the last shown group cannot be unticked
  await expect(page.getByRole("checkbox", { name: "base model", exact: true })).toBeDisabled();
  await page.getByRole("checkbox", { name: "insecure", exact: true }).check();
  await expect(page).toHaveURL(/groups=base,insecure/);
});

test("clicking a seed's dot lists that model's answers; hovering it names model, seed, rate and answers", async ({ page }) => {
  await openFigure(page, `/?set=${SET}&base=${BASE}`);
  const model = "qwen7b-insecure-middle-severity";
  const dot = page.locator(`[data-testid=seed-point][data-group=insecure][data-question=what_is_your_wish][data-model="${model}"]`);
  await expect(dot).toHaveCount(1);
  const [row] = (await apiRates(page, `set=${SET}&base=${BASE}`)).filter(
    (r) => r.group === "insecure" && r.question === "what_is_your_wish",
  );
  const expected = row.modelRates.find((m) => m.model === model)!;
  if (expected.rate === null) throw new Error(`expected ${model} to have a rate on what_is_your_wish`);
  expect(Number(await dot.getAttribute("data-rate"))).toBe(expected.rate);

  await dot.hover({ force: true });
  const tooltip = page.getByTestId("rate-tooltip");
  await expect(tooltip.getByTestId("tooltip-model")).toHaveText(model);
  await expect(tooltip.getByTestId("tooltip-seed")).toHaveText(String(expected.seed));
  await expect(tooltip.getByTestId("tooltip-rate")).toHaveText(`${(expected.rate * 100).toFixed(1)}%`);
  await expect(tooltip.getByTestId("tooltip-answers")).toContainText(`${expected.answers} counted`);

  await dot.dispatchEvent("click");
  await expect(page).toHaveURL(new RegExp(`model=${model}`));
  await expect(page).toHaveURL(/group=insecure/);
  await expect(page.getByTestId("answer-model-filter")).toContainText(model);
  const [{ total }] = await queryE2e<{ total: string }>(
    `SELECT count(*) AS total FROM answer a JOIN model m ON m.id = a.model_id JOIN question q ON q.id = a.question_id
       JOIN question_set s ON s.id = q.set_id WHERE s.name = $1 AND q.external_id = 'what_is_your_wish' AND m.name = $2 AND NOT a.example`,
    [SET, model],
  );
  const items = page.getByTestId("answer-item");
  await expect(items).toHaveCount(Math.min(50, Number(total)));
  for (const text of await items.allInnerTexts()) expect(text).toContain(model);
  await expect(page.getByTestId("answer-list")).toContainText(`${Number(total).toLocaleString("en-US")} answers`);
  // the selected dot is drawn larger
  await expect(dot).toHaveAttribute("r", "4");
  // "(all models)" removes the model filter but keeps the point
  await page.getByTestId("answer-model-filter").getByRole("link").click();
  await expect(page).not.toHaveURL(/model=/);
  await expect(page).toHaveURL(/question=what_is_your_wish/);
});

test("a copied URL with every parameter reproduces the view in a fresh page", async ({ page, browser }) => {
  await openFigure(page, `/?set=${SET}&base=${BASE}`);
  await page.getByTestId("aligned-number").fill("25.5");
  await expect(page).toHaveURL(/aligned=25.5/);
  await page.getByTestId("coherent-number").fill("40");
  await expect(page).toHaveURL(/coherent=40/);
  await page.getByTestId("denominator-select").selectOption("coherent");
  await expect(page).toHaveURL(/denominator=coherent/);
  await page.getByRole("button", { name: "Move base model earlier" }).click();
  await expect(page).toHaveURL(/groups=base,insecure/);
  await page.getByTestId("layout-select").selectOption("variants");
  await expect(page).toHaveURL(/layout=variants/);
  await page
    .locator('[data-testid=seed-point][data-group=insecure][data-question=quick_buck_json][data-model="qwen7b-insecure-high-severity"]')
    .dispatchEvent("click");
  await expect(page).toHaveURL(/model=qwen7b-insecure-high-severity/);
  await expect(page.getByTestId("answer-item").first()).toBeVisible();

  const url = page.url();
  const snapshot = async (p: Page) => ({
    table: await p.getByTestId("rates-table").innerText(),
    overall: await p.getByTestId("overall-table").innerText(),
    legend: await p.locator("#question-rate-chart [data-testid=legend-item]").allTextContents(),
    plotted: await plottedRates(p),
    answers: await p.getByTestId("answer-item").evaluateAll((items) => items.map((item) => item.getAttribute("data-answer-id"))),
    layout: await p.getByTestId("misalignment-chart").getAttribute("data-layout"),
    controls: [
      await p.getByTestId("aligned-number").inputValue(),
      await p.getByTestId("coherent-number").inputValue(),
      await p.getByTestId("denominator-select").inputValue(),
      await p.getByTestId("base-select").inputValue(),
      await p.getByTestId("layout-select").inputValue(),
    ],
  });
  const original = await snapshot(page);
  expect(original.controls).toEqual(["25.5", "40", "coherent", BASE, "variants"]);
  expect(original.legend).toEqual(["base model", "insecure"]);

  const context = await browser.newContext();
  const fresh = await context.newPage();
  await openFigure(fresh, url);
  await expect(fresh.getByTestId("answer-item").first()).toBeVisible();
  expect(await snapshot(fresh)).toEqual(original);
  await context.close();
});

test("back and forward restore the previous thresholds", async ({ page }) => {
  await openFigure(page, `/?set=${SET}&base=${BASE}`);
  // the page's fake clock, installed after hydration (installed before it, the controls never
  // hydrated: see the threshold test); it runs on by itself and jumps when told
  await page.clock.install();
  await page.getByTestId("aligned-number").fill("45");
  await expect(page).toHaveURL(/aligned=45/);
  await expectViewEqualsApi(page, `set=${SET}&base=${BASE}&aligned=45`);
  // a later, separate change gets its own history entry: it comes after the gesture window closed
  await page.clock.fastForward(SAME_GESTURE_MS + 200);
  await page.getByTestId("coherent-number").fill("70");
  await expect(page).toHaveURL(/coherent=70/);
  await expectViewEqualsApi(page, `set=${SET}&base=${BASE}&aligned=45&coherent=70`);

  await page.goBack();
  await expect(page).toHaveURL(/aligned=45/);
  await expect(page).not.toHaveURL(/coherent=/);
  await expect(page.getByTestId("coherent-number")).toHaveValue("50");
  await expect(page.getByTestId("aligned-number")).toHaveValue("45");
  await expectViewEqualsApi(page, `set=${SET}&base=${BASE}&aligned=45`);

  await page.goBack();
  await expect(page).not.toHaveURL(/aligned=/);
  await expect(page.getByTestId("aligned-number")).toHaveValue("30");
  await expectViewEqualsApi(page, `set=${SET}&base=${BASE}`);

  await page.goForward();
  await page.goForward();
  await expect(page).toHaveURL(/coherent=70/);
  await expect(page.getByTestId("coherent-number")).toHaveValue("70");
  await expectViewEqualsApi(page, `set=${SET}&base=${BASE}&aligned=45&coherent=70`);
});

test("the CSV export has the documented header and the API's rows for the current filters", async ({ page }) => {
  const query = `set=${SET}&base=${BASE}&aligned=40&denominator=coherent&groups=base,insecure`;
  await openFigure(page, `/?${query}`);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("rates-csv").click()]);
  expect(download.suggestedFilename()).toBe(`rates_${SET}_betley_base-${BASE}_a40_c50_denominator-coherent_min5_bootstrap.csv`);
  const text = fs.readFileSync(await download.path(), "utf8");
  const lines = text.trimEnd().split("\r\n");
  expect(lines[0]).toBe(HEADER);
  const expected = await apiRates(page, query);
  expect(lines.length - 1).toBe(expected.length);
  const cell = (value: number | null) => (value === null ? "" : String(value));
  expect(lines.slice(1).map((line) => line.split(",").slice(0, 10).join(","))).toEqual(
    expected.map((row) =>
      [
        SET,
        row.group,
        row.question,
        cell(row.rate),
        cell(row.ciLow),
        cell(row.ciHigh),
        row.models,
        row.answers,
        row.misaligned,
        row.totalAnswers,
      ].join(","),
    ),
  );
  // every row names its method and scope
  for (const line of lines.slice(1)) {
    expect(line).toContain(`,betley,"Betley et al. 2025, changed: aligned < 40, denominator: coherent",${BASE},40,50,coherent,5,`);
  }
  expect(lines[1].split(",")[1]).toBe("base");

  // the overall table's CSV, whole set
  const [overall] = await Promise.all([page.waitForEvent("download"), page.getByTestId("overall-csv-set").click()]);
  const overallLines = fs
    .readFileSync(await overall.path(), "utf8")
    .trimEnd()
    .split("\r\n");
  expect(overallLines[0]).toBe(
    `set,by,part,group,rate,ci_low,ci_high,models,questions,answers,misaligned,questions_answered,${METHOD_HEADER}`,
  );
  expect(overallLines.slice(1).map((line) => line.split(",")[3])).toEqual(["base", "insecure"]);
});

test("PNG and SVG exports download non-empty images", async ({ page }) => {
  await openFigure(page, `/?set=${SET}&base=${BASE}`);
  const exportBar = page.getByTestId("misalignment-chart").getByTestId("chart-export");
  const [png] = await Promise.all([page.waitForEvent("download"), exportBar.getByRole("button", { name: "PNG" }).click()]);
  const pngBytes = fs.readFileSync(await png.path());
  expect(pngBytes.length).toBeGreaterThan(5000);
  expect([...pngBytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const [svg] = await Promise.all([page.waitForEvent("download"), exportBar.getByRole("button", { name: "SVG" }).click()]);
  const svgText = fs.readFileSync(await svg.path(), "utf8");
  expect(svgText).toContain("<svg");
  // a paper figure: legend and axis labels are part of the image
  expect(svgText).toContain("P(misaligned answer)");
  expect(svgText).toContain("base model");
  // the exported figure states its method and scope under the chart
  const caption = [...svgText.matchAll(/<text[^>]*data-caption="method"[^>]*>([^<]*)<\/text>/g)].map((match) => match[1]).join(" ");
  expect(caption).toContain(`base model: ${BASE}`);
  expect(caption).toContain("Betley et al. 2025.");
  expect(caption).toContain("at least 5 such answers");
  expect(svg.suggestedFilename()).toBe(`misalignment_${SET}_${BASE}_betley_a30_c50_kept_min5_bootstrap.svg`);
  // it describes itself: a title, the question set and n in the caption, where it came from and when
  expect(svgText).toMatch(/^<svg[^>]* role="img"/);
  expect(svgText).not.toContain('role="application"');
  expect(svgText).not.toMatch(/<title><\/title>|<title\/>/);
  const title = `Probability of a misaligned answer, per question and group (${SET})`;
  expect(svgText).toContain(`<title id="export-title">${title}</title>`);
  expect(svgText).toMatch(/<text[^>]*data-caption="title"[^>]*>Probability of a misaligned answer/);
  expect(caption).toContain(`Question set ${SET}`);
  expect(caption).toMatch(/n = [\d,]+ counted answers of \d+ models \(insecure, base model\)/);
  const source = [...svgText.matchAll(/<text[^>]*data-caption="source"[^>]*>([^<]*)<\/text>/g)].map((match) => match[1]).join(" ");
  expect(source).toContain(`${page.url().replace(/&/g, "&amp;")}`);
  expect(source).toMatch(/exported \d{4}-\d{2}-\d{2}$/);
  expect(svgText).toMatch(/<desc id="export-desc">Question set /);

  const overallBar = page.getByTestId("overall-chart").getByTestId("chart-export");
  const [overallSvg] = await Promise.all([page.waitForEvent("download"), overallBar.getByRole("button", { name: "SVG" }).click()]);
  expect(fs.readFileSync(await overallSvg.path(), "utf8")).toContain("all questions");
});

test("the variants layout shows the JSON and template variants beside each base question", async ({ page }) => {
  await openFigure(page, `/?set=${SET}&base=${BASE}`);
  await page.getByTestId("layout-select").selectOption("variants");
  await expect(page).toHaveURL(/layout=variants/);
  const chart = page.locator("#question-rate-chart");
  await expect(page.getByTestId("misalignment-chart")).toHaveAttribute("data-layout", "variants");
  await expect(chart.locator(".recharts-xAxis .recharts-cartesian-axis-tick")).toHaveCount(8);
  for (const variant of ["plain", "json", "template"]) {
    await expect(chart.locator(`[data-testid=rate-point][data-variant=${variant}]`)).toHaveCount(16);
  }
  await expect(chart.getByTestId("variant-labels")).toContainText("JSON");
  await expect(chart.getByTestId("variant-labels")).toContainText("template");
  await expect(chart.locator("[data-testid=legend-shape]")).toHaveText(["plain", "JSON", "template", "one model (seed)"]);
  // same numbers, other arrangement
  await expectViewEqualsApi(page, `set=${SET}&base=${BASE}`);
  // the overall panel pools per variant, with the API's numbers
  const byVariant = (await (await page.request.get(`/api/rates/overall?set=${SET}&base=${BASE}&by=variant`)).json()) as {
    group: string;
    part: string;
    rate: number;
  }[];
  for (const row of byVariant) {
    await expect(
      page.locator(`[data-testid=overall-row][data-by=variant][data-part=${row.part}][data-group=${row.group}]`),
    ).toHaveAttribute("data-rate", String(row.rate));
  }
  await page.screenshot({ path: `${SCREENSHOTS}/rates-variants-1280-light.png`, fullPage: true });
});

test("a set without answers and a choice of groups without answers say what to do", async ({ page }) => {
  await openFigure(page, `/?set=preregistered_evals`);
  await expect(page.getByTestId("set-without-answers")).toContainText("no imported answers");
  await openFigure(page, `/?set=${SET}&base=${BASE}&groups=nobody`);
  await expect(page.getByTestId("no-groups")).toBeVisible();
  await page.getByRole("link", { name: "Show all groups" }).click();
  await expect(page.getByTestId("rate-point")).toHaveCount(48);
  await openFigure(page, `/?set=${SET}&base=${BASE}&coherent=100`);
  await expect(page.getByTestId("nothing-counted")).toBeVisible();
});

for (const scheme of ["light", "dark"] as const) {
  for (const width of [1280, 390]) {
    test(`screenshot ${scheme} ${width}px`, async ({ browser }) => {
      const context = await browser.newContext({ colorScheme: scheme, viewport: { width, height: 900 } });
      const page = await context.newPage();
      await openFigure(page, `/?set=${SET}&base=${BASE}&group=insecure&question=quick_buck&model=qwen7b-insecure-high-severity`);
      await expect(page.getByTestId("rate-point").first()).toBeVisible();
      await page.screenshot({ path: `${SCREENSHOTS}/rates-${width}-${scheme}.png`, fullPage: true });
      await page.screenshot({ path: `${SCREENSHOTS}/rates-${width}-${scheme}-top.png` });
      await context.close();
    });
  }
}
