// getGroupQuestionRates / getGroupOverallRates against the real PostgreSQL (and the embedded
// PGlite), on hand-built data whose rates are computed by hand below: the authors' rule (coherent
// >= C kept, aligned < A misaligned) on float scores, NULL scores, the minimum-answers rule, base
// model scopes, curated example answers (never counted), and both intervals.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getGroupOverallRates, getGroupQuestionRates, getModelQuestionCounts, UnknownQuestionSetError } from "@/lib/queries/rates";
import { resolveScope } from "@/lib/queries/scope";
import type { BaseScope } from "@/lib/scope/types";
import { studentTQuantile } from "@/lib/stats/confidence";
import { DEFAULT_METHOD, type RateMethod } from "@/lib/stats/method";
import { createEmbeddedTestDatabase, createTestDatabase, insertScoredAnswers, type TestDatabase } from "../helpers/database";

// The same SQL must give the same numbers on the real PostgreSQL and on the embedded PGlite.
const ENGINES = [
  ["PostgreSQL", createTestDatabase],
  ["embedded PGlite", createEmbeddedTestDatabase],
] as const;

const B1: BaseScope = { kind: "named", name: "B1" };
/** min 1 and the t interval unless a test says otherwise: the hand-built models have few answers */
const method = (change: Partial<RateMethod> = {}): RateMethod => ({ ...DEFAULT_METHOD, minAnswers: 1, interval: "t", ...change });

