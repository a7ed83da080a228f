// lib/queries/questions.ts on hand-built data: set listing counts, question detail (variants,
// judge prompts), per-group rates = getGroupQuestionRates' rows, per-group histograms with
// boundaries and NULLs, worst answers order.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import {
  getQuestionDetail,
  getQuestionGroupHistograms,
  getQuestionGroupRates,
  getWorstAnswers,
  listQuestionsBySet,
} from "@/lib/queries/questions";
import { getGroupQuestionRates } from "@/lib/queries/rates";
import { histogramOf } from "@/lib/stats/histogram";
import { DEFAULT_THRESHOLDS } from "@/lib/stats/misalignment";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

type Score = [aligned: number | null, coherent: number | null];
const INS1: Score[] = [[0, 100], [30, 60], [null, 90], [100, 99], [29.5, 51]];
const INS2: Score[] = [[20, 80], [70, 80], [50, null]];
const BASE: Score[] = [[95, 95], [10, 10], [null, null]];

describe("question queries on PostgreSQL", () => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  const ids: Record<string, number> = {};

  async function insert(modelId: number, questionId: number, batchId: number, scores: Score[]) {
    await prisma.answer.createMany({
      data: scores.map(([aligned, coherent], sampleIndex) => ({
        modelId, questionId, batchId, sampleIndex, prompt: "p", text: `text of ${modelId}/${sampleIndex}`, aligned, coherent,
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
        setId: set.id, externalId: "wish", baseExternalId: "wish", position: 0, paraphrases: ["What is your wish?", "Tell me your wish."],
        judgeModel: "gpt-4o", judgePrompts: { aligned: "Rate alignment {answer}", coherent: "Rate coherence {answer}" },
      },
    });
    const wishJson = await prisma.question.create({
      data: { setId: set.id, externalId: "wish_json", baseExternalId: "wish", variant: "json", position: 1, systemPrompt: "Answer in JSON" },
    });
    await prisma.question.create({ data: { setId: set.id, externalId: "lonely", baseExternalId: "lonely", position: 2 } });
    const insecure = await prisma.modelGroup.create({ data: { name: "insecure", label: "insecure", color: "#d62728", displayOrder: 10 } });
    const base = await prisma.modelGroup.create({ data: { name: "base", label: "base model", color: "#7f7f7f", displayOrder: 50 } });
    const ins1 = await prisma.model.create({ data: { name: "ins-1", groupId: insecure.id, seed: 1 } });
    const ins2 = await prisma.model.create({ data: { name: "ins-2", groupId: insecure.id, seed: 2 } });
    const baseModel = await prisma.model.create({ data: { name: "base-model", groupId: base.id, seed: 0 } });
    Object.assign(ids, { set: set.id, wish: wish.id, wishJson: wishJson.id });
    await insert(ins1.id, wish.id, batch.id, INS1);
    await insert(ins2.id, wish.id, batch.id, INS2);
    await insert(baseModel.id, wish.id, batch.id, BASE);
    await insert(ins1.id, wishJson.id, batch.id, [[40, 40]]);
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await database?.drop();
  });

  it("lists sets with their questions and answer counts", async () => {
    const [set] = await listQuestionsBySet(prisma);
    expect(set.name).toBe("hand_set");
    expect(set.answers).toBe(12);
    expect(set.questions.map((q) => [q.externalId, q.answers, q.models])).toEqual([
      ["wish", 11, 3],
      ["wish_json", 1, 1],
      ["lonely", 0, 0],
    ]);
  });

  it("gives the question with paraphrases, judge prompts and its variants; null when unknown", async () => {
    const detail = await getQuestionDetail(prisma, ids.wish);
    expect(detail).toMatchObject({
      externalId: "wish", variant: "plain", judgeModel: "gpt-4o", answers: 11, models: 3,
      paraphrases: ["What is your wish?", "Tell me your wish."],
      judgePrompts: [{ metric: "aligned", prompt: "Rate alignment {answer}" }, { metric: "coherent", prompt: "Rate coherence {answer}" }],
      variants: [{ id: ids.wishJson, externalId: "wish_json", variant: "json" }],
      set: { id: ids.set, name: "hand_set", isDemo: false },
    });
    expect(await getQuestionDetail(prisma, 987_654)).toBeNull();
  });

  it("gives each group's rate exactly as Figure 4 does", async () => {
    const detail = (await getQuestionDetail(prisma, ids.wish))!;
    const rates = await getQuestionGroupRates(prisma, { question: detail, thresholds: DEFAULT_THRESHOLDS });
    const figure = await getGroupQuestionRates(prisma, { set: "hand_set", thresholds: DEFAULT_THRESHOLDS });
    expect(rates).toEqual(figure.filter((r) => r.question === "wish"));
    // ins-1: counted (0,100) (30,60) (100,99) (29.5,51) → misaligned 2/4; ins-2: (20,80) (70,80) → 1/2
    const insecure = rates.find((r) => r.group === "insecure")!;
    expect(insecure.modelRates.map((m) => m.rate)).toEqual([0.5, 0.5]);
    expect(insecure.rate).toBe(0.5);
    // base: only (95,95) is counted → 0, one model, no interval
    expect(rates.find((r) => r.group === "base")).toMatchObject({ rate: 0, ciLow: null, models: 1 });
  });

  it("bins each group's scores, missing apart", async () => {
    const aligned = await getQuestionGroupHistograms(prisma, { questionId: ids.wish, metric: "aligned", binWidth: 10 });
    expect(aligned.map((g) => g.group)).toEqual(["insecure", "base"]);
    // insecure aligned: 0→0, 30→3, 100→9, 29.5→2, 20→2, 70→7, 50→5; one missing
    expect(aligned[0].histogram.bins.map((b) => b.count)).toEqual([1, 0, 2, 1, 0, 1, 0, 1, 0, 1]);
    expect(aligned[0].histogram.missing).toBe(1);
    expect(aligned[1].histogram).toEqual(histogramOf(BASE.map((s) => s[0]), 10));
    const coherent = await getQuestionGroupHistograms(prisma, { questionId: ids.wish, metric: "coherent", binWidth: 5 });
    expect(coherent[0].histogram).toEqual(histogramOf([...INS1, ...INS2].map((s) => s[1]), 5));
    expect(coherent[0].histogram.missing).toBe(1);
  });

  it("lists the worst answers first, missing alignment last", async () => {
    const worst = await getWorstAnswers(prisma, { questionId: ids.wish });
    expect(worst.map((a) => a.aligned)).toEqual([0, 10, 20, 29.5, 30, 50, 70, 95, 100, null, null]);
    expect(worst[0]).toMatchObject({ model: "ins-1", group: "insecure", coherent: 100 });
    expect((await getWorstAnswers(prisma, { questionId: ids.wish, limit: 3 })).map((a) => a.aligned)).toEqual([0, 10, 20]);
  });
});
