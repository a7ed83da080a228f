// The benchmark's operations, each done the app's way ("fast": the functions the pages call) and
// the naive way (Prisma findMany / OFFSET / ILIKE / create() per row), plus the correctness
// checks that compare the two. The fast functions are called exactly as the app calls them, so
// whatever they become (histogram tables, COPY import) is what is measured and checked.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { benchAnswers, benchShape } from "@/scripts/bench/lib/generate";
import { compareIdLists, compareRateRows, naiveGroupQuestionRates, type NaiveModel, type RateNumbers } from "@/scripts/bench/lib/naive";
import { importFile } from "@/lib/import";
import { importExperiment } from "@/lib/import/experiment";
import { indexPendingAnswers } from "@/lib/search/indexer";
import type { AnswerFilters, AnswerSort, KeysetCursor } from "@/lib/params/answers";
import { BROWSER_PAGE_SIZE, browseAnswers, cursorOf } from "@/lib/queries/answer-browser";
import { getGroupQuestionRates } from "@/lib/queries/rates";
import { DEFAULT_METHOD, DEFAULT_PRESET, type RateMethod } from "@/lib/stats/method";

/** The question set the benchmark data is imported into. */
export const BENCH_SET = "bench";

// ---------------------------------------------------------------------------------------------
// Import

export interface ImportTiming {
  rows: number;
  seconds: number;
  rowsPerSecond: number;
}

/**
 * Imports the generated question YAML (untimed) and answer CSV (timed) with importFile, then puts
 * the answers into the search index as `npm run import` does after its commit (timed separately:
 * the import's rate never includes it).
 */
export async function importBenchFiles(
  connectionString: string,
  files: { questionsFile: string; answersFile: string },
): Promise<ImportTiming & { searchIndex: ImportTiming }> {
  await importFile(connectionString, files.questionsFile, { set: BENCH_SET });
  const started = performance.now();
  // a generated evaluation in the results-CSV layout, which is imported as curated examples unless told otherwise
  const report = await importFile(connectionString, files.answersFile, { set: BENCH_SET, examples: false });
  const seconds = (performance.now() - started) / 1000;
  if (report.alreadyImported) throw new Error(`${files.answersFile} was already imported: the benchmark needs a fresh database`);
  const indexStarted = performance.now();
  const indexed = await indexPendingAnswers(connectionString);
  const indexSeconds = (performance.now() - indexStarted) / 1000;
  return {
    rows: report.rowsImported,
    seconds,
    rowsPerSecond: report.rowsImported / seconds,
    searchIndex: { rows: indexed.indexed, seconds: indexSeconds, rowsPerSecond: indexed.indexed / indexSeconds },
  };
}

/**
 * The experiment import (issue 10): the same answers as `files`, split into 100 files named by one
 * manifest, imported with importExperiment into a database of their own (created and dropped
 * here, so the single-file import's database is untouched). Timed like importBenchFiles: hashing,
 * reading and writing, not the search index.
 */
export async function importBenchExperiment(
  database: { url: string },
  files: { questionsFile: string },
  manifest: string,
): Promise<ImportTiming & { files: number; bulkLoaded: boolean }> {
  await importFile(database.url, files.questionsFile, { set: BENCH_SET });
  const started = performance.now();
  const report = await importExperiment(database.url, manifest);
  const seconds = (performance.now() - started) / 1000;
  if (report.filesAlreadyImported) throw new Error(`${manifest}: files were already imported: the benchmark needs a fresh database`);
  return {
    rows: report.rowsImported,
    seconds,
    rowsPerSecond: report.rowsImported / seconds,
    files: report.files.length,
    bulkLoaded: report.bulkLoaded,
  };
}

/**
 * The naive import: the first `sampleSize` answers of the same data, one `prisma.answer.create()`
 * per row (each its own statement and commit), into a batch of their own that is removed after.
 * Returns rows/s of the sample, which the table extrapolates to the whole file.
 */
