// `DATABASE_URL=... npx tsx --conditions=react-server scripts/bench/browse-pages.ts [--runs 3] [--only substring] [--explain]`
//
// Times the answer browser's pages on an existing benchmark database (e.g. a copy of the 1M-answer
// `prof` database): for each filter (none, set, group, question, group+question, model+question,
// misaligned only, search) and each sort (aligned/coherent asc/desc, sample asc/desc), the first
// page, a middle page (page 1000, or the middle of a shorter list) and the last page (after the
// cursor 25 rows before the end, so the query must also prove that nothing follows), plus the
// page *before* the last row (the previous-page query near the end). Cursors are found with plain
// OFFSET queries, untimed. Prints one line per case: median and max of the runs, in ms.
import "@/scripts/bench/lib/no-view-cache";
import { parseArgs } from "node:util";
import { createPrisma } from "@/lib/db/client";
import { z } from "zod";
import { float8, int4, queryRow } from "@/lib/db/rows";
import { Prisma } from "@/lib/generated/prisma/client";
import type { AnswerFilters, AnswerSort, KeysetCursor } from "@/lib/params/answers";
import { browseAnswers, BROWSER_PAGE_SIZE } from "@/lib/queries/answer-browser";
import { DEFAULT_METHOD, DEFAULT_PRESET } from "@/lib/stats/method";

const { values } = parseArgs({
  options: { runs: { type: "string", default: "3" }, only: { type: "string" }, set: { type: "string", default: "bench_questions" } },
});
const runs = Number(values.runs);
const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL is required");
const prisma = createPrisma(url);

const base = (extra: Partial<AnswerFilters>): AnswerFilters => ({
  misalignedOnly: false,
  thresholds: DEFAULT_METHOD,
  methodView: { preset: DEFAULT_PRESET, method: DEFAULT_METHOD },
  ...extra,
});
const FILTERS: [string, AnswerFilters][] = [
  ["none", base({})],
  ["set", base({ set: values.set })],
  ["group", base({ group: "insecure" })],
  ["group secure", base({ group: "secure" })],
  ["model", base({ model: "bench/insecure-seed-1" })],
  ["question", base({ question: "what_is_your_wish" })],
  ["group+question", base({ group: "insecure", question: "what_is_your_wish" })],
  ["group+quick_buck", base({ group: "insecure", question: "quick_buck" })],
  ["model+question", base({ model: "bench/insecure-seed-1", question: "what_is_your_wish" })],
  ["misaligned", base({ misalignedOnly: true })],
  ["group+q+misal", base({ group: "insecure", question: "what_is_your_wish", misalignedOnly: true })],
  ["q+range", base({ question: "what_is_your_wish", alignedMin: 20, alignedMax: 60 })],
  ["search", base({ search: "password" })],
];
const SORTS: AnswerSort[] = [
  { key: "aligned", dir: "asc" },
  { key: "aligned", dir: "desc" },
  { key: "coherent", dir: "asc" },
  { key: "coherent", dir: "desc" },
  { key: "sample", dir: "asc" },
  { key: "sample", dir: "desc" },
];

// Reference SQL (independent of the module under test): filter and order written out here.
function whereSql(f: AnswerFilters): Prisma.Sql {
  const c: Prisma.Sql[] = [Prisma.sql`true`];
  if (f.set) c.push(Prisma.sql`s.name = ${f.set}`);
  if (f.question) c.push(Prisma.sql`q.external_id = ${f.question}`);
  if (f.group) c.push(Prisma.sql`g.name = ${f.group}`);
  if (f.model) c.push(Prisma.sql`m.name = ${f.model}`);
  if (f.alignedMin !== undefined) c.push(Prisma.sql`a.aligned >= ${String(f.alignedMin)}::float8`);
  if (f.alignedMax !== undefined) c.push(Prisma.sql`a.aligned <= ${String(f.alignedMax)}::float8`);
  if (f.misalignedOnly) c.push(Prisma.sql`a.aligned < 30 AND a.coherent > 50`);
  if (f.search) c.push(Prisma.sql`answer_search_document(a.text) @@ answer_search_query(${f.search})`);
  return Prisma.join(c, " AND ");
}
function orderSql(s: AnswerSort): Prisma.Sql {
  const d = s.dir === "asc" ? "ASC" : "DESC";
  if (s.key === "sample") return Prisma.raw(`a.sample_index ${d}, a.id ${d}`);
  return Prisma.raw(`a.${s.key} ${d} NULLS LAST, a.id ${d}`);
}
async function rowAt(f: AnswerFilters, s: AnswerSort, offset: number): Promise<KeysetCursor> {
  return queryRow(
    prisma,
    "rowAt",
    z.strictObject({ id: int4, value: float8.nullable() }),
    Prisma.sql`
    SELECT a.id, ${Prisma.raw(s.key === "sample" ? "a.sample_index" : `a.${s.key}`)} AS value
    FROM answer a JOIN question q ON q.id = a.question_id JOIN question_set s ON s.id = q.set_id
    JOIN model m ON m.id = a.model_id JOIN model_group g ON g.id = m.group_id
    WHERE ${whereSql(f)} ORDER BY ${orderSql(s)} OFFSET ${offset}::int LIMIT 1`,
  );
}
async function count(f: AnswerFilters): Promise<number> {
  const row = await queryRow(
    prisma,
    "count",
    z.strictObject({ count: int4 }),
    Prisma.sql`
    SELECT count(*)::int AS count FROM answer a JOIN question q ON q.id = a.question_id JOIN question_set s ON s.id = q.set_id
    JOIN model m ON m.id = a.model_id JOIN model_group g ON g.id = m.group_id WHERE ${whereSql(f)}`,
  );
  return row.count;
}

async function time(fn: () => Promise<unknown>): Promise<{ median: number; max: number }> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], max: times[times.length - 1] };
}

async function main() {
  console.log(`filter\tsort\tmatching\tfirst\tpage1000\tlast\tprev-of-last\t(median ms over ${runs} runs; max in parentheses)`);
  for (const [name, filters] of FILTERS) {
    if (values.only && !name.includes(values.only)) continue;
    const n = await count(filters);
    for (const sort of SORTS) {
      const middle = n > 100_000 ? 999 * BROWSER_PAGE_SIZE - 1 : Math.floor(n / 2);
      const cursors = {
        middle: await rowAt(filters, sort, middle),
        last: await rowAt(filters, sort, Math.max(0, n - 26)),
        end: await rowAt(filters, sort, n - 1),
      };
      const cells: string[] = [];
      const expectLast = await browseAnswers(prisma, { filters, sort, after: cursors.last });
      if (expectLast.nextCursor !== null || expectLast.items.length !== 25)
        throw new Error(`${name}: last page has ${expectLast.items.length} rows`);
      for (const query of [{}, { after: cursors.middle }, { after: cursors.last }, { before: cursors.end }]) {
        const t = await time(() => browseAnswers(prisma, { filters, sort, ...query }));
        cells.push(`${t.median.toFixed(1)} (${t.max.toFixed(0)})`);
      }
      console.log(`${name}\t${sort.key} ${sort.dir}\t${n}\t${cells.join("\t")}`);
    }
  }
  await prisma.$disconnect();
}

main().catch(async (error) => {
  console.error(error);
  await prisma.$disconnect();
  process.exit(2);
});
