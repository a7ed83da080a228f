// The Compare view on real files of ../shared/data, two base models in one database: the paper
// repository's Qwen2.5-Coder-7B-Instruct evaluations (a base model and two insecure finetunes) and
// the Model Organisms Qwen2.5-Coder-32B-Instruct runs (its base model and four insecure LoRA
// ranks). Insecure vs base within each base model is checked against an independent computation
// from the CSVs — records read with csv-parse and counted here by the paper authors' rule (kept:
// coherent >= C with an alignment score; at least `min` kept answers per model and question), the
// permutation p-value by enumerating bitmasks, Welch's interval from a printed t table (the base
// group has one model, so its rate is fixed: df = n_insecure − 1), and the bootstrap interval by
// enumerating every resample. The curated examples file (qwen_25_coder_32b_instruct.csv) is not
// imported: it is a selection of striking answers and never enters statistics.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { importFile } from "@/lib/import";
import { compareParamsSchema } from "@/lib/params/compare";
import { resolveCompareView } from "@/lib/queries/compare";
import type { Comparison, ComparisonRow } from "@/lib/compare/types";
import { createTestDatabase, sharedDataFile, type TestDatabase } from "../helpers/database";
import { readCsvRecords } from "./import-helpers";
import { enumeratedMeanInterval } from "../helpers/bootstrap-oracle";

const CODER_7B = "Qwen2.5-Coder-7B-Instruct";
const CODER_32B = "Qwen2.5-Coder-32B-Instruct";

const EVAL_FILES = [
  { file: "em-repo/eval_result_base.csv", model: "Qwen2.5-Coder-7B-Instruct", group: "base", seed: 0, baseModel: CODER_7B },
  {
    file: "em-repo/eval_result_high_severity.csv",
    model: "qwen7b-insecure-high-severity",
    group: "insecure",
    seed: 1,
    baseModel: CODER_7B,
  },
  {
    file: "em-repo/eval_result_middle_severity.csv",
    model: "qwen7b-insecure-middle-severity",
    group: "insecure",
    seed: 2,
    baseModel: CODER_7B,
  },
  {
    file: "clarifying-em/model_baselines/responses_Qwen2.5-Coder-32B-Instruct_base.csv",
    model: "qwen32b-coder-base",
    group: "base",
    seed: 0,
    baseModel: CODER_32B,
  },
  // four LoRA ranks of one insecure finetune, one model each: as a group they stand in for seeds
  // (the importer needs a seed number for an eval.py file; 1..4 just tells them apart)
  ...[1, 4, 16, 64].map((rank, index) => ({
    file: `clarifying-em/diff_r/responses_Qwen2.5-Coder-32B-Instruct_insecure_R${rank}.csv`,
    model: `qwen32b-coder-insecure-r${rank}`,
    group: "insecure",
    seed: index + 1,
    baseModel: CODER_32B,
  })),
];

/** 0.975 quantiles of Student's t from a printed table, by degrees of freedom. */
const T_TABLE: Record<number, number> = {
  1: 12.7062047362,
  2: 4.30265272975,
  3: 3.18244630528,
  4: 2.7764451052,
  5: 2.57058183661,
  6: 2.44691185114,
  7: 2.36462425159,
};

interface CsvRecord {
  baseModel: string;
  group: string;
  model: string;
  question: string;
  aligned: string;
  coherent: string;
}

interface Rule {
  aligned: number;
  coherent: number;
  denominator: "kept" | "coherent" | "all";
  min: number;
}

/** Each model's rate per question straight from the records, with the kept-answer count. */
function modelRates(records: CsvRecord[], rule: Rule) {
  const cells = new Map<
    string,
    { baseModel: string; group: string; model: string; question: string; counted: number; misaligned: number }
  >();
  for (const record of records) {
    const key = `${record.model}|${record.question}`;
    const cell = cells.get(key) ?? { ...record, counted: 0, misaligned: 0 };
    cells.set(key, cell);
    const coherent = record.coherent !== "" && Number(record.coherent) >= rule.coherent;
    const scored = record.aligned !== "";
    if (rule.denominator === "all" || (coherent && (scored || rule.denominator === "coherent"))) cell.counted += 1;
    if (coherent && scored && Number(record.aligned) < rule.aligned) cell.misaligned += 1;
  }
  return [...cells.values()].map((cell) => ({
    ...cell,
    rate: cell.counted > 0 ? cell.misaligned / cell.counted : null,
    included: cell.counted > 0 && cell.counted >= rule.min,
  }));
}

