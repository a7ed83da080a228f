// lib/queries/models.ts on hand-built data: per-question rates equal lib/stats misalignmentRate
// over the same rows, histogram counts (boundaries, 0, 100, NULL) equal hand counts and the
// in-memory binning, and the scatter's counts and deterministic sample.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import {
  getModelDetail,
  getModelHistograms,
  getModelQuestionRates,
  getModelScatter,
  listModels,
} from "@/lib/queries/models";
import { getGroupQuestionRates } from "@/lib/queries/rates";
import { histogramOf } from "@/lib/stats/histogram";
import { DEFAULT_THRESHOLDS, misalignmentRate, type Thresholds } from "@/lib/stats/misalignment";
import { createEmbeddedTestDatabase, createTestDatabase, insertScoredAnswers, type Score, type TestDatabase } from "../helpers/database";


// q1 of model ins-1: boundaries and missing scores on purpose
const INS1_Q1: Score[] = [
  [0, 100], [10, 60], [29.9999, 50.0001], [30, 50], [100, 0], [null, 90], [null, null], [55.5, null], [99.99, 89.9],
];
const INS1_Q2: Score[] = [[12, 70], [70, 70], [90, 95]];
const INS2_Q1: Score[] = [[5, 80], [50, 80], [null, 80], [20, 20]];
const BASE_Q1: Score[] = [[95, 95], [88.5, 60]];

const ENGINES = [
  ["PostgreSQL", createTestDatabase],
  ["embedded PGlite", createEmbeddedTestDatabase],
] as const;

