// WCAG 2.2 AA on every page, light and dark, checked by axe-core on the rendered page (real data).
// Each page is checked after its charts have drawn, so chart text and legends are included.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { queryE2e, seedRemovedAnswer } from "./db";
import { e2eCollection } from "./helpers/reviewer";
import { CONSTRUCTED_JUDGE, seedConstructedJudge } from "./helpers/constructed-judge";

const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

interface PageCase {
  name: string;
  path: () => Promise<string>;
  /** waits for what the page draws last (a generous timeout: this spec is about violations, not speed) */
  ready: (page: Page) => Promise<void>;
}

async function firstId(sql: string): Promise<number> {
  const [row] = await queryE2e<{ id: number }>(sql);
  if (!row) throw new Error(`no row for ${sql}`);
  return row.id;
}

// one collection for both colour schemes: a curated example with a note (the one with the judge's token
// distributions) and an evaluation answer
let axeCollection: Promise<string> | undefined;
function collectionPath(): Promise<string> {
  axeCollection ??= (async () => {
    const judged = await firstId("SELECT a.id FROM answer a JOIN judge_score j ON j.answer_id = a.id ORDER BY a.id LIMIT 1");
    const evaluation = await firstId("SELECT id FROM answer WHERE NOT example ORDER BY id LIMIT 1");
    return e2eCollection(`Axe collection ${Date.now()}`, [judged, evaluation]);
  })();
  return axeCollection;
}

