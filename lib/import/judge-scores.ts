// A further judge's scores for answers already in the database (issue 11, item 1):
// `npm run import -- --judge-scores --judge NAME [--model M ...] FILE`.
//
// The file is read by the same readers as an answer import (eval.py CSV, results CSV, JSONL,
// Inspect logs) with the same row validation; each valid row is then MATCHED to an existing answer
// and its aligned/coherent become answer_judge_score rows (judge NAME) owned by a new import batch
// of format "judge-scores"; any further metric the file has (the Model Organisms files' `medical`)
// goes with them, in answer_judge_score.metrics. No answer, model or question is ever written: removing the batch
// removes exactly its scores (ON DELETE CASCADE).
//
// Matching, per row (model, question id, answer text):
//  1. by sample index: the row's 0-based order within (model, question) in this file is the sample
//     index the answer import gave it (lib/import/write/write.ts), accepted only when the stored answer's
//     text is the row's text (md5 compared), so a reordered file cannot attach scores to the wrong
//     answer;
//  2. else by a hash of the answer text within (model, question): of the rows left with one text,
//     the k-th in file order takes the k-th answer with that text (by sample index) that step 1
//     left free (113 of eval_result_base.csv's 2,400 rows have a twin text). This is how a file
//     without the answers' order (a subset, a reordering) matches.
// A row that matches nothing is listed with the reason; a row that would take an answer another
// row took too, or an index match that is not unique (the model answered the same question id in
// two sets), is "ambiguous" and listed; neither is written. An answer this judge has already scored
// (another file) keeps its score and the row is listed.
//
// The batch's content hash is derived from the judge's name and the file's sha256: the same file
// for the same judge is "already imported", and the answers' own file may be imported as another
// judge's scores (it would collide with the answers' batch otherwise).
import "server-only";
import crypto from "node:crypto";
import type pg from "pg";
import { FILE_JUDGE_LABEL, judgeNameSchema } from "@/lib/domain/judges";
import { isExtraMetric } from "@/lib/domain/metrics";
import type { AnswerFileReader } from "./read/answer-csv";
import { ImportUsageError, ImportValidationError, MAX_REPORTED_ISSUES } from "./errors";
import { readEvalCsv } from "./read/eval-csv";
import { readInspectEval, readInspectJson } from "./read/inspect";
import { readJsonl } from "./read/jsonl";
import { readResultsCsv } from "./read/results-csv";
import type { ImportContext } from "./index";
import type { ImportFormat, ImportIssue, ImportReport, JudgeScoresOutcome } from "./types";
import { createImportBatch, finishImportBatch } from "./write/write";

export const JUDGE_SCORES_FORMAT = "judge-scores";

/**
 * The group an eval.py CSV's rows get when read for their scores: the reader requires one, and a
 * judge-scores import never writes a model, so it is never stored.
 */
const UNUSED_GROUP = "(judge scores: not stored)";

/** How many unmatched / ambiguous rows a report lists (the counts are always complete). */
export const LISTED_ROWS = 200;

const INSERT_CHUNK = 1000;

/** The batch content hash of `judge`'s scores in a file with this sha256. */
export function judgeScoresContentHash(judge: string, fileSha256: string): string {
  return crypto.createHash("sha256").update(`judge-scores\0${judge}\0${fileSha256}`).digest("hex");
}

/** The judge name a judge-scores import writes under, validated; refuses what names the default judge. */
export async function checkedJudgeName(db: pg.Client, raw: string | undefined, file: string): Promise<string> {
  if (raw === undefined) throw new ImportUsageError(`${file}: --judge-scores needs --judge NAME: the judge whose scores the file holds`);
  const parsed = judgeNameSchema.safeParse(raw);
  if (!parsed.success) throw new ImportUsageError(`${file}: --judge "${raw}": ${parsed.error.issues[0].message}`);
  const judge = parsed.data;
  const { rows } = await db.query<{ judge_model: string }>(
    `SELECT DISTINCT judge_model FROM question WHERE lower(judge_model) = lower($1) LIMIT 1`,
    [judge],
  );
  if (rows.length || judge.toLowerCase() === FILE_JUDGE_LABEL) {
    throw new ImportUsageError(
      `${file}: --judge "${judge}" is the default judge (the question file names ${rows[0]?.judge_model ?? judge}): ` +
        `its scores are the answers' own; give the further judge another name`,
    );
  }
  return judge;
}

