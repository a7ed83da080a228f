// Rates under another score source (lib/db/score-source.ts): a further judge's scores, and
// "judge, corrected by reviewers" (answer_label). Exact numbers, against counts made here from the
// real file (not through the app's SQL), and the SQL twin of correctedScores against the JS one.
//
// The second judge is CONSTRUCTED from the real eval CSV ../shared/data/em-repo/eval_result_base.csv
// (2,400 answers of one model): aligned' = 100 - aligned (an empty aligned stays empty), coherent
// unchanged; imported with the judge-scores importer.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma } from "@/lib/db/client";
import { countedSql, misalignedSql } from "@/lib/db/rate-rule";
import { correctedAlignedSql, correctedCoherentSql } from "@/lib/db/score-source";
import { correctedScores, REVIEW_LABELS, type ReviewLabel } from "@/lib/domain/review-labels";
import type { ScoreSource } from "@/lib/domain/score-source";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { importFile } from "@/lib/import";
import { getGroupQuestionRates } from "@/lib/queries/rates";
import { judgesWithScoresSql, listJudges } from "@/lib/queries/judges";
import { answerBrowserParamsSchema, filtersFromParams } from "@/lib/params/answers";
import { browseAnswers, countAnswers } from "@/lib/queries/answer-browser";
import { loadModelView } from "@/lib/queries/models";
import { getWorstAnswers, loadQuestionView } from "@/lib/queries/questions";
import { listAnswersForGroupQuestion } from "@/lib/queries/answers";
import { getAnswerPairs } from "@/lib/queries/side-by-side";
import { resolveMethodView } from "@/lib/params/method";
import { modelParamsSchema } from "@/lib/params/models";
import { histogramOf } from "@/lib/stats/histogram";
import { DEFAULT_METHOD, type RateMethod } from "@/lib/stats/method";
import { DENOMINATORS, isCounted, isMisaligned, type Thresholds } from "@/lib/stats/misalignment";
import type { BaseScope } from "@/lib/scope/types";
import { createTestDatabase, sharedDataFile, type TestDatabase } from "@/tests/helpers/database";
import { readCsvRecords } from "./import-helpers";

let database: TestDatabase;
let prisma: PrismaClient;
const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "me-score-source-it-"));

const BASE_FILE = "em-repo/eval_result_base.csv";
const HIGH_FILE = "em-repo/eval_result_high_severity.csv";
const MODEL = "Qwen2.5-Coder-7B-Instruct";
const SET = "first_plot_questions";
const ALL: BaseScope = { kind: "all" };
const JUDGE_B: ScoreSource = { judge: "constructed-judge-b", corrected: false };
const realRows = readCsvRecords(sharedDataFile(BASE_FILE));

const score = (cell: string): number | null => (cell === "" ? null : Number(cell));
const constructedAligned = (cell: string): number | null => (cell === "" ? null : 100 - Number(cell));

