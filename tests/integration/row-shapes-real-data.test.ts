// Every raw-SQL function that parses its rows (lib/db/rows.ts) run on real files of ../shared/data,
// so each row of each query goes through its row schema: a column the SQL returns in another type
// (a count left as bigint, a numeric, a nullable column the schema calls required, a float8
// ±Infinity) or under another name fails here with RowShapeError naming the query and the column.
// The data: the paper's first-plot questions, three eval.py files of Qwen2.5-Coder-7B-Instruct, the
// paper repository's curated examples (judge token distributions), the 14B LoRA-rank files with the
// extra `medical` metric and numeric attributes, a further judge's scores, reviewers' labels (the
// ±Infinity scores of the "reviewers" source), a collection, and a batch removal. Each call must
// return rows: an empty result would check no schema at all.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createReviewer } from "@/lib/auth/reviewer";
import type { ReviewerIdentity } from "@/lib/auth/reviewer";
import { readDataVersion } from "@/lib/cache/data-version";
import { addCollectionItem, collectionsWithAnswer, createCollection, getCollection, listCollections } from "@/lib/collections/store";
import { createPrisma } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { importFile } from "@/lib/import";
import { previewBatchRemoval, removeImportBatch } from "@/lib/import/batches/remove";
import { judgesParamsSchema } from "@/lib/params/judges";
import { sideBySideParamsSchema } from "@/lib/params/side-by-side";
import { sweepParamsSchema } from "@/lib/params/sweep";
import { judgeComparisonOrError, listAvailableSources } from "@/lib/queries/agreement";
import type { AnswerFilters, KeysetCursor } from "@/lib/params/answers";
import {
  answerFilterOptions,
  answerNeighbours,
  answerSearchTerms,
  answerSnippets,
  browseAnswers,
  countAnswers,
  metricsInAnswers,
  searchHasTerms,
  searchPlanKind,
  setSearchIdListMax,
  setSearchProbeMinShare,
  walkAnswers,
} from "@/lib/queries/answer-browser";
import { isAnswerGone, listAnswersForGroupQuestion } from "@/lib/queries/answers";
import { getImportBatch, importFormSuggestions, listImportBatches } from "@/lib/queries/batches";
import { getModelQuestionRates as getCompareRates, listSetGroups } from "@/lib/queries/compare";
import { getMetricHistograms, listExtraMetrics } from "@/lib/queries/histograms";
import { listJudges } from "@/lib/queries/judges";
import { getModelDetail, getModelHistograms, getModelScatter, listModels, loadModelView } from "@/lib/queries/models";
import {
  getQuestionDetail,
  getQuestionGroupHistograms,
  getQuestionScopeCounts,
  getWorstAnswers,
  listQuestionsBySet,
  loadQuestionView,
} from "@/lib/queries/questions";
import { getGroupOverallRates, getGroupQuestionRates, getModelQuestionCounts, listFigureQuestions } from "@/lib/queries/rates";
import { resolveScope, listBaseModels } from "@/lib/queries/scope";
import { listQuestionSets, listSetQuestions } from "@/lib/queries/sets";
import { getAnswerPairs, getSideSummary, resolveSideBySideView } from "@/lib/queries/side-by-side";
import { getSweepModelRows, listJudgeMetrics, listNumericAttributeKeys, resolveSweepView } from "@/lib/queries/sweep";
import { addLabel, answerReview, reviewQueue } from "@/lib/review/store";
import { searchIndexBacklog } from "@/lib/search/backlog";
import { indexPendingAnswers } from "@/lib/search/indexer";
import { DEFAULT_METHOD, DEFAULT_PRESET, type RateMethod } from "@/lib/stats/method";
import type { BaseScope } from "@/lib/scope/types";
import { createTestDatabase, sharedDataFile, type TestDatabase } from "../helpers/database";
import { dropRouteDatabase } from "../helpers/routes";