interface RowOfFile {
  row: number;
  line: number | null;
  model: string;
  question: string;
  ordinal: number;
  occurrence: number;
  textMd5: string;
  aligned: number | null;
  coherent: number | null;
  /** further metrics of the row (metric -> score or null), as JSON; null when the file has none */
  metrics: string | null;
}

export async function importJudgeScoresFile(context: ImportContext): Promise<ImportReport> {
  const { db, local, format, options, hooks, totalBytes } = context;
  const file = local.displayName;
  if (format === "question-yaml") throw new ImportUsageError(`${file}: a question file holds no judge scores`);
  const judge = await checkedJudgeName(db, options.judge, file);
  const readers: Record<Exclude<ImportFormat, "question-yaml">, typeof readEvalCsv> = {
    "eval-csv": readEvalCsv,
    "results-csv": readResultsCsv,
    jsonl: readJsonl,
    "inspect-eval": readInspectEval,
    "inspect-json": readInspectJson,
  };
  const readerOptions = { ...options, group: options.group ?? UNUSED_GROUP };
  let bytesRead = 0;
  const reader: AnswerFileReader = await readers[format](local.path, file, readerOptions, (bytes) => {
    bytesRead = bytes;
  });

  const errors: ImportIssue[] = [];
  const invalid: ImportIssue[] = [];
  let rowsRead = 0;
  let invalidRows = 0;
  const ordinals = new Map<string, number>();
  const occurrences = new Map<string, number>();
  const rows: RowOfFile[] = [];
  const extraMetrics = new Set<string>();
  for await (const parsed of reader.rows) {
    rowsRead++;
    if (parsed.issues) {
      if (options.skipInvalid) {
        invalidRows++;
        invalid.push(...parsed.issues);
        continue;
      }
      errors.push(...parsed.issues);
      if (errors.length >= MAX_REPORTED_ISSUES) break;
      continue;
    }
    const record = parsed.record;
    const key = JSON.stringify([record.model, record.questionId]);
    const ordinal = ordinals.get(key) ?? 0;
    ordinals.set(key, ordinal + 1);
    const textMd5 = crypto.createHash("md5").update(record.answer, "utf8").digest("hex");
    const textKey = `${key}\0${textMd5}`;
    const occurrence = occurrences.get(textKey) ?? 0;
    occurrences.set(textKey, occurrence + 1);
    const further = record.scores.filter((score) => isExtraMetric(score.metric));
    for (const score of further) extraMetrics.add(score.metric);
    rows.push({
      row: record.row,
      line: record.line ?? null,
      model: record.model,
      question: record.questionId,
      ordinal,
      occurrence,
      textMd5,
      aligned: record.aligned,
      coherent: record.coherent,
      metrics: further.length ? JSON.stringify(Object.fromEntries(further.map((score) => [score.metric, score.score]))) : null,
    });
    if (rowsRead % 500 === 0) hooks.onProgress?.({ phase: "importing", bytesRead, totalBytes, rowsRead });
  }
  if (errors.length)
    throw new ImportValidationError(errors.slice(0, MAX_REPORTED_ISSUES), { truncated: errors.length >= MAX_REPORTED_ISSUES });
  if (rowsRead === 0) throw new ImportValidationError([{ file, message: "the file has a header but no rows" }]);

  await db.query(`CREATE TEMP TABLE judge_row (
      row_no int PRIMARY KEY, line int, model text, question text, ordinal int, occurrence int, text_md5 text,
      aligned float8, coherent float8, metrics jsonb) ON COMMIT DROP`);
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    const chunk = rows.slice(start, start + INSERT_CHUNK);
    await db.query(
      `INSERT INTO judge_row SELECT * FROM unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::int[], $6::int[], $7::text[], $8::float8[], $9::float8[], $10::jsonb[])`,
      [
        chunk.map((r) => r.row),
        chunk.map((r) => r.line),
        chunk.map((r) => r.model),
        chunk.map((r) => r.question),
        chunk.map((r) => r.ordinal),
        chunk.map((r) => r.occurrence),
        chunk.map((r) => r.textMd5),
        chunk.map((r) => r.aligned),
        chunk.map((r) => r.coherent),
        chunk.map((r) => r.metrics),
      ],
    );
  }
  const set = options.set ?? null;
  // the answers a row may be: its model's answers to its question id (in --set when given)
  await db.query(
    `CREATE TEMP TABLE judge_candidate ON COMMIT DROP AS
       SELECT DISTINCT a.id, a.public_id, m.name AS model, q.external_id AS question, a.sample_index, md5(a.text) AS text_md5
         FROM answer a JOIN model m ON m.id = a.model_id JOIN question q ON q.id = a.question_id
        WHERE (m.name, q.external_id) IN (SELECT DISTINCT model, question FROM judge_row)
          AND ($1::text IS NULL OR q.set_id IN (SELECT id FROM question_set WHERE name = $1::text))`,
    [set],
  );
  // 1. by sample index, text confirmed
  await db.query(`CREATE TEMP TABLE judge_match ON COMMIT DROP AS
       SELECT r.row_no, min(c.public_id) AS public_id, count(*)::int AS candidates, 'index'::text AS how
         FROM judge_row r JOIN judge_candidate c
           ON c.model = r.model AND c.question = r.question AND c.sample_index = r.ordinal AND c.text_md5 = r.text_md5
        GROUP BY r.row_no`);
  // 2. the rest by text: among the rows with one text left unmatched, the k-th (in file order)
  //    takes the k-th answer with that text (by sample index) that step 1 left free
  await db.query(`INSERT INTO judge_match
       SELECT r.row_no, c.public_id, 1, 'text'
         FROM (SELECT r.*, row_number() OVER (PARTITION BY model, question, text_md5 ORDER BY row_no) AS k
                 FROM judge_row r WHERE NOT EXISTS (SELECT 1 FROM judge_match x WHERE x.row_no = r.row_no)) r
         JOIN (SELECT c.*, row_number() OVER (PARTITION BY model, question, text_md5 ORDER BY sample_index, id) AS k
                 FROM judge_candidate c WHERE c.public_id NOT IN (SELECT public_id FROM judge_match)) c
           ON c.model = r.model AND c.question = r.question AND c.text_md5 = r.text_md5 AND c.k = r.k`);
  // an answer taken by two rows, or an index that is not unique: neither is written
  const { rows: ambiguousRows } = await db.query<{ row: number; line: number | null; reason: string }>(
    `WITH taken AS (SELECT public_id, array_agg(row_no ORDER BY row_no) AS rows FROM judge_match GROUP BY public_id HAVING count(*) > 1)
     SELECT m.row_no AS row, r.line,
            CASE WHEN m.candidates > 1 THEN 'matches ' || m.candidates || ' answers (the same question id in several sets? give --set)'
                 ELSE 'matches the same answer as rows ' || array_to_string((SELECT t.rows FROM taken t WHERE t.public_id = m.public_id), ', ')
            END AS reason
       FROM judge_match m JOIN judge_row r USING (row_no)
      WHERE m.candidates > 1 OR m.public_id IN (SELECT public_id FROM taken)
      ORDER BY m.row_no`,
  );
  await db.query(`DELETE FROM judge_match WHERE row_no = ANY($1::int[])`, [ambiguousRows.map((r) => r.row)]);
  const { rows: unmatchedRows } = await db.query<{ row: number; line: number | null; reason: string }>(
    `SELECT r.row_no AS row, r.line,
            CASE WHEN NOT EXISTS (SELECT 1 FROM model m WHERE m.name = r.model) THEN 'no model named "' || r.model || '"'
                 WHEN NOT EXISTS (SELECT 1 FROM judge_candidate c WHERE c.model = r.model AND c.question = r.question)
                   THEN 'model "' || r.model || '" has no answers to question "' || r.question || '"'
                 ELSE 'no answer of model "' || r.model || '" to question "' || r.question || '" has this text'
                      || CASE WHEN r.occurrence > 0 THEN ' (occurrence ' || (r.occurrence + 1) || ' of it in the file)' ELSE '' END
            END AS reason
       FROM judge_row r
      WHERE NOT EXISTS (SELECT 1 FROM judge_match m WHERE m.row_no = r.row_no)
        AND r.row_no <> ALL($1::int[])
      ORDER BY r.row_no`,
    [ambiguousRows.map((r) => r.row)],
  );
  const { rows: scoredRows } = await db.query<{ row: number; line: number | null; batch_id: number }>(
    `SELECT m.row_no AS row, r.line, s.batch_id FROM judge_match m JOIN judge_row r USING (row_no)
       JOIN answer_judge_score s ON s.judge = $1 AND s.answer_public_id = m.public_id ORDER BY m.row_no`,
    [judge],
  );
  const { rows: counts } = await db.query<{ how: string; n: number }>(`SELECT how, count(*)::int AS n FROM judge_match GROUP BY how`);
  const matchedBy = (how: string) => counts.find((c) => c.how === how)?.n ?? 0;
  const matched = matchedBy("index") + matchedBy("text");
  if (matched === 0) {
    throw new ImportValidationError(
      [
        { file, message: `no row matches an answer in the database (${rowsRead} rows read): import the answers' own file first` },
        ...unmatchedRows.slice(0, MAX_REPORTED_ISSUES - 1).map((r) => ({ file, row: r.row, line: r.line ?? undefined, message: r.reason })),
      ],
      { truncated: unmatchedRows.length > MAX_REPORTED_ISSUES - 1 },
    );
  }

  const batch = await createImportBatch(db, {
    fileName: file,
    contentHash: context.checkOnly ? `check-only:${crypto.randomUUID()}` : context.sha256,
    format: JUDGE_SCORES_FORMAT,
    kind: "evaluation",
    options: recordedJudgeOptions(options, judge),
  });
  const inserted = await db.query(
    `INSERT INTO answer_judge_score (judge, answer_public_id, batch_id, aligned, coherent, metrics)
     SELECT $1, m.public_id, $2, r.aligned, r.coherent, r.metrics FROM judge_match m JOIN judge_row r USING (row_no)
     ON CONFLICT (judge, answer_public_id) DO NOTHING`,
    [judge, batch.id],
  );
  const issue = (r: { row: number; line: number | null }, message: string): ImportIssue => ({
    file,
    row: r.row,
    line: r.line ?? undefined,
    message,
  });
  const skipped: ImportIssue[] = [
    ...invalid,
    ...unmatchedRows.map((r) => issue(r, `unmatched: ${r.reason}`)),
    ...ambiguousRows.map((r) => issue(r, `ambiguous: ${r.reason}`)),
    ...scoredRows.map((r) => issue(r, `already scored by judge "${judge}" (import batch #${r.batch_id}): kept that score`)),
  ];
  const rowsImported = inserted.rowCount ?? 0;
  const batchCounts = { rowsRead, rowsImported, rowsSkipped: rowsRead - rowsImported, skipped: skipped.slice(0, LISTED_ROWS * 2) };
  await finishImportBatch(db, batch.id, batchCounts);
  const outcome: JudgeScoresOutcome = {
    judge,
    matched,
    matchedByIndex: matchedBy("index"),
    matchedByText: matchedBy("text"),
    scoresWritten: rowsImported,
    extraMetrics: [...extraMetrics].sort(),
    invalid: invalidRows,
    unmatchedCount: unmatchedRows.length,
    unmatched: unmatchedRows.slice(0, LISTED_ROWS).map((r) => ({ row: r.row, line: r.line, reason: r.reason })),
    ambiguousCount: ambiguousRows.length,
    ambiguous: ambiguousRows.slice(0, LISTED_ROWS).map((r) => ({ row: r.row, line: r.line, reason: r.reason })),
    alreadyScored: scoredRows.length,
  };
  return {
    file,
    format,
    kind: "evaluation",
    kindFrom: "format",
    alreadyImported: false,
    batchId: batch.id,
    batchCreatedAt: batch.createdAt,
    batchFileName: file,
    sets: [],
    models: [],
    rowsRead,
    rowsImported,
    rowsSkipped: batchCounts.rowsSkipped,
    skipped: invalid,
    questionsCreated: 0,
    questionsUpdated: 0,
    judgeScores: rowsImported,
    bulkLoaded: false,
    bytes: totalBytes,
    seconds: (performance.now() - context.started) / 1000,
    warnings: [],
    judgeScoresImport: outcome,
  };
}

function recordedJudgeOptions(options: ImportContext["options"], judge: string): Record<string, unknown> {
  const { model, group, set, format, seed } = options;
  return Object.fromEntries(
    Object.entries({ judgeScores: true, judge, model, group, set, format, seed }).filter(([, value]) => value !== undefined),
  );
}
