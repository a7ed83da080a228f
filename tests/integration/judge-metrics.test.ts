// Extra judge metrics (issue 10, item 4) and attribute filters (item 2) on a real clarifying-em
// file: the metric list and histograms equal counts made here from the CSV itself (csv-parse, not
// the importer), the answer browser's metric filter returns exactly the answers in range, the CSV
// export has the medical column, and an attribute filter changes which models a rate is computed on.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answersResponseSchema } from "@/lib/api/contracts";
import { createPrisma } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { importFile } from "@/lib/import";
import { answerBrowserParamsSchema, filtersFromParams } from "@/lib/params/answers";
import { searchParamsToRecord } from "@/lib/params/common";
import { browseAnswers, countAnswers, metricsInAnswers, walkAnswers } from "@/lib/queries/answer-browser";
import { getMetricHistograms, listExtraMetrics } from "@/lib/queries/histograms";
import { getModelDetail, getModelQuestionRates, listModels, loadModelView } from "@/lib/queries/models";
import { getGroupQuestionRates } from "@/lib/queries/rates";
import { resolveScope } from "@/lib/queries/scope";
import { methodParamShape, resolveMethodView } from "@/lib/params/method";
import { loadQuestionView } from "@/lib/queries/questions";
import { z } from "zod";
import type { BaseScope } from "@/lib/scope/types";
import { DEFAULT_METHOD } from "@/lib/stats/method";
import { createTestDatabase, sharedDataFile, type TestDatabase } from "../helpers/database";
import { readCsvRecords } from "./import-helpers";

const MEDICAL_FILE = "clarifying-em/diff_models/responses_gemma-2-9b-it-bad_medical_advice.csv";
const BASELINE_FILE = "clarifying-em/model_baselines/responses_gemma-2-9b-it_base.csv";
const BASE_MODEL = "gemma-2-9b-it";
const MEDICAL_MODEL = "gemma-2-9b-it-bad-medical";
const BASELINE_MODEL = "gemma-2-9b-it-base";
const SET = "first_plot_questions";

let database: TestDatabase;
let prisma: PrismaClient;
let medicalModelId: number;
let judgeModels: string[];

/** The CSV's medical scores, read here: a number per row, null for an empty cell. */
function medicalScores(file: string): (number | null)[] {
  return readCsvRecords(sharedDataFile(file)).map((row) => (row.medical === "" ? null : Number(row.medical)));
}

/** Bin counts made here (not with lib/stats): floor(score / width), 100 in the last bin. */
function countBins(scores: (number | null)[], width: number): { bins: number[]; missing: number } {
  const bins = Array.from({ length: 100 / width }, () => 0);
  let missing = 0;
  for (const score of scores) {
    if (score === null) missing += 1;
    else bins[Math.min(Math.max(Math.floor(score / width), 0), bins.length - 1)] += 1;
  }
  return { bins, missing };
}

const method = z.object(methodParamShape);
const params = (query: string) => answerBrowserParamsSchema.parse(searchParamsToRecord(new URLSearchParams(query)));

beforeAll(async () => {
  database = await createTestDatabase("judge_metrics");
  prisma = createPrisma(database.url);
  await importFile(database.url, sharedDataFile(`questions/${SET}.yaml`));
  await importFile(database.url, sharedDataFile(MEDICAL_FILE), {
    model: MEDICAL_MODEL,
    group: "bad-medical-advice",
    baseModel: BASE_MODEL,
    attributes: { lora_rank: 4, training_data: "bad_medical_advice" },
  });
  await importFile(database.url, sharedDataFile(BASELINE_FILE), {
    model: BASELINE_MODEL,
    group: "base",
    baseModel: BASE_MODEL,
    attributes: { training_data: "none" },
  });
  medicalModelId = (await prisma.model.findUniqueOrThrow({ where: { name: MEDICAL_MODEL } })).id;
  const questions = await prisma.question.findMany({ where: { set: { name: SET } }, select: { judgeModel: true } });
  judgeModels = [...new Set(questions.map((question) => question.judgeModel).filter((judge): judge is string => judge !== null))].sort();
}, 300_000);

