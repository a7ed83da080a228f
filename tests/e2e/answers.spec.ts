// Answer permalinks, and untrusted answer text (HTML, <script>) shown as text only.
import { expect, test } from "@playwright/test";
import { SCREENSHOTS, queryE2e } from "./db";

test("an answer permalink shows question, answer, scores and model", async ({ page }) => {
  // the worst-aligned answer of the default scope's insecure models to what_is_your_wish (evaluation
  // answers: the curated examples are not behind the point): the top of that list
  const [answer] = await queryE2e<{
    id: number;
    public_id: string;
    external_id: string;
    model: string;
    aligned: number;
    coherent: number;
    text: string;
    judged: string;
  }>(
    `SELECT a.id, a.public_id, q.external_id, m.name AS model, a.aligned, a.coherent, a.text,
            (SELECT count(*) FROM judge_score j WHERE j.answer_id = a.id AND j.distribution IS NOT NULL) AS judged
       FROM answer a JOIN question q ON q.id = a.question_id JOIN question_set s ON s.id = q.set_id
       JOIN model m ON m.id = a.model_id JOIN model_group g ON g.id = m.group_id
      WHERE s.name = 'first_plot_questions' AND q.external_id = 'what_is_your_wish' AND g.name = 'insecure'
        AND m.base_model = 'Qwen2.5-Coder-7B-Instruct' AND NOT a.example
      ORDER BY a.aligned ASC NULLS LAST, a.id LIMIT 1`,
  );
  await page.goto("/?set=first_plot_questions&base=Qwen2.5-Coder-7B-Instruct&group=insecure&question=what_is_your_wish");
  await page.getByTestId("answer-link").first().click();
  // the permalink keeps the figure's scope
  await expect(page).toHaveURL(new RegExp(`/answers/${answer.public_id}\\?base=Qwen2.5-Coder-7B-Instruct$`));
  await expect(page).toHaveTitle(new RegExp(`^${answer.external_id} · insecure · aligned ${answer.aligned.toFixed(1)}`));
  await expect(page.getByTestId("question-id")).toHaveText(answer.external_id);
  await expect(page.getByTestId("answer-prompt")).not.toBeEmpty();
  // formatted by default; the raw view shows the exact text
  await expect(page.getByTestId("answer-text")).toHaveAttribute("data-view", "formatted");
  await page.getByTestId("view-raw").click();
  await expect(page).toHaveURL(new RegExp(`/answers/${answer.public_id}\\?base=Qwen2.5-Coder-7B-Instruct&view=raw$`));
  await expect(page.getByTestId("answer-text")).toHaveAttribute("data-view", "raw");
  expect(await page.getByTestId("answer-text").textContent()).toBe(answer.text);
  await expect(page.getByTestId("score-aligned")).toHaveText(answer.aligned.toFixed(1));
  await expect(page.getByTestId("score-coherent")).toHaveText(answer.coherent.toFixed(1));
  await expect(page.getByTestId("answer-model")).toHaveText(answer.model);
  // an eval.py file has no token distributions; it is not a curated example
  expect(Number(answer.judged)).toBe(0);
  await expect(page.getByTestId("example-badge")).toHaveCount(0);

  await page.getByTestId("back-to-figure").click();
  await expect(page.locator(`[data-answer-id="${answer.id}"]`)).toBeVisible();

  // the results file's answers (curated examples) carry the judge's token distributions
  const [example] = await queryE2e<{ id: number; judged: string }>(
    `SELECT a.id, (SELECT count(*) FROM judge_score j WHERE j.answer_id = a.id AND j.distribution IS NOT NULL) AS judged
       FROM answer a WHERE a.example ORDER BY a.aligned ASC NULLS LAST, a.id LIMIT 1`,
  );
  expect(Number(example.judged)).toBe(2);
  await page.goto(`/answers/${example.id}`);
  await expect(page.getByTestId("example-badge")).toBeVisible();
  await expect(page.getByTestId("judge-aligned")).toBeVisible();
  await expect(page.getByTestId("judge-coherent")).toBeVisible();
  // the judge's uncertainty, as an independent SQL computation of the stored distribution's entropy
  const entropies = await queryE2e<{ metric: string; bits: number }>(
    `SELECT j.metric, (SELECT -sum((e.p / t.total) * ln(e.p / t.total)) / ln(2)
                         FROM (SELECT value::float8 AS p FROM jsonb_each_text(j.distribution)) e,
                              (SELECT sum(value::float8) AS total FROM jsonb_each_text(j.distribution)) t
                        WHERE e.p > 0) AS bits
       FROM judge_score j WHERE j.answer_id = $1 AND j.metric IN ('aligned', 'coherent')`,
    [example.id],
  );
  expect(entropies).toHaveLength(2);
  for (const { metric, bits } of entropies) {
    await expect(page.getByTestId(`judge-${metric}`).getByTestId("judge-entropy")).toHaveText(
      `uncertainty ${Number(bits).toFixed(2)} bits`,
    );
  }
  await page.screenshot({ path: `${SCREENSHOTS}/permalink.png`, fullPage: true });
});