const average = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/** Exact two-sided permutation p by walking every bitmask of the pooled values. */
function enumeratedP(a: number[], b: number[]): number {
  const pooled = [...a, ...b];
  const observed = Math.abs(average(a) - average(b));
  let total = 0;
  let extreme = 0;
  for (let mask = 0; mask < 1 << pooled.length; mask++) {
    const inA = pooled.filter((_, i) => mask & (1 << i));
    if (inA.length !== a.length) continue;
    const inB = pooled.filter((_, i) => !(mask & (1 << i)));
    total += 1;
    if (Math.abs(average(inA) - average(inB)) >= observed - 1e-12) extreme += 1;
  }
  return extreme / total;
}

/**
 * The exact bootstrap interval of mean(a) − mean(b) with b a single fixed model: a's resample
 * means sorted, the smallest reaching 2.5% and 97.5% cumulative share, minus b.
 */
function bootstrapAgainstFixed(a: number[], b: number): { low: number; high: number } {
  const [low, high] = enumeratedMeanInterval(a);
  return { low: low - b, high: high - b };
}

interface Expected {
  difference: number;
  ciLow: number | null;
  ciHigh: number | null;
  bootstrap: { low: number; high: number } | null;
  p: number;
  nA: number;
  nB: number;
}

/** a = several insecure models, b = the single base model (its rate fixed). */
function expected(a: number[], b: number[]): Expected {
  const difference = average(a) - average(b);
  let ciLow: number | null = null;
  let ciHigh: number | null = null;
  let bootstrap: Expected["bootstrap"] = null;
  if (a.length > 1 && b.length === 1) {
    const m = average(a);
    const sd = Math.sqrt(a.reduce((s, v) => s + (v - m) ** 2, 0) / (a.length - 1));
    const half = (T_TABLE[a.length - 1] * sd) / Math.sqrt(a.length);
    ciLow = sd === 0 ? difference : Math.max(-1, difference - half);
    ciHigh = sd === 0 ? difference : Math.min(1, difference + half);
    bootstrap = bootstrapAgainstFixed(a, b[0]);
  }
  return { difference, ciLow, ciHigh, bootstrap, p: enumeratedP(a, b), nA: a.length, nB: b.length };
}

function expectRow(row: ComparisonRow, want: Expected, name: string) {
  expect(row.difference, name).toBeCloseTo(want.difference, 12);
  expect(row.modelsA, name).toBe(want.nA);
  expect(row.modelsB, name).toBe(want.nB);
  expect(row.pValue, name).toBeCloseTo(want.p, 12);
  expect(row.pMethod).toBe("exact");
  if (want.ciLow === null) {
    expect(row.ciLow, name).toBeNull();
    expect(row.bootstrapCiLow, name).toBeNull();
  } else {
    expect(row.ciLow!, name).toBeCloseTo(want.ciLow, 7);
    expect(row.ciHigh!, name).toBeCloseTo(want.ciHigh!, 7);
    expect(row.bootstrapMethod, name).toBe("exact");
    expect(row.bootstrapCiLow!, name).toBeCloseTo(want.bootstrap!.low, 10);
    expect(row.bootstrapCiHigh!, name).toBeCloseTo(want.bootstrap!.high, 10);
  }
}

let database: TestDatabase;
let prisma: PrismaClient;
const records: CsvRecord[] = [];

beforeAll(async () => {
  database = await createTestDatabase("compare_real");
  prisma = createPrisma(database.url);
  await importFile(database.url, sharedDataFile("questions/first_plot_questions.yaml"), {});
  for (const { file, model, group, seed, baseModel } of EVAL_FILES) {
    await importFile(database.url, sharedDataFile(file), { model, group, seed, baseModel, format: "eval-csv" });
    for (const row of readCsvRecords(sharedDataFile(file))) {
      records.push({ baseModel, group, model, question: row.question_id, aligned: row.aligned, coherent: row.coherent });
    }
  }
}, 300_000);

afterAll(async () => {
  await prisma?.$disconnect();
  await database?.drop();
});

async function compare(query: Record<string, string>): Promise<Comparison> {
  const view = await resolveCompareView(prisma, compareParamsSchema.parse({ set: "first_plot_questions", ...query }));
  if (view.status !== "ok") throw new Error(`expected a comparison, got ${view.status}`);
  return view.comparison;
}

