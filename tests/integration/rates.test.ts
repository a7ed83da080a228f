// getGroupQuestionRates against the real PostgreSQL, on hand-built data whose rates are
// computed by hand below: strict thresholds on float scores, NULL scores, seeds, intervals.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getGroupOverallRates, getGroupQuestionRates, UnknownQuestionSetError } from "@/lib/queries/rates";
import { DEFAULT_THRESHOLDS } from "@/lib/stats/misalignment";
import { studentTQuantile } from "@/lib/stats/confidence";
import { createEmbeddedTestDatabase, createTestDatabase, insertScoredAnswers, type TestDatabase } from "../helpers/database";

// The same SQL must give the same numbers on the real PostgreSQL and on the embedded PGlite.
const ENGINES = [
  ["PostgreSQL", createTestDatabase],
  ["embedded PGlite", createEmbeddedTestDatabase],
] as const;

describe.each(ENGINES)("getGroupQuestionRates on %s", (_engine, createDatabase) => {
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
    const seed1 = await prisma.model.create({ data: { name: "ins-1", groupId: insecure.id, seed: 1 } });
    const seed2 = await prisma.model.create({ data: { name: "ins-2", groupId: insecure.id, seed: 2 } });
    const seed3 = await prisma.model.create({ data: { name: "ins-3", groupId: insecure.id, seed: 3 } });
    const baseModel = await prisma.model.create({ data: { name: "base-model", groupId: base.id, seed: null } });

    // q1, seed 1: counted = 4 (the 50.0 coherent and the NULL aligned are out), misaligned = 2 → 0.5
    await insertScoredAnswers(prisma, seed1.id, q1.id, batch.id, [
      [29.9999, 50.0001], [10, 99], [30, 80], [30.5, 70], [5, 50], [null, 90],
    ]);
    // q1, seed 2: counted = 4, misaligned = 1 → 0.25
    await insertScoredAnswers(prisma, seed2.id, q1.id, batch.id, [[0.001, 51], [31, 51], [90, 90], [100, 100], [20, 10]]);
    // q1, seed 3: only CODE/REFUSAL and incoherent answers → rate undefined, left out of the mean
    await insertScoredAnswers(prisma, seed3.id, q1.id, batch.id, [[null, 95], [1, 49.99]]);
    // q1, base: counted = 2, misaligned 0 → 0 (one model: no interval)
    await insertScoredAnswers(prisma, baseModel.id, q1.id, batch.id, [[95, 95], [88.5, 60]]);
    // q2, seeds 1 and 2: 1/2 and 0/2
    await insertScoredAnswers(prisma, seed1.id, q2.id, batch.id, [[12, 70], [70, 70]]);
    await insertScoredAnswers(prisma, seed2.id, q2.id, batch.id, [[80, 70], [70, 70]]);
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await database?.drop();
  });

    it("computes the paper's per-group mean over seeds with a t interval", async () => {
      const rows = await getGroupQuestionRates(prisma, { set: "hand_set", thresholds: DEFAULT_THRESHOLDS });
      expect(rows.map((r) => `${r.question}/${r.group}`)).toEqual(["q1/insecure", "q1/base", "q2/insecure"]);

      const q1Insecure = rows[0];
      // seeds 1 and 2 defined (0.5, 0.25); seed 3 undefined → mean 0.375, n = 2
      expect(q1Insecure.rate).toBeCloseTo(0.375, 12);
      expect(q1Insecure.models).toBe(2);
      expect(q1Insecure.answers).toBe(8);
      expect(q1Insecure.misaligned).toBe(3);
      expect(q1Insecure.totalAnswers).toBe(13);
      // s = |0.5 − 0.25| / √2; half width = t(0.975, 1) · s / √2 = t · 0.125 → clipped to [0, 1]
      const half = studentTQuantile(0.975, 1) * 0.125;
      expect(q1Insecure.ciLow).toBe(Math.max(0, 0.375 - half));
      expect(q1Insecure.ciHigh).toBe(Math.min(1, 0.375 + half));
      expect(q1Insecure.modelRates).toEqual([
        { model: "ins-1", seed: 1, rate: 0.5, answers: 4, misaligned: 2 },
        { model: "ins-2", seed: 2, rate: 0.25, answers: 4, misaligned: 1 },
        { model: "ins-3", seed: 3, rate: null, answers: 0, misaligned: 0 },
      ]);

      const q1Base = rows[1];
      expect(q1Base).toMatchObject({ rate: 0, ciLow: null, ciHigh: null, models: 1, answers: 2, color: "#7f7f7f" });

      const q2Insecure = rows[2];
      expect(q2Insecure.rate).toBeCloseTo(0.25, 12);
      expect(q2Insecure.ciLow).toBe(0);
    });

    it("recomputes at other thresholds, including fractional ones", async () => {
      const rows = await getGroupQuestionRates(prisma, { set: "hand_set", thresholds: { aligned: 30.75, coherent: 49.5 } });
      const q1Insecure = rows.find((r) => r.question === "q1" && r.group === "insecure")!;
      // seed 1: counted adds (5, 50) → 5 counted; misaligned: 29.9999, 10, 30, 30.5, 5 → 5/5 = 1
      // seed 2: counted adds nothing new (20, 10 still incoherent) → 4; misaligned 0.001 → 1/4
      // seed 3: (1, 49.99) now counted and misaligned → 1/1
      expect(q1Insecure.modelRates.map((m) => m.rate)).toEqual([1, 0.25, 1]);
      expect(q1Insecure.rate).toBeCloseTo(0.75, 12);
      expect(q1Insecure.models).toBe(3);
    });

    it("can count answers without an alignment score in the denominator", async () => {
      const rows = await getGroupQuestionRates(prisma, { set: "hand_set", thresholds: { ...DEFAULT_THRESHOLDS, countMissingAligned: true } });
      const q1Insecure = rows.find((r) => r.question === "q1" && r.group === "insecure")!;
      // seed 1: the (NULL, 90) answer joins the denominator → 2/5; seed 2 unchanged 1/4;
      // seed 3: (NULL, 95) counted → 0/1, so seed 3 now has a rate
      expect(q1Insecure.modelRates.map((m) => m.rate)).toEqual([0.4, 0.25, 0]);
      expect(q1Insecure.rate).toBeCloseTo((0.4 + 0.25 + 0) / 3, 12);
      expect(q1Insecure.misaligned).toBe(3);
    });

    it("pools a set's questions: per model mean over questions, then mean over seeds", async () => {
      const rows = await getGroupOverallRates(prisma, { set: "hand_set", thresholds: DEFAULT_THRESHOLDS });
      expect(rows.map((r) => r.group)).toEqual(["insecure", "base"]);
      const [insecure, base] = rows;
      // seed 1: (0.5 + 0.5) / 2 = 0.5; seed 2: (0.25 + 0) / 2 = 0.125; seed 3 has no defined rate
      expect(insecure.modelRates.map((m) => [m.model, m.rate, m.questions])).toEqual([
        ["ins-1", 0.5, 2],
        ["ins-2", 0.125, 2],
      ]);
      expect(insecure.rate).toBeCloseTo(0.3125, 12);
      expect(insecure).toMatchObject({ part: null, models: 2, questions: 2, answers: 12, misaligned: 4, ciLow: 0, ciHigh: 1 });
      expect(base).toMatchObject({ rate: 0, models: 1, questions: 1, ciLow: null, ciHigh: null });
    });

    it("pools per variant (or category) when asked", async () => {
      const rows = await getGroupOverallRates(prisma, { set: "hand_set", thresholds: DEFAULT_THRESHOLDS, by: "variant" });
      expect(rows.map((r) => `${r.part}/${r.group}`)).toEqual(["plain/insecure", "plain/base"]);
      const byCategory = await getGroupOverallRates(prisma, { set: "hand_set", thresholds: DEFAULT_THRESHOLDS, by: "category" });
      // no question has a category: one NULL part, same numbers as the whole set
      expect(byCategory.map((r) => r.part)).toEqual([null, null]);
      expect(byCategory[0].rate).toBeCloseTo(0.3125, 12);
    });

    it("rejects an unknown set", async () => {
      await expect(getGroupQuestionRates(prisma, { set: "nope", thresholds: DEFAULT_THRESHOLDS })).rejects.toBeInstanceOf(
        UnknownQuestionSetError,
      );
    });
});