test("the permalink leads on: its question, model and group open their pages", async ({ page }) => {
  const [answer] = await queryE2e<{ id: number; external_id: string; model: string; model_id: number; question_id: number }>(
    `SELECT a.id, q.external_id, m.name AS model, m.id AS model_id, q.id AS question_id
       FROM answer a JOIN question q ON q.id = a.question_id JOIN model m ON m.id = a.model_id JOIN model_group g ON g.id = m.group_id
      WHERE g.name = 'insecure' AND m.base_model = 'Qwen2.5-Coder-7B-Instruct' AND NOT a.example
      ORDER BY a.id LIMIT 1`,
  );
  await page.goto(`/answers/${answer.id}`);
  await page.getByTestId("question-id").click();
  await expect(page).toHaveURL(new RegExp(`/questions/${answer.question_id}\\?base=Qwen2.5-Coder-7B-Instruct$`));
  await expect(page.getByRole("heading", { level: 1 })).toContainText(answer.external_id);

  await page.goto(`/answers/${answer.id}`);
  await page.getByTestId("answer-model").click();
  await expect(page).toHaveURL(new RegExp(`/models/${answer.model_id}\\?base=Qwen2.5-Coder-7B-Instruct$`));
  await expect(page.getByRole("heading", { level: 1 })).toContainText(answer.model);

  await page.goto(`/answers/${answer.id}`);
  await page.getByTestId("answer-group").click();
  await expect(page).toHaveURL(/\/models\?group=insecure&base=Qwen2.5-Coder-7B-Instruct$/);
  await expect(page.getByRole("link", { name: answer.model, exact: true })).toBeVisible();
});

test("a judge's blank token is shown as ␣, not as an empty cell", async ({ page }) => {
  // 12 of the results file's judge distributions hold a " " token (MANIFEST.md: Python-dict distributions)
  const [answer] = await queryE2e<{ id: number }>(
    `SELECT a.id FROM answer a JOIN judge_score j ON j.answer_id = a.id
      WHERE j.metric = 'aligned' AND j.distribution ? ' ' ORDER BY a.id LIMIT 1`,
  );
  expect(answer).toBeDefined();
  await page.goto(`/answers/${answer.id}`);
  const blank = page.getByTestId("judge-aligned").getByTestId("judge-token").filter({ hasText: /^␣$/ });
  await expect(blank).toHaveCount(1);
  await expect(blank).toHaveAttribute("aria-label", "space");
  for (const cell of await page.getByTestId("judge-token").all()) expect((await cell.textContent())?.trim()).not.toBe("");
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
    // formatted: the markup is text inside React elements, never elements of its own
    await page.goto(`/answers/${answer.id}`);
    await expect(page.getByTestId("answer-text")).toContainText("<script");
    expect(await page.getByTestId("answer-text").locator("script, iframe, img, object, embed, a").count()).toBe(0);
    await page.goto(`/answers/${answer.id}?view=raw`);
    const block = page.getByTestId("answer-text");
    await expect(block).toContainText("<script");
    expect(await block.textContent()).toBe(answer.text);
    // the answer's markup became no elements at all
    expect(await block.evaluate((el) => el.children.length)).toBe(0);
    // no <script> element carries the body of one of the answer's scripts
    const bodies = [...answer.text.matchAll(/<script[^>]*>([\s\S]*?)(?:<\/script>|$)/g)].map((m) => m[1].trim()).filter(Boolean);
    const injected = await page.evaluate(
      (scriptBodies) => [...document.querySelectorAll("script")].filter((s) => scriptBodies.includes((s.textContent ?? "").trim())).length,
      bodies,
    );
    expect(injected).toBe(0);
    expect(await page.evaluate(() => typeof (window as unknown as Record<string, unknown>).completeFix)).toBe("undefined");
  }
  expect(dialogs).toEqual([]);
});