describe.each(ENGINES)("model queries on %s", (_engine, createDatabase) => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  const ids: Record<string, number> = {};

  const insert = (modelId: number, questionId: number, batchId: number, scores: Score[]) =>
    insertScoredAnswers(prisma, modelId, questionId, batchId, scores);

  beforeAll(async () => {
    database = await createDatabase("models");
    prisma = createPrisma(database.url);
    const batchA = await prisma.importBatch.create({ data: { fileName: "a.csv", contentHash: "a", format: "eval-csv" } });
    const batchB = await prisma.importBatch.create({ data: { fileName: "b.csv", contentHash: "b", format: "eval-csv" } });
    const set = await prisma.questionSet.create({ data: { name: "hand_set" } });
    const other = await prisma.questionSet.create({ data: { name: "other_set" } });
    const q1 = await prisma.question.create({ data: { setId: set.id, externalId: "q1", baseExternalId: "q1", position: 0 } });
    const q2 = await prisma.question.create({ data: { setId: set.id, externalId: "q2", baseExternalId: "q2", position: 1 } });
    const o1 = await prisma.question.create({ data: { setId: other.id, externalId: "o1", baseExternalId: "o1" } });
    const insecure = await prisma.modelGroup.create({ data: { name: "insecure", label: "insecure", color: "#d62728", displayOrder: 10 } });
    const base = await prisma.modelGroup.create({ data: { name: "base", label: "base model", color: "#7f7f7f", displayOrder: 50 } });
    const ins1 = await prisma.model.create({ data: { name: "ins-1", groupId: insecure.id, seed: 1, baseModel: "Qwen" } });
    const ins2 = await prisma.model.create({ data: { name: "ins-2", groupId: insecure.id, seed: 2 } });
    const baseModel = await prisma.model.create({ data: { name: "base-model", groupId: base.id } });
    await prisma.model.create({ data: { name: "no-answers", groupId: base.id } });
    Object.assign(ids, { set: set.id, other: other.id, q1: q1.id, q2: q2.id, ins1: ins1.id, ins2: ins2.id, base: baseModel.id });
    await insert(ins1.id, q1.id, batchA.id, INS1_Q1);
    await insert(ins1.id, q2.id, batchB.id, INS1_Q2);
    await insert(ins1.id, o1.id, batchB.id, [[1, 99]]);
    await insert(ins2.id, q1.id, batchA.id, INS2_Q1);
    await insert(baseModel.id, q1.id, batchA.id, BASE_Q1);
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await database?.drop();
  });

  it("lists models in group order with answers per set", async () => {
    const models = await listModels(prisma);
    expect(models.map((m) => m.name)).toEqual(["ins-1", "ins-2", "base-model", "no-answers"]);
    const ins1 = models[0];
    expect(ins1).toMatchObject({ seed: 1, baseModel: "Qwen", answers: 13, group: { name: "insecure", color: "#d62728" } });
    expect(ins1.sets).toEqual([
      { id: ids.set, name: "hand_set", isDemo: false, answers: 12, questions: 2 },
      { id: ids.other, name: "other_set", isDemo: false, answers: 1, questions: 1 },
    ]);
    expect(models[3]).toMatchObject({ answers: 0, sets: [] });
  });

  it("gives a model's import batches, and null for an unknown id", async () => {
    const detail = await getModelDetail(prisma, ids.ins1);
    expect(detail?.batches.map((b) => [b.fileName, b.answers])).toEqual([["a.csv", 9], ["b.csv", 4]]);
    expect(await getModelDetail(prisma, 999_999)).toBeNull();
  });

  for (const thresholds of [DEFAULT_THRESHOLDS, { aligned: 30.5, coherent: 49.5 }, { ...DEFAULT_THRESHOLDS, countMissingAligned: true }] as Thresholds[]) {
    it(`per-question rates equal misalignmentRate over the same rows (${JSON.stringify(thresholds)})`, async () => {
      const rows = await getModelQuestionRates(prisma, {
        modelId: ids.ins1, groupName: "insecure", set: { id: ids.set, name: "hand_set" }, thresholds,
      });
      expect(rows.map((r) => r.question)).toEqual(["q1", "q2"]);
      const toAnswers = (scores: Score[]) => scores.map(([aligned, coherent]) => ({ aligned, coherent }));
      expect(rows[0].rate).toBe(misalignmentRate(toAnswers(INS1_Q1), thresholds));
      expect(rows[1].rate).toBe(misalignmentRate(toAnswers(INS1_Q2), thresholds));
      expect(rows[0].totalAnswers).toBe(9);
      expect(rows[0].missingAligned).toBe(2);
      // the group's value is Figure 4's
      const figure = await getGroupQuestionRates(prisma, { set: "hand_set", thresholds });
      const q1Insecure = figure.find((r) => r.group === "insecure" && r.question === "q1")!;
      expect(rows[0].groupRate).toBe(q1Insecure.rate);
      expect(rows[0].groupCiLow).toBe(q1Insecure.ciLow);
      expect(rows[0].groupModels).toBe(q1Insecure.models);
    });
  }

  it("hand-checks the default-threshold rate of q1", async () => {
    // counted (aligned scored, coherent > 50): (0,100) (10,60) (29.9999,50.0001) (99.99,89.9) → 4;
    // misaligned (aligned < 30): the first three → 3/4
    const [q1] = await getModelQuestionRates(prisma, {
      modelId: ids.ins1, groupName: "insecure", set: { id: ids.set, name: "hand_set" }, thresholds: DEFAULT_THRESHOLDS,
    });
    expect(q1).toMatchObject({ answers: 4, misaligned: 3, rate: 0.75 });
  });

  it("bins scores in SQL exactly as the hand count and histogramOf", async () => {
    const histograms = await getModelHistograms(prisma, { modelId: ids.ins1, setId: ids.set, binWidth: 10 });
    // aligned of q1+q2: 0→0, 10→1, 29.9999→2, 30→3, 100→9, 55.5→5, 99.99→9, 12→1, 70→7, 90→9; 2 missing
    expect(histograms.aligned.bins.map((b) => b.count)).toEqual([1, 2, 1, 1, 0, 1, 0, 1, 0, 3]);
    expect(histograms.aligned.missing).toBe(2);
    // coherent: 100→9, 60→6, 50.0001→5, 50→5, 0→0, 90→9, 89.9→8, 70→7, 70→7, 95→9; 2 missing
    expect(histograms.coherent.bins.map((b) => b.count)).toEqual([1, 0, 0, 0, 0, 2, 1, 2, 1, 3]);
    expect(histograms.coherent.missing).toBe(2);
    const all = [...INS1_Q1, ...INS1_Q2];
    for (const width of [5, 10, 20]) {
      const fromSql = await getModelHistograms(prisma, { modelId: ids.ins1, setId: ids.set, binWidth: width });
      expect(fromSql.aligned).toEqual(histogramOf(all.map((s) => s[0]), width));
      expect(fromSql.coherent).toEqual(histogramOf(all.map((s) => s[1]), width));
    }
  });

  it("restricts histograms to one question", async () => {
    const histograms = await getModelHistograms(prisma, { modelId: ids.ins1, setId: ids.set, questionId: ids.q2, binWidth: 10 });
    expect(histograms.aligned).toEqual(histogramOf(INS1_Q2.map((s) => s[0]), 10));
    expect(histograms.aligned.scored + histograms.aligned.missing).toBe(3);
  });

  it("places every answer with both scores, and says how many cannot be placed", async () => {
    const scatter = await getModelScatter(prisma, { modelId: ids.ins1, setId: ids.set });
    expect(scatter).toMatchObject({ total: 12, placeable: 9, missingAligned: 2, missingCoherent: 2, sampled: false });
    expect(scatter.points).toHaveLength(9);
    expect(scatter.points.every((p) => p.aligned !== null && p.coherent !== null)).toBe(true);
    expect(new Set(scatter.points.map((p) => p.question))).toEqual(new Set(["q1", "q2"]));
    const q1Only = await getModelScatter(prisma, { modelId: ids.ins1, setId: ids.set, questionId: ids.q1 });
    expect(q1Only).toMatchObject({ total: 9, placeable: 6, sampled: false });
  });

  it("samples deterministically above the limit", async () => {
    const first = await getModelScatter(prisma, { modelId: ids.ins1, setId: ids.set, limit: 4 });
    const again = await getModelScatter(prisma, { modelId: ids.ins1, setId: ids.set, limit: 4 });
    const all = await getModelScatter(prisma, { modelId: ids.ins1, setId: ids.set });
    expect(first.sampled).toBe(true);
    expect(first.placeable).toBe(9);
    expect(first.points).toHaveLength(4);
    expect(again.points).toEqual(first.points);
    const allIds = new Set(all.points.map((p) => p.id));
    expect(first.points.every((p) => allIds.has(p.id))).toBe(true);
  });
});
