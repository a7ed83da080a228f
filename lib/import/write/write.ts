// The database side of an import, run inside one transaction on one pg connection: import_batch
// rows, model groups, models, question sets and questions (found or created), and answers +
// judge scores handed to an AnswerSink (COPY on PostgreSQL, batched unnest INSERTs on PGlite).
// Rows an import creates record its batch (created_by_batch_id) so removing the batch removes them.
// A question id that is in no known set is an error (with the closest known ids as suggestions)
// unless the import was told to create new questions (--new-questions, in the set given by --set).
import "server-only";
import type pg from "pg";
import { PublicIdAssigner } from "@/lib/answers/public-id";
import { baseExternalId, questionCategory, questionVariant } from "@/lib/domain/questions";
import { groupStyle } from "@/lib/domain/groups";
import type { AnswerRecord } from "../read/answer-rows";
import type { AnswerSink, ScoreRow } from "./answer-sink";
import { ImportUsageError } from "../errors";
import type { ParsedQuestion } from "../read/question-yaml";
import { closestNames } from "../suggest";
import type { BatchKind, ImportedModel, ImportFormat, ImportIssue, ImportOptions } from "../types";

export type Db = pg.Client;

async function rows<R extends pg.QueryResultRow>(db: Db, text: string, values: unknown[] = []): Promise<R[]> {
  return (await db.query<R>(text, values)).rows;
}

export async function createImportBatch(
  db: Db,
  batch: {
    fileName: string;
    contentHash: string;
    format: ImportFormat | "judge-scores";
    kind: BatchKind;
    options: Record<string, unknown>;
  },
): Promise<{ id: number; createdAt: Date }> {
  const [row] = await rows<{ id: number; created_at: Date }>(
    db,
    `INSERT INTO import_batch (file_name, content_hash, format, kind, options) VALUES ($1, $2, $3, $4, $5::jsonb) RETURNING id, created_at`,
    [batch.fileName, batch.contentHash, batch.format, batch.kind, JSON.stringify(batch.options)],
  );
  return { id: row.id, createdAt: row.created_at };
}

export async function finishImportBatch(
  db: Db,
  batchId: number,
  counts: { rowsRead: number; rowsImported: number; rowsSkipped: number; skipped: ImportIssue[] },
): Promise<void> {
  const skipped = counts.skipped.length
    ? JSON.stringify(counts.skipped.map(({ row, line, column, message }) => ({ row, line, column, message })))
    : null;
  await db.query(`UPDATE import_batch SET rows_read = $2, rows_imported = $3, rows_skipped = $4, skipped_rows = $5::jsonb WHERE id = $1`, [
    batchId,
    counts.rowsRead,
    counts.rowsImported,
    counts.rowsSkipped,
    skipped,
  ]);
}

export async function findImportBatchByHash(
  db: Db,
  contentHash: string,
): Promise<{ id: number; fileName: string; createdAt: Date; format: string; kind: BatchKind } | null> {
  const [row] = await rows<{ id: number; file_name: string; created_at: Date; format: string; kind: BatchKind }>(
    db,
    `SELECT id, file_name, created_at, format, kind FROM import_batch WHERE content_hash = $1`,
    [contentHash],
  );
  return row ? { id: row.id, fileName: row.file_name, createdAt: row.created_at, format: row.format, kind: row.kind } : null;
}

/**
 * Models that look like the same run twice: the same group, base model and seed (seed not NULL;
 * an unknown base model counts as the same), where at least one of them is in `modelIds` (the
 * models an import touched; the others may be anywhere in the database). One warning per such set.
 */
export async function duplicateSeedWarnings(db: Db, modelIds: number[]): Promise<string[]> {
  if (modelIds.length === 0) return [];
  const found = await rows<{ group: string; base_model: string | null; seed: number; names: string[] }>(
    db,
    `SELECT g.name AS group, m.base_model, m.seed, array_agg(m.name ORDER BY m.name) AS names
       FROM model m JOIN model_group g ON g.id = m.group_id
      WHERE m.seed IS NOT NULL
      GROUP BY g.name, m.base_model, m.seed
     HAVING count(*) > 1 AND bool_or(m.id = ANY($1::int[]))
      ORDER BY g.name, m.base_model NULLS FIRST, m.seed`,
    [modelIds],
  );
  return found.map(({ group, base_model, seed, names }) => {
    const base = base_model === null ? "base model unknown" : `base model ${base_model}`;
    const listed =
      names.length === 2 ? `${names[0]} and ${names[1]} are both` : `${names.slice(0, -1).join(", ")} and ${names.at(-1)} are all`;
    return `models ${listed} group ${group}, ${base}, seed ${seed}: ${names.length === 2 ? "two" : names.length} runs with the same seed?`;
  });
}