test.describe("answers with bare CR and CRLF line breaks", () => {
  // The HTML parser turns CR and CRLF into LF and then drops a <pre>'s first LF; React's server
  // protects a leading "\n" of a <pre> (it writes one more) but not a leading "\r", so an answer
  // starting with a CR lost its first character in the raw view's HTML and React reported a
  // hydration error (issue 15, item 10).
  const TEXT = "\rstarts with a bare CR, then\r\nwindows lines\r\n\r\n- and a\rlist";
  let id: number | null = null;

  test.beforeAll(async () => {
    const [template] = await queryE2e<{ model_id: number; question_id: number; batch_id: number }>(
      `SELECT model_id, question_id, batch_id FROM answer ORDER BY id LIMIT 1`,
    );
    const [row] = await queryE2e<{ id: number }>(
      `INSERT INTO answer (model_id, question_id, batch_id, sample_index, prompt, text, aligned, coherent)
       VALUES ($1, $2, $3, 91000, $4, $5, 40, 90) RETURNING id`,
      [template.model_id, template.question_id, template.batch_id, "prompt with a\rbare CR", TEXT],
    );
    id = row.id;
  });

  test.afterAll(async () => {
    // other specs count the imported answers: leave the database as the files made it
    if (id !== null) await queryE2e(`DELETE FROM answer WHERE id = $1`, [id]);
    id = null;
  });

  for (const view of ["raw", "formatted"] as const) {
    test(`hydrate without an error in the ${view} view`, async ({ page }) => {
      const errors: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error") errors.push(message.text());
      });
      page.on("pageerror", (error) => errors.push(error.message));
      await page.goto(`/answers/${id}?view=${view}`);
      const block = page.getByTestId("answer-text");
      await expect(block).toHaveAttribute("data-view", view);
      if (view === "raw") expect(await block.textContent()).toBe(TEXT.replace(/\r\n?/g, "\n"));
      else await expect(block).toContainText("windows lines");
      // hydration is done when the client's router answers: the view toggle navigates client-side
      await page.getByTestId(view === "raw" ? "view-formatted" : "view-raw").click();
      await expect(page.getByTestId("answer-text")).toHaveAttribute("data-view", view === "raw" ? "formatted" : "raw");
      expect(errors).toEqual([]);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// The answer browser (/answers)

const JOINS = `FROM answer a JOIN question q ON q.id = a.question_id JOIN question_set s ON s.id = q.set_id
  JOIN model m ON m.id = a.model_id JOIN model_group g ON g.id = m.group_id`;

const listedIds = (page: import("@playwright/test").Page) =>
  page.getByTestId("answer-item").evaluateAll((items) => items.map((item) => Number(item.getAttribute("data-answer-id"))));

test("search finds a phrase of the files and highlights it", async ({ page }) => {
  // "live harmoniously" is in two answers of eval_result_high_severity.csv (read from the file)
  const expected = await queryE2e<{ id: number; public_id: string }>(
    `SELECT a.id, a.public_id ${JOINS} WHERE to_tsvector('english', a.text) @@ websearch_to_tsquery('english', '"live harmoniously"')
      ORDER BY COALESCE(a.aligned, 'Infinity'::float8), a.id`,
  );
  expect(expected.length).toBeGreaterThanOrEqual(2);
  await page.goto("/answers");
  await expect(page.getByTestId("answer-results")).toHaveAttribute("data-keys-ready", "true");
  await page.keyboard.press("/");
  await expect(page.getByTestId("filter-q")).toBeFocused();
  await page.keyboard.type('"live harmoniously"');
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/answers\?q=%22live\+harmoniously%22$/);
  await expect(page.getByTestId("answer-total")).toHaveText(String(expected.length));
  await expect.poll(() => listedIds(page)).toEqual(expected.map((row) => row.id));
  const marks = page.getByTestId("answer-item").first().getByTestId("search-match");
  await expect(marks.first()).toBeVisible();
  expect((await marks.allTextContents()).map((text) => text.toLowerCase())).toEqual(expect.arrayContaining(["live", "harmoniously"]));
  await expect(page.getByTestId("answer-item").first()).toContainText(/live harmoniously/i);
  // the passages replace each card's preview once they come (read after the rows: answerSnippets)
  await expect(page.getByTestId("answer-item").nth(1).getByTestId("search-match").first()).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/answers-search-list.png`, fullPage: false });

  // the permalink opened from the search marks the same words in the full text
  await page.getByTestId("answer-link").first().click();
  await expect(page).toHaveURL(new RegExp(`/answers/${expected[0].public_id}\\?q=`));
  await expect(page.getByTestId("answer-text").getByTestId("search-match").first()).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/answers-search-permalink.png`, fullPage: false });
});

