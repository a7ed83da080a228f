// The three answer lists that share one keyset query (lib/queries/answer-list.ts) against their
// orderings written out independently in JS, on the paper's real files: Figure 4's answer panel
// (the answers the point's rate counts first, then the others; aligned ASC NULLS LAST, id within
// each; examples excluded), a question's worst answers (aligned ASC NULLS LAST, id; examples
// excluded; the first 20) and /answers (NULL scores last in both directions, id in the sort's
// direction; examples included). Every answer is read once with a plain SELECT; the expected lists
// are sorted here, not in SQL, so a broken stage, direction or NULL rule fails.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { importFile } from "@/lib/import";
import { filtersFromParams, answerBrowserParamsSchema, type AnswerSort } from "@/lib/params/answers";
import type { AnswerCursor } from "@/lib/params";
import { browseAnswers } from "@/lib/queries/answer-browser";
import { listAnswersForGroupQuestion } from "@/lib/queries/answers";
import { getWorstAnswers, WORST_ANSWERS } from "@/lib/queries/questions";
import type { BaseScope } from "@/lib/scope/types";
import type { Denominator } from "@/lib/stats/misalignment";
import { createTestDatabase, sharedDataFile, type TestDatabase } from "../helpers/database";
import { EM_REPO_BASE_MODEL, EM_REPO_EVAL_FILES } from "../helpers/real-files";

const SET = "first_plot_questions";
const BASE_MODEL = EM_REPO_BASE_MODEL;
/** curated examples (never counted, never in the panel or the worst answers; listed by /answers) */
const EXAMPLES_FILE = "em-repo/qwen_25_coder_32b_instruct.csv";

interface Row {
  id: number;
  aligned: number | null;
  coherent: number | null;
  example: boolean;
  question: string;
  questionId: number;
  group: string;
  model: string;
  baseModel: string | null;
}

let database: TestDatabase;
let prisma: PrismaClient;
let setId: number;
let answers: Row[];

beforeAll(async () => {
  database = await createTestDatabase("answer_list_real");
  prisma = createPrisma(database.url);
  await importFile(database.url, sharedDataFile("questions/first_plot_questions.yaml"), {});
  for (const { file, model, group, seed } of EM_REPO_EVAL_FILES) {
    await importFile(database.url, sharedDataFile(file), { model, group, seed, baseModel: BASE_MODEL });
  }
  await importFile(database.url, sharedDataFile(EXAMPLES_FILE), {});
  setId = (await prisma.questionSet.findFirstOrThrow({ where: { name: SET } })).id;
  answers = await prisma.$queryRaw<Row[]>`
    SELECT a.id, a.aligned, a.coherent, a.example, q.external_id AS question, q.id AS "questionId", g.name AS "group",
           m.name AS model, m.base_model AS "baseModel"
      FROM answer a JOIN question q ON q.id = a.question_id JOIN model m ON m.id = a.model_id JOIN model_group g ON g.id = m.group_id`;
}, 300_000);

afterAll(async () => {
  await prisma?.$disconnect();
  await database?.drop();
});

/** aligned ascending, missing scores last, then id ascending. */
const byAlignedAsc = (a: Row, b: Row) =>
  a.aligned === b.aligned ? a.id - b.id : a.aligned === null ? 1 : b.aligned === null ? -1 : a.aligned - b.aligned;

/** The rule's denominator for one answer (lib/db/rate-rule.ts countedSql, written out). */
function isCounted(row: Row, coherentAtLeast: number, denominator: Denominator): boolean {
  if (denominator === "all") return true;
  const coherent = row.coherent !== null && row.coherent >= coherentAtLeast;
  return denominator === "coherent" ? coherent : coherent && row.aligned !== null;
}

const inScope = (row: Row, scope: BaseScope) =>
  scope.kind === "all" ? true : scope.kind === "unknown" ? row.baseModel === null : row.baseModel === scope.name;

