// The Figure-4 rates view's queries on the real PostgreSQL, on hand-built data whose numbers are
// computed by hand below: chosen groups, variants and categories, CODE/REFUSAL counted or not,
// the answers list filtered to one model, and everything the page loads for one URL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma } from "@/lib/db/client";
import { loadFigureData } from "@/lib/queries/figure-view";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { listAnswersForGroupQuestion } from "@/lib/queries/answers";
import { getChosenGroupQuestionRates, getChosenOverallRates, getGroupQuestionRates, listFigureQuestions } from "@/lib/queries/rates";
import type { BaseScope } from "@/lib/scope/types";
import { encodeKeysetCursor, figureParamsSchema, type AnswerCursor } from "@/lib/params";
import { DEFAULT_METHOD, type RateMethod } from "@/lib/stats/method";
import { isCounted } from "@/lib/stats/misalignment";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

type Score = [aligned: number | null, coherent: number | null];

let database: TestDatabase;
let prisma: PrismaClient;
let setId: number;
const SET = "hand_view";
// min 1: the hand-built models have a few answers each; these models have no base model recorded
const METHOD: RateMethod = { ...DEFAULT_METHOD, minAnswers: 1 };
const COUNT_MISSING: RateMethod = { ...METHOD, denominator: "coherent" };
const ALL: BaseScope = { kind: "all" };

beforeAll(async () => {
  database = await createTestDatabase("rates_view");
  prisma = createPrisma(database.url);
  const batch = await prisma.importBatch.create({ data: { fileName: "hand-built", contentHash: "hand-built", format: "test" } });
  const set = await prisma.questionSet.create({ data: { name: SET } });
  setId = set.id;
  const q = async (externalId: string, baseExternalId: string, variant: "plain" | "json", category: string, position: number) =>
    prisma.question.create({ data: { setId: set.id, externalId, baseExternalId, variant, category, position } });
  const qa = await q("qa", "qa", "plain", "cx", 0);
  const qaJson = await q("qa_json", "qa", "json", "cx", 1);
  const qb = await q("qb", "qb", "plain", "cy", 2);
  const insecure = await prisma.modelGroup.create({ data: { name: "insecure", label: "insecure", color: "#d62728", displayOrder: 10 } });
  const base = await prisma.modelGroup.create({ data: { name: "base", label: "base model", color: "#7f7f7f", displayOrder: 50 } });
  const m1 = await prisma.model.create({ data: { name: "m1", groupId: insecure.id, seed: 1 } });
  const m2 = await prisma.model.create({ data: { name: "m2", groupId: insecure.id, seed: 2 } });
  const b0 = await prisma.model.create({ data: { name: "b0", groupId: base.id, seed: 0 } });

  const answers = async (modelId: number, questionId: number, scores: Score[]) =>
    prisma.answer.createMany({
      data: scores.map(([aligned, coherent], sampleIndex) => ({
        modelId,
        questionId,
        batchId: batch.id,
        sampleIndex,
        prompt: "p",
        text: `answer ${modelId}/${questionId}/${sampleIndex}`,
        aligned,
        coherent,
      })),
    });
  // m1 qa: counted (10, 80) → 1/2; the REFUSAL (null, 90) joins when counted → 1/3; (20, 40) incoherent
  await answers(m1.id, qa.id, [
    [10, 90],
    [80, 90],
    [null, 90],
    [20, 40],
  ]);
  await answers(m2.id, qa.id, [
    [5, 90],
    [6, 90],
    [90, 90],
    [90, 90],
  ]); // 2/4
  await answers(m1.id, qaJson.id, [
    [10, 90],
    [10, 90],
  ]); // 1
  await answers(m2.id, qaJson.id, [
    [90, 90],
    [10, 90],
  ]); // 1/2
  await answers(m1.id, qb.id, [[90, 90]]); // 0
  await answers(m2.id, qb.id, [[null, 90]]); // undefined; 0/1 when CODE/REFUSAL count
  await answers(b0.id, qa.id, [
    [90, 90],
    [10, 90],
  ]); // 1/2
  await answers(b0.id, qaJson.id, [[90, 90]]); // 0
  await answers(b0.id, qb.id, [
    [10, 90],
    [10, 90],
    [90, 90],
    [90, 90],
  ]); // 1/2
});

afterAll(async () => {
  await prisma?.$disconnect();
  await database?.drop();
});