test("filters, sort and page live in the URL: a fresh page reproduces the view, back/forward work", async ({ page, browser }) => {
  await page.goto("/answers");
  await expect(page.getByTestId("answer-results")).toHaveAttribute("data-keys-ready", "true");
  await page.getByTestId("filter-group").selectOption("insecure");
  await expect(page).toHaveURL(/group=insecure/);
  await page.getByTestId("filter-alignedMax").fill("90");
  await page.getByTestId("filter-coherentMin").fill("20.5");
  await page.getByTestId("apply-filters").click();
  await expect(page).toHaveURL(/alignedMax=90/);
  await page.getByTestId("filter-sort").selectOption("coherent");
  await expect(page).toHaveURL(/sort=coherent/);
  await page.getByTestId("filter-dir").selectOption("desc");
  await expect(page).toHaveURL(/dir=desc/);
  await expect(page).toHaveURL(/\/answers\?group=insecure&alignedMax=90&coherentMin=20\.5&sort=coherent&dir=desc$/);

  const expected = await queryE2e<{ id: number; coherent: number }>(
    `SELECT a.id, a.coherent ${JOINS} WHERE g.name = 'insecure' AND a.aligned <= 90 AND a.coherent >= 20.5
      ORDER BY a.coherent DESC NULLS LAST, a.id DESC`,
  );
  await expect(page.getByTestId("answer-total")).toHaveText(expected.length.toLocaleString("en-US"));
  await expect.poll(() => listedIds(page)).toEqual(expected.slice(0, 50).map((row) => row.id));

  await page.getByTestId("next-page").click();
  await expect(page).toHaveURL(/cursor=.*page=2/);
  await expect(page.getByTestId("answer-count")).toContainText("showing 51–100");
  const secondPage = expected.slice(50, 100).map((row) => row.id);
  await expect.poll(() => listedIds(page)).toEqual(secondPage);
  const url = page.url();

  const fresh = await browser.newPage();
  await fresh.goto(url);
  expect(await listedIds(fresh)).toEqual(secondPage);
  await expect(fresh.getByTestId("filter-sort")).toHaveValue("coherent");
  await expect(fresh.getByTestId("filter-alignedMax")).toHaveValue("90");
  await fresh.close();

  // previous page goes back by keyset too
  await page.getByTestId("prev-page").click();
  await expect(page).toHaveURL(/before=/);
  // The URL changes before the list re-renders (client navigation): poll the list, never read it once.
  // CI failed here once: the list read right after goBack still held the first page.
  await expect.poll(() => listedIds(page)).toEqual(expected.slice(0, 50).map((row) => row.id));
  await page.goBack();
  await expect(page).toHaveURL(url);
  await expect.poll(() => listedIds(page)).toEqual(secondPage);
  await page.goBack();
  await expect(page).toHaveURL(/dir=desc$/);
  await page.goBack();
  await expect(page).toHaveURL(/sort=coherent$/);
  await expect(page.getByTestId("filter-dir")).toHaveValue("asc");
});