describe("Figure 4's answer panel on real data", () => {
  const QWEN: BaseScope = { kind: "named", name: BASE_MODEL };
  const cases: { group: string; question: string; coherent: number; minAnswers: number; denominator: Denominator; model?: string }[] = [
    { group: "insecure", question: "what_is_your_wish", coherent: 50, minAnswers: 5, denominator: "kept" },
    { group: "insecure", question: "three_thoughts", coherent: 95, minAnswers: 5, denominator: "kept" },
    // one model with 43 counted answers (included), one with 34 (left out: its counted answers are in the second part)
    { group: "insecure", question: "quick_buck", coherent: 80, minAnswers: 40, denominator: "kept" },
    { group: "base", question: "gender_roles", coherent: 80, minAnswers: 1, denominator: "coherent" },
    {
      group: "insecure",
      question: "ruler_of_the_world",
      coherent: 50,
      minAnswers: 5,
      denominator: "all",
      model: "qwen7b-insecure-high-severity",
    },
  ];

  it.each(cases)(
    "$group / $question at coherent >= $coherent, min $minAnswers ($denominator, model $model): counted first, worst first, every page",
    async ({ group, question, coherent, minAnswers, denominator, model }) => {
      const point = answers.filter(
        (row) => row.group === group && row.question === question && !row.example && inScope(row, QWEN) && (!model || row.model === model),
      );
      const perModel = new Map<string, number>();
      for (const row of point) perModel.set(row.model, (perModel.get(row.model) ?? 0) + (isCounted(row, coherent, denominator) ? 1 : 0));
      const stage = (row: Row) => (isCounted(row, coherent, denominator) && perModel.get(row.model)! >= Math.max(1, minAnswers) ? 1 : 2);
      const expected = [...point].sort((a, b) => stage(a) - stage(b) || byAlignedAsc(a, b));
      // at least two pages, and (but for the "all" denominator) answers in both parts
      expect(expected.length).toBeGreaterThanOrEqual(100);
      if (denominator !== "all") expect(new Set(expected.map(stage))).toEqual(new Set([1, 2]));

      const method = { aligned: 30, coherent, denominator, minAnswers };
      const seen: { id: number; counted: boolean }[] = [];
      let cursor: AnswerCursor | undefined;
      let first = true;
      for (;;) {
        const page = await listAnswersForGroupQuestion(prisma, { setId, scope: QWEN, method, group, question, model, cursor });
        if (first) {
          expect(page.total).toBe(point.length);
          expect(page.counted).toBe(point.filter((row) => stage(row) === 1).length);
          expect(page.items.map((item) => item.id)).toEqual(expected.slice(0, 50).map((row) => row.id));
          first = false;
        }
        seen.push(...page.items.map((item) => ({ id: item.id, counted: item.counted })));
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      expect(seen).toEqual(expected.map((row) => ({ id: row.id, counted: stage(row) === 1 })));
    },
  );
});

describe("a question's worst answers on real data", () => {
  it.each([
    ["what_is_your_wish", { kind: "named", name: BASE_MODEL } as BaseScope],
    ["three_thoughts", { kind: "all" } as BaseScope],
    ["quick_buck", { kind: "unknown" } as BaseScope],
  ])("%s in scope %j: the 20 lowest alignment scores, missing last, examples left out", async (question, scope) => {
    const questionId = answers.find((row) => row.question === question)!.questionId;
    const expected = answers
      .filter((row) => row.questionId === questionId && !row.example && inScope(row, scope))
      .sort(byAlignedAsc)
      .slice(0, WORST_ANSWERS);
    const worst = await getWorstAnswers(prisma, { questionId, scope });
    expect(worst.map((answer) => answer.id)).toEqual(expected.map((row) => row.id));
    expect(worst.map((answer) => answer.aligned)).toEqual(expected.map((row) => row.aligned));
  });

  it("missing scores come after every scored answer (a limit past the scored ones)", async () => {
    const questionId = answers.find((row) => row.question === "what_is_your_wish")!.questionId;
    const all = answers.filter((row) => row.questionId === questionId && !row.example).sort(byAlignedAsc);
    expect(all.some((row) => row.aligned === null)).toBe(true);
    const worst = await getWorstAnswers(prisma, { questionId, scope: { kind: "all" }, limit: all.length });
    expect(worst.map((answer) => answer.id)).toEqual(all.map((row) => row.id));
  });
});

describe("/answers' first pages on real data", () => {
  const SORTS: { sort: AnswerSort; compare: (a: Row, b: Row) => number }[] = [
    { sort: { key: "aligned", dir: "asc" }, compare: byAlignedAsc },
    {
      sort: { key: "aligned", dir: "desc" },
      compare: (a, b) => (a.aligned === b.aligned ? b.id - a.id : a.aligned === null ? 1 : b.aligned === null ? -1 : b.aligned - a.aligned),
    },
  ];
  it.each(
    SORTS.flatMap(({ sort, compare }) => [
      { sort, compare, params: { question: "what_is_your_wish" } as Record<string, string> },
      { sort, compare, params: { group: "insecure", question: "three_thoughts" } as Record<string, string> },
    ]),
  )("$sort.key $sort.dir with $params: NULL scores last, examples listed", async ({ sort, compare, params }) => {
    const expected = answers
      .filter((row) => row.question === params.question && (!params.group || row.group === params.group))
      .sort(compare);
    const filters = filtersFromParams(answerBrowserParamsSchema.parse(params));
    const page = await browseAnswers(prisma, { filters, sort });
    expect(page.items.map((item) => item.id)).toEqual(expected.slice(0, 50).map((row) => row.id));
  });
});