describe("rates view queries", () => {
  it("each rate row names its question's base id, variant and category", async () => {
    const rows = await getGroupQuestionRates(prisma, { set: SET, method: METHOD, scope: ALL });
    const json = rows.find((row) => row.question === "qa_json" && row.group === "insecure")!;
    expect(json).toMatchObject({ baseQuestion: "qa", variant: "json", category: "cx", rate: 0.75, models: 2 });
    expect(await listFigureQuestions(prisma, SET)).toEqual([
      { externalId: "qa", baseExternalId: "qa", variant: "plain", category: "cx", position: 0 },
      { externalId: "qa_json", baseExternalId: "qa", variant: "json", category: "cx", position: 1 },
      { externalId: "qb", baseExternalId: "qb", variant: "plain", category: "cy", position: 2 },
    ]);
  });

  it("keeps only the chosen groups, in the chosen order within each question", async () => {
    const rows = await getChosenGroupQuestionRates(prisma, { set: SET, method: METHOD, scope: ALL, groups: ["base", "insecure"] });
    expect(rows.map((row) => `${row.question}/${row.group}`)).toEqual([
      "qa/base",
      "qa/insecure",
      "qa_json/base",
      "qa_json/insecure",
      "qb/base",
      "qb/insecure",
    ]);
    const onlyBase = await getChosenGroupQuestionRates(prisma, { set: SET, method: METHOD, scope: ALL, groups: ["base"] });
    expect(onlyBase.map((row) => [row.question, row.rate])).toEqual([
      ["qa", 0.5],
      ["qa_json", 0],
      ["qb", 0.5],
    ]);
  });

  it("counting CODE/REFUSAL answers changes the denominators as computed by hand", async () => {
    const rows = await getChosenGroupQuestionRates(prisma, { set: SET, method: COUNT_MISSING, scope: ALL, groups: ["insecure"] });
    const qa = rows.find((row) => row.question === "qa")!;
    expect(qa.modelRates.map((model) => model.rate)).toEqual([1 / 3, 0.5]);
    expect(qa.rate).toBeCloseTo((1 / 3 + 0.5) / 2, 12);
    expect(qa.answers).toBe(7);
    const qb = rows.find((row) => row.question === "qb")!;
    // m2's only answer is a REFUSAL: without counting it m2 has no rate; counted it is 0/1
    expect(qb).toMatchObject({ rate: 0, models: 2, ciLow: 0, ciHigh: 0, answers: 2 });
  });

  it("pools per variant and per category (each model's mean over questions, then over seeds)", async () => {
    const byVariant = await getChosenOverallRates(prisma, { set: SET, method: METHOD, scope: ALL, by: "variant" });
    const pick = (rows: typeof byVariant, part: string, group: string) => rows.find((row) => row.part === part && row.group === group)!;
    // insecure plain: m2 has no rate on qb, so only qa is pooled: m1 = 0.5, m2 = 0.5 → 0.5 over 1 of 2 questions
    expect(pick(byVariant, "plain", "insecure")).toMatchObject({ rate: 0.5, questions: 1, questionsAnswered: 2 });
    expect(pick(byVariant, "plain", "insecure").modelRates.map((m) => [m.model, m.rate, m.questions])).toEqual([
      ["m1", 0.5, 1],
      ["m2", 0.5, 1],
    ]);
    expect(pick(byVariant, "json", "insecure").rate).toBeCloseTo(0.75, 12);
    expect(pick(byVariant, "plain", "base")).toMatchObject({ rate: 0.5, models: 1, ciLow: null });

    const byCategory = await getChosenOverallRates(prisma, { set: SET, method: METHOD, scope: ALL, by: "category" });
    // cx = qa and qa_json: m1 = (0.5 + 1) / 2, m2 = (0.5 + 0.5) / 2
    expect(pick(byCategory, "cx", "insecure").rate).toBeCloseTo((0.75 + 0.5) / 2, 12);
    expect(pick(byCategory, "cy", "insecure")).toMatchObject({ rate: 0, models: 1 });

    const counted = await getChosenOverallRates(prisma, {
      set: SET,
      method: COUNT_MISSING,
      scope: ALL,
      by: "category",
      groups: ["insecure"],
    });
    expect(counted.map((row) => row.group)).toEqual(["insecure", "insecure"]);
    // m1 cx = (1/3 + 1) / 2, m2 cx = 0.5
    expect(pick(counted, "cx", "insecure").rate).toBeCloseTo((2 / 3 + 0.5) / 2, 12);
    expect(pick(counted, "cy", "insecure")).toMatchObject({ rate: 0, models: 2 });
  });

  it("lists only one model's answers when asked", async () => {
    const all = await listAnswersForGroupQuestion(prisma, { setId, scope: ALL, method: METHOD, group: "insecure", question: "qa" });
    expect(all.total).toBe(8);
    const m2 = await listAnswersForGroupQuestion(prisma, {
      setId,
      scope: ALL,
      method: METHOD,
      group: "insecure",
      question: "qa",
      model: "m2",
    });
    expect(m2.total).toBe(4);
    expect(m2.items.map((item) => item.model)).toEqual(["m2", "m2", "m2", "m2"]);
    expect(m2.items.map((item) => item.aligned)).toEqual([5, 6, 90, 90]);
    const none = await listAnswersForGroupQuestion(prisma, {
      setId,
      scope: ALL,
      method: METHOD,
      group: "insecure",
      question: "qa",
      model: "b0",
    });
    expect(none).toEqual({ items: [], nextCursor: null, total: 0, counted: 0 });
  });

  it("loads the page's data: chosen groups, unknown names, overall sections in figure order", async () => {
    const data = await loadFigureData(prisma, {
      set: SET,
      method: METHOD,
      scope: ALL,
      groups: ["base", "nope", "insecure"],
      layout: "variants",
    });
    expect(data.allGroups.map((group) => group.name)).toEqual(["insecure", "base"]);
    expect(data.groups.map((group) => group.name)).toEqual(["base", "insecure"]);
    expect(data.unknownGroups).toEqual(["nope"]);
    expect(data).toMatchObject({ layout: "variants", hasVariants: true, hasCategories: true });
    expect(data.overall.map((section) => section.by)).toEqual(["set", "variant", "category"]);
    expect(data.overall[1].rows.map((row) => `${row.part}/${row.group}`)).toEqual([
      "plain/base",
      "plain/insecure",
      "json/base",
      "json/insecure",
    ]);
    // whole set, insecure: m2 has no rate on qb, so qa and qa_json are pooled: m1 = (0.5 + 1) / 2, m2 = (0.5 + 0.5) / 2
    expect(data.overall[0].rows.find((row) => row.group === "insecure")).toMatchObject({ rate: 0.625, questions: 2, questionsAnswered: 3 });
  });
});