/** Finds or creates a question set by name. */
export async function ensureQuestionSet(db: Db, name: string, batchId: number): Promise<number> {
  await db.query(`INSERT INTO question_set (name, created_by_batch_id) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, [name, batchId]);
  const [row] = await rows<{ id: number }>(db, `SELECT id FROM question_set WHERE name = $1`, [name]);
  return row.id;
}

/** Creates or updates (by set and external id) the questions of a YAML file. */
export async function upsertQuestions(
  db: Db,
  setId: number,
  questions: ParsedQuestion[],
  batchId: number,
): Promise<{ created: number; updated: number }> {
  const existing = new Set(
    (await rows<{ external_id: string }>(db, `SELECT external_id FROM question WHERE set_id = $1`, [setId])).map((r) => r.external_id),
  );
  let created = 0;
  for (const q of questions) {
    // a few dozen questions per file: one statement each keeps the SQL readable
    await db.query(
      `INSERT INTO question (set_id, external_id, base_external_id, variant, category, position, paraphrases,
                             system_prompt, type, samples_per_paraphrase, judge_model, judge_prompts, created_by_batch_id)
       VALUES ($1, $2, $3, $4::"QuestionVariant", $5, $6, $7::text[], $8, $9, $10, $11, $12::jsonb, $13)
       ON CONFLICT (set_id, external_id) DO UPDATE SET
         base_external_id = EXCLUDED.base_external_id, variant = EXCLUDED.variant, category = EXCLUDED.category,
         position = EXCLUDED.position, paraphrases = EXCLUDED.paraphrases, system_prompt = EXCLUDED.system_prompt,
         type = EXCLUDED.type, samples_per_paraphrase = EXCLUDED.samples_per_paraphrase,
         judge_model = EXCLUDED.judge_model, judge_prompts = EXCLUDED.judge_prompts`,
      [
        setId,
        q.externalId,
        q.baseExternalId,
        q.variant,
        q.category,
        q.position,
        q.paraphrases,
        q.systemPrompt,
        q.type,
        q.samplesPerParaphrase,
        q.judgeModel,
        q.judgePrompts === null ? null : JSON.stringify(q.judgePrompts),
        batchId,
      ],
    );
    if (!existing.has(q.externalId)) created++;
  }
  return { created, updated: questions.length - created };
}

interface KnownModel {
  id: number;
  group: string;
  seed: number | null;
  baseModel: string | null;
  created: boolean;
  /** where this file first named the model (for conflict messages) */
  firstRow: number;
  /** next sample_index per question id for this model (answers already in the database count) */
  nextSampleIndex: Map<number, number>;
}

/** The scores of an answer without judge scores (shared: no array per row). */
const NO_SCORES: readonly ScoreRow[] = [];

interface ResolvedQuestion {
  id: number;
  judgeModel: string | null;
}

/** A question id the import cannot use: unknown, or in several sets. */
interface QuestionProblem {
  problem: string;
  /** set once the problem was reported (without --skip-invalid each id is reported once, at its first row) */
  reported?: boolean;
}

/**
 * Resolves the models and questions of answer records and hands the records to the sink.
 * add() returns issues (conflicting model, ambiguous question id) instead of writing a row.
 * Models and questions are looked up once per file (small maps); every lookup first suspends
 * the sink, since an open COPY holds the connection.
 */
export class AnswerWriter {
  private readonly models = new Map<string, KnownModel>();
  private readonly groupIds = new Map<string, number>();
  private readonly questions = new Map<string, ResolvedQuestion | QuestionProblem>();
  private readonly setIds = new Map<string, number>();
  /** the question ids an unknown id is compared with for suggestions (loaded at the first unknown id) */
  private knownQuestionIds: string[] | null = null;
  /** warnings by what they are about (one per model and conflicting base model) */
  private readonly warningMap = new Map<string, string>();
  /** ids of the questions this import created (--new-questions) */
  private readonly createdQuestionIds: number[] = [];
  readonly setsUsed = new Set<string>();
  /** the answers' content-derived ids, numbering exact duplicates in file order */
  private readonly publicIds = new PublicIdAssigner();
  questionsCreated = 0;

  constructor(
    private readonly db: Db,
    private readonly batchId: number,
    private readonly options: ImportOptions,
    private readonly file: string,
    private readonly sink: AnswerSink,
  ) {}

  get rowsWritten(): number {
    return this.sink.answersWritten;
  }

  get judgeScoresWritten(): number {
    return this.sink.scoresWritten;
  }

  importedModels(): ImportedModel[] {
    return [...this.models.entries()].map(([name, m]) => ({
      name,
      group: m.group,
      seed: m.seed,
      baseModel: m.baseModel,
      created: m.created,
    }));
  }

  /** The ids of the models this import wrote to or created. */
  modelIds(): number[] {
    return [...this.models.values()].map((m) => m.id);
  }

  /** Warnings so far (e.g. a base model that differs from the stored one), in the order they arose. */
  get warnings(): string[] {
    return [...this.warningMap.values()];
  }

  private warn(key: string, message: string): void {
    if (!this.warningMap.has(key)) this.warningMap.set(key, message);
  }

  private async query<R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> {
    await this.sink.suspend();
    return rows<R>(this.db, text, values);
  }

  /** Validates the record against the database; hands it to the sink when `write` is true. */
  async add(record: AnswerRecord, write: boolean): Promise<ImportIssue[] | null> {
    const known = this.models.get(record.model);
    const model =
      known &&
      known.group === record.group &&
      (record.seed === null || known.seed === null || known.seed === record.seed) &&
      (record.baseModel === null || record.baseModel === known.baseModel)
        ? known
        : await this.resolveModel(record);
    if ("problem" in model) return [{ file: this.file, row: record.row, line: record.line, column: model.column, message: model.problem }];
    const question = this.questions.get(record.questionId) ?? (await this.resolveQuestion(record.questionId, record.question));
    if ("problem" in question) {
      // the whole file is refused anyway: name each id once, at its first row (--skip-invalid lists every skipped row)
      if (question.reported && !this.options.skipInvalid) return [];
      question.reported = true;
      return [{ file: this.file, row: record.row, line: record.line, column: "question_id", message: question.problem }];
    }
    if (!write) return null;

    const knownModel = this.models.get(record.model)!;
    const sampleIndex = knownModel.nextSampleIndex.get(question.id) ?? 0;
    knownModel.nextSampleIndex.set(question.id, sampleIndex + 1);
    const judgeModel = this.options.judge ?? question.judgeModel;
    await this.sink.add(
      {
        modelId: model.id,
        questionId: question.id,
        sampleIndex,
        prompt: record.question,
        text: record.answer,
        aligned: record.aligned,
        coherent: record.coherent,
        sourceRef: record.sourceRef,
        publicId: this.publicIds.next({
          model: record.model,
          question: record.questionId,
          sourceRef: record.sourceRef ?? null,
          text: record.answer,
        }),
      },
      record.scores.length ? record.scores.map((score) => ({ ...score, judgeModel: score.judgeModel ?? judgeModel })) : NO_SCORES,
    );
    return null;
  }

  private async groupId(name: string): Promise<number> {
    const cached = this.groupIds.get(name);
    if (cached !== undefined) return cached;
    const style = groupStyle(name);
    await this.query(
      `INSERT INTO model_group (name, label, color, display_order, created_by_batch_id) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (name) DO NOTHING`,
      [name, style.label, style.color, style.displayOrder, this.batchId],
    );
    const [row] = await this.query<{ id: number }>(`SELECT id FROM model_group WHERE name = $1`, [name]);
    this.groupIds.set(name, row.id);
    return row.id;
  }

  /** Finds the record's model (checking group and seed agree) or creates it. */
  async resolveModel(
    record: Pick<AnswerRecord, "model" | "group" | "seed" | "baseModel" | "row">,
  ): Promise<{ id: number } | { problem: string; column: string }> {
    const known = this.models.get(record.model);
    if (known) {
      if (known.group !== record.group) {
        const source = known.created ? `row ${known.firstRow} of this file` : "the database";
        return {
          column: "group",
          problem: `model "${record.model}" is in group "${known.group}" (${source}), but this row says "${record.group}"`,
        };
      }
      if (record.seed !== null && known.seed !== null && known.seed !== record.seed) {
        const source = known.created ? `row ${known.firstRow} of this file` : "the database";
        return { column: "seed", problem: `model "${record.model}" has seed ${known.seed} (${source}), but this row says ${record.seed}` };
      }
      if (record.baseModel !== null && record.baseModel !== known.baseModel) {
        if (known.baseModel === null) {
          await this.query(`UPDATE model SET base_model = $2 WHERE id = $1 AND base_model IS NULL`, [known.id, record.baseModel]);
          known.baseModel = record.baseModel;
        } else {
          const source = known.created ? `from row ${known.firstRow} of this file` : "in the database";
          this.warn(
            `base-model\0${record.model}\0${record.baseModel}`,
            `model "${record.model}" has base model "${known.baseModel}" (${source}), but row ${record.row} says "${record.baseModel}": kept "${known.baseModel}"`,
          );
        }
      }
      return { id: known.id };
    }
    const [existing] = await this.query<{ id: number; group: string; seed: number | null; base_model: string | null }>(
      `SELECT m.id, g.name AS group, m.seed, m.base_model FROM model m JOIN model_group g ON g.id = m.group_id WHERE m.name = $1`,
      [record.model],
    );
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
      if (existing.base_model !== null && record.baseModel !== null && existing.base_model !== record.baseModel) {
        // never overwritten silently: the stored value stays, the report says so
        this.warn(
          `base-model\0${record.model}\0${record.baseModel}`,
          `model "${record.model}" already has base model "${existing.base_model}", but ${record.row > 0 ? `row ${record.row}` : "--base-model"} says "${record.baseModel}": kept "${existing.base_model}"`,
        );
      }
      // fill in what an earlier import did not know
      if ((existing.seed === null && record.seed !== null) || (existing.base_model === null && record.baseModel !== null)) {
        await this.query(`UPDATE model SET seed = coalesce(seed, $2), base_model = coalesce(base_model, $3) WHERE id = $1`, [
          existing.id,
          record.seed,
          record.baseModel,
        ]);
      }
      // new answers continue each (model, question)'s sample numbering
      const next = await this.query<{ question_id: number; next: number }>(
        `SELECT question_id, max(sample_index) + 1 AS next FROM answer WHERE model_id = $1 GROUP BY question_id`,
        [existing.id],
      );
      const seed = existing.seed ?? record.seed;
      this.models.set(record.model, {
        id: existing.id,
        group: existing.group,
        seed,
        baseModel: existing.base_model ?? record.baseModel,
        created: false,
        firstRow: record.row,
        nextSampleIndex: new Map(next.map((r) => [r.question_id, r.next])),
      });
      return (await this.applyAttributes(record.model, existing.id)) ?? { id: existing.id };
    }
    const groupId = await this.groupId(record.group);
    const [created] = await this.query<{ id: number }>(
      `INSERT INTO model (name, group_id, base_model, seed, created_by_batch_id) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [record.model, groupId, record.baseModel, record.seed, this.batchId],
    );
    this.models.set(record.model, {
      id: created.id,
      group: record.group,
      seed: record.seed,
      baseModel: record.baseModel,
      created: true,
      firstRow: record.row,
      nextSampleIndex: new Map(),
    });
    return (await this.applyAttributes(record.model, created.id)) ?? { id: created.id };
  }

  /**
   * Gives a model the import's attributes (options.attributes: the manifest's, or the import
   * page's). A value the model already has is kept when equal and a problem when it differs (a
   * model is one run: its LoRA rank cannot change). A key is numeric or text on every model that
   * has it (the sweep view plots numeric keys): a value of the other kind is a problem too.
   */
  private async applyAttributes(modelName: string, modelId: number): Promise<{ problem: string; column: string } | null> {
    const attributes = Object.entries(this.options.attributes ?? {});
    if (attributes.length === 0) return null;
    const stored = await this.query<{
      key: string;
      own_num: number | null;
      own_text: string | null;
      others_kind: "numeric" | "text" | null;
    }>(
      `SELECT key,
              max(num_value) FILTER (WHERE model_id = $2) AS own_num,
              max(text_value) FILTER (WHERE model_id = $2) AS own_text,
              CASE WHEN bool_or(num_value IS NOT NULL) FILTER (WHERE model_id <> $2) THEN 'numeric'
                   WHEN bool_or(text_value IS NOT NULL) FILTER (WHERE model_id <> $2) THEN 'text' END AS others_kind
         FROM model_attribute WHERE key = ANY($1::text[]) GROUP BY key`,
      [attributes.map(([key]) => key), modelId],
    );
    const byKey = new Map(stored.map((row) => [row.key, row]));
    for (const [key, value] of attributes) {
      const row = byKey.get(key);
      const ownValue = row?.own_num ?? row?.own_text ?? null;
      if (ownValue !== null) {
        if (ownValue !== value) {
          return {
            column: "attributes",
            problem: `model "${modelName}" already has ${key} = ${JSON.stringify(ownValue)}, but this import says ${JSON.stringify(value)}: a model is one run; give the other run its own model name`,
          };
        }
        continue;
      }
      const kind = typeof value === "number" ? "numeric" : "text";
      if (row?.others_kind && row.others_kind !== kind) {
        return {
          column: "attributes",
          problem: `attribute ${key} is ${row.others_kind} on other models, but this import gives model "${modelName}" the ${kind} value ${JSON.stringify(value)}`,
        };
      }
      await this.query(
        `INSERT INTO model_attribute (model_id, key, num_value, text_value, created_by_batch_id) VALUES ($1, $2, $3, $4, $5)`,
        [modelId, key, typeof value === "number" ? value : null, typeof value === "string" ? value : null, this.batchId],
      );
    }
    return null;
  }

  /** The id of a question set: created (by this batch) when `create`, else null when there is none. */
  private async setId(name: string, create: boolean): Promise<number | null> {
    let id = this.setIds.get(name);
    if (id === undefined) {
      if (create) {
        await this.sink.suspend();
        id = await ensureQuestionSet(this.db, name, this.batchId);
      } else {
        const [row] = await this.query<{ id: number }>(`SELECT id FROM question_set WHERE name = $1`, [name]);
        if (!row) return null;
        id = row.id;
      }
      this.setIds.set(name, id);
    }
    return id;
  }

  /**
   * Finds the question by external id (in --set, else in the one non-demo set that has it). A new
   * id is created only with --new-questions (in --set); otherwise it is a problem naming the id and
   * the closest known ones.
   */
  private async resolveQuestion(externalId: string, questionText: string): Promise<ResolvedQuestion | QuestionProblem> {
    const cached = this.questions.get(externalId);
    if (cached) return cached;
    let resolved: ResolvedQuestion | QuestionProblem;
    const setName = this.options.set;
    if (setName) {
      const setId = await this.setId(setName, this.options.newQuestions === true);
      if (setId === null) {
        throw new ImportUsageError(
          `${this.file}: question set "${setName}" does not exist. Import its question file first (e.g. --set ${setName} questions.yaml), ` +
            `or pass --new-questions to create it with the file's question ids.`,
        );
      }
      const [found] = await this.query<{ id: number; judge_model: string | null }>(
        `SELECT id, judge_model FROM question WHERE set_id = $1 AND external_id = $2`,
        [setId, externalId],
      );
      if (found) resolved = { id: found.id, judgeModel: found.judge_model };
      else if (this.options.newQuestions) resolved = await this.createQuestion(setId, externalId, questionText);
      else resolved = { problem: await this.unknownQuestionProblem(externalId) };
      if ("id" in resolved) this.setsUsed.add(setName);
    } else {
      const found = await this.query<{ id: number; judge_model: string | null; set_name: string }>(
        `SELECT q.id, q.judge_model, s.name AS set_name FROM question q JOIN question_set s ON s.id = q.set_id
         WHERE q.external_id = $1 AND NOT s.is_demo ORDER BY s.name`,
        [externalId],
      );
      if (found.length === 1) {
        this.setsUsed.add(found[0].set_name);
        resolved = { id: found[0].id, judgeModel: found[0].judge_model };
      } else if (found.length > 1) {
        resolved = {
          problem: `question id "${externalId}" is in several question sets (${found.map((r) => r.set_name).join(", ")}): choose one with --set`,
        };
      } else {
        // --new-questions without --set is refused before anything is read
        resolved = { problem: await this.unknownQuestionProblem(externalId) };
      }
    }
    this.questions.set(externalId, resolved);
    return resolved;
  }

  /** "unknown question id ... did you mean ...?" for an id in no known set (or not in --set). */
  private async unknownQuestionProblem(externalId: string): Promise<string> {
    const setName = this.options.set;
    if (this.knownQuestionIds === null) {
      const known = setName
        ? await this.query<{ external_id: string }>(
            `SELECT q.external_id FROM question q JOIN question_set s ON s.id = q.set_id WHERE s.name = $1`,
            [setName],
          )
        : await this.query<{ external_id: string }>(
            `SELECT DISTINCT q.external_id FROM question q JOIN question_set s ON s.id = q.set_id WHERE NOT s.is_demo`,
          );
      this.knownQuestionIds = known.map((r) => r.external_id);
    }
    const where = setName ? `is not in question set "${setName}"` : "is in no question set";
    const suggestions = closestNames(externalId, this.knownQuestionIds);
    const hint = suggestions.length
      ? `did you mean ${suggestions.map((id) => `"${id}"`).join(", ")}?`
      : this.knownQuestionIds.length
        ? "no known question id is close to it."
        : `no questions are known${setName ? " in that set" : ""} yet.`;
    return (
      `unknown question id "${externalId}": it ${where}; ${hint} ` +
      `Fix the id, import its question file first, or create it with --new-questions --set <set> ` +
      `(the file's question ids are then looked up in that set, and the missing ones created there).`
    );
  }

  private async createQuestion(setId: number, externalId: string, questionText: string): Promise<ResolvedQuestion> {
    const [row] = await this.query<{ id: number }>(
      `INSERT INTO question (set_id, external_id, base_external_id, variant, category, position, paraphrases, created_by_batch_id)
       VALUES ($1, $2, $3, $4::"QuestionVariant", $5, (SELECT coalesce(max(position) + 1, 0) FROM question WHERE set_id = $1),
               $6::text[], $7)
       RETURNING id`,
      [
        setId,
        externalId,
        baseExternalId(externalId),
        questionVariant(externalId),
        questionCategory(externalId),
        [questionText],
        this.batchId,
      ],
    );
    this.questionsCreated++;
    this.createdQuestionIds.push(row.id);
    return { id: row.id, judgeModel: null };
  }

  /**
   * Questions this import created (--new-questions) whose id is also in another (non-demo) set:
   * their answers went to the new question, not to the existing one. Maybe meant, maybe not.
   */
  async createdQuestionWarnings(): Promise<string[]> {
    if (this.createdQuestionIds.length === 0) return [];
    const found = await this.query<{ created_in: string; other_set: string; ids: string[] }>(
      `SELECT s.name AS created_in, os.name AS other_set, array_agg(q.external_id ORDER BY q.external_id) AS ids
         FROM question q JOIN question_set s ON s.id = q.set_id
         JOIN question o ON o.external_id = q.external_id AND o.set_id <> q.set_id
         JOIN question_set os ON os.id = o.set_id AND NOT os.is_demo
        WHERE q.id = ANY($1::int[])
        GROUP BY s.name, os.name ORDER BY os.name`,
      [this.createdQuestionIds],
    );
    return found.map(({ created_in, other_set, ids }) => {
      const shown = ids.length > 5 ? `${ids.slice(0, 5).join(", ")} and ${ids.length - 5} more` : ids.join(", ");
      return (
        `${ids.length} question${ids.length === 1 ? " was" : "s were"} created in set "${created_in}" although set "${other_set}" has the same id (${shown}): ` +
        `their answers are in "${created_in}", not in "${other_set}". If they are the same questions, remove this batch and import with --set ${other_set}.`
      );
    });
  }
}