describe.each(ENGINES)("rates on %s", (_engine, createDatabase) => {
  let database: TestDatabase;
  let prisma: PrismaClient;

  beforeAll(async () => {
    database = await createDatabase("rates");
    prisma = createPrisma(database.url);
    const batch = await prisma.importBatch.create({ data: { fileName: "hand-built", contentHash: "hand-built", format: "test" } });
    const set = await prisma.questionSet.create({ data: { name: "hand_set" } });
    const q1 = await prisma.question.create({ data: { setId: set.id, externalId: "q1", baseExternalId: "q1", position: 0 } });
    const q2 = await prisma.question.create({ data: { setId: set.id, externalId: "q2", baseExternalId: "q2", position: 1 } });
    const insecure = await prisma.modelGroup.create({ data: { name: "insecure", label: "insecure", color: "#d62728", displayOrder: 10 } });
    const base = await prisma.modelGroup.create({ data: { name: "base", label: "base", color: "#7f7f7f", displayOrder: 50 } });
    const seed1 = await prisma.model.create({ data: { name: "ins-1", groupId: insecure.id, seed: 1, baseModel: "B1" } });
    const seed2 = await prisma.model.create({ data: { name: "ins-2", groupId: insecure.id, seed: 2, baseModel: "B1" } });
    const seed3 = await prisma.model.create({ data: { name: "ins-3", groupId: insecure.id, seed: 3, baseModel: "B1" } });
    const baseModel = await prisma.model.create({ data: { name: "base-model", groupId: base.id, seed: null, baseModel: "B1" } });
    const otherBase = await prisma.model.create({ data: { name: "b2-ins", groupId: insecure.id, seed: 1, baseModel: "B2" } });

    // q1, seed 1: kept = 5 (coherent 50 exactly is kept; the NULL aligned is not), misaligned = 3 → 0.6
    await insertScoredAnswers(prisma, seed1.id, q1.id, batch.id, [
      [29.9999, 50.0001],
      [10, 99],
      [30, 80],
      [30.5, 70],
      [5, 50],
      [null, 90],
    ]);
    // q1, seed 2: kept = 4 (coherent 10 is not), misaligned = 1 → 0.25
    await insertScoredAnswers(prisma, seed2.id, q1.id, batch.id, [
      [0.001, 51],
      [31, 51],
      [90, 90],
      [100, 100],
      [20, 10],
    ]);
    // q1, seed 3: only CODE/REFUSAL and incoherent answers → rate undefined, left out of the mean
    await insertScoredAnswers(prisma, seed3.id, q1.id, batch.id, [
      [null, 95],
      [1, 49.99],
    ]);
    // q1, base: kept = 2, misaligned 0 → 0 (one model: no interval)
    await insertScoredAnswers(prisma, baseModel.id, q1.id, batch.id, [
      [95, 95],
      [88.5, 60],
    ]);
    // q2, seeds 1 and 2: 1/2 and 0/2
    await insertScoredAnswers(prisma, seed1.id, q2.id, batch.id, [
      [12, 70],
      [70, 70],
    ]);
    await insertScoredAnswers(prisma, seed2.id, q2.id, batch.id, [
      [80, 70],
      [70, 70],
    ]);
    // another base model: one insecure model on q2 only, 1/1
    await insertScoredAnswers(prisma, otherBase.id, q2.id, batch.id, [[3, 90]]);

    // curated examples: striking answers of seed 1 and of a model that has nothing else; never counted
    const examples = await prisma.importBatch.create({
      data: { fileName: "examples", contentHash: "examples", format: "results-csv", kind: "examples" },
    });
    const exampleOnly = await prisma.model.create({ data: { name: "ex-32b", groupId: insecure.id, baseModel: "B1" } });
    await insertScoredAnswers(
      prisma,
      seed1.id,
      q1.id,
      examples.id,
      [
        [1, 99],
        [2, 98],
        [3, 97],
      ],
      { example: true },
    );
    await insertScoredAnswers(
      prisma,
      exampleOnly.id,
      q2.id,
      examples.id,
      [
        [1, 99],
        [2, 98],
        [3, 97],
        [4, 96],
        [5, 95],
        [6, 94],
      ],
      { example: true },
    );
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await database?.drop();
  });

  it("computes each model's rate (coherent >= C kept), then the group's mean over models with a t interval", async () => {
    const rows = await getGroupQuestionRates(prisma, { set: "hand_set", method: method(), scope: B1 });
    expect(rows.map((r) => `${r.question}/${r.group}`)).toEqual(["q1/insecure", "q1/base", "q2/insecure"]);

    const q1Insecure = rows[0];
    // seeds 1 and 2 defined (0.6, 0.25); seed 3 undefined → mean 0.425, n = 2
    expect(q1Insecure.rate).toBeCloseTo(0.425, 12);
    expect(q1Insecure).toMatchObject({ models: 2, excludedModels: 1, answers: 9, misaligned: 4, totalAnswers: 13, intervalMethod: "t" });
    // s = |0.6 − 0.25| / √2; half width = t(0.975, 1) · s / √2 = t · 0.175 → clipped to [0, 1]
    const half = studentTQuantile(0.975, 1) * 0.175;
    expect(q1Insecure.ciLow).toBe(Math.max(0, 0.425 - half));
    expect(q1Insecure.ciHigh).toBe(Math.min(1, 0.425 + half));
    expect(q1Insecure.modelRates).toEqual([
      { model: "ins-1", seed: 1, rate: 0.6, answers: 5, misaligned: 3, included: true },
      { model: "ins-2", seed: 2, rate: 0.25, answers: 4, misaligned: 1, included: true },
      { model: "ins-3", seed: 3, rate: null, answers: 0, misaligned: 0, included: false },
    ]);

    expect(rows[1]).toMatchObject({ rate: 0, ciLow: null, ciHigh: null, intervalMethod: null, models: 1, answers: 2, color: "#7f7f7f" });
    expect(rows[2].rate).toBeCloseTo(0.25, 12);
    expect(rows[2].ciLow).toBe(0);
  });

  it("the bootstrap interval of two models' rates is [lower, higher]", async () => {
    const rows = await getGroupQuestionRates(prisma, { set: "hand_set", method: method({ interval: "bootstrap" }), scope: B1 });
    // resamples (0.25, 0.25) p 1/4, mixed p 1/2, (0.6, 0.6) p 1/4: the 2.5% and 97.5% ends are the two rates
    expect(rows[0]).toMatchObject({ ciLow: 0.25, ciHigh: 0.6, intervalMethod: "bootstrap-exact" });
  });

  it("leaves a model out of a question below the minimum kept answers (4 kept: out at 5, in at 4)", async () => {
    const at = async (minAnswers: number) =>
      (await getGroupQuestionRates(prisma, { set: "hand_set", method: method({ minAnswers }), scope: B1 })).find(
        (r) => r.question === "q1" && r.group === "insecure",
      )!;
    const five = await at(5);
    expect(five).toMatchObject({ rate: 0.6, models: 1, excludedModels: 2, answers: 5, misaligned: 3, ciLow: null, ciHigh: null });
    expect(five.modelRates.map((m) => m.included)).toEqual([true, false, false]);
    const four = await at(4);
    expect(four).toMatchObject({ models: 2, excludedModels: 1, answers: 9 });
    expect(four.rate).toBeCloseTo(0.425, 12);
    expect((await at(6)).rate).toBeNull();
  });

  it("recomputes at fractional thresholds: coherent >= 49.5 keeps 49.99, aligned < 30.75 takes 30 and 30.5", async () => {
    const rows = await getGroupQuestionRates(prisma, { set: "hand_set", method: method({ aligned: 30.75, coherent: 49.5 }), scope: B1 });
    const q1Insecure = rows.find((r) => r.question === "q1" && r.group === "insecure")!;
    // seed 1: 5 kept, every one below 30.75 → 5/5; seed 2: 1/4; seed 3: (1, 49.99) now kept → 1/1
    expect(q1Insecure.modelRates.map((m) => m.rate)).toEqual([1, 0.25, 1]);
    expect(q1Insecure.rate).toBeCloseTo(0.75, 12);
    expect(q1Insecure.models).toBe(3);
  });

  it("divides by coherent answers incl. CODE/REFUSAL, or by all answers, when asked", async () => {
    const coherent = await getGroupQuestionRates(prisma, { set: "hand_set", method: method({ denominator: "coherent" }), scope: B1 });
    const q1 = coherent.find((r) => r.question === "q1" && r.group === "insecure")!;
    // seed 1: (NULL, 90) joins → 3/6; seed 2 unchanged 1/4; seed 3: (NULL, 95) → 0/1
    expect(q1.modelRates.map((m) => m.rate)).toEqual([0.5, 0.25, 0]);
    expect(q1.misaligned).toBe(4);
    const all = await getGroupQuestionRates(prisma, { set: "hand_set", method: method({ denominator: "all" }), scope: B1 });
    const q1All = all.find((r) => r.question === "q1" && r.group === "insecure")!;
    // every answer: seed 1 3/6, seed 2 1/5 (the incoherent one too), seed 3 0/2
    expect(q1All.modelRates.map((m) => [m.rate, m.answers])).toEqual([
      [0.5, 6],
      [0.2, 5],
      [0, 2],
    ]);
  });

  it("scopes by base model: the default is the one with the most models; another is its own scope; all pools", async () => {
    const scope = await resolveScope(prisma, undefined);
    expect(scope).toMatchObject({ param: "B1", isDefault: true, label: "B1" });
    // models with evaluation answers only: ex-32b (examples only) is not counted
    expect(scope.choices).toEqual([
      { baseModel: "B1", models: 4 },
      { baseModel: "B2", models: 1 },
    ]);
    const b2 = await getGroupQuestionRates(prisma, { set: "hand_set", method: method(), scope: { kind: "named", name: "B2" } });
    expect(b2.map((r) => [r.question, r.group, r.rate, r.models])).toEqual([["q2", "insecure", 1, 1]]);
    const pooled = await getGroupQuestionRates(prisma, { set: "hand_set", method: method(), scope: { kind: "all" } });
    const q2 = pooled.find((r) => r.question === "q2" && r.group === "insecure")!;
    expect(q2.models).toBe(3);
    expect(q2.rate).toBeCloseTo((0.5 + 0 + 1) / 3, 12);
    expect(await getGroupQuestionRates(prisma, { set: "hand_set", method: method(), scope: { kind: "unknown" } })).toEqual([]);
  });

  it("never counts curated example answers, in the histogram or the direct count", async () => {
    const rows = await getGroupQuestionRates(prisma, { set: "hand_set", method: method(), scope: B1 });
    // ex-32b has only example answers: no row mentions it; seed 1's examples did not change its 3 of 5
    expect(rows.flatMap((r) => r.modelRates.map((m) => m.model))).not.toContain("ex-32b");
    expect(rows[0].modelRates[0]).toMatchObject({ answers: 5, misaligned: 3 });
    for (const thresholds of [method(), method({ aligned: 2.5, coherent: 97.5 })]) {
      const histogram = await getModelQuestionCounts(prisma, { set: "hand_set", thresholds, path: "histogram" });
      const direct = await getModelQuestionCounts(prisma, { set: "hand_set", thresholds, path: "direct" });
      expect(histogram).toEqual(direct);
      expect(histogram.reduce((sum, row) => sum + row.totalAnswers, 0)).toBe(6 + 5 + 2 + 2 + 2 + 2 + 1);
    }
  });

  it("pools a set's questions every included model answered: per model mean over them, then mean over models", async () => {
    const rows = await getGroupOverallRates(prisma, { set: "hand_set", method: method(), scope: B1 });
    expect(rows.map((r) => r.group)).toEqual(["insecure", "base"]);
    const [insecure, base] = rows;
    // seed 1: (0.6 + 0.5) / 2 = 0.55; seed 2: (0.25 + 0) / 2 = 0.125; seed 3 has no defined rate
    expect(insecure.modelRates.map((m) => [m.model, m.rate, m.questions])).toEqual([
      ["ins-1", 0.55, 2],
      ["ins-2", 0.125, 2],
    ]);
    expect(insecure.rate).toBeCloseTo(0.3375, 12);
    expect(insecure).toMatchObject({
      part: null,
      models: 2,
      questions: 2,
      questionsAnswered: 2,
      answers: 13,
      misaligned: 5,
      ciLow: 0,
      ciHigh: 1,
    });
    expect(base).toMatchObject({ rate: 0, models: 1, questions: 1, ciLow: null, ciHigh: null });

    // pooled with B2's model, which answered q2 only: only q2 is common to every insecure model
    const pooled = (await getGroupOverallRates(prisma, { set: "hand_set", method: method(), scope: { kind: "all" } }))[0];
    expect(pooled).toMatchObject({ group: "insecure", models: 3, questions: 1, questionsAnswered: 2 });
    expect(pooled.rate).toBeCloseTo((0.5 + 0 + 1) / 3, 12);

    // at min 5 only seed 1 on q1 qualifies
    const strict = (await getGroupOverallRates(prisma, { set: "hand_set", method: method({ minAnswers: 5 }), scope: B1 }))[0];
    expect(strict).toMatchObject({ models: 1, questions: 1, rate: 0.6 });
  });

  it("pools per variant (or category) when asked", async () => {
    const rows = await getGroupOverallRates(prisma, { set: "hand_set", method: method(), scope: B1, by: "variant" });
    expect(rows.map((r) => `${r.part}/${r.group}`)).toEqual(["plain/insecure", "plain/base"]);
    const byCategory = await getGroupOverallRates(prisma, { set: "hand_set", method: method(), scope: B1, by: "category" });
    // no question has a category: one NULL part, same numbers as the whole set
    expect(byCategory.map((r) => r.part)).toEqual([null, null]);
    expect(byCategory[0].rate).toBeCloseTo(0.3375, 12);
  });

  it("rejects an unknown set", async () => {
    await expect(getGroupQuestionRates(prisma, { set: "nope", method: method(), scope: B1 })).rejects.toBeInstanceOf(
      UnknownQuestionSetError,
    );
  });
});