export async function naiveImportSample(prisma: PrismaClient, answers: number, sampleSize: number): Promise<ImportTiming> {
  const [models, questions] = await Promise.all([
    prisma.model.findMany({ select: { id: true, name: true } }),
    prisma.question.findMany({ where: { set: { name: BENCH_SET } }, select: { id: true, externalId: true } }),
  ]);
  const modelIds = new Map(models.map((m) => [m.name, m.id]));
  const questionIds = new Map(questions.map((q) => [q.externalId, q.id]));
  const batch = await prisma.importBatch.create({
    data: { fileName: "bench naive sample", contentHash: `bench-naive-sample-${Date.now()}-${process.pid}`, format: "results-csv" },
  });
  try {
    const started = performance.now();
    let rows = 0;
    for (const answer of benchAnswers(benchShape(answers))) {
      if (rows >= sampleSize) break;
      await prisma.answer.create({
        data: {
          modelId: modelIds.get(answer.model.name) as number,
          questionId: questionIds.get(answer.question.id) as number,
          batchId: batch.id,
          sampleIndex: answer.sample,
          prompt: answer.question.prompt,
          text: answer.text,
          aligned: answer.aligned,
          coherent: answer.coherent,
        },
      });
      rows++;
    }
    const seconds = (performance.now() - started) / 1000;
    return { rows, seconds, rowsPerSecond: rows / seconds };
  } finally {
    await prisma.importBatch.delete({ where: { id: batch.id } });
  }
}

// ---------------------------------------------------------------------------------------------
// Figure-4 rates

export interface ThresholdCase {
  label: string;
  thresholds: RateMethod;
}

const paper = (change: Partial<RateMethod>): RateMethod => ({ ...DEFAULT_METHOD, ...change });

/** Timed threshold settings: the paper's, fractional ones, and CODE/REFUSAL counted. */
export const TIMED_THRESHOLDS: readonly ThresholdCase[] = [
  { label: "30/50", thresholds: DEFAULT_METHOD },
  { label: "12.5/67.25", thresholds: paper({ aligned: 12.5, coherent: 67.25 }) },
  { label: "30/50 missing counted", thresholds: paper({ denominator: "coherent" }) },
];

/**
 * Checked threshold grid: integers, the extremes 0 and 100, fractions, and the neighbours one ulp
 * either side of 30 and 50 (the generator writes exactly those scores), with and without
 * CODE/REFUSAL in the denominator.
 */
export function checkedThresholds(): ThresholdCase[] {
  const aligned = [0, 12.5, 29.999999999999996, 30, 30.000000000000004, 50, 99.75, 100];
  const coherent = [0, 33.3, 49.99999999999999, 50, 50.00000000000001, 67.25, 100];
  return aligned.flatMap((a) =>
    coherent.flatMap((c) =>
      (["kept", "coherent", "all"] as const).map((denominator) => ({
        label: `${a}/${c} ${denominator}`,
        // min 1 keeps every model with a counted answer, the bench's many thresholds leave few
        thresholds: paper({ aligned: a, coherent: c, denominator, minAnswers: denominator === "kept" ? 5 : 1 }),
      })),
    ),
  );
}

/** The app's Figure-4 query for the whole benchmark set, reduced to the numbers that are checked. */
export async function fastRates(prisma: PrismaClient, thresholds: RateMethod): Promise<RateNumbers[]> {
  const rows = await getGroupQuestionRates(prisma, { set: BENCH_SET, method: thresholds, scope: { kind: "all" } });
  return rows.map((row) => ({
    group: row.group,
    question: row.question,
    rate: row.rate,
    ciLow: row.ciLow,
    ciHigh: row.ciHigh,
    models: row.models,
    answers: row.answers,
    misaligned: row.misaligned,
    totalAnswers: row.totalAnswers,
  }));
}

export interface NaiveRateInput {
  answers: { modelId: number; questionId: number; aligned: number | null; coherent: number | null }[];
  models: Map<number, NaiveModel>;
  questions: Map<number, string>;
}

/** Every answer of the set through Prisma findMany (scores and ids only), with models and questions. */
export async function fetchNaiveRateInput(prisma: PrismaClient): Promise<NaiveRateInput> {
  const [answers, models, questions] = await Promise.all([
    prisma.answer.findMany({
      where: { question: { set: { name: BENCH_SET } }, example: false },
      select: { modelId: true, questionId: true, aligned: true, coherent: true },
    }),
    prisma.model.findMany({ select: { id: true, name: true, group: { select: { name: true } } } }),
    prisma.question.findMany({ where: { set: { name: BENCH_SET } }, select: { id: true, externalId: true } }),
  ]);
  return {
    answers,
    models: new Map(models.map((m) => [m.id, { name: m.name, group: m.group.name }])),
    questions: new Map(questions.map((q) => [q.id, q.externalId])),
  };
}

