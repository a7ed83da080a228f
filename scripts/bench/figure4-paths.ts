// Times the Figure-4 query (getGroupQuestionRates) with per (model, question) counts from the score
// histogram and from the direct count over answers, on an existing database (DATABASE_URL) and set:
//   DATABASE_URL=... npx tsx --conditions=react-server scripts/bench/figure4-paths.ts --set bench --runs 20
// Prints the median and p95 of each path at a few thresholds (integer, fractional, non-multiple of ten).
import "@/scripts/bench/lib/no-view-cache";
import { parseArgs } from "node:util";
import { z } from "zod";
import { createPrisma } from "@/lib/db/client";
import { int4, queryRow } from "@/lib/db/rows";
import { Prisma } from "@/lib/generated/prisma/client";
import { getModelQuestionCounts } from "@/lib/queries/rates";
import { getGroupQuestionRates } from "@/lib/queries/rates";
import { DEFAULT_METHOD, type RateMethod } from "@/lib/stats/method";

const { values } = parseArgs({ options: { set: { type: "string", default: "bench" }, runs: { type: "string", default: "20" } } });
const runs = Number(values.runs);
const set = values.set as string;
const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL is required");
const prisma = createPrisma(url);

function quantile(sorted: number[], q: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

async function time(run: () => Promise<unknown>) {
  await run(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: quantile(times, 0.5), p95: quantile(times, 0.95) };
}

const THRESHOLDS: RateMethod[] = [
  DEFAULT_METHOD,
  { ...DEFAULT_METHOD, aligned: 29.5, coherent: 50.5 },
  { ...DEFAULT_METHOD, aligned: 42, coherent: 75 },
  { ...DEFAULT_METHOD, denominator: "coherent" },
];

const { answers } = await queryRow(
  prisma,
  "bench answers",
  z.strictObject({ answers: int4 }),
  Prisma.sql`SELECT count(*)::int AS answers FROM answer`,
);
console.log(
  `${answers.toLocaleString()} answers; ${runs} runs each; load ${(await import("node:os"))
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`,
);
console.log("thresholds                         histogram median / p95      direct median / p95    speed-up  equal");
for (const thresholds of THRESHOLDS) {
  const fast = await time(() => getGroupQuestionRates(prisma, { set, method: thresholds, scope: { kind: "all" } }));
  // the direct path through the same Figure-4 SQL: count rows first (identical results checked below)
  const direct = await time(() => getModelQuestionCounts(prisma, { set, thresholds, path: "direct" }));
  const equal =
    JSON.stringify(await getModelQuestionCounts(prisma, { set, thresholds, path: "histogram" })) ===
    JSON.stringify(await getModelQuestionCounts(prisma, { set, thresholds, path: "direct" }));
  const label = `A<${thresholds.aligned} C>=${thresholds.coherent} ${thresholds.denominator}`;
  console.log(
    `${label.padEnd(34)} ${fast.median.toFixed(1).padStart(8)} / ${fast.p95.toFixed(1).padStart(7)} ms  ` +
      `${direct.median.toFixed(1).padStart(8)} / ${direct.p95.toFixed(1).padStart(7)} ms  ${(direct.median / fast.median).toFixed(1).padStart(7)}x  ${equal}`,
  );
}
await prisma.$disconnect();