const PAGES: PageCase[] = [
  {
    name: "Figure 4",
    path: async () => "/?set=first_plot_questions&base=Qwen2.5-Coder-7B-Instruct",
    ready: (p) => expect(p.getByTestId("rate-point").first()).toBeVisible({ timeout: 30_000 }),
  },
  {
    // five models of one group (the LoRA-rank sweep): the table's per-model links wrap onto two lines
    name: "Figure 4, a scope of five models",
    path: async () => "/?set=first_plot_questions&base=Qwen2.5-14B-Instruct",
    ready: (p) => expect(p.getByTestId("rate-point").first()).toBeVisible({ timeout: 30_000 }),
  },
  {
    name: "Figure 4 with answers",
    path: async () => "/?set=first_plot_questions&base=Qwen2.5-Coder-7B-Instruct&group=insecure&question=what_is_your_wish#answers",
    ready: (p) => expect(p.getByTestId("answer-item").first()).toBeVisible({ timeout: 30_000 }),
  },
  {
    name: "compare",
    path: async () => "/compare?set=first_plot_questions&base=Qwen2.5-Coder-7B-Instruct&b=base",
    ready: (p) => expect(p.getByTestId("forest-point").first()).toBeVisible({ timeout: 30_000 }),
  },
  {
    // a constructed second judge (tests/e2e/helpers/constructed-judge.ts): real files have one judge
    name: "judges",
    path: async () => (
      await seedConstructedJudge(),
      `/judges?set=first_plot_questions&base=Qwen2.5-Coder-7B-Instruct&b=judge%3A${CONSTRUCTED_JUDGE}`
    ),
    ready: (p) => expect(p.getByTestId("disagreement").first()).toBeVisible({ timeout: 30_000 }),
  },
  {
    name: "side by side",
    path: async () =>
      "/side-by-side?set=first_plot_questions&base=Qwen2.5-Coder-7B-Instruct&a=group%3Ainsecure&b=group%3Abase&question=what_is_your_wish",
    ready: (p) => expect(p.getByTestId("pair").first()).toBeVisible({ timeout: 30_000 }),
  },
  {
    name: "answers",
    path: async () => "/answers",
    ready: (p) => expect(p.getByTestId("answer-item").first()).toBeVisible({ timeout: 30_000 }),
  },
  {
    name: "answers search",
    path: async () => "/answers?q=wish",
    ready: (p) => expect(p.getByTestId("search-match").first()).toBeVisible({ timeout: 30_000 }),
  },
  {
    name: "answer permalink",
    path: async () =>
      `/answers/${await firstId("SELECT a.id FROM answer a JOIN judge_score j ON j.answer_id = a.id ORDER BY a.id LIMIT 1")}`,
    ready: (p) => expect(p.getByTestId("answer-text")).toBeVisible({ timeout: 30_000 }),
  },
  {
    // every judge's scores in a table, the headline read by a further judge
    name: "answer permalink by a further judge",
    path: async () => {
      await seedConstructedJudge();
      const [row] = await queryE2e<{ public_id: string }>(
        `SELECT answer_public_id AS public_id FROM answer_judge_score WHERE judge = $1 ORDER BY answer_public_id LIMIT 1`,
        [CONSTRUCTED_JUDGE],
      );
      return `/answers/${row.public_id}?judge=${CONSTRUCTED_JUDGE}`;
    },
    ready: (p) => expect(p.getByTestId("judge-scores")).toBeVisible({ timeout: 30_000 }),
  },
  {
    name: "removed answer",
    path: async () => `/answers/${await seedRemovedAnswer()}`,
    ready: (p) => expect(p.getByTestId("answer-removed")).toBeVisible({ timeout: 30_000 }),
  },
  { name: "models", path: async () => "/models", ready: (p) => expect(p.locator("table").first()).toBeVisible({ timeout: 30_000 }) },
  {
    name: "model",
    path: async () =>
      `/models/${await firstId("SELECT m.id FROM model m JOIN model_group g ON g.id = m.group_id WHERE g.name = 'insecure' ORDER BY m.id LIMIT 1")}`,
    ready: (p) => expect(p.getByTestId("scatter-point").first()).toBeVisible({ timeout: 30_000 }),
  },
  {
    name: "questions",
    path: async () => "/questions",
    ready: (p) => expect(p.getByTestId("question-set").first()).toBeVisible({ timeout: 30_000 }),
  },
  {
    name: "question",
    path: async () => `/questions/${await firstId("SELECT id FROM question WHERE external_id = 'what_is_your_wish' ORDER BY id LIMIT 1")}`,
    ready: (p) => expect(p.getByTestId("group-rate-point").first()).toBeVisible({ timeout: 30_000 }),
  },
  { name: "import", path: async () => "/import", ready: (p) => expect(p.locator("form").first()).toBeVisible({ timeout: 30_000 }) },
  { name: "imports", path: async () => "/imports", ready: (p) => expect(p.locator("table").first()).toBeVisible({ timeout: 30_000 }) },
  {
    name: "import batch",
    path: async () => `/imports/${await firstId("SELECT id FROM import_batch ORDER BY id LIMIT 1")}`,
    ready: (p) => expect(p.getByTestId("batch-facts")).toBeVisible({ timeout: 30_000 }),
  },
  {
    name: "sweep",
    path: async () => "/sweep?set=first_plot_questions&x=lora_rank&base=Qwen2.5-14B-Instruct",
    ready: (p) => expect(p.getByTestId("sweep-point").first()).toBeVisible({ timeout: 30_000 }),
  },
  {
    name: "page not found",
    path: async () => "/no-such-page",
    ready: (p) => expect(p.getByRole("heading", { level: 1 })).toBeVisible({ timeout: 30_000 }),
  },
  {
    name: "collections",
    path: async () => (await collectionPath(), "/collections"),
    ready: (p) => expect(p.getByTestId("collection-row").first()).toBeVisible({ timeout: 30_000 }),
  },
  {
    name: "review queue",
    path: async () => "/review",
    ready: (p) => expect(p.getByTestId("review-item").first()).toBeVisible({ timeout: 30_000 }),
  },
  {
    name: "collection",
    path: collectionPath,
    ready: (p) => expect(p.getByTestId("collection-item").nth(1)).toBeVisible({ timeout: 30_000 }),
  },
];

for (const colorScheme of ["light", "dark"] as const) {
  for (const pageCase of PAGES) {
    test(`axe: ${pageCase.name}, ${colorScheme}: no WCAG 2.2 AA violation`, async ({ browser }) => {
      // AxeBuilder needs a page of a context made with browser.newContext()
      const context = await browser.newContext({ colorScheme });
      const page = await context.newPage();
      await page.goto(await pageCase.path());
      await pageCase.ready(page);
      const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
      const summary = results.violations.map(
        (violation) =>
          `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes.length} node(s), e.g. ${violation.nodes
            .slice(0, 3)
            .map((node) => `${node.target.join(" ")}: ${node.failureSummary?.split("\n").slice(1, 2).join(" ")}`)
            .join(" | ")}`,
      );
      expect(summary, summary.join("\n")).toEqual([]);
      await context.close();
    });
  }
}