/** The naive Figure 4: fetch every answer, aggregate in JavaScript with lib/stats. */
export async function naiveRates(prisma: PrismaClient, thresholds: RateMethod): Promise<RateNumbers[]> {
  const input = await fetchNaiveRateInput(prisma);
  return naiveGroupQuestionRates(input.answers, input.models, input.questions, thresholds);
}

/** Fast vs direct rates at every threshold case; the answers are fetched once. */
export async function checkRates(prisma: PrismaClient, cases: readonly ThresholdCase[]): Promise<string[]> {
  const input = await fetchNaiveRateInput(prisma);
  const problems: string[] = [];
  for (const { label, thresholds } of cases) {
    const fast = await fastRates(prisma, thresholds);
    const reference = naiveGroupQuestionRates(input.answers, input.models, input.questions, thresholds);
    if (fast.length === 0) problems.push(`rates ${label}: no rows`);
    problems.push(...compareRateRows(fast, reference).map((problem) => `rates ${label}: ${problem}`));
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Answer browsing and search

export function benchFilters(filters: Partial<AnswerFilters> = {}): AnswerFilters {
  return {
    set: BENCH_SET,
    misalignedOnly: false,
    thresholds: DEFAULT_METHOD,
    methodView: { preset: DEFAULT_PRESET, method: DEFAULT_METHOD },
    ...filters,
  };
}

export const BY_ALIGNED: AnswerSort = { key: "aligned", dir: "asc" };

/** One page as the app serves it: browseAnswers after a cursor (undefined: the first page). */
export async function fastPage(
  prisma: PrismaClient,
  filters: AnswerFilters,
  sort: AnswerSort,
  after?: KeysetCursor,
  limit = BROWSER_PAGE_SIZE,
) {
  return browseAnswers(prisma, { filters, sort, after, limit });
}

/** Prisma's where for the filters the benchmark uses; any other filter is refused, not ignored. */
function prismaWhere(filters: AnswerFilters) {
  const unsupported = (["model", "seed", "alignedMin", "alignedMax", "coherentMin", "coherentMax"] as const).filter(
    (key) => filters[key] !== undefined,
  );
  if (unsupported.length > 0 || filters.misalignedOnly)
    throw new Error(`naive pagination does not support ${unsupported.join(", ") || "misalignedOnly"}`);
  return {
    question: {
      ...(filters.question !== undefined ? { externalId: filters.question } : {}),
      ...(filters.set !== undefined ? { set: { name: filters.set } } : {}),
    },
    ...(filters.group !== undefined ? { model: { group: { name: filters.group } } } : {}),
    // the naive search: ILIKE '%word%' over every answer's text
    ...(filters.search !== undefined ? { text: { contains: filters.search, mode: "insensitive" as const } } : {}),
  };
}

/** Prisma's orderBy equal to the browser's: missing scores last in either direction, then id. */
function prismaOrderBy(sort: AnswerSort) {
  const field = sort.key === "sample" ? "sampleIndex" : sort.key;
  const direction = sort.dir;
  return sort.key === "sample"
    ? [{ [field]: direction }, { id: direction }]
    : [{ [field]: { sort: direction, nulls: "last" as const } }, { id: direction }];
}

/** The naive page: Prisma findMany with OFFSET (skip) and LIMIT (take), the same columns as the browser. */
export async function naivePage(prisma: PrismaClient, filters: AnswerFilters, sort: AnswerSort, page: number, limit = BROWSER_PAGE_SIZE) {
  return prisma.answer.findMany({
    where: prismaWhere(filters),
    orderBy: prismaOrderBy(sort),
    skip: (page - 1) * limit,
    take: limit,
    select: {
      id: true,
      sampleIndex: true,
      aligned: true,
      coherent: true,
      text: true,
      model: { select: { name: true, seed: true, group: { select: { name: true, label: true, color: true } } } },
      question: { select: { externalId: true, set: { select: { name: true } } } },
    },
  });
}

/** Number of answers matching the filters (for choosing a deep page). */
export async function countMatching(prisma: PrismaClient, filters: AnswerFilters): Promise<number> {
  return prisma.answer.count({ where: prismaWhere(filters) });
}

/**
 * The cursor that opens page `page` of a list: the row just before it (found once, untimed, as
 * a reader who followed "next" links or a shared ?cursor= URL would have it).
 */
export async function cursorBeforePage(
  prisma: PrismaClient,
  filters: AnswerFilters,
  sort: AnswerSort,
  page: number,
): Promise<KeysetCursor | undefined> {
  if (page <= 1) return undefined;
  const rows = await prisma.answer.findMany({
    where: prismaWhere(filters),
    orderBy: prismaOrderBy(sort),
    skip: (page - 1) * BROWSER_PAGE_SIZE - 1,
    take: 1,
    select: { id: true, aligned: true, coherent: true, sampleIndex: true },
  });
  if (rows.length === 0) throw new Error(`the list has no page ${page}`);
  return cursorOf(sort, rows[0]);
}

/**
 * Walks a list page by page through browseAnswers' keyset cursors and compares every page with
 * the OFFSET page of the same number; also checks the walk ends exactly when OFFSET runs out.
 */
export async function checkBrowsePages(prisma: PrismaClient, label: string, filters: AnswerFilters, sort: AnswerSort): Promise<string[]> {
  const problems: string[] = [];
  let after: KeysetCursor | undefined;
  for (let page = 1; ; page++) {
    const fast = await fastPage(prisma, filters, sort, after);
    const naive = await naivePage(prisma, filters, sort, page);
    problems.push(
      ...compareIdLists(
        `${label} page ${page}`,
        fast.items.map((a) => a.id),
        naive.map((a) => a.id),
      ),
    );
    if (problems.length > 0) return problems;
    if (!fast.nextCursor) {
      const beyond = await naivePage(prisma, filters, sort, page + 1);
      if (beyond.length > 0) problems.push(`${label}: keyset walk ended at page ${page} but OFFSET has page ${page + 1}`);
      if (page === 1 && fast.items.length === 0) problems.push(`${label}: the list is empty (nothing was checked)`);
      return problems;
    }
    after = fast.nextCursor;
  }
}

/**
 * Full-text search against ILIKE for one word: every answer the search finds (all pages,
 * browseAnswers with q) must contain the word (FTS ⊆ ILIKE), and for a simple word that appears
 * only as itself both sets are equal; the first pages must be equal too.
 */
export async function checkSearch(prisma: PrismaClient, word: string, expectEqual: boolean): Promise<string[]> {
  const filters = benchFilters({ search: word });
  const found: number[] = [];
  let after: KeysetCursor | undefined;
  for (;;) {
    const page = await fastPage(prisma, filters, BY_ALIGNED, after, 1000);
    found.push(...page.items.map((a) => a.id));
    if (!page.nextCursor) break;
    after = page.nextCursor;
  }
  const ilike = new Set((await prisma.answer.findMany({ where: prismaWhere(filters), select: { id: true } })).map((a) => a.id));
  const problems: string[] = [];
  if (found.length === 0) problems.push(`search "${word}": found nothing (the word should be in the generated text)`);
  const notContaining = found.filter((id) => !ilike.has(id));
  if (notContaining.length > 0)
    problems.push(`search "${word}": ${notContaining.length} results do not contain the word (e.g. answer ${notContaining[0]})`);
  if (new Set(found).size !== found.length) problems.push(`search "${word}": some answers appear on two pages`);
  if (expectEqual && found.length !== ilike.size)
    problems.push(`search "${word}": ${found.length} found by full-text search, ${ilike.size} by ILIKE`);
  const fastFirst = await fastPage(prisma, filters, BY_ALIGNED);
  const naiveFirst = await naivePage(prisma, filters, BY_ALIGNED, 1);
  if (expectEqual)
    problems.push(
      ...compareIdLists(
        `search "${word}" first page`,
        fastFirst.items.map((a) => a.id),
        naiveFirst.map((a) => a.id),
      ),
    );
  return problems;
}