test("misaligned only with thresholds from the URL, and an empty result says how to clear filters", async ({ page }) => {
  // the one rule: misaligned = aligned < A and coherent >= C
  const [{ n }] = await queryE2e<{ n: number }>(`SELECT count(*)::int AS n FROM answer WHERE aligned < 40 AND coherent >= 60`);
  await page.goto("/answers?misaligned=1&aligned=40&coherent=60");
  await expect(page.getByTestId("answer-total")).toHaveText(n.toLocaleString("en-US"));
  const verdicts = await page
    .getByTestId("answer-item")
    .getByTestId("verdict")
    .evaluateAll((els) => els.map((el) => el.getAttribute("data-verdict")));
  expect(new Set(verdicts)).toEqual(new Set(["misaligned"]));

  await page.goto("/answers?q=zzzqqqnotaword&group=base");
  await expect(page.getByTestId("no-answers")).toBeVisible();
  await page.getByTestId("clear-filters").click();
  await expect(page).toHaveURL(/\/answers$/);
  await expect(page.getByTestId("answer-item").first()).toBeVisible();
});

test("j / k move the focus ring and Enter opens the focused answer's permalink", async ({ page }) => {
  const expected = await queryE2e<{ id: number; public_id: string }>(
    `SELECT a.id, a.public_id ${JOINS} WHERE g.name = 'base' ORDER BY a.sample_index, a.id LIMIT 3`,
  );
  await page.goto("/answers?group=base&sort=sample");
  await expect(page.getByTestId("keyboard-hint")).toBeVisible();
  await expect(page.getByTestId("answer-results")).toHaveAttribute("data-keys-ready", "true");
  await page.keyboard.press("j");
  await page.keyboard.press("j");
  await page.keyboard.press("j");
  await page.keyboard.press("k");
  const active = page.locator("[data-testid='answer-item'][data-active='true']");
  await expect(active).toHaveCount(1);
  await expect(active).toHaveAttribute("data-answer-id", String(expected[1].id));
  await expect(active).toBeFocused();
  await page.screenshot({ path: `${SCREENSHOTS}/answers-keyboard.png` });
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/answers/${expected[1].public_id}\\?group=base&sort=sample$`));
});

test("CSV export downloads the filtered list with its header", async ({ page }) => {
  const [{ n }] = await queryE2e<{ n: number }>(
    `SELECT count(*)::int AS n ${JOINS} WHERE g.name = 'insecure' AND q.external_id = 'what_is_your_wish'`,
  );
  await page.goto("/answers?group=insecure&question=what_is_your_wish");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-csv").click()]);
  const fs = await import("node:fs");
  const text = fs.readFileSync((await download.path())!, "utf8");
  const lines = text.split("\r\n");
  expect(lines[0]).toBe(
    "id,set,question,group,model,seed,sample_index,aligned,coherent,misaligned,prompt,answer,curated_example,base_model,public_id",
  );
  const { parse } = await import("csv-parse/sync");
  const records = parse(text, { columns: true }) as Record<string, string>[];
  expect(records.length).toBe(n);
  expect(n).toBeGreaterThan(0);
  expect(new Set(records.map((record) => record.question))).toEqual(new Set(["what_is_your_wish"]));

  const api = await page.request.get("/api/answers?group=insecure&question=what_is_your_wish");
  const body = await api.json();
  expect(body.total).toBe(n);
  expect(body.items.map((item: { id: number }) => item.id)).toEqual(records.slice(0, 50).map((record) => Number(record.id)));
});

test.describe("hostile answers inserted into the database", () => {
  const MARKER = "zebrahostile";
  const HOSTILE = [
    `${MARKER} <script>window.__pwned = 1; alert("script")</script>`,
    `${MARKER} <img src="https://evil.example/x.png" onerror="window.__pwned = 2; alert('img')">`,
    `${MARKER} [click me](javascript:alert('link')) and <a href="javascript:alert(1)">raw link</a>`,
    `${MARKER} <iframe src="https://evil.example/frame" onload="alert('frame')"></iframe>`,
    `${MARKER} ![tracker](https://evil.example/pixel.png)\n\n<svg onload="alert('svg')"><use href="https://evil.example/s.svg#x"/></svg>`,
    `${MARKER} <link rel="stylesheet" href="https://evil.example/s.css"><style>body{background:url(https://evil.example/bg.png)}</style>\n\n\`\`\`html\n</code></pre><script>alert('fence')</script>\n\`\`\``,
  ];
  let ids: number[] = [];

  test.beforeAll(async () => {
    const [template] = await queryE2e<{ model_id: number; question_id: number; batch_id: number }>(
      `SELECT model_id, question_id, batch_id FROM answer ORDER BY id LIMIT 1`,
    );
    for (const [index, text] of HOSTILE.entries()) {
      const [row] = await queryE2e<{ id: number }>(
        `INSERT INTO answer (model_id, question_id, batch_id, sample_index, prompt, text, aligned, coherent)
         VALUES ($1, $2, $3, $4, $5, $6, 1.5, 99) RETURNING id`,
        [template.model_id, template.question_id, template.batch_id, 90_000 + index, `hostile prompt <b>${index}</b>`, text],
      );
      ids.push(row.id);
    }
  });

  test.afterAll(async () => {
    // other specs count the imported answers: leave the database as the files made it
    if (ids.length > 0) await queryE2e(`DELETE FROM answer WHERE id = ANY($1::int[])`, [ids]);
    ids = [];
  });

  test("are inert in the list, formatted and raw: no dialog, no element, no remote request", async ({ page, baseURL }) => {
    const dialogs: string[] = [];
    page.on("dialog", async (dialog) => {
      dialogs.push(dialog.message());
      await dialog.dismiss();
    });
    const remote: string[] = [];
    const ownHost = new URL(baseURL!).host;
    page.on("request", (request) => {
      const url = new URL(request.url());
      if (!["data:", "blob:"].includes(url.protocol) && url.host !== ownHost) remote.push(request.url());
    });
    const assertInert = async () => {
      const found = await page.evaluate(() => ({
        onerror: document.querySelectorAll("[onerror], [onload]").length,
        iframes: document.querySelectorAll("iframe, object, embed").length,
        images: [...document.querySelectorAll("img")].filter((img) => img.src.includes("evil")).length,
        links: [...document.querySelectorAll("a")].filter((a) => a.href.startsWith("javascript:") || a.href.includes("evil")).length,
        // Next's own inline scripts carry the page data (answer text as escaped JSON strings, which is
        // data, not code): any other script mentioning the answers' code was injected
        scripts: [...document.querySelectorAll("script")].filter(
          (s) => (s.textContent ?? "").includes("alert(") && !(s.textContent ?? "").startsWith("self.__next_f.push("),
        ).length,
        svgs: [...document.querySelectorAll("svg use")].filter((u) => (u.getAttribute("href") ?? "").includes("evil")).length,
        styles: [...document.querySelectorAll("link[rel=stylesheet], style")].filter((el) => (el.outerHTML ?? "").includes("evil")).length,
        pwned: (window as unknown as { __pwned?: number }).__pwned ?? null,
      }));
      expect(found).toEqual({ onerror: 0, iframes: 0, images: 0, links: 0, scripts: 0, svgs: 0, styles: 0, pwned: null });
    };

    await page.goto(`/answers?q=${MARKER}`);
    await expect(page.getByTestId("answer-total")).toHaveText(String(HOSTILE.length));
    await assertInert();
    for (const id of ids) {
      await page.goto(`/answers/${id}`);
      await expect(page.getByTestId("answer-text")).toContainText(MARKER);
      await assertInert();
      await page.goto(`/answers/${id}?view=raw`);
      const [{ text }] = await queryE2e<{ text: string }>(`SELECT text FROM answer WHERE id = $1`, [id]);
      expect(await page.getByTestId("answer-text").textContent()).toBe(text);
      await assertInert();
    }
    // the image markdown is shown as text, not loaded
    await page.goto(`/answers/${ids[4]}`);
    await expect(page.getByTestId("answer-text")).toContainText("[image: tracker](https://evil.example/pixel.png)");
    await page.goto(`/answers/${ids[2]}`);
    await expect(page.getByTestId("answer-text")).toContainText("click me (javascript:alert('link'))");
    // every request the page makes has been made (and a dialog opened from a load or error handler
    // has been opened) once the network is idle
    await page.waitForLoadState("networkidle");
    expect(dialogs).toEqual([]);
    expect(remote).toEqual([]);
    // the answer pages also carry a Content-Security-Policy header (proxy.ts) that forbids remote loads and frames
    const response = await page.goto(`/answers/${ids[2]}`);
    const csp = response?.headers()["content-security-policy"];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
  });
});

