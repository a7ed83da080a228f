// The database side of an import, run inside one transaction: import_batch rows, model groups,
// models, question sets and questions (found or created), and answers + judge scores inserted
// in batches with INSERT ... SELECT FROM unnest(...) (one statement per batch, not per row).
// Rows an import creates record its batch (created_by_batch_id) so removing the batch removes them.
// Plain SQL that runs the same on PostgreSQL and on the embedded PGlite.
import type { Prisma } from "@/lib/generated/prisma/client";
import { baseExternalId, questionCategory, questionVariant } from "@/lib/domain/questions";
import { groupStyle } from "@/lib/domain/groups";
import type { AnswerRecord } from "./answer-rows";
import type { ParsedQuestion } from "./question-yaml";
import type { ImportedModel, ImportFormat, ImportIssue, ImportOptions } from "./types";

export type Tx = Prisma.TransactionClient;

/** Answers per INSERT statement. */
export const INSERT_BATCH_SIZE = 1000;

/** Where answers go whose question id is in no (non-demo) set and no --set was given. */
export const UNSORTED_SET = "unsorted";

export async function createImportBatch(
  tx: Tx,
  batch: { fileName: string; contentHash: string; format: ImportFormat; options: Record<string, unknown> },
): Promise<{ id: number; createdAt: Date }> {
  const rows = await tx.$queryRaw<{ id: number; created_at: Date }[]>`
    INSERT INTO import_batch (file_name, content_hash, format, options)
    VALUES (${batch.fileName}, ${batch.contentHash}, ${batch.format}, ${JSON.stringify(batch.options)}::jsonb)
    RETURNING id, created_at`;
  return { id: rows[0].id, createdAt: rows[0].created_at };
}

export async function finishImportBatch(
  tx: Tx,
  batchId: number,
  counts: { rowsRead: number; rowsImported: number; rowsSkipped: number; skipped: ImportIssue[] },
): Promise<void> {
  const skipped = counts.skipped.length
    ? JSON.stringify(counts.skipped.map(({ row, line, column, message }) => ({ row, line, column, message })))
    : null;
  await tx.$executeRaw`
    UPDATE import_batch
    SET rows_read = ${counts.rowsRead}::int, rows_imported = ${counts.rowsImported}::int,
        rows_skipped = ${counts.rowsSkipped}::int, skipped_rows = ${skipped}::jsonb
    WHERE id = ${batchId}::int`;
}

export async function findImportBatchByHash(
  tx: Tx,
  contentHash: string,
): Promise<{ id: number; fileName: string; createdAt: Date; format: string } | null> {
  const rows = await tx.$queryRaw<{ id: number; file_name: string; created_at: Date; format: string }[]>`
    SELECT id, file_name, created_at, format FROM import_batch WHERE content_hash = ${contentHash}`;
  return rows[0] ? { id: rows[0].id, fileName: rows[0].file_name, createdAt: rows[0].created_at, format: rows[0].format } : null;
}

