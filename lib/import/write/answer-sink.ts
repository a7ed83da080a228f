// Where validated answers go. Two ways, same result:
//   CopyAnswerSink: COPY answer (...) FROM STDIN in PostgreSQL's text format, streamed with
//     backpressure (real PostgreSQL; ~15x faster than batched INSERTs).
//   UnnestAnswerSink: INSERT ... SELECT FROM unnest(...) of 1,000 rows per statement, for the
//     embedded PGlite, whose socket server cannot take COPY FROM STDIN.
// Judge scores are keyed by (model, question, sample_index), which is unique within one import
// batch: both sinks put them into a temporary staging table and finish() moves them into
// judge_score joined to the batch's answers, so no answer id has to come back per row.
// While a COPY is open the connection can run nothing else: suspend() ends it (the next add()
// opens a new one) so the writer can look up or create a model or question in between.
import "server-only";
import { once } from "node:events";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { SKIP_HISTOGRAM_TRIGGER, ScoreHistogramDelta } from "./histogram-delta";

export interface AnswerRow {
  modelId: number;
  questionId: number;
  sampleIndex: number;
  prompt: string;
  text: string;
  aligned: number | null;
  coherent: number | null;
  /** the answer's own id in its source file (an Inspect sample uuid); absent or null when it has none */
  sourceRef?: string | null;
  /** its content-derived permalink id (lib/answers/public-id.ts) */
  publicId: string;
}

export interface ScoreRow {
  metric: string;
  score: number | null;
  distribution: Record<string, number> | null;
  judgeModel: string | null;
}

export interface AnswerSink {
  /** Queues one answer and its judge scores; resolves when the sink can take more (backpressure). */
  add(answer: AnswerRow, scores: readonly ScoreRow[]): Promise<void> | void;
  /** Ends any open COPY so the connection can run other statements. */
  suspend(): Promise<void>;
  /** Writes everything still queued, including the judge scores. */
  finish(): Promise<void>;
  /** Stops without writing more (the caller rolls the transaction back). */
  abort(error: Error): Promise<void>;
  readonly answersWritten: number;
  readonly scoresWritten: number;
}

/**
 * Floats as text: String(x) is the shortest text that reads back as exactly x (Prisma's
 * parameter serialization once rounded 50.138259260532024 to 50.13825926053202).
 */
export function exactFloat(value: number | null): string | null {
  return value === null ? null : String(value);
}

const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_SPECIAL_ALL = /[\\\t\n\r]/g;
const COPY_ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

/** One value in COPY text format: NULL is \N; backslash, tab, newline and carriage return escaped. */
export function copyText(value: string | null): string {
  if (value === null) return "\\N";
  return COPY_SPECIAL.test(value) ? value.replace(COPY_SPECIAL_ALL, (c) => COPY_ESCAPES[c]) : value;
}

/** A float in COPY text format (String(x) has nothing to escape). */
function copyFloat(value: number | null): string {
  return value === null ? "\\N" : String(value);
}

/** The columns every answer sink writes, in COPY order. */
export const ANSWER_COPY_COLUMNS =
  "model_id, question_id, batch_id, sample_index, prompt, text, aligned, coherent, example, source_ref, public_id";

/**
 * One answer as a line of `COPY answer (model_id, question_id, batch_id, sample_index, prompt, text,
 * aligned, coherent, example, source_ref, public_id)`; `example` marks the answers of an examples batch (never in
 * statistics); source_ref is \N for every format but Inspect logs (3 bytes on answers of ~1-7 kB);
 * public_id is 20 hex characters (nothing to escape).
 */
export function answerCopyLine(batchId: number, row: AnswerRow, example = false): string {
  return `${row.modelId}\t${row.questionId}\t${batchId}\t${row.sampleIndex}\t${copyText(row.prompt)}\t${copyText(row.text)}\t${copyFloat(
    row.aligned,
  )}\t${copyFloat(row.coherent)}\t${example ? "t" : "f"}\t${copyText(row.sourceRef ?? null)}\t${row.publicId}\n`;
}

/** How a sink writes a batch's answers. */
export interface AnswerSinkOptions {
  /** the batch is curated examples: every answer gets example = true and none enters the score histogram */
  example?: boolean;
}

const SCORE_STAGING = `
  CREATE TEMP TABLE IF NOT EXISTS import_judge_score_staging (
    model_id int NOT NULL, question_id int NOT NULL, sample_index int NOT NULL,
    metric text NOT NULL, score float8, distribution jsonb, judge_model text
  ) ON COMMIT DROP`;