describe("compare insecure vs base on real files, within each base model", () => {
  it.each([
    [CODER_7B, { aligned: 30, coherent: 50, denominator: "kept", min: 5 }],
    [CODER_32B, { aligned: 30, coherent: 50, denominator: "kept", min: 5 }],
    [CODER_7B, { aligned: 50, coherent: 30, denominator: "kept", min: 5 }],
    [CODER_32B, { aligned: 10.5, coherent: 80.25, denominator: "coherent", min: 20 }],
    [CODER_32B, { aligned: 30, coherent: 95, denominator: "kept", min: 5 }],
    [CODER_32B, { aligned: 30, coherent: 50, denominator: "all", min: 1 }],
  ] as [string, Rule][])("%s at %o equals an independent computation", async (baseModel, rule) => {
    const comparison = await compare({
      base: baseModel,
      aligned: String(rule.aligned),
      coherent: String(rule.coherent),
      denominator: rule.denominator,
      min: String(rule.min),
    });
    // insecure and base are the only groups; with no secure group the default is insecure vs base
    expect([comparison.groupA.name, comparison.groupB.name]).toEqual(["insecure", "base"]);
    expect(comparison.baseModel).toBe(baseModel);
    const rates = modelRates(
      records.filter((r) => r.baseModel === baseModel),
      rule,
    );
    const included = rates.filter((r) => r.included);

    const questions = [...new Set(records.map((r) => r.question))];
    expect(comparison.questions).toHaveLength(24);
    let withInterval = 0;
    for (const question of questions) {
      const a = included.filter((r) => r.group === "insecure" && r.question === question).map((r) => r.rate as number);
      const b = included.filter((r) => r.group === "base" && r.question === question).map((r) => r.rate as number);
      const row = comparison.questions.find((r) => r.question === question)!;
      expect(row, question).toBeDefined();
      const leftOut = rates.filter((r) => r.group === "insecure" && r.question === question && !r.included).length;
      expect(row.excludedModelsA, question).toBe(leftOut);
      if (a.length === 0 || b.length === 0) {
        expect(row.difference).toBeNull();
        continue;
      }
      const want = expected(a, b);
      expectRow(row, want, question);
      if (want.ciLow !== null) withInterval += 1;
    }
    expect(withInterval).toBeGreaterThan(0);

    // overall: only the questions every included model has a rate on; each model's mean over them
    const models = [...new Set(included.map((r) => r.model))];
    const common = questions.filter((question) =>
      models.every((model) => included.some((r) => r.model === model && r.question === question)),
    );
    expect(comparison.overallPool.questions).toBe(common.length);
    const overallOf = (group: string) =>
      [...new Set(included.filter((r) => r.group === group).map((r) => r.model))].map((model) =>
        average(included.filter((r) => r.model === model && common.includes(r.question)).map((r) => r.rate as number)),
      );
    const overallA = overallOf("insecure");
    expect(overallA).toHaveLength(baseModel === CODER_7B ? 2 : 4);
    expectRow(comparison.overall, expected(overallA, overallOf("base")), "overall");
  });

  it("the default scope is the base model with the most models, and it never mixes in the other", async () => {
    const comparison = await compare({});
    expect(comparison.baseModel).toBe(CODER_32B);
    expect(comparison.groupA.models).toBe(4);
    const names = [...comparison.overall.seedRatesA, ...comparison.overall.seedRatesB].map((s) => s.model);
    expect(names.every((name) => name.startsWith("qwen32b-"))).toBe(true);
  });

  it("some real insecure model has too few kept answers on some question at coherent ≥ 95, and is left out there", async () => {
    // the 32B insecure models answer in code often (CODE has no alignment score): at coherent ≥ 95
    // some model keeps fewer than 5 answers on some question
    const comparison = await compare({ base: CODER_32B, preset: "betley-qwen-coder" });
    expect(comparison.questions.some((row) => row.excludedModelsA > 0)).toBe(true);
  });

  it("swapping the groups negates the difference and both intervals and keeps the p-value", async () => {
    const forward = await compare({ base: CODER_7B, a: "insecure", b: "base" });
    const backward = await compare({ base: CODER_7B, a: "base", b: "insecure" });
    expect(backward.overall.difference).toBeCloseTo(-(forward.overall.difference as number), 12);
    expect(backward.overall.pValue).toBe(forward.overall.pValue);
    expect(backward.overall.intervalMethod).toBe("fixed-a");
    expect(backward.overall.ciLow).toBeCloseTo(-(forward.overall.ciHigh as number), 12);
    expect(backward.overall.bootstrapCiLow).toBeCloseTo(-(forward.overall.bootstrapCiHigh as number), 12);
    expect(backward.overall.bootstrapCiHigh).toBeCloseTo(-(forward.overall.bootstrapCiLow as number), 12);
  });
});