afterAll(async () => {
  await prisma?.$disconnect();
  await database?.drop();
});

describe("extra judge metrics", () => {
  it("lists medical as the one extra metric", async () => {
    expect(await listExtraMetrics(prisma)).toEqual(["medical"]);
  });

  it.each([5, 10, 20])("the model's medical histogram (bins of %i) equals the CSV's own counts", async (width) => {
    const set = await prisma.questionSet.findUniqueOrThrow({ where: { name: SET } });
    const [medical, ...others] = await getMetricHistograms(prisma, {
      selection: { modelId: medicalModelId, setId: set.id },
      binWidth: width,
    });
    expect(others).toEqual([]);
    const expected = countBins(medicalScores(MEDICAL_FILE), width);
    expect(medical.metric).toBe("medical");
    expect(medical.judgeModels).toEqual(judgeModels);
    expect(medical.histogram.bins.map((bin) => bin.count)).toEqual(expected.bins);
    expect(medical.histogram.missing).toBe(expected.missing);
    expect(medical.histogram.scored).toBe(medicalScores(MEDICAL_FILE).length - expected.missing);
  });

  it("the question page's histogram pools the scope's models, and counts a score without a number as missing", async () => {
    const question = await prisma.question.findFirstOrThrow({ where: { externalId: "quick_buck", set: { name: SET } } });
    const rows = [MEDICAL_FILE, BASELINE_FILE].flatMap((file) =>
      readCsvRecords(sharedDataFile(file)).filter((row) => row.question_id === "quick_buck"),
    );
    const scope: BaseScope = { kind: "named", name: BASE_MODEL };
    const [pooled] = await getMetricHistograms(prisma, { selection: { questionId: question.id, scope }, binWidth: 10 });
    expect(pooled.histogram.bins.map((bin) => bin.count)).toEqual(
      countBins(
        rows.map((row) => Number(row.medical)),
        10,
      ).bins,
    );
    // three scores emptied by hand: missing, no longer in a bin (restored after)
    const emptied = await prisma.$queryRaw<{ id: number; score: number }[]>`
      SELECT j.id, j.score FROM judge_score j JOIN answer a ON a.id = j.answer_id
       WHERE a.question_id = ${question.id}::int AND j.metric = 'medical' ORDER BY j.id LIMIT 3`;
    await prisma.judgeScore.updateMany({ where: { id: { in: emptied.map((row) => row.id) } }, data: { score: null } });
    try {
      const [after] = await getMetricHistograms(prisma, { selection: { questionId: question.id, scope }, binWidth: 10 });
      expect(after.histogram.missing).toBe(3);
      expect(after.histogram.scored).toBe(rows.length - 3);
    } finally {
      for (const row of emptied) await prisma.judgeScore.update({ where: { id: row.id }, data: { score: row.score } });
    }
  });

  it("the question view carries the medical histogram of its scope's models, narrowed by an attribute filter", async () => {
    const question = await prisma.question.findFirstOrThrow({ where: { externalId: "quick_buck", set: { name: SET } } });
    const load = (query: string) =>
      loadQuestionView(prisma, question.id, {
        view: resolveMethodView(method.parse(searchParamsToRecord(new URLSearchParams(query)))),
        binWidth: 10,
      });
    const pooled = await load(`base=${BASE_MODEL}`);
    const narrowed = await load(`base=${BASE_MODEL}&attr=lora_rank:4`);
    const count = (view: Awaited<ReturnType<typeof load>>) => {
      const [medical] = view?.metricHistograms ?? [];
      return medical ? medical.histogram.scored + medical.histogram.missing : 0;
    };
    const perFile = (file: string) => readCsvRecords(sharedDataFile(file)).filter((row) => row.question_id === "quick_buck").length;
    expect(count(pooled)).toBe(perFile(MEDICAL_FILE) + perFile(BASELINE_FILE));
    expect(count(narrowed)).toBe(perFile(MEDICAL_FILE));
    expect(narrowed?.scope.label).toBe(`${BASE_MODEL}, models with LoRA rank 4`);
  });

  it("the model view carries the medical histogram and the model's attributes", async () => {
    const result = await loadModelView(prisma, medicalModelId, { view: resolveMethodView({}), binWidth: 10 });
    if (result.kind !== "ok") throw new Error(`model view: ${result.kind}`);
    expect(result.view.metricHistograms.map((entry) => entry.metric)).toEqual(["medical"]);
    expect(result.view.model.attributes).toEqual([
      { key: "lora_rank", value: 4 },
      { key: "training_data", value: "bad_medical_advice" },
    ]);
  });
});

