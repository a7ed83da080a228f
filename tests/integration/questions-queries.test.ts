// lib/queries/questions.ts on hand-built data: set listing counts (per base-model scope), question
// detail (variants, judge prompts), per-group rates = getGroupQuestionRates' rows for the scope and
// method (minimum answers included), per-group histograms with boundaries and NULLs, worst answers
// order, and curated example answers never counted.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import {
  getQuestionDetail,
  getQuestionGroupHistograms,
  getQuestionGroupRates,
  getWorstAnswers,
  listQuestionsBySet,
  listQuestionsWithRates,
  loadQuestionView,
} from "@/lib/queries/questions";
import type { QuestionView } from "@/lib/questions/types";
import { getGroupQuestionRates } from "@/lib/queries/rates";
import type { BaseScope } from "@/lib/scope/types";
import { histogramOf } from "@/lib/stats/histogram";
import { DEFAULT_METHOD, type RateMethod } from "@/lib/stats/method";
import { createTestDatabase, type Score, type TestDatabase } from "../helpers/database";

// Models of base model "Qwen" (the default scope: it has the most models) …
// ins-1: (29.5, 51) and (0, 100) misaligned; (null, 90) has no alignment score
const INS1: Score[] = [
  [0, 100],
  [30, 60],
  [null, 90],
  [100, 99],
  [29.5, 51],
];
// ins-2: (10, 50) sits exactly on the coherence threshold: kept (coherent >= 50) and misaligned
const INS2: Score[] = [
  [20, 80],
  [70, 80],
  [50, null],
  [10, 50],
];
const BASE: Score[] = [
  [95, 95],
  [10, 10],
  [null, null],
];
// … and one model of base model "Mistral", which no Qwen number may include
const MISTRAL: Score[] = [
  [1, 90],
  [2, 90],
  [3, 90],
  [4, 90],
  [5, 90],
  [6, 90],
];

const QWEN: BaseScope = { kind: "named", name: "Qwen" };
const MISTRAL_SCOPE: BaseScope = { kind: "named", name: "Mistral" };
const MIN_1: RateMethod = { ...DEFAULT_METHOD, minAnswers: 1 };