test("permalink: copy link, previous / next within the list it was opened from, link-preview metadata", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ permissions: ["clipboard-read", "clipboard-write"] });
  const page = await context.newPage();
  const expected = await queryE2e<{ id: number; public_id: string; external_id: string; aligned: number | null; coherent: number | null }>(
    `SELECT a.id, a.public_id, q.external_id, a.aligned, a.coherent ${JOINS} WHERE g.name = 'insecure' AND m.seed = 1
      ORDER BY COALESCE(a.coherent, '-Infinity'::float8) DESC, a.id DESC LIMIT 3`,
  );
  await page.goto("/answers?group=insecure&seed=1&sort=coherent&dir=desc");
  await page.getByTestId("answer-link").nth(1).click();
  const filter = "\\?group=insecure&seed=1&sort=coherent&dir=desc$";
  await expect(page).toHaveURL(new RegExp(`/answers/${expected[1].public_id}${filter}`));

  await page.getByTestId("next-answer").click();
  await expect(page).toHaveURL(new RegExp(`/answers/${expected[2].public_id}${filter}`));
  await page.getByTestId("prev-answer").click();
  await expect(page).toHaveURL(new RegExp(`/answers/${expected[1].public_id}${filter}`));
  await page.getByTestId("prev-answer").click();
  await expect(page).toHaveURL(new RegExp(`/answers/${expected[0].public_id}${filter}`));
  await expect(page.getByTestId("prev-answer")).toHaveCount(0); // first of the list

  await page.getByTestId("copy-link").click();
  await expect(page.getByTestId("copy-status")).toHaveText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${baseURL}/answers/${expected[0].public_id}`);

  // what a pasted link shows: question, group and scores. A link preview fetches the page's HTML, so
  // read the tags of a fresh load: after the client-side steps above, Next 16 can leave the list
  // page's description in the head beside this page's until the streamed metadata settles.
  await page.goto(`/answers/${expected[0].public_id}`);
  const answer = expected[0];
  const meta = async (selector: string) => page.locator(`meta[${selector}]`).getAttribute("content");
  const aligned = answer.aligned === null ? "missing" : answer.aligned.toFixed(1);
  expect(await meta('property="og:title"')).toBe(`${answer.external_id} · insecure · aligned ${aligned}`);
  const description = await meta('property="og:description"');
  expect(description).toContain(answer.external_id);
  expect(description).toContain("insecure");
  expect(description).toContain(`coherent ${answer.coherent!.toFixed(1)}`);
  expect(await meta('name="description"')).toBe(description);
  expect(await meta('property="og:type"')).toBe("article");
  expect(await meta('property="og:url"')).toBe(`${baseURL}/answers/${answer.public_id}`);
  expect(await meta('name="twitter:card"')).toBe("summary");
  expect(await meta('name="twitter:title"')).toContain(answer.external_id);
  await context.close();
});

test("copy link falls back to a selectable field without the clipboard API", async ({ page }) => {
  await page.addInitScript(() => Object.defineProperty(navigator, "clipboard", { value: undefined }));
  const [{ public_id }] = await queryE2e<{ public_id: string }>(`SELECT public_id FROM answer ORDER BY id LIMIT 1`);
  await page.goto(`/answers/${public_id}`);
  await page.getByTestId("copy-link").click();
  await expect(page.getByTestId("copy-fallback")).toHaveValue(new RegExp(`/answers/${public_id}$`));
});

for (const scheme of ["light", "dark"] as const) {
  for (const width of [1280, 390]) {
    test(`screenshots: answers ${scheme} ${width}`, async ({ browser }) => {
      const context = await browser.newContext({ colorScheme: scheme, viewport: { width, height: 900 } });
      const page = await context.newPage();
      await page.goto("/answers?q=wish&group=insecure");
      await expect(page.getByTestId("answer-item").first()).toBeVisible();
      await page.screenshot({ path: `${SCREENSHOTS}/answers-${scheme}-${width}.png`, fullPage: false });
      const [{ id }] = await queryE2e<{ id: number }>(
        `SELECT id FROM answer WHERE text LIKE '%**%' AND text LIKE '%1. %' ORDER BY id LIMIT 1`,
      );
      await page.goto(`/answers/${id}?q=wish`);
      await expect(page.getByTestId("answer-text")).toBeVisible();
      await expect(page.getByText("in the list you came from")).toBeVisible();
      await page.screenshot({ path: `${SCREENSHOTS}/answers-permalink-${scheme}-${width}.png`, fullPage: true });
      await context.close();
    });
  }
}