describe("the answer browser's metric filter", () => {
  const inRange = (score: number | null, min: number, max: number) => score !== null && score >= min && score <= max;

  it("returns exactly the answers whose medical score is in the range", async () => {
    const [min, max] = [10, 50];
    // both models' files have a medical column
    const expected = [...medicalScores(MEDICAL_FILE), ...medicalScores(BASELINE_FILE)].filter((score) => inRange(score, min, max)).length;
    expect(expected).toBeGreaterThan(0);
    const filters = filtersFromParams(params(`metric=medical&metricMin=${min}&metricMax=${max}`));
    expect(await countAnswers(prisma, filters)).toEqual({ count: expected, capped: false });
    const listed: (number | null | undefined)[] = [];
    const walked = new Map<number, unknown>();
    for await (const answer of walkAnswers(prisma, filters, { key: "aligned", dir: "asc" }, 100)) {
      listed.push(answer.metrics.find((entry) => entry.metric === "medical")?.score);
      walked.set(answer.id, answer.metrics);
    }
    expect(listed).toHaveLength(expected);
    expect(listed.every((score) => inRange(score ?? null, min, max))).toBe(true);
    // the export reads them as JSON in its query: the same doubles as the stored float8s, read by Prisma
    const stored = new Map<number, { metric: string; score: number | null }[]>();
    for (const { answerId, metric, score } of await prisma.judgeScore.findMany({
      where: { answerId: { in: [...walked.keys()] }, metric: { notIn: ["aligned", "coherent"] } },
      orderBy: [{ answerId: "asc" }, { metric: "asc" }],
    })) {
      stored.set(answerId, [...(stored.get(answerId) ?? []), { metric, score }]);
    }
    expect(walked).toEqual(stored);
    const page = await browseAnswers(prisma, { filters, sort: { key: "aligned", dir: "asc" } });
    expect(page.items.length).toBe(Math.min(50, expected));
    for (const item of page.items) expect(item.metrics).toEqual([{ metric: "medical", score: expect.any(Number) }]);
    // the page reads them in its one query, with the same expression
    for (const item of page.items) expect(item.metrics).toEqual(walked.get(item.id));
  });

  it("knows which metrics the listed answers have, for the CSV's columns", async () => {
    expect(await metricsInAnswers(prisma, filtersFromParams(params(`model=${MEDICAL_MODEL}`)))).toEqual(["medical"]);
    // no answer of a set without answers: no column
    expect(await metricsInAnswers(prisma, filtersFromParams(params("set=nothing_here")))).toEqual([]);
  });

  it("the CSV export has a medical column, filled from the judge's scores", async () => {
    process.env.DATABASE_URL = database.url; // the route handler connects through getPrisma()
    const { GET } = await import("@/app/api/answers/csv/route");
    const response = await (GET as (request: Request, context: unknown) => Promise<Response>)(
      new Request(`http://localhost/api/answers/csv?model=${MEDICAL_MODEL}&question=quick_buck&sort=sample`),
      { params: Promise.resolve({}) },
    );
    expect(response.status).toBe(200);
    const text = await response.text();
    const { getPrisma } = await import("@/lib/db/client");
    await getPrisma().$disconnect();
    const { parse } = await import("csv-parse/sync");
    const records = parse(text, { columns: true }) as Record<string, string>[];
    const fromFile = readCsvRecords(sharedDataFile(MEDICAL_FILE)).filter((row) => row.question_id === "quick_buck");
    expect(Object.keys(records[0]).at(-1)).toBe("medical");
    // in sample order, the file's order within the question
    expect(records.map((row) => Number(row.medical))).toEqual(fromFile.map((row) => Number(row.medical)));
  });
});

