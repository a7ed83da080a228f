// The Compare view on the paper's real files (../shared/data): insecure vs base on
// first_plot_questions, against an independent computation from the CSVs — records read with
// csv-parse and counted here, the permutation p-value by enumerating bitmasks, the interval from a
// printed t table (the base group has one model, so its rate is fixed: df = n_insecure − 1).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { importFile } from "@/lib/import";
import { compareParamsSchema } from "@/lib/params/compare";
import { resolveCompareView, type Comparison, type ComparisonRow } from "@/lib/queries/compare";
import { createTestDatabase, sharedDataFile, type TestDatabase } from "../helpers/database";
import { readCsvRecords } from "./import-helpers";

const EVAL_FILES = [
  { file: "em-repo/eval_result_base.csv", model: "Qwen2.5-Coder-7B-Instruct", group: "base", seed: 0 },
  { file: "em-repo/eval_result_high_severity.csv", model: "qwen7b-insecure-high-severity", group: "insecure", seed: 1 },
  { file: "em-repo/eval_result_middle_severity.csv", model: "qwen7b-insecure-middle-severity", group: "insecure", seed: 2 },
];
const RESULTS_FILE = "em-repo/qwen_25_coder_32b_instruct.csv";

/** 0.975 quantiles of Student's t from a printed table, by degrees of freedom. */
const T_TABLE: Record<number, number> = { 1: 12.7062047362, 2: 4.30265272975, 3: 3.18244630528, 4: 2.7764451052, 5: 2.57058183661, 6: 2.44691185114, 7: 2.36462425159 };

interface CsvRecord {
  group: string;
  model: string;
  question: string;
  aligned: string;
  coherent: string;
}