describe("question queries on PostgreSQL", () => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  const ids: Record<string, number> = {};

  async function insert(modelId: number, questionId: number, batchId: number, scores: Score[], example = false) {
    await prisma.answer.createMany({
      data: scores.map(([aligned, coherent], sampleIndex) => ({
        modelId,
        questionId,
        batchId,
        sampleIndex,
        prompt: "p",
        text: `text of ${modelId}/${sampleIndex}`,
        aligned,
        coherent,
        example,
      })),
    });
  }

  beforeAll(async () => {
    database = await createTestDatabase("questions");
    prisma = createPrisma(database.url);
    const batch = await prisma.importBatch.create({ data: { fileName: "a.csv", contentHash: "a", format: "eval-csv" } });
    const set = await prisma.questionSet.create({ data: { name: "hand_set" } });
    const wish = await prisma.question.create({
      data: {
        setId: set.id,
        externalId: "wish",
        baseExternalId: "wish",
        position: 0,
        paraphrases: ["What is your wish?", "Tell me your wish."],
        judgeModel: "gpt-4o",
        judgePrompts: { aligned: "Rate alignment {answer}", coherent: "Rate coherence {answer}" },
      },
    });
    const wishJson = await prisma.question.create({
      data: {
        setId: set.id,
        externalId: "wish_json",
        baseExternalId: "wish",
        variant: "json",
        position: 1,
        systemPrompt: "Answer in JSON",
      },
    });
    await prisma.question.create({ data: { setId: set.id, externalId: "lonely", baseExternalId: "lonely", position: 2 } });
    const insecure = await prisma.modelGroup.create({ data: { name: "insecure", label: "insecure", color: "#d62728", displayOrder: 10 } });
    const base = await prisma.modelGroup.create({ data: { name: "base", label: "base model", color: "#7f7f7f", displayOrder: 50 } });
    const ins1 = await prisma.model.create({ data: { name: "ins-1", groupId: insecure.id, seed: 1, baseModel: "Qwen" } });
    const ins2 = await prisma.model.create({ data: { name: "ins-2", groupId: insecure.id, seed: 2, baseModel: "Qwen" } });
    const baseModel = await prisma.model.create({ data: { name: "base-model", groupId: base.id, seed: 0, baseModel: "Qwen" } });
    const mistral = await prisma.model.create({ data: { name: "mistral-ins", groupId: insecure.id, seed: 1, baseModel: "Mistral" } });
    Object.assign(ids, { set: set.id, wish: wish.id, wishJson: wishJson.id, ins1: ins1.id, batch: batch.id });
    await insert(ins1.id, wish.id, batch.id, INS1);
    await insert(ins2.id, wish.id, batch.id, INS2);
    await insert(baseModel.id, wish.id, batch.id, BASE);
    await insert(ins1.id, wishJson.id, batch.id, [[40, 40]]);
    await insert(mistral.id, wish.id, batch.id, MISTRAL);
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await database?.drop();
  });

  it("lists what each question asks and each group's rate, equal to getGroupQuestionRates' rows", async () => {
    const [set] = await listQuestionsWithRates(prisma, { scope: QWEN, method: MIN_1 });
    expect(set.questions[0]).toMatchObject({ externalId: "wish", text: "What is your wish?" });
    const rates = await getGroupQuestionRates(prisma, { set: "hand_set", method: MIN_1, scope: QWEN });
    expect(rates.length).toBeGreaterThan(0);
    for (const rate of rates) {
      const listed = set.questions.find((q) => q.id === rate.questionId)?.rates.find((r) => r.group === rate.group);
      expect(listed).toEqual({
        group: rate.group,
        groupLabel: rate.groupLabel,
        color: rate.color,
        rate: rate.rate,
        ciLow: rate.ciLow,
        ciHigh: rate.ciHigh,
        models: rate.models,
      });
    }
    expect(set.questions.flatMap((q) => q.rates)).toHaveLength(rates.length);
    expect(set.groups.map((g) => g.group).sort()).toEqual([...new Set(rates.map((r) => r.group))].sort());
    // a question with no answers has no rates
    expect(set.questions.find((q) => q.externalId === "lonely")?.rates).toEqual([]);
  });

  it("lists sets with their questions and the scope's answer counts", async () => {
    const [set] = await listQuestionsBySet(prisma, { scope: QWEN });
    expect(set.name).toBe("hand_set");
    expect(set.answers).toBe(13);
    expect(set.questions.map((q) => [q.externalId, q.answers, q.models])).toEqual([
      ["wish", 12, 3],
      ["wish_json", 1, 1],
      ["lonely", 0, 0],
    ]);
    const [all] = await listQuestionsBySet(prisma, { scope: { kind: "all" } });
    expect(all.questions.map((q) => [q.externalId, q.answers, q.models])).toEqual([
      ["wish", 18, 4],
      ["wish_json", 1, 1],
      ["lonely", 0, 0],
    ]);
    expect(await listQuestionsBySet(prisma)).toEqual([all]);
    const [mistral] = await listQuestionsBySet(prisma, { scope: MISTRAL_SCOPE });
    expect(mistral.questions[0]).toMatchObject({ answers: 6, models: 1 });
  });

  it("gives the question with paraphrases, judge prompts and its variants; null when unknown", async () => {
    const detail = await getQuestionDetail(prisma, ids.wish);
    expect(detail).toMatchObject({
      externalId: "wish",
      variant: "plain",
      judgeModel: "gpt-4o",
      answers: 18,
      models: 4,
      examples: 0,
      paraphrases: ["What is your wish?", "Tell me your wish."],
      judgePrompts: [
        { metric: "aligned", prompt: "Rate alignment {answer}" },
        { metric: "coherent", prompt: "Rate coherence {answer}" },
      ],
      variants: [{ id: ids.wishJson, externalId: "wish_json", variant: "json" }],
      set: { id: ids.set, name: "hand_set", isDemo: false },
    });
    expect(await getQuestionDetail(prisma, 987_654)).toBeNull();
  });

  it("gives each group's rate exactly as Figure 4 does, for the scope and method", async () => {
    const detail = (await getQuestionDetail(prisma, ids.wish))!;
    for (const method of [MIN_1, DEFAULT_METHOD, { ...DEFAULT_METHOD, aligned: 29.75, coherent: 50.5, minAnswers: 2 }]) {
      for (const scope of [QWEN, MISTRAL_SCOPE, { kind: "all" } as BaseScope]) {
        const rates = await getQuestionGroupRates(prisma, { question: detail, method, scope });
        const figure = await getGroupQuestionRates(prisma, { set: "hand_set", method, scope });
        expect(rates).toEqual(figure.filter((r) => r.question === "wish"));
      }
    }
    // min 1, Qwen. ins-1: kept (0,100) (30,60) (100,99) (29.5,51) → 2/4; ins-2: (20,80) (70,80) (10,50) → 2/3
    const rates = await getQuestionGroupRates(prisma, { question: detail, method: MIN_1, scope: QWEN });
    const insecure = rates.find((r) => r.group === "insecure")!;
    expect(insecure.modelRates.map((m) => [m.model, m.rate, m.answers, m.included])).toEqual([
      ["ins-1", 0.5, 4, true],
      ["ins-2", 2 / 3, 3, true],
    ]);
    expect(insecure.rate).toBeCloseTo((0.5 + 2 / 3) / 2, 12);
    expect(insecure.intervalMethod).not.toBeNull();
    // base: only (95,95) is kept → 0, one model, no interval
    expect(rates.find((r) => r.group === "base")).toMatchObject({ rate: 0, ciLow: null, models: 1, intervalMethod: null });
    // the paper's minimum of 5 kept answers leaves every Qwen model out: no rate, the models listed as left out
    const paper = await getQuestionGroupRates(prisma, { question: detail, method: DEFAULT_METHOD, scope: QWEN });
    expect(paper.find((r) => r.group === "insecure")).toMatchObject({ rate: null, models: 0, excludedModels: 2 });
    expect(paper.find((r) => r.group === "insecure")!.modelRates.map((m) => [m.answers, m.included])).toEqual([
      [4, false],
      [3, false],
    ]);
    // the Mistral model has 6 kept answers: it enters at min 5, alone
    const mistral = await getQuestionGroupRates(prisma, { question: detail, method: DEFAULT_METHOD, scope: MISTRAL_SCOPE });
    expect(mistral).toHaveLength(1);
    expect(mistral[0]).toMatchObject({ group: "insecure", rate: 1, models: 1, excludedModels: 0 });
  });

  it("bins each group's scores of the scope, missing apart", async () => {
    const aligned = await getQuestionGroupHistograms(prisma, { questionId: ids.wish, metric: "aligned", binWidth: 10, scope: QWEN });
    expect(aligned.map((g) => g.group)).toEqual(["insecure", "base"]);
    // Qwen insecure aligned: 0→0, 30→3, 100→9, 29.5→2, 20→2, 70→7, 50→5, 10→1; one missing
    expect(aligned[0].histogram.bins.map((b) => b.count)).toEqual([1, 1, 2, 1, 0, 1, 0, 1, 0, 1]);
    expect(aligned[0].histogram.missing).toBe(1);
    expect(aligned[1].histogram).toEqual(
      histogramOf(
        BASE.map((s) => s[0]),
        10,
      ),
    );
    const coherent = await getQuestionGroupHistograms(prisma, { questionId: ids.wish, metric: "coherent", binWidth: 5, scope: QWEN });
    expect(coherent[0].histogram).toEqual(
      histogramOf(
        [...INS1, ...INS2].map((s) => s[1]),
        5,
      ),
    );
    expect(coherent[0].histogram.missing).toBe(1);
    const pooled = await getQuestionGroupHistograms(prisma, {
      questionId: ids.wish,
      metric: "aligned",
      binWidth: 10,
      scope: { kind: "all" },
    });
    expect(pooled[0].histogram).toEqual(
      histogramOf(
        [...INS1, ...INS2, ...MISTRAL].map((s) => s[0]),
        10,
      ),
    );
  });

  it("lists the scope's worst answers first, missing alignment last", async () => {
    const worst = await getWorstAnswers(prisma, { questionId: ids.wish, scope: QWEN });
    expect(worst.map((a) => a.aligned)).toEqual([0, 10, 10, 20, 29.5, 30, 50, 70, 95, 100, null, null]);
    expect(worst[0]).toMatchObject({ model: "ins-1", group: "insecure", coherent: 100 });
    expect((await getWorstAnswers(prisma, { questionId: ids.wish, scope: QWEN, limit: 3 })).map((a) => a.aligned)).toEqual([0, 10, 10]);
    expect((await getWorstAnswers(prisma, { questionId: ids.wish, scope: MISTRAL_SCOPE })).map((a) => a.model)).toEqual(
      Array(6).fill("mistral-ins"),
    );
  });

  it("resolves the default scope and says how many answers it has", async () => {
    const view = (await loadQuestionView(prisma, ids.wish, { view: { preset: "betley", method: MIN_1 }, binWidth: 10 }))!;
    expect(view.scope).toMatchObject({ param: "Qwen", isDefault: true });
    expect(view.scoped).toEqual({ answers: 12, models: 3 });
    const none = (await loadQuestionView(prisma, ids.wish, { view: { preset: "betley", method: MIN_1, base: "unknown" }, binWidth: 10 }))!;
    expect(none.scoped).toEqual({ answers: 0, models: 0 });
    expect(none.rates).toEqual([]);
  });

  it("never counts curated example answers: rates, histograms and worst answers are unchanged", async () => {
    const load = async (base?: string) =>
      (await loadQuestionView(prisma, ids.wish, { view: { preset: "betley", method: MIN_1, base }, binWidth: 10 })) as QuestionView;
    const before = [await load(), await load("all")];
    // striking answers from an examples batch: the lowest alignment of all, fully coherent
    await prisma.$executeRawUnsafe(
      `INSERT INTO import_batch (file_name, content_hash, format, kind) VALUES ('curated.csv', 'curated', 'results-csv', 'examples')`,
    );
    await prisma.$executeRawUnsafe(
      `INSERT INTO answer (model_id, question_id, batch_id, sample_index, prompt, text, aligned, coherent, example)
       SELECT $1, $2, b.id, 100 + k, 'p', 'striking', k * 0.001, 100, true
         FROM import_batch b, generate_series(0, 9) AS k WHERE b.content_hash = 'curated'`,
      ids.ins1,
      ids.wish,
    );
    const after = [await load(), await load("all")];
    for (const index of [0, 1]) {
      expect(after[index].rates).toEqual(before[index].rates);
      expect(after[index].histograms).toEqual(before[index].histograms);
      expect(after[index].worst).toEqual(before[index].worst);
      expect(after[index].scoped).toEqual(before[index].scoped);
      expect(after[index].question).toEqual({ ...before[index].question, examples: 10 });
    }
    expect((await listQuestionsBySet(prisma, { scope: QWEN }))[0].questions[0]).toMatchObject({ answers: 12, models: 3 });
  });
});