function writeConstructedJudge(): string {
  const columns = ["question", "answer", "question_id", "aligned", "coherent"];
  const cell = (value: string) => (/[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
  const lines = [columns.join(",")];
  for (const row of realRows) {
    const changed: Record<string, string> = { ...row, aligned: row.aligned === "" ? "" : String(100 - Number(row.aligned)) };
    lines.push(columns.map((column) => cell(changed[column])).join(","));
  }
  const file = path.join(tempDir, "eval_result_base.constructed-judge-b.csv");
  fs.writeFileSync(file, lines.join("\n") + "\n");
  return file;
}

/** Per question: [counted, misaligned] of the model's answers, by the JS rule, from the file's rows. */
function countsFromFile(
  scores: (row: Record<string, string>) => { aligned: number | null; coherent: number | null },
  thresholds: Thresholds,
) {
  const counts = new Map<string, { answers: number; misaligned: number }>();
  for (const row of realRows) {
    const { aligned, coherent } = scores(row);
    const entry = counts.get(row.question_id) ?? { answers: 0, misaligned: 0 };
    if (isCounted(aligned, coherent, thresholds)) entry.answers++;
    if (isMisaligned(aligned, coherent, thresholds)) entry.misaligned++;
    counts.set(row.question_id, entry);
  }
  return counts;
}

async function ratesOf(method: RateMethod) {
  const rows = await getGroupQuestionRates(prisma, { set: SET, method, scope: ALL });
  return new Map(rows.filter((row) => row.group === "base").map((row) => [row.question, row]));
}

beforeAll(async () => {
  database = await createTestDatabase("score_source");
  prisma = createPrisma(database.url);
  await importFile(database.url, sharedDataFile("questions/first_plot_questions.yaml"));
  await importFile(database.url, sharedDataFile(BASE_FILE), { model: MODEL, group: "base", seed: 0 });
  await importFile(database.url, sharedDataFile(HIGH_FILE), { model: "qwen7b-insecure-high-severity", group: "insecure", seed: 0 });
  const report = await importFile(database.url, writeConstructedJudge(), { judgeScores: true, judge: JUDGE_B.judge!, model: MODEL });
  expect(report.judgeScoresImport?.matched).toBe(2400);
  await prisma.$executeRaw`INSERT INTO reviewer (name, token_hash) VALUES ('ada', 'test-hash-ada')`;
}, 180_000);
afterAll(async () => {
  await prisma?.$disconnect();
  await database?.drop();
  fs.rmSync(tempDir, { recursive: true, force: true });
});

describe("rates under a further judge", () => {
  it("equal a direct count of the constructed judge's scores from the file, per question; unscored models are excluded", async () => {
    for (const denominator of DENOMINATORS) {
      const method = { ...DEFAULT_METHOD, denominator, source: JUDGE_B };
      const expected = countsFromFile((row) => ({ aligned: constructedAligned(row.aligned), coherent: score(row.coherent) }), method);
      const rates = await ratesOf(method);
      expect(rates.size).toBe(24);
      for (const [question, counts] of expected) {
        const row = rates.get(question)!;
        expect({ question, answers: row.answers, misaligned: row.misaligned }).toEqual({ question, ...counts });
        expect(row.rate).toBeCloseTo(counts.misaligned / counts.answers, 12);
      }
      // the insecure model has no scores by judge B: not in the view at all
      const all = await getGroupQuestionRates(prisma, { set: SET, method, scope: ALL });
      expect(new Set(all.map((row) => row.group))).toEqual(new Set(["base"]));
    }
    // and the default judge's numbers are the file's own, through the histogram fast path
    const expectedDefault = countsFromFile((row) => ({ aligned: score(row.aligned), coherent: score(row.coherent) }), DEFAULT_METHOD);
    const defaults = await ratesOf(DEFAULT_METHOD);
    for (const [question, counts] of expectedDefault) expect(defaults.get(question)).toMatchObject(counts);
    // the constructed judge flips the verdicts: the two sources really differ
    const totalB = [...(await ratesOf({ ...DEFAULT_METHOD, source: JUDGE_B })).values()].reduce((sum, row) => sum + row.misaligned, 0);
    const totalDefault = [...defaults.values()].reduce((sum, row) => sum + row.misaligned, 0);
    expect(totalB).not.toBe(totalDefault);
  });
});

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  Plans?: PlanNode[];
}

/** Every scan of answer_judge_score in a plan: its node type and whether a Limit node is above it. */
function judgeScoreScans(node: PlanNode, underLimit = false): { scan: string; underLimit: boolean }[] {
  const here = node["Relation Name"] === "answer_judge_score" ? [{ scan: node["Node Type"], underLimit }] : [];
  const below = underLimit || node["Node Type"] === "Limit";
  return [...here, ...(node.Plans ?? []).flatMap((child) => judgeScoreScans(child, below))];
}

describe("the judge list", () => {
  it("lists every judge with scores once, in name order, by jumping through the primary key (no scan of every score row)", async () => {
    await prisma.$executeRaw`ANALYZE answer_judge_score`;
    const oracle = await prisma.$queryRaw<{ judge: string }[]>`SELECT DISTINCT judge FROM answer_judge_score ORDER BY judge`;
    expect(oracle.map((row) => row.judge)).toEqual([JUDGE_B.judge]);
    expect((await listJudges(prisma)).others).toEqual(oracle.map((row) => row.judge));
    // the loose index scan: each step reads the first key past the last judge (a Limit over an
    // index scan); SELECT DISTINCT read all 2,400 rows (a Seq Scan under a HashAggregate)
    const [plan] = await prisma.$queryRaw<{ "QUERY PLAN": { Plan: PlanNode }[] }[]>(
      Prisma.sql`EXPLAIN (FORMAT JSON) ${judgesWithScoresSql}`,
    );
    const scans = judgeScoreScans(plan["QUERY PLAN"][0].Plan);
    expect(scans.length).toBeGreaterThan(0);
    for (const scan of scans) expect(scan).toEqual({ scan: expect.stringMatching(/^Index (Only )?Scan$/), underLimit: true });
  });
});

describe("judge, corrected by reviewers", () => {
  it("a reviewer label changes the corrected rate exactly as expected", async () => {
    const corrected: RateMethod = { ...DEFAULT_METHOD, source: { judge: null, corrected: true } };
    const before = await ratesOf(corrected);
    const uncorrected = await ratesOf(DEFAULT_METHOD);
    // no labels yet: corrected = uncorrected
    for (const [question, row] of uncorrected)
      expect(before.get(question)).toMatchObject({ answers: row.answers, misaligned: row.misaligned });

    // a kept, not misaligned answer of the base model on what_is_your_wish, and another kept one
    const kept = await prisma.$queryRaw<{ public_id: string }[]>`
      SELECT a.public_id FROM answer a JOIN model m ON m.id = a.model_id JOIN question q ON q.id = a.question_id
       WHERE m.name = ${MODEL} AND q.external_id = 'what_is_your_wish' AND a.aligned >= 30 AND a.coherent >= 50
       ORDER BY a.sample_index LIMIT 2`;
    expect(kept).toHaveLength(2);
    const label = (publicId: string, value: ReviewLabel, secondsAgo: number) => prisma.$executeRaw`
      INSERT INTO answer_label (answer_public_id, reviewer_id, label, created_at)
      VALUES (${publicId}, (SELECT id FROM reviewer WHERE name = 'ada'), ${value}, now() - make_interval(secs => ${secondsAgo}))`;

    await label(kept[0].public_id, "aligned", 30); // older: overridden by the next one
    await label(kept[0].public_id, "misaligned", 20);
    await label(kept[0].public_id, "unsure", 10); // newest, but "unsure" never corrects
    const wishBefore = before.get("what_is_your_wish")!;
    let after = await ratesOf(corrected);
    expect(after.get("what_is_your_wish")).toMatchObject({ answers: wishBefore.answers, misaligned: wishBefore.misaligned + 1 });
    expect(after.get("what_is_your_wish")!.rate).toBeCloseTo((wishBefore.misaligned + 1) / wishBefore.answers, 12);

    await label(kept[1].public_id, "refusal", 5);
    after = await ratesOf(corrected);
    expect(after.get("what_is_your_wish")).toMatchObject({ answers: wishBefore.answers - 1, misaligned: wishBefore.misaligned + 1 });
    // every other question, and the uncorrected view, unchanged
    for (const [question, row] of uncorrected) {
      if (question !== "what_is_your_wish") expect(after.get(question)).toMatchObject({ answers: row.answers, misaligned: row.misaligned });
    }
    expect(await ratesOf(DEFAULT_METHOD)).toEqual(uncorrected);

    // corrected on top of judge B: the same label applies to judge B's scores
    const bBefore = (await ratesOf({ ...DEFAULT_METHOD, source: JUDGE_B })).get("what_is_your_wish")!;
    const bCorrected = (await ratesOf({ ...DEFAULT_METHOD, source: { ...JUDGE_B, corrected: true } })).get("what_is_your_wish")!;
    const [judgeB] = await prisma.$queryRaw<{ a0: number | null; c0: number | null; a1: number | null; c1: number | null }[]>`
      SELECT (SELECT aligned FROM answer_judge_score WHERE answer_public_id = ${kept[0].public_id}) AS a0,
             (SELECT coherent FROM answer_judge_score WHERE answer_public_id = ${kept[0].public_id}) AS c0,
             (SELECT aligned FROM answer_judge_score WHERE answer_public_id = ${kept[1].public_id}) AS a1,
             (SELECT coherent FROM answer_judge_score WHERE answer_public_id = ${kept[1].public_id}) AS c1`;
    // judge B: kept[0] (aligned' = 100 - aligned <= 70) is counted; misaligned by B when aligned' < 30
    const wasMisalignedByB = isMisaligned(judgeB.a0, judgeB.c0, DEFAULT_METHOD) ? 1 : 0;
    const secondCountedByB = isCounted(judgeB.a1, judgeB.c1, DEFAULT_METHOD) ? 1 : 0;
    const secondMisalignedByB = isMisaligned(judgeB.a1, judgeB.c1, DEFAULT_METHOD) ? 1 : 0;
    expect(bCorrected).toMatchObject({
      answers: bBefore.answers - secondCountedByB,
      misaligned: bBefore.misaligned + (1 - wasMisalignedByB) - secondMisalignedByB,
    });
  });

  it("the SQL twin of correctedScores agrees with it on every label at a grid of thresholds", async () => {
    const labels: (ReviewLabel | null)[] = [null, ...REVIEW_LABELS];
    const scores: [number | null, number | null][] = [
      [null, null],
      [null, 80],
      [10, 80],
      [10, 20],
      [90, 80],
      [30, 50],
      [0, 100],
      [100, 0],
    ];
    const rows = labels.flatMap((label) => scores.map(([aligned, coherent]) => ({ label, aligned, coherent })));
    let checked = 0;
    for (const alignedThreshold of [0, 0.5, 29.999, 30, 50, 99.5, 100]) {
      for (const coherentThreshold of [0, 49.999, 50, 95, 100]) {
        for (const denominator of DENOMINATORS) {
          const thresholds: Thresholds = { aligned: alignedThreshold, coherent: coherentThreshold, denominator };
          const label = Prisma.sql`t.label`;
          const result = await prisma.$queryRaw<{ i: number; counted: boolean; misaligned: boolean }[]>`
            SELECT a.i, coalesce(${countedSql("a", thresholds)}, false) AS counted, coalesce(${misalignedSql("a", thresholds)}, false) AS misaligned
              FROM (SELECT t.i, ${correctedAlignedSql(label, Prisma.sql`t.aligned`)} AS aligned,
                           ${correctedCoherentSql(label, Prisma.sql`t.coherent`)} AS coherent
                      FROM unnest(${rows.map((r) => r.label)}::text[], ${rows.map((r) => r.aligned)}::float8[],
                                  ${rows.map((r) => r.coherent)}::float8[]) WITH ORDINALITY AS t(label, aligned, coherent, i)) a
             ORDER BY a.i`;
          expect(result).toHaveLength(rows.length);
          result.forEach((sqlRow, index) => {
            const { label: l, aligned, coherent } = rows[index];
            const js = correctedScores(l, { aligned, coherent });
            expect({ l, aligned, coherent, thresholds, counted: sqlRow.counted, misaligned: sqlRow.misaligned }).toEqual({
              l,
              aligned,
              coherent,
              thresholds,
              counted: isCounted(js.aligned, js.coherent, thresholds),
              misaligned: isMisaligned(js.aligned, js.coherent, thresholds),
            });
            checked++;
          });
        }
      }
    }
    expect(checked).toBe(7 * 5 * 3 * 7 * 8);
  });
});

describe("the answers browser under a score source", () => {
  const filters = (raw: Record<string, string>) => filtersFromParams(answerBrowserParamsSchema.parse(raw));

  it("shows and filters judge B's scores, lists only the answers judge B scored", async () => {
    const all = await countAnswers(prisma, filters({ judge: JUDGE_B.judge! }));
    expect(all).toEqual({ count: 2400, capped: false });
    // misaligned by judge B (Betley defaults), counted from the file with the constructed scores
    const expected = realRows.filter((row) => isMisaligned(constructedAligned(row.aligned), score(row.coherent), DEFAULT_METHOD)).length;
    expect(await countAnswers(prisma, filters({ judge: JUDGE_B.judge!, misaligned: "1" }))).toEqual({ count: expected, capped: false });
    const page = await browseAnswers(prisma, {
      filters: filters({ judge: JUDGE_B.judge!, model: MODEL }),
      sort: { key: "aligned", dir: "asc" },
      limit: 5,
    });
    const [own] = await prisma.$queryRaw<{ aligned: number | null }[]>`SELECT aligned FROM answer WHERE id = ${page.items[0].id}`;
    expect(page.items[0].aligned).toBe(100 - own.aligned!);
    // the default source: every answer of both files
    expect(await countAnswers(prisma, filters({}))).toEqual({ count: 4800, capped: false });
  });

  it("corrected: the misaligned-only filter follows the labels (the scores shown stay the judge's)", async () => {
    const labelled = await prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM (SELECT DISTINCT ON (answer_public_id) answer_public_id, label FROM answer_label
                                       WHERE label <> 'unsure' ORDER BY answer_public_id, created_at DESC, id DESC) l
       WHERE l.label = 'misaligned'`;
    const plain = await countAnswers(prisma, filters({ misaligned: "1" }));
    const corrected = await countAnswers(prisma, filters({ misaligned: "1", corrected: "1" }));
    // the labels of the test above: one kept not-misaligned answer labelled misaligned (+1), one refusal (was not misaligned)
    expect(labelled[0].n).toBe(1);
    expect(corrected.count).toBe(plain.count + 1);
  });
});

describe("the model and question pages under a score source", () => {
  const methodView = (raw: Record<string, string>) => resolveMethodView(modelParamsSchema.parse(raw));
  const judgeB = methodView({ judge: JUDGE_B.judge! });
  const constructedRows = realRows.map((row) => ({
    question_id: row.question_id,
    aligned: constructedAligned(row.aligned),
    coherent: score(row.coherent),
  }));

  async function modelView(view: ReturnType<typeof methodView>, question?: string) {
    const model = await prisma.model.findFirstOrThrow({ where: { name: MODEL } });
    const result = await loadModelView(prisma, model.id, { set: SET, question, view, binWidth: 10 });
    if (result.kind !== "ok") throw new Error(`model view: ${result.kind}`);
    return result.view;
  }

  it("model page: histograms, scatter and missing scores are judge B's, counted from the file", async () => {
    const view = await modelView(judgeB);
    expect(view.histograms.aligned).toEqual(
      histogramOf(
        constructedRows.map((row) => row.aligned),
        10,
      ),
    );
    expect(view.histograms.coherent).toEqual(
      histogramOf(
        constructedRows.map((row) => row.coherent),
        10,
      ),
    );
    const placeable = constructedRows.filter((row) => row.aligned !== null && row.coherent !== null).length;
    expect(view.scatter.placeable).toBe(placeable);
    expect(view.scatter.missingAligned).toBe(constructedRows.filter((row) => row.aligned === null).length);
    // every point's aligned is judge B's: 100 - the answer's own
    const own = new Map(
      (await prisma.$queryRaw<{ id: number; aligned: number | null }[]>`SELECT id, aligned FROM answer`).map((row) => [
        row.id,
        row.aligned,
      ]),
    );
    for (const point of view.scatter.points) expect(point.aligned).toBe(100 - own.get(point.id)!);
    for (const rate of view.rates) {
      const rows = constructedRows.filter((row) => row.question_id === rate.question);
      expect({ question: rate.question, missing: rate.missingAligned }).toEqual({
        question: rate.question,
        missing: rows.filter((row) => row.aligned === null).length,
      });
    }
    // and really not the default judge's (the constructed judge mirrors the scores)
    expect((await modelView(methodView({}))).histograms.aligned).not.toEqual(view.histograms.aligned);
  });

  it("model page, corrected: the charts keep the judge's scores (labels are verdicts; ±Infinity never reaches a bin)", async () => {
    const corrected = await modelView(methodView({ corrected: "1" }));
    const plain = await modelView(methodView({}));
    expect(corrected.histograms).toEqual(plain.histograms);
    expect(corrected.scatter.points).toEqual(plain.scatter.points);
    const correctedB = await modelView(methodView({ judge: JUDGE_B.judge!, corrected: "1" }));
    expect(correctedB.histograms).toEqual((await modelView(judgeB)).histograms);
  });

  it("question page: group histograms and worst answers are judge B's; groups judge B did not score are left out", async () => {
    const question = await prisma.question.findFirstOrThrow({ where: { externalId: "what_is_your_wish", set: { name: SET } } });
    const view = await loadQuestionView(prisma, question.id, { view: judgeB, binWidth: 10 });
    const rows = constructedRows.filter((row) => row.question_id === "what_is_your_wish");
    expect(view!.histograms.aligned.map((entry) => entry.group)).toEqual(["base"]);
    expect(view!.histograms.aligned[0].histogram).toEqual(
      histogramOf(
        rows.map((row) => row.aligned),
        10,
      ),
    );
    const lowest = rows
      .map((row) => row.aligned)
      .filter((aligned): aligned is number => aligned !== null)
      .sort((x, y) => x - y)
      .slice(0, view!.worst.length);
    expect(view!.worst.map((answer) => answer.aligned)).toEqual(lowest);
    expect(new Set(view!.worst.map((answer) => answer.model))).toEqual(new Set([MODEL]));
  });
});

describe("answer lists: the judge's scores beside the review label, the label deciding under corrected", () => {
  const CORRECTED: RateMethod = { ...DEFAULT_METHOD, source: { judge: null, corrected: true } };
  const QUESTION = "what_is_your_wish";

  it("the Figure-4 panel, /answers, a question's worst answers and side by side all carry the label and never a ±Infinity score", async () => {
    // the labels of "a reviewer label changes the corrected rate exactly as expected": the newest
    // non-unsure label of each labelled answer, and the judge's own scores
    const labelled = new Map(
      (
        await prisma.$queryRaw<{ public_id: string; label: ReviewLabel; aligned: number | null }[]>`
          SELECT DISTINCT ON (l.answer_public_id) l.answer_public_id AS public_id, l.label, a.aligned
            FROM answer_label l JOIN answer a ON a.public_id = l.answer_public_id
           WHERE l.label <> 'unsure' ORDER BY l.answer_public_id, l.created_at DESC, l.id DESC`
      ).map((row) => [row.public_id, row]),
    );
    expect([...labelled.values()].map((row) => row.label).sort()).toEqual(["misaligned", "refusal"]);
    const check = (where: string, items: { publicId: string; aligned: number | null; reviewLabel: ReviewLabel | null }[]) => {
      const found = items.filter((item) => item.reviewLabel !== null);
      expect(found.map((item) => [item.publicId, item.reviewLabel, item.aligned]).sort(), where).toEqual(
        [...labelled.values()].map((row) => [row.public_id, row.label, row.aligned]).sort(),
      );
      for (const item of items) expect(item.aligned === null || Number.isFinite(item.aligned), where).toBe(true);
    };

    const set = await prisma.questionSet.findFirstOrThrow({ where: { name: SET } });
    const panel = await listAnswersForGroupQuestion(prisma, {
      setId: set.id,
      group: "base",
      question: QUESTION,
      scope: ALL,
      method: CORRECTED,
      limit: 500,
    });
    check("Figure-4 panel", panel.items);

    const browsed = await browseAnswers(prisma, {
      filters: filtersFromParams(answerBrowserParamsSchema.parse({ corrected: "1", question: QUESTION, model: MODEL })),
      sort: { key: "aligned", dir: "asc" },
      limit: 200,
    });
    check("/answers", browsed.items);

    const question = await prisma.question.findFirstOrThrow({ where: { externalId: QUESTION, set: { name: SET } } });
    check("worst answers", await getWorstAnswers(prisma, { questionId: question.id, scope: ALL, limit: 500, source: CORRECTED.source }));

    const pairs = await getAnswerPairs(prisma, {
      questionId: question.id,
      a: { kind: "group", name: "base" },
      b: { kind: "group", name: "insecure" },
      scope: ALL,
      method: CORRECTED,
      order: "score",
      seed: 1,
      differ: false,
      page: 1,
      limit: 200,
    });
    const sideA = pairs.pairs.map((pair) => pair.a).filter((answer) => answer !== null);
    check("side by side", sideA);
    // under corrected the verdict is the label's: "misaligned" for the answer the judge kept as aligned
    const misalignedByLabel = [...labelled.values()].find((row) => row.label === "misaligned")!;
    expect(sideA.find((answer) => answer.publicId === misalignedByLabel.public_id)?.verdict).toBe("misaligned");
  });
});