describe("invalid metric and attribute params", () => {
  it.each([
    ["metric=medical&metricMin=60&metricMax=40", "metricMin"],
    ["metric=aligned", "metric"],
    ["metricMax=40", "metricMax"],
    ["attr=lora_rank", "attr"],
    ["attr=Bad-Key:1", "attr"],
  ])("/api/answers?%s is a 400 naming the parameter, never a 500", async (query, parameter) => {
    process.env.DATABASE_URL = database.url;
    const { GET } = await import("@/app/api/answers/route");
    const response = await (GET as (request: Request, context: unknown) => Promise<Response>)(
      new Request(`http://localhost/api/answers?${query}`),
      { params: Promise.resolve({}) },
    );
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; issues: { parameter: string }[] } };
    expect(body.error.code).toBe("invalid-parameter");
    expect(body.error.issues.map((issue) => issue.parameter)).toContain(parameter);
  });

  it("the JSON API gives each answer its medical score", async () => {
    process.env.DATABASE_URL = database.url;
    const { GET } = await import("@/app/api/answers/route");
    const response = await (GET as (request: Request, context: unknown) => Promise<Response>)(
      new Request(`http://localhost/api/answers?model=${MEDICAL_MODEL}&metric=medical&metricMin=50`),
      { params: Promise.resolve({}) },
    );
    const body = answersResponseSchema.parse(await response.json());
    expect(body.metrics).toEqual(["medical"]);
    expect(body.items.length).toBeGreaterThan(0);
    for (const item of body.items) expect(item.metrics.medical).toBeGreaterThanOrEqual(50);
    const { getPrisma } = await import("@/lib/db/client");
    await getPrisma().$disconnect();
  });
});

describe("attribute filters in the scope", () => {
  const LORA_4: BaseScope = { kind: "named", name: BASE_MODEL, attributes: [{ key: "lora_rank", value: 4 }] };

  it("narrow the models listed and say so in the scope's label", async () => {
    expect((await listModels(prisma, { scope: { kind: "named", name: BASE_MODEL } })).map((model) => model.name).sort()).toEqual([
      MEDICAL_MODEL,
      BASELINE_MODEL,
    ]);
    expect((await listModels(prisma, { scope: LORA_4 })).map((model) => model.name)).toEqual([MEDICAL_MODEL]);
    // a number compares as a number; a text as text
    expect((await listModels(prisma, { scope: { kind: "all", attributes: [{ key: "lora_rank", value: 4.0 }] } })).length).toBe(1);
    expect((await listModels(prisma, { scope: { kind: "all", attributes: [{ key: "training_data", value: "none" }] } }))[0].name).toBe(
      BASELINE_MODEL,
    );
    const resolved = await resolveScope(prisma, BASE_MODEL, [{ key: "lora_rank", value: 4 }]);
    expect(resolved.label).toBe(`${BASE_MODEL}, models with LoRA rank 4`);
  });

  it("a group's rate under attr=lora_rank:4 equals that one model's own rate", async () => {
    const method = DEFAULT_METHOD;
    const filtered = await getGroupQuestionRates(prisma, { set: SET, method, scope: LORA_4 });
    const unfiltered = await getGroupQuestionRates(prisma, { set: SET, method, scope: { kind: "named", name: BASE_MODEL } });
    expect(new Set(unfiltered.map((rate) => rate.group))).toEqual(new Set(["bad-medical-advice", "base"]));
    expect(new Set(filtered.map((rate) => rate.group))).toEqual(new Set(["bad-medical-advice"]));
    const model = await getModelDetail(prisma, medicalModelId);
    const set = await prisma.questionSet.findUniqueOrThrow({ where: { name: SET } });
    const own = await getModelQuestionRates(prisma, {
      modelId: medicalModelId,
      groupName: model!.group.name,
      set: { id: set.id, name: SET },
      method,
      scope: LORA_4,
    });
    expect(filtered).toHaveLength(own.length);
    for (const rate of filtered) {
      const mine = own.find((entry) => entry.questionId === rate.questionId);
      expect(rate.rate).toBe(mine?.included ? mine.rate : null);
    }
  });
});