const SCORE_STAGING_COLUMNS = "model_id, question_id, sample_index, metric, score, distribution, judge_model";

/** Moves the staged judge scores of a batch into judge_score; returns how many. */
async function moveStagedScores(db: pg.Client, batchId: number): Promise<number> {
  const result = await db.query(
    `INSERT INTO judge_score (answer_id, metric, score, distribution, judge_model)
     SELECT a.id, s.metric, s.score, s.distribution, s.judge_model
     FROM import_judge_score_staging s
     JOIN answer a ON a.batch_id = $1 AND a.model_id = s.model_id AND a.question_id = s.question_id AND a.sample_index = s.sample_index`,
    [batchId],
  );
  await db.query("DROP TABLE import_judge_score_staging");
  return result.rowCount ?? 0;
}

/** Text chunks handed to the COPY stream at once (fewer, larger CopyData messages). */
const COPY_CHUNK_CHARS = 256 * 1024;
/** Judge score lines held before they are copied into the staging table. */
const SCORE_BUFFER_CHARS = 4 * 1024 * 1024;

export class CopyAnswerSink implements AnswerSink {
  private stream: ReturnType<typeof copyFrom> | null = null;
  private streamFailure: Error | null = null;
  private chunk: string[] = [];
  private chunkChars = 0;
  private scoreLines: string[] = [];
  private scoreChars = 0;
  private stagingCreated = false;
  /**
   * the histogram counts of the copied answers, added in finish() (the insert trigger skips this
   * transaction's rows); example answers are never counted, so an examples batch adds nothing
   */
  private readonly histogram = new ScoreHistogramDelta();
  private histogramTriggerSkipped = false;
  private readonly example: boolean;
  answersWritten = 0;
  scoresWritten = 0;

  constructor(
    private readonly db: pg.Client,
    private readonly batchId: number,
    options: AnswerSinkOptions = {},
  ) {
    this.example = options.example ?? false;
  }

  add(answer: AnswerRow, scores: readonly ScoreRow[]): Promise<void> | void {
    if (!this.example) this.histogram.add(answer.questionId, answer.modelId, answer.aligned, answer.coherent);
    const line = answerCopyLine(this.batchId, answer, this.example);
    this.chunk.push(line);
    this.chunkChars += line.length;
    this.answersWritten++;
    for (const score of scores) {
      const scoreLine =
        `${answer.modelId}\t${answer.questionId}\t${answer.sampleIndex}\t${copyText(score.metric)}\t${copyText(exactFloat(score.score))}\t` +
        `${copyText(score.distribution === null ? null : JSON.stringify(score.distribution))}\t${copyText(score.judgeModel)}\n`;
      this.scoreLines.push(scoreLine);
      this.scoreChars += scoreLine.length;
    }
    if (this.scoreChars >= SCORE_BUFFER_CHARS) return this.flushScores();
    if (this.chunkChars >= COPY_CHUNK_CHARS) return this.sendChunk();
  }

  private async sendChunk(): Promise<void> {
    if (this.chunk.length === 0) return;
    const text = this.chunk.join("");
    this.chunk = [];
    this.chunkChars = 0;
    if (!this.stream) {
      if (!this.histogramTriggerSkipped) {
        await this.db.query(SKIP_HISTOGRAM_TRIGGER);
        this.histogramTriggerSkipped = true;
      }
      const stream = this.db.query(copyFrom(`COPY answer (${ANSWER_COPY_COLUMNS}) FROM STDIN`));
      // remembered so a failure between writes surfaces at the next write or at suspend()
      stream.on("error", (error: Error) => (this.streamFailure ??= error));
      this.stream = stream;
    }
    if (this.streamFailure) throw this.streamFailure;
    if (!this.stream.write(text)) await once(this.stream, "drain");
  }

  async suspend(): Promise<void> {
    await this.sendChunk();
    const stream = this.stream;
    if (!stream) return;
    this.stream = null;
    if (this.streamFailure) throw this.streamFailure;
    const finished = once(stream, "finish");
    stream.end();
    await finished;
  }