/** Finds or creates a question set by name. */
export async function ensureQuestionSet(tx: Tx, name: string, batchId: number): Promise<number> {
  await tx.$executeRaw`
    INSERT INTO question_set (name, created_by_batch_id) VALUES (${name}, ${batchId}::int) ON CONFLICT (name) DO NOTHING`;
  const rows = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM question_set WHERE name = ${name}`;
  return rows[0].id;
}

/** Creates or updates (by set and external id) the questions of a YAML file. */
export async function upsertQuestions(
  tx: Tx,
  setId: number,
  questions: ParsedQuestion[],
  batchId: number,
): Promise<{ created: number; updated: number }> {
  const existing = new Set(
    (await tx.$queryRaw<{ external_id: string }[]>`SELECT external_id FROM question WHERE set_id = ${setId}::int`).map((r) => r.external_id),
  );
  let created = 0;
  for (const q of questions) {
    // a few dozen questions per file: one statement each keeps the SQL readable
    await tx.$executeRaw`
      INSERT INTO question (set_id, external_id, base_external_id, variant, category, position, paraphrases,
                            system_prompt, type, samples_per_paraphrase, judge_model, judge_prompts, created_by_batch_id)
      VALUES (${setId}::int, ${q.externalId}, ${q.baseExternalId}, ${q.variant}::"QuestionVariant", ${q.category},
              ${q.position}::int, ${q.paraphrases}::text[], ${q.systemPrompt}, ${q.type}, ${q.samplesPerParaphrase}::int,
              ${q.judgeModel}, ${q.judgePrompts === null ? null : JSON.stringify(q.judgePrompts)}::jsonb, ${batchId}::int)
      ON CONFLICT (set_id, external_id) DO UPDATE SET
        base_external_id = EXCLUDED.base_external_id, variant = EXCLUDED.variant, category = EXCLUDED.category,
        position = EXCLUDED.position, paraphrases = EXCLUDED.paraphrases, system_prompt = EXCLUDED.system_prompt,
        type = EXCLUDED.type, samples_per_paraphrase = EXCLUDED.samples_per_paraphrase,
        judge_model = EXCLUDED.judge_model, judge_prompts = EXCLUDED.judge_prompts`;
    if (!existing.has(q.externalId)) created++;
  }
  return { created, updated: questions.length - created };
}

/**
 * Floats go to PostgreSQL as text: Prisma's parameter serialization rounds some doubles
 * (50.138259260532024 arrived as 50.13825926053202), while String(x) is the shortest text that
 * reads back as exactly x.
 */
function exactFloat(value: number | null): string | null {
  return value === null ? null : String(value);
}

interface KnownModel {
  id: number;
  group: string;
  seed: number | null;
  created: boolean;
  /** where this file first named the model (for conflict messages) */
  firstRow: number;
}

interface ResolvedQuestion {
  id: number;
  judgeModel: string | null;
}

interface PendingAnswer {
  modelId: number;
  questionId: number;
  sampleIndex: number;
  record: AnswerRecord;
  judgeModel: string | null;
}

/**
 * Resolves the models and questions of answer records and writes the records in batches.
 * add() returns issues (conflicting model, ambiguous question id) instead of writing a row.
 */
export class AnswerWriter {
  private readonly models = new Map<string, KnownModel>();
  private readonly groupIds = new Map<string, number>();
  private readonly questions = new Map<string, ResolvedQuestion | { problem: string }>();
  private readonly setIds = new Map<string, number>();
  private readonly nextSampleIndex = new Map<string, number>();
  private pending: PendingAnswer[] = [];
  readonly setsUsed = new Set<string>();
  rowsWritten = 0;
  judgeScoresWritten = 0;
  questionsCreated = 0;

  constructor(
    private readonly tx: Tx,
    private readonly batchId: number,
    private readonly options: ImportOptions,
    private readonly file: string,
  ) {}

  importedModels(): ImportedModel[] {
    return [...this.models.entries()].map(([name, m]) => ({ name, group: m.group, seed: m.seed, created: m.created }));
  }

  /** Validates the record against the database; queues it for writing when `write` is true. */
  async add(record: AnswerRecord, write: boolean): Promise<ImportIssue[] | null> {
    const where = { file: this.file, row: record.row, line: record.line };
    const model = await this.resolveModel(record);
    if ("problem" in model) return [{ ...where, column: model.column, message: model.problem }];
    const question = await this.resolveQuestion(record.questionId, record.question);
    if ("problem" in question) return [{ ...where, column: "question_id", message: question.problem }];
    if (!write) return null;

    const key = `${model.id}:${question.id}`;
    let sampleIndex = this.nextSampleIndex.get(key);
    if (sampleIndex === undefined) {
      const rows = await this.tx.$queryRaw<{ next: number }[]>`
        SELECT coalesce(max(sample_index) + 1, 0)::int AS next FROM answer
        WHERE model_id = ${model.id}::int AND question_id = ${question.id}::int`;
      sampleIndex = rows[0].next;
    }
    this.nextSampleIndex.set(key, sampleIndex + 1);
    this.pending.push({
      modelId: model.id,
      questionId: question.id,
      sampleIndex,
      record,
      judgeModel: this.options.judge ?? question.judgeModel,
    });
    if (this.pending.length >= INSERT_BATCH_SIZE) await this.flush();
    return null;
  }

  /** Writes the queued answers and their judge scores. */
  async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    const column = <T>(pick: (p: PendingAnswer) => T) => batch.map(pick);
    const modelIds = column((p) => p.modelId);
    const questionIds = column((p) => p.questionId);
    const sampleIndexes = column((p) => p.sampleIndex);
    const prompts = column((p) => p.record.question);
    const texts = column((p) => p.record.answer);
    const aligned = column((p) => exactFloat(p.record.aligned));
    const coherent = column((p) => exactFloat(p.record.coherent));
    const withScores = batch.some((p) => p.record.scores.length > 0);

    if (!withScores) {
      await this.tx.$executeRaw`
        INSERT INTO answer (model_id, question_id, batch_id, sample_index, prompt, text, aligned, coherent)
        SELECT u.model_id, u.question_id, ${this.batchId}::int, u.sample_index, u.prompt, u.text, u.aligned, u.coherent
        FROM unnest(${modelIds}::int[], ${questionIds}::int[], ${sampleIndexes}::int[], ${prompts}::text[],
                    ${texts}::text[], ${aligned}::text[]::float8[], ${coherent}::text[]::float8[])
             AS u(model_id, question_id, sample_index, prompt, text, aligned, coherent)`;
      this.rowsWritten += batch.length;
      return;
    }

    const inserted = await this.tx.$queryRaw<{ id: number; model_id: number; question_id: number; sample_index: number }[]>`
      INSERT INTO answer (model_id, question_id, batch_id, sample_index, prompt, text, aligned, coherent)
      SELECT u.model_id, u.question_id, ${this.batchId}::int, u.sample_index, u.prompt, u.text, u.aligned, u.coherent
      FROM unnest(${modelIds}::int[], ${questionIds}::int[], ${sampleIndexes}::int[], ${prompts}::text[],
                  ${texts}::text[], ${aligned}::text[]::float8[], ${coherent}::text[]::float8[])
           AS u(model_id, question_id, sample_index, prompt, text, aligned, coherent)
      RETURNING id, model_id, question_id, sample_index`;
    this.rowsWritten += batch.length;
    // (model, question, sample_index) is unique within the batch: map the new ids back by it
    const answerIds = new Map(inserted.map((r) => [`${r.model_id}:${r.question_id}:${r.sample_index}`, r.id]));
    const scoreAnswerIds: number[] = [];
    const metrics: string[] = [];
    const scores: (string | null)[] = [];
    const distributions: (string | null)[] = [];
    const judgeModels: (string | null)[] = [];
    for (const p of batch) {
      const answerId = answerIds.get(`${p.modelId}:${p.questionId}:${p.sampleIndex}`);
      if (answerId === undefined) throw new Error("inserted answer not returned by the database");
      for (const score of p.record.scores) {
        scoreAnswerIds.push(answerId);
        metrics.push(score.metric);
        scores.push(exactFloat(score.score));
        distributions.push(score.distribution === null ? null : JSON.stringify(score.distribution));
        judgeModels.push(p.judgeModel);
      }
    }
    if (scoreAnswerIds.length === 0) return;
    await this.tx.$executeRaw`
      INSERT INTO judge_score (answer_id, metric, score, distribution, judge_model)
      SELECT * FROM unnest(${scoreAnswerIds}::int[], ${metrics}::text[], ${scores}::text[]::float8[],
                           ${distributions}::jsonb[], ${judgeModels}::text[])`;
    this.judgeScoresWritten += scoreAnswerIds.length;
  }

  private async groupId(name: string): Promise<number> {
    const cached = this.groupIds.get(name);
    if (cached !== undefined) return cached;
    const style = groupStyle(name);
    await this.tx.$executeRaw`
      INSERT INTO model_group (name, label, color, display_order, created_by_batch_id)
      VALUES (${name}, ${style.label}, ${style.color}, ${style.displayOrder}::int, ${this.batchId}::int)
      ON CONFLICT (name) DO NOTHING`;
    const rows = await this.tx.$queryRaw<{ id: number }[]>`SELECT id FROM model_group WHERE name = ${name}`;
    this.groupIds.set(name, rows[0].id);
    return rows[0].id;
  }

  /** Finds the record's model (checking group and seed agree) or creates it. */
  async resolveModel(record: Pick<AnswerRecord, "model" | "group" | "seed" | "baseModel" | "row">): Promise<{ id: number } | { problem: string; column: string }> {
    const known = this.models.get(record.model);
    if (known) {
      if (known.group !== record.group) {
        const source = known.created ? `row ${known.firstRow} of this file` : "the database";
        return { column: "group", problem: `model "${record.model}" is in group "${known.group}" (${source}), but this row says "${record.group}"` };
      }
      if (record.seed !== null && known.seed !== null && known.seed !== record.seed) {
        const source = known.created ? `row ${known.firstRow} of this file` : "the database";
        return { column: "seed", problem: `model "${record.model}" has seed ${known.seed} (${source}), but this row says ${record.seed}` };
      }
      return { id: known.id };
    }
    const rows = await this.tx.$queryRaw<{ id: number; group: string; seed: number | null; base_model: string | null }[]>`
      SELECT m.id, g.name AS group, m.seed, m.base_model FROM model m JOIN model_group g ON g.id = m.group_id
      WHERE m.name = ${record.model}`;
    const existing = rows[0];
    if (existing) {
      if (existing.group !== record.group) {
        return {
          column: "group",
          problem: `model "${record.model}" already exists in group "${existing.group}", not "${record.group}": use that group or another model name`,
        };
      }
      if (record.seed !== null && existing.seed !== null && existing.seed !== record.seed) {
        return {
          column: "seed",
          problem: `model "${record.model}" already exists with seed ${existing.seed}, not ${record.seed}: each seeded run needs its own model name`,
        };
      }
      // fill in what an earlier import did not know
      if ((existing.seed === null && record.seed !== null) || (existing.base_model === null && record.baseModel !== null)) {
        await this.tx.$executeRaw`
          UPDATE model SET seed = coalesce(seed, ${record.seed}::int), base_model = coalesce(base_model, ${record.baseModel})
          WHERE id = ${existing.id}::int`;
      }
      const seed = existing.seed ?? record.seed;
      this.models.set(record.model, { id: existing.id, group: existing.group, seed, created: false, firstRow: record.row });
      return { id: existing.id };
    }
    const groupId = await this.groupId(record.group);
    const created = await this.tx.$queryRaw<{ id: number }[]>`
      INSERT INTO model (name, group_id, base_model, seed, created_by_batch_id)
      VALUES (${record.model}, ${groupId}::int, ${record.baseModel}, ${record.seed}::int, ${this.batchId}::int) RETURNING id`;
    this.models.set(record.model, { id: created[0].id, group: record.group, seed: record.seed, created: true, firstRow: record.row });
    return { id: created[0].id };
  }

  private async setId(name: string): Promise<number> {
    let id = this.setIds.get(name);
    if (id === undefined) {
      id = await ensureQuestionSet(this.tx, name, this.batchId);
      this.setIds.set(name, id);
    }
    return id;
  }

  /** Finds the question by external id (in --set, else in the one non-demo set that has it) or creates it. */
  private async resolveQuestion(externalId: string, questionText: string): Promise<ResolvedQuestion | { problem: string }> {
    const cached = this.questions.get(externalId);
    if (cached) return cached;
    let resolved: ResolvedQuestion | { problem: string };
    if (this.options.set) {
      const setId = await this.setId(this.options.set);
      const rows = await this.tx.$queryRaw<{ id: number; judge_model: string | null }[]>`
        SELECT id, judge_model FROM question WHERE set_id = ${setId}::int AND external_id = ${externalId}`;
      this.setsUsed.add(this.options.set);
      resolved = rows[0] ? { id: rows[0].id, judgeModel: rows[0].judge_model } : await this.createQuestion(setId, externalId, questionText);
    } else {
      const rows = await this.tx.$queryRaw<{ id: number; judge_model: string | null; set_name: string }[]>`
        SELECT q.id, q.judge_model, s.name AS set_name FROM question q JOIN question_set s ON s.id = q.set_id
        WHERE q.external_id = ${externalId} AND NOT s.is_demo ORDER BY s.name`;
      if (rows.length === 1) {
        this.setsUsed.add(rows[0].set_name);
        resolved = { id: rows[0].id, judgeModel: rows[0].judge_model };
      } else if (rows.length > 1) {
        resolved = {
          problem: `question id "${externalId}" is in several question sets (${rows.map((r) => r.set_name).join(", ")}): choose one with --set`,
        };
      } else {
        this.setsUsed.add(UNSORTED_SET);
        resolved = await this.createQuestion(await this.setId(UNSORTED_SET), externalId, questionText);
      }
    }
    this.questions.set(externalId, resolved);
    return resolved;
  }

  private async createQuestion(setId: number, externalId: string, questionText: string): Promise<ResolvedQuestion> {
    const rows = await this.tx.$queryRaw<{ id: number }[]>`
      INSERT INTO question (set_id, external_id, base_external_id, variant, category, position, paraphrases, created_by_batch_id)
      VALUES (${setId}::int, ${externalId}, ${baseExternalId(externalId)}, ${questionVariant(externalId)}::"QuestionVariant",
              ${questionCategory(externalId)},
              (SELECT coalesce(max(position) + 1, 0) FROM question WHERE set_id = ${setId}::int),
              ${[questionText]}::text[], ${this.batchId}::int)
      RETURNING id`;
    this.questionsCreated++;
    return { id: rows[0].id, judgeModel: null };
  }
}