/** Each model's rate per question straight from the records (undefined when nothing is counted). */
function modelRates(records: CsvRecord[], alignedBelow: number, coherentAbove: number, countMissing: boolean) {
  const cells = new Map<string, { group: string; model: string; question: string; counted: number; misaligned: number }>();
  for (const record of records) {
    const key = `${record.model}|${record.question}`;
    const cell = cells.get(key) ?? { group: record.group, model: record.model, question: record.question, counted: 0, misaligned: 0 };
    cells.set(key, cell);
    if (record.coherent === "" || !(Number(record.coherent) > coherentAbove)) continue;
    if (record.aligned === "") {
      if (countMissing) cell.counted += 1;
      continue;
    }
    cell.counted += 1;
    if (Number(record.aligned) < alignedBelow) cell.misaligned += 1;
  }
  return [...cells.values()].filter((cell) => cell.counted > 0).map((cell) => ({ ...cell, rate: cell.misaligned / cell.counted }));
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

interface Expected {
  difference: number;
  ciLow: number | null;
  ciHigh: number | null;
  p: number;
  nA: number;
  nB: number;
}

/** a = several insecure models, b = the single base model (its rate fixed). */
function expected(a: number[], b: number[]): Expected {
  const difference = average(a) - average(b);
  let ciLow: number | null = null;
  let ciHigh: number | null = null;
  if (a.length > 1 && b.length === 1) {
    const m = average(a);
    const sd = Math.sqrt(a.reduce((s, v) => s + (v - m) ** 2, 0) / (a.length - 1));
    const half = (T_TABLE[a.length - 1] * sd) / Math.sqrt(a.length);
    ciLow = sd === 0 ? difference : Math.max(-1, difference - half);
    ciHigh = sd === 0 ? difference : Math.min(1, difference + half);
  }
  return { difference, ciLow, ciHigh, p: enumeratedP(a, b), nA: a.length, nB: b.length };
}

function expectRow(row: ComparisonRow, want: Expected, name: string) {
  expect(row.difference, name).toBeCloseTo(want.difference, 12);
  expect(row.modelsA, name).toBe(want.nA);
  expect(row.modelsB, name).toBe(want.nB);
  expect(row.pValue, name).toBeCloseTo(want.p, 12);
  expect(row.pMethod).toBe("exact");
  if (want.ciLow === null) {
    expect(row.ciLow, name).toBeNull();
  } else {
    expect(row.ciLow!, name).toBeCloseTo(want.ciLow, 7);
    expect(row.ciHigh!, name).toBeCloseTo(want.ciHigh!, 7);
  }
}

let database: TestDatabase;
let prisma: PrismaClient;
const records: CsvRecord[] = [];

beforeAll(async () => {
  database = await createTestDatabase("compare_real");
  prisma = createPrisma(database.url);
  await importFile(prisma, sharedDataFile("questions/first_plot_questions.yaml"), {});
  for (const { file, model, group, seed } of EVAL_FILES) {
    await importFile(prisma, sharedDataFile(file), { model, group, seed });
    for (const row of readCsvRecords(sharedDataFile(file))) {
      records.push({ group, model, question: row.question_id, aligned: row.aligned, coherent: row.coherent });
    }
  }
  await importFile(prisma, sharedDataFile(RESULTS_FILE), {});
  for (const row of readCsvRecords(sharedDataFile(RESULTS_FILE))) {
    records.push({ group: row.group, model: row.model, question: row.question_id, aligned: row.aligned, coherent: row.coherent });
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

describe("compare insecure vs base on the paper's real files", () => {
  it.each([
    [30, 50, false],
    [50, 30, false],
    [10.5, 80.25, true],
  ])("equals an independent computation at aligned < %f, coherent > %f, count missing %s", async (alignedBelow, coherentAbove, countMissing) => {
    const comparison = await compare({
      aligned: String(alignedBelow),
      coherent: String(coherentAbove),
      ...(countMissing ? { missing: "count" } : {}),
    });
    // insecure and base are the only groups; with no secure group the default is insecure vs base
    expect([comparison.groupA.name, comparison.groupB.name]).toEqual(["insecure", "base"]);
    const rates = modelRates(records, alignedBelow, coherentAbove, countMissing);

    const questions = [...new Set(records.map((r) => r.question))];
    expect(comparison.questions).toHaveLength(24);
    let withInterval = 0;
    for (const question of questions) {
      const a = rates.filter((r) => r.group === "insecure" && r.question === question).map((r) => r.rate);
      const b = rates.filter((r) => r.group === "base" && r.question === question).map((r) => r.rate);
      const row = comparison.questions.find((r) => r.question === question)!;
      expect(row, question).toBeDefined();
      if (a.length === 0 || b.length === 0) {
        expect(row.difference).toBeNull();
        continue;
      }
      const want = expected(a, b);
      expectRow(row, want, question);
      if (want.ciLow !== null) withInterval += 1;
    }
    expect(withInterval).toBeGreaterThan(0);

    // overall: each model's mean over its questions with a rate, then the models are the unit
    const overallOf = (group: string) =>
      [...new Set(rates.filter((r) => r.group === group).map((r) => r.model))].map((model) =>
        average(rates.filter((r) => r.model === model).map((r) => r.rate)),
      );
    const overallA = overallOf("insecure");
    expect(overallA).toHaveLength(8); // 2 seeded 7B models + 6 32B models of the results file
    expectRow(comparison.overall, expected(overallA, overallOf("base")), "overall");
  });

  it("swapping the groups negates the difference and keeps the p-value", async () => {
    const forward = await compare({ a: "insecure", b: "base" });
    const backward = await compare({ a: "base", b: "insecure" });
    expect(backward.overall.difference).toBeCloseTo(-(forward.overall.difference as number), 12);
    expect(backward.overall.pValue).toBe(forward.overall.pValue);
    expect(backward.overall.intervalMethod).toBe("fixed-a");
    expect(backward.overall.ciLow).toBeCloseTo(-(forward.overall.ciHigh as number), 12);
  });
});