  private async flushScores(): Promise<void> {
    await this.suspend();
    if (this.scoreLines.length === 0) return;
    if (!this.stagingCreated) {
      await this.db.query(SCORE_STAGING);
      this.stagingCreated = true;
    }
    const lines = this.scoreLines;
    this.scoreLines = [];
    this.scoreChars = 0;
    const stream = this.db.query(copyFrom(`COPY import_judge_score_staging (${SCORE_STAGING_COLUMNS}) FROM STDIN`));
    const finished = once(stream, "finish");
    stream.end(lines.join(""));
    await finished;
  }

  async finish(): Promise<void> {
    await this.flushScores();
    await this.histogram.apply(this.db);
    if (this.stagingCreated) this.scoresWritten = await moveStagedScores(this.db, this.batchId);
  }

  async abort(error: Error): Promise<void> {
    const stream = this.stream;
    this.stream = null;
    this.chunk = [];
    this.scoreLines = [];
    if (!stream || this.streamFailure) return;
    // CopyFail: the server ends the COPY with an error, leaving the transaction to roll back
    const closed = once(stream, "close").catch(() => undefined);
    stream.on("error", () => undefined);
    stream.destroy(error);
    await closed;
  }
}

/** Answers per INSERT statement on the embedded database. */
export const INSERT_BATCH_SIZE = 1000;

export class UnnestAnswerSink implements AnswerSink {
  private answers: AnswerRow[] = [];
  private scores: { answer: AnswerRow; score: ScoreRow }[] = [];
  private stagingCreated = false;
  private readonly example: boolean;
  answersWritten = 0;
  scoresWritten = 0;

  /** The insert trigger keeps the histogram here (it leaves example answers out). */
  constructor(
    private readonly db: pg.Client,
    private readonly batchId: number,
    options: AnswerSinkOptions = {},
  ) {
    this.example = options.example ?? false;
  }

  add(answer: AnswerRow, scores: readonly ScoreRow[]): Promise<void> | void {
    this.answers.push(answer);
    for (const score of scores) this.scores.push({ answer, score });
    if (this.answers.length >= INSERT_BATCH_SIZE) return this.flush();
  }

  /** Nothing stays open between statements. */
  async suspend(): Promise<void> {}

  private async flush(): Promise<void> {
    const batch = this.answers;
    this.answers = [];
    if (batch.length) {
      await this.db.query(
        `INSERT INTO answer (${ANSWER_COPY_COLUMNS})
         SELECT u.model_id, u.question_id, $1, u.sample_index, u.prompt, u.text, u.aligned, u.coherent, $9::boolean, u.source_ref, u.public_id
         FROM unnest($2::int[], $3::int[], $4::int[], $5::text[], $6::text[], $7::text[]::float8[], $8::text[]::float8[], $10::text[], $11::text[])
              AS u(model_id, question_id, sample_index, prompt, text, aligned, coherent, source_ref, public_id)`,
        [
          this.batchId,
          batch.map((a) => a.modelId),
          batch.map((a) => a.questionId),
          batch.map((a) => a.sampleIndex),
          batch.map((a) => a.prompt),
          batch.map((a) => a.text),
          batch.map((a) => exactFloat(a.aligned)),
          batch.map((a) => exactFloat(a.coherent)),
          this.example,
          batch.map((a) => a.sourceRef ?? null),
          batch.map((a) => a.publicId),
        ],
      );
      this.answersWritten += batch.length;
    }
    const scores = this.scores;
    this.scores = [];
    if (scores.length === 0) return;
    if (!this.stagingCreated) {
      await this.db.query(SCORE_STAGING);
      this.stagingCreated = true;
    }
    await this.db.query(
      `INSERT INTO import_judge_score_staging (${SCORE_STAGING_COLUMNS})
       SELECT * FROM unnest($1::int[], $2::int[], $3::int[], $4::text[], $5::text[]::float8[], $6::jsonb[], $7::text[])`,
      [
        scores.map((s) => s.answer.modelId),
        scores.map((s) => s.answer.questionId),
        scores.map((s) => s.answer.sampleIndex),
        scores.map((s) => s.score.metric),
        scores.map((s) => exactFloat(s.score.score)),
        scores.map((s) => (s.score.distribution === null ? null : JSON.stringify(s.score.distribution))),
        scores.map((s) => s.score.judgeModel),
      ],
    );
  }

  async finish(): Promise<void> {
    await this.flush();
    if (this.stagingCreated) this.scoresWritten = await moveStagedScores(this.db, this.batchId);
  }

  async abort(): Promise<void> {
    this.answers = [];
    this.scores = [];
  }
}