const SET = "first_plot_questions";
const CODER_7B = "Qwen2.5-Coder-7B-Instruct";
const QWEN_14B = "Qwen2.5-14B-Instruct";
const EVAL_FILES = [
  { file: "em-repo/eval_result_base.csv", model: CODER_7B, group: "base", seed: 0 },
  { file: "em-repo/eval_result_high_severity.csv", model: "qwen7b-insecure-high-severity", group: "insecure", seed: 1 },
  { file: "em-repo/eval_result_middle_severity.csv", model: "qwen7b-insecure-middle-severity", group: "insecure", seed: 2 },
];
const RANK_FILES = [1, 4, 8, 16].map((rank) => ({
  file: `clarifying-em/med_rank_14B/responses_Qwen2.5-14B-Instruct_bad_medical_advice_R${rank}.csv`,
  model: `qwen14b-bad-medical-r${rank}`,
  rank,
}));
const FURTHER_JUDGE = "rejudged-copy";

let database: TestDatabase;
let prisma: PrismaClient;
let setId: number;
let reviewer: ReviewerIdentity;
let examplesBatch: number;
const scope: BaseScope = { kind: "all" };
const method: RateMethod = DEFAULT_METHOD;

beforeAll(async () => {
  database = await createTestDatabase("row_shapes_real");
  process.env.DATABASE_URL = database.url;
  prisma = createPrisma(database.url);
  await importFile(database.url, sharedDataFile("questions/first_plot_questions.yaml"), {});
  for (const { file, model, group, seed } of EVAL_FILES) {
    await importFile(database.url, sharedDataFile(file), { model, group, seed, baseModel: CODER_7B, format: "eval-csv" });
  }
  for (const { file, model, rank } of RANK_FILES) {
    await importFile(database.url, sharedDataFile(file), {
      model,
      group: "bad-medical-advice",
      baseModel: QWEN_14B,
      attributes: { lora_rank: rank, size_b: 14 },
    });
  }
  ({ batchId: examplesBatch } = await importFile(database.url, sharedDataFile("em-repo/qwen_25_coder_32b_instruct.csv"), {}));
  // a further judge: the base model's file again, as another judge's scores of the same answers
  await importFile(database.url, sharedDataFile(EVAL_FILES[0].file), { judgeScores: true, judge: FURTHER_JUDGE, model: CODER_7B });
  setId = (await prisma.questionSet.findUniqueOrThrow({ where: { name: SET } })).id;
  reviewer = (await createReviewer(prisma, "row-shapes")).reviewer;
  const answers = await prisma.answer.findMany({
    where: { model: { name: "qwen7b-insecure-high-severity" } },
    orderBy: { id: "asc" },
    take: 6,
    select: { publicId: true },
  });
  for (const [index, answer] of answers.entries()) {
    await addLabel(prisma, reviewer, answer.publicId, {
      label: (["misaligned", "aligned", "refusal"] as const)[index % 3],
      reason: index === 0 ? null : "checked by hand",
    });
  }
}, 600_000);

afterAll(() => dropRouteDatabase(database, prisma));