describe("the answers behind a point: counted ones first", () => {
  // Its own set, so the hand-computed numbers above keep their meaning: one question answered by
  // three models of one group, with tied scores, missing scores and coherence around the cuts.
  const STAGES = "hand_stages";
  let stagesSetId: number;
  let rows: { id: number; model: string; aligned: number | null; coherent: number | null }[];

  beforeAll(async () => {
    const batch = await prisma.importBatch.create({ data: { fileName: "stages", contentHash: "stages", format: "test" } });
    const set = await prisma.questionSet.create({ data: { name: STAGES } });
    stagesSetId = set.id;
    const question = await prisma.question.create({ data: { setId: set.id, externalId: "qs", baseExternalId: "qs", position: 0 } });
    const group = await prisma.modelGroup.findUniqueOrThrow({ where: { name: "insecure" } });
    // s3 has few coherent answers: below a minimum of 5 its answers are not behind the point
    for (const [name, seed, n, coherentEvery] of [
      ["s1", 11, 40, 2],
      ["s2", 12, 35, 3],
      ["s3", 13, 30, 10],
    ] as const) {
      const model = await prisma.model.create({ data: { name, groupId: group.id, seed } });
      await prisma.answer.createMany({
        data: Array.from({ length: n }, (_, i) => ({
          modelId: model.id,
          questionId: question.id,
          batchId: batch.id,
          sampleIndex: i,
          prompt: "p",
          text: `${name} ${i}`,
          // ties (multiples of 10) and missing alignment (CODE/REFUSAL) and coherence scores
          aligned: i % 7 === 3 ? null : ((i * 37 + seed) % 11) * 10,
          coherent: i % 13 === 5 ? null : i % coherentEvery === 0 ? 99 : ((i * 53 + seed) % 10) * 10 + 4,
        })),
      });
    }
    rows = await prisma.$queryRaw`
      SELECT a.id, m.name AS model, a.aligned, a.coherent FROM answer a JOIN model m ON m.id = a.model_id
      JOIN question q ON q.id = a.question_id WHERE q.set_id = ${set.id} ORDER BY a.id`;
  });

  /** The oracle: the TypeScript rule (isCounted) and the minimum per model, then the sort. */
  function expectedOrder(method: RateMethod) {
    const countedPerModel = new Map<string, number>();
    for (const row of rows) {
      if (isCounted(row.aligned, row.coherent, method)) countedPerModel.set(row.model, (countedPerModel.get(row.model) ?? 0) + 1);
    }
    const stage = (row: (typeof rows)[number]) => {
      const modelCounted = countedPerModel.get(row.model) ?? 0;
      return isCounted(row.aligned, row.coherent, method) && modelCounted > 0 && modelCounted >= method.minAnswers ? 1 : 2;
    };
    return rows
      .map((row) => ({ ...row, stage: stage(row) }))
      .sort((a, b) => a.stage - b.stage || (a.aligned ?? Infinity) - (b.aligned ?? Infinity) || a.id - b.id);
  }

  async function allPages(method: RateMethod, limit: number, start?: AnswerCursor) {
    const ids: number[] = [];
    let cursor = start;
    let counted = -1;
    for (let guard = 0; guard < 1000; guard++) {
      const page = await listAnswersForGroupQuestion(prisma, {
        setId: stagesSetId,
        scope: ALL,
        method,
        group: "insecure",
        question: "qs",
        cursor,
        limit,
      });
      counted = page.counted;
      expect(page.total).toBe(rows.length);
      ids.push(...page.items.map((item) => item.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    return { ids, counted };
  }

  const METHODS: [string, RateMethod][] = [
    ["coherent 95, min 5", { ...DEFAULT_METHOD, coherent: 95 }],
    ["the defaults, min 1", { ...DEFAULT_METHOD, minAnswers: 1 }],
    ["coherent 60, CODE/REFUSAL counted, min 5", { ...DEFAULT_METHOD, coherent: 60, denominator: "coherent" }],
    ["all answers", { ...DEFAULT_METHOD, denominator: "all" }],
  ];

  for (const [name, method] of METHODS) {
    it(`${name}: counted answers first, pages across the boundary in the oracle's order, counted = the rate's denominator`, async () => {
      const expected = expectedOrder(method);
      if (method.coherent === 95) {
        // s3's counted answers are below the minimum: not behind the point, so in the second part
        expect(expected.some((row) => row.stage === 2 && isCounted(row.aligned, row.coherent, method))).toBe(true);
      }
      const firstPage = await listAnswersForGroupQuestion(prisma, {
        setId: stagesSetId,
        scope: ALL,
        method,
        group: "insecure",
        question: "qs",
      });
      expect(firstPage.items.map((item) => [item.id, item.counted])).toEqual(expected.slice(0, 50).map((row) => [row.id, row.stage === 1]));
      // 7 per page: page ends fall inside each part and across the boundary
      for (const limit of [7, 1]) {
        const { ids, counted } = await allPages(method, limit);
        expect(ids).toEqual(expected.map((row) => row.id));
        expect(counted).toBe(expected.filter((row) => row.stage === 1).length);
      }
      const [point] = await getGroupQuestionRates(prisma, { set: STAGES, method, scope: ALL });
      expect(firstPage.counted).toBe(point.answers);
    });
  }

  it("at coherent 95 the list no longer starts with incoherent answers", async () => {
    const method = { ...DEFAULT_METHOD, coherent: 95 };
    const page = await listAnswersForGroupQuestion(prisma, {
      setId: stagesSetId,
      scope: ALL,
      method,
      group: "insecure",
      question: "qs",
      limit: 5,
    });
    expect(page.counted).toBeGreaterThan(5);
    for (const item of page.items) expect(item.counted && item.coherent! >= 95).toBe(true);
    // by alignment alone (the order before) the list started with an answer the rate does not count
    const before = [...rows].sort((a, b) => (a.aligned ?? Infinity) - (b.aligned ?? Infinity) || a.id - b.id).slice(0, 5);
    expect(before.filter((row) => !isCounted(row.aligned, row.coherent, method)).length).toBeGreaterThan(0);
  });

  it("a cursor in the old `<value>:<id>` format still continues the first part", async () => {
    const method = { ...DEFAULT_METHOD, coherent: 95 };
    const expected = expectedOrder(method);
    for (const at of [2, expected.filter((row) => row.stage === 1).length - 1]) {
      const row = expected[at];
      expect(row.stage).toBe(1);
      const cursor = figureParamsSchema.parse({ cursor: encodeKeysetCursor({ value: row.aligned, id: row.id }) }).cursor!;
      expect(cursor).toEqual({ stage: 1, value: row.aligned, id: row.id });
      const { ids } = await allPages(method, 9, cursor);
      expect(ids).toEqual(expected.slice(at + 1).map((r) => r.id));
    }
  });
});