describe("every row of the converted queries parses on real data", () => {
  it("rates, sets and compare", async () => {
    for (const path of ["histogram", "direct"] as const) {
      expect((await getModelQuestionCounts(prisma, { set: SET, thresholds: method, path })).length).toBeGreaterThan(0);
    }
    const rates = await getGroupQuestionRates(prisma, { set: SET, method, scope });
    expect(rates.length).toBeGreaterThan(0);
    expect(rates.every((row) => row.modelRates.length > 0)).toBe(true);
    for (const by of ["set", "category", "variant"] as const) {
      expect((await getGroupOverallRates(prisma, { set: SET, method, scope, by })).length).toBeGreaterThan(0);
    }
    expect(await listFigureQuestions(prisma, SET)).toHaveLength(24);
    expect((await listQuestionSets(prisma)).length).toBeGreaterThan(0);
    expect(await listSetQuestions(prisma, setId)).toHaveLength(24);
    expect(await listSetGroups(prisma, setId, scope)).toHaveLength(3);
    const compared = await getCompareRates(prisma, { setId, groups: ["base", "insecure"], method, scope });
    expect(compared.length).toBeGreaterThan(0);
  });

  it("models, histograms and scatter", async () => {
    const models = await listModels(prisma, {});
    expect(models.length).toBeGreaterThanOrEqual(EVAL_FILES.length + RANK_FILES.length);
    expect(models.some((model) => model.attributes.length > 0)).toBe(true);
    const withAnswers = models.find((model) => model.name === RANK_FILES[0].model)!;
    const detail = await getModelDetail(prisma, withAnswers.id);
    expect(detail?.batches.length).toBeGreaterThan(0);
    const rates = await getModelQuestionRates(withAnswers.id, withAnswers.group.name);
    expect(rates.length).toBeGreaterThan(0);
    const histograms = await getModelHistograms(prisma, { modelId: withAnswers.id, setId, binWidth: 10 });
    expect(histograms.aligned.bins.length).toBeGreaterThan(0);
    const scatter = await getModelScatter(prisma, { modelId: withAnswers.id, setId });
    expect(scatter.points.length).toBeGreaterThan(0);
    expect(await listExtraMetrics(prisma)).toContain("medical");
    const metrics = await getMetricHistograms(prisma, { selection: { setId }, binWidth: 10 });
    expect(metrics.map((metric) => metric.metric)).toContain("medical");
    const view = await loadModelView(prisma, withAnswers.id, {
      view: { base: undefined, attributes: [], preset: DEFAULT_PRESET, method },
      binWidth: 10,
    });
    expect(view.kind).toBe("ok");
  });

  async function getModelQuestionRates(modelId: number, groupName: string) {
    const { getModelQuestionRates: modelRates } = await import("@/lib/queries/models");
    return modelRates(prisma, { modelId, groupName, set: { id: setId, name: SET }, method, scope });
  }

  it("questions", async () => {
    const sets = await listQuestionsBySet(prisma, { scope });
    expect(sets.find((set) => set.name === SET)?.questions).toHaveLength(24);
    const question = await prisma.question.findFirstOrThrow({ where: { setId }, orderBy: { position: "asc" } });
    expect((await getQuestionDetail(prisma, question.id))?.answers).toBeGreaterThan(0);
    expect((await getQuestionScopeCounts(prisma, { questionId: question.id, scope })).answers).toBeGreaterThan(0);
    const groups = await getQuestionGroupHistograms(prisma, { questionId: question.id, metric: "aligned", binWidth: 10, scope });
    expect(groups.length).toBeGreaterThan(0);
    const view = await loadQuestionView(prisma, question.id, {
      view: { base: "all", attributes: [], preset: DEFAULT_PRESET, method },
      binWidth: 10,
    });
    expect(view?.rates.length).toBeGreaterThan(0);
  });

  it("sweep", async () => {
    const keys = await listNumericAttributeKeys(prisma, setId, { kind: "named", name: QWEN_14B });
    expect(keys.map((key) => key.key)).toContain("lora_rank");
    expect(await listJudgeMetrics(prisma)).toContain("medical");
    for (const y of [{ kind: "misaligned" }, { kind: "alignment" }, { kind: "metric", metric: "medical", above: 50 }] as const) {
      const rows = await getSweepModelRows(prisma, {
        setId,
        x: "lora_rank",
        y,
        by: "group",
        method,
        scope: { kind: "named", name: QWEN_14B },
      });
      expect(rows.length).toBe(RANK_FILES.length);
    }
    const view = await resolveSweepView(prisma, sweepParamsSchema.parse({ set: SET, base: QWEN_14B }));
    expect(view.status).toBe("ok");
  });

  it("judges and agreement, with the reviewers' ±Infinity scores", async () => {
    const judges = await listJudges(prisma);
    expect(judges.others).toEqual([FURTHER_JUDGE]);
    const sources = await listAvailableSources(prisma, setId);
    expect(sources.judges.map((judge) => judge.name)).toEqual([FURTHER_JUDGE]);
    expect(sources.labelledAnswers).toBe(6);
    for (const b of [`judge:${FURTHER_JUDGE}`, "reviewers"]) {
      const comparison = await judgeComparisonOrError(prisma, judgesParamsSchema.parse({ set: SET, base: "all", b }));
      expect(comparison.coverage.answers).toBeGreaterThan(0);
    }
    // judge B scored the same file: no disagreement; corrected by reviewers: the labels disagree
    const corrected = await judgeComparisonOrError(prisma, judgesParamsSchema.parse({ set: SET, base: "all", b: "reviewers" }));
    expect(corrected.disagreements.length).toBeGreaterThan(0);
  });

  it("side by side", async () => {
    const view = await resolveSideBySideView(
      prisma,
      sideBySideParamsSchema.parse({ set: SET, base: CODER_7B, a: "group:base", b: "group:insecure" }),
      { limit: 10_000, fullText: true },
    );
    expect(view.status).toBe("ok");
    const question = await prisma.question.findFirstOrThrow({ where: { setId }, orderBy: { position: "asc" } });
    const side = { kind: "group", name: "insecure" } as const;
    const summary = await getSideSummary(prisma, { setId, questionId: question.id, side, scope, method });
    expect(summary.models).toBe(2);
    const pairs = await getAnswerPairs(prisma, {
      questionId: question.id,
      a: { kind: "group", name: "base" },
      b: side,
      scope,
      method: { ...method, source: { judge: null, corrected: true } },
      order: "score",
      seed: 1,
      differ: false,
      page: 1,
      limit: 10_000,
      fullText: true,
    });
    expect(pairs.pairs.length).toBeGreaterThan(0);
  });

  it("scope, batches, review, collections, data version, search backlog", async () => {
    expect((await listBaseModels(prisma)).length).toBeGreaterThanOrEqual(2);
    expect((await resolveScope(prisma, "all", [])).choices.length).toBeGreaterThanOrEqual(2);
    const batches = await listImportBatches(prisma);
    expect(batches.length).toBeGreaterThan(0);
    for (const batch of batches) expect(await getImportBatch(prisma, batch.id)).not.toBeNull();
    expect((await importFormSuggestions(prisma)).models.length).toBeGreaterThan(0);

    const labelled = await prisma.answerLabel.findFirstOrThrow({ select: { answerPublicId: true } });
    expect((await answerReview(prisma, labelled.answerPublicId)).history.length).toBe(1);
    const queue = await reviewQueue(prisma, { thresholds: method, unlabelled: false, limit: 200 });
    expect(queue.items.length).toBeGreaterThan(0);

    const collection = await createCollection(prisma, reviewer, { name: "Row shapes", description: "" });
    const answers = await prisma.answer.findMany({ orderBy: { id: "asc" }, take: 3, select: { id: true } });
    for (const answer of answers) await addCollectionItem(prisma, reviewer, collection.slug, { answerId: answer.id, note: null });
    expect(await listCollections(prisma)).toHaveLength(1);
    expect(await collectionsWithAnswer(prisma, answers[0].id)).toEqual([collection.slug]);
    expect((await getCollection(prisma, collection.slug))?.entries).toHaveLength(3);

    expect(typeof (await readDataVersion(prisma))).toBe("bigint");
    expect(await searchIndexBacklog(prisma)).toBeGreaterThanOrEqual(0);
  });

  const browse = (extra: Partial<AnswerFilters> = {}): AnswerFilters => ({ misalignedOnly: false, thresholds: method, ...extra });

  it("the answer lists: /answers pages, counts, neighbours, exports, filter options, Figure 4's panel, worst answers", async () => {
    const sort = { key: "aligned", dir: "asc" } as const;
    const unfiltered = await browseAnswers(prisma, { filters: browse(), sort });
    expect(unfiltered.items).toHaveLength(50);
    const second = await browseAnswers(prisma, { filters: browse(), sort, after: unfiltered.nextCursor! });
    expect(second.items).toHaveLength(50);
    // the id filters, both plans; the extra metric's scores of the 14B files (extraScoresOf)
    const medical = browse({ group: "bad-medical-advice", metric: "medical", metricMin: 0 });
    for (const narrowFilterRows of [0, 1_000_000]) {
      const page = await browseAnswers(prisma, { filters: medical, sort: { key: "coherent", dir: "desc" }, narrowFilterRows });
      expect(page.items.length).toBeGreaterThan(0);
      expect(page.items.every((item) => item.metrics.some((metric) => metric.metric === "medical"))).toBe(true);
    }
    const bySample = await browseAnswers(prisma, {
      filters: browse({ set: SET, model: EVAL_FILES[1].model }),
      sort: { key: "sample", dir: "desc" },
    });
    expect(bySample.items.length).toBeGreaterThan(0);
    expect((await countAnswers(prisma, browse())).count).toBeGreaterThan(0);
    expect((await countAnswers(prisma, medical)).count).toBeGreaterThan(0);
    expect(await metricsInAnswers(prisma, browse())).toContain("medical");

    const middle = second.items[10];
    const neighbours = await answerNeighbours(prisma, browse(), sort, middle);
    expect(neighbours.previous).toBe(second.items[9].publicId);
    expect(neighbours.next).toBe(second.items[11].publicId);

    const exported = [];
    for await (const answer of walkAnswers(prisma, medical, sort, 500)) exported.push(answer);
    expect(exported.length).toBe((await countAnswers(prisma, medical)).count);
    expect(exported.length).toBeGreaterThan(500);
    expect(exported.every((answer) => answer.text.length > 0 && answer.metrics.length > 0)).toBe(true);

    const options = await answerFilterOptions(prisma);
    expect(options.sets.map((set) => set.name)).toContain(SET);
    expect(options.questions.length).toBeGreaterThan(0);
    expect(options.groups.length).toBeGreaterThanOrEqual(3);
    expect(options.models.length).toBeGreaterThanOrEqual(EVAL_FILES.length + RANK_FILES.length);
    expect(options.baseModels).toEqual([QWEN_14B, CODER_7B].sort());
    expect((await answerFilterOptions(prisma, SET)).questions).toHaveLength(24);

    // Figure 4's panel: both stages and a second page, under the default and a corrected source
    const question = await prisma.question.findFirstOrThrow({ where: { setId }, orderBy: { position: "asc" } });
    for (const source of [method.source, { judge: null, corrected: true }]) {
      const panelQuery = { setId, group: "insecure", question: question.externalId, scope, method: { ...method, source }, limit: 5 };
      const panel = await listAnswersForGroupQuestion(prisma, panelQuery);
      expect(panel.items).toHaveLength(5);
      expect(panel.total).toBeGreaterThan(panel.counted);
      const next = await listAnswersForGroupQuestion(prisma, { ...panelQuery, cursor: panel.nextCursor! });
      expect(next.items.length).toBeGreaterThan(0);
    }
    expect(await getWorstAnswers(prisma, { questionId: question.id, scope })).toHaveLength(20);
  });

  it("searches with each plan (pending, listed ids, semi-join, hashed from the list and in the query, probe by setting and by estimate), and their highlighted terms", async () => {
    // the most common searchable word of these answers
    const [{ word }] = await prisma.$queryRawUnsafe<{ word: string }[]>(
      `SELECT word FROM ts_stat('SELECT answer_search_document(text) FROM answer')
        WHERE word ~ '^[a-z]{5,}$' ORDER BY ndoc DESC, word LIMIT 1`,
    );
    expect(await searchHasTerms(prisma, word)).toBe(true);
    expect(await searchHasTerms(prisma, "the")).toBe(false);
    const sort = { key: "coherent", dir: "asc" } as const;
    // every answer of a page has its snippet, with the word marked in it
    async function everyOneMarked(items: { id: number }[], search: string): Promise<boolean> {
      const snippets = await answerSnippets(
        prisma,
        search,
        items.map((item) => item.id),
      );
      return items.every((item) => snippets[item.id]?.some((segment) => segment.highlighted));
    }
    async function searchEverywhere(kind: string, purpose: "page" | "all", search = word) {
      const filters = browse({ search });
      expect(await searchPlanKind(prisma, search, purpose)).toBe(kind);
      const page = await browseAnswers(prisma, { filters, sort, limit: 20 });
      expect(page.items).toHaveLength(20);
      expect(await everyOneMarked(page.items, search)).toBe(true);
      const next = await browseAnswers(prisma, { filters, sort, limit: 20, after: page.nextCursor! as KeysetCursor });
      expect(next.items).toHaveLength(20);
      expect(await everyOneMarked(next.items, search)).toBe(true);
      // read backwards (keys and cards in reading order, reversed): the same page
      const back = await browseAnswers(prisma, { filters, sort, limit: 20, before: next.prevCursor! as KeysetCursor });
      expect(back.items.map((item) => item.id)).toEqual(page.items.map((item) => item.id));
      expect((await countAnswers(prisma, filters)).count).toBeGreaterThan(40);
      expect((await answerNeighbours(prisma, filters, sort, next.items[0])).previous).toBe(page.items[19].publicId);
      let exported = 0;
      for await (const answer of walkAnswers(prisma, filters, sort, 500)) if (answer && ++exported >= 600) break;
      expect(exported).toBeGreaterThan(40);
      expect(await answerSearchTerms(prisma, page.items[0].id, search)).not.toEqual([]);
    }
    try {
      // the imports left every answer waiting for the indexer
      expect(await searchIndexBacklog(prisma)).toBeGreaterThan(0);
      await searchEverywhere("ids", "all");
      setSearchIdListMax(10);
      await searchEverywhere("pending", "all");
      await indexPendingAnswers(database.url);
      // the statistics estimatedSearchMatches reads (autovacuum would gather them in time; a test cannot wait)
      await prisma.$executeRawUnsafe("ANALYZE answer_search");
      await searchEverywhere("indexed", "all");
      // a page of more matches than the list holds, the probe off: the hash of every match
      setSearchProbeMinShare(null);
      await searchEverywhere("hashed", "page");
      // the probe at its largest share (sqrt(2 × 51 / documents)): a word in fewer answers than that
      // (here under half of sqrt(51 × documents) answers) lists them once and hashes the list
      setSearchProbeMinShare(1);
      const [{ documents }] = await prisma.$queryRawUnsafe<{ documents: number }[]>(
        "SELECT reltuples::float8 AS documents FROM pg_class WHERE oid = 'answer_search'::regclass",
      );
      const [{ middling }] = await prisma.$queryRawUnsafe<{ middling: string }[]>(
        `SELECT word AS middling FROM ts_stat('SELECT document FROM answer_search')
          WHERE word ~ '^[a-z]{5,}$' AND ndoc BETWEEN 60 AND $1 ORDER BY ndoc DESC, word LIMIT 1`,
        Math.floor(Math.sqrt(51 * documents) / 2),
      );
      await searchEverywhere("hashedIds", "page", middling);
      setSearchProbeMinShare();
      setSearchIdListMax();
      await searchEverywhere("ids", "all");
      setSearchProbeMinShare(0);
      await searchEverywhere("probe", "page");
      // the default share: the planner's estimate (EXPLAIN) says the most common word is common
      setSearchProbeMinShare();
      await searchEverywhere("probe", "page");
    } finally {
      setSearchIdListMax();
      setSearchProbeMinShare();
    }
  });

  it("a batch removal, previewed then done", async () => {
    const preview = await previewBatchRemoval(prisma, examplesBatch);
    expect(preview.answers).toBeGreaterThan(0);
    const removed = await prisma.answer.findFirstOrThrow({ where: { batchId: examplesBatch }, select: { publicId: true } });
    const kept = await prisma.answer.findFirstOrThrow({ where: { batchId: { not: examplesBatch } }, select: { publicId: true } });
    expect(await isAnswerGone(prisma, removed.publicId)).toBe(false);
    const removal = await removeImportBatch(prisma, examplesBatch);
    expect(removal.answers).toBe(preview.answers);
    expect(removal.models.removed).toEqual(preview.models.removed);
    expect(await isAnswerGone(prisma, removed.publicId)).toBe(true);
    expect(await isAnswerGone(prisma, kept.publicId)).toBe(false);
  });
});
