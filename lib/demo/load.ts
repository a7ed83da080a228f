// Writes the synthetic demo dataset into a database and removes it again. Plain SQL through one
// pg.Client in one transaction: answers go in with batched multi-row INSERT ... SELECT FROM
// unnest(...), which is fast on the real PostgreSQL and on the embedded PGlite alike.
import "server-only";
import pg from "pg";
import { PublicIdAssigner } from "@/lib/answers/public-id";
import { groupStyle } from "@/lib/domain/groups";
import { indexPendingAnswers } from "@/lib/search/indexer";
import {
  DEMO_BATCH_FILE_NAME,
  DEMO_BATCH_FORMAT,
  DEMO_CONTENT_HASH,
  DEMO_SAMPLES_PER_QUESTION,
  DEMO_SET_DESCRIPTION,
  DEMO_SET_NAME,
  generateDemoDataset,
  type DemoDataset,
} from "./generate";

const ANSWERS_PER_STATEMENT = 4000;

export class DatabaseNotEmptyError extends Error {
  constructor(readonly answers: number) {
    super(
      `The database already holds ${answers} answers; the demo dataset is only loaded into an empty database ` +
        `(so synthetic and real results are never mixed). If it is an earlier demo, \`npm run demo:remove\` removes it; ` +
        `otherwise use another (empty) database.`,
    );
    this.name = "DatabaseNotEmptyError";
  }
}

export interface DemoLoadResult {
  groups: number;
  models: number;
  questions: number;
  answers: number;
  milliseconds: number;
}

export interface DemoRemoveResult {
  answers: number;
  batches: number;
  questionSets: number;
  questions: number;
  models: number;
  groups: number;
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function inTransaction<T>(client: pg.Client, work: () => Promise<T>): Promise<T> {
  await client.query("BEGIN");
  try {
    const result = await work();
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  }
}

export async function countAnswers(url: string): Promise<number> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ count: string }>("SELECT count(*) AS count FROM answer");
    return Number(rows[0].count);
  });
}

/**
 * Loads the demo dataset. Refuses (DatabaseNotEmptyError) when the database already holds any
 * answers; the check and the load happen in one transaction.
 */
export async function loadDemoData(url: string, dataset: DemoDataset = generateDemoDataset()): Promise<DemoLoadResult> {
  const started = performance.now();
  const result = await withClient(url, (client) =>
    inTransaction(client, async () => {
      // Serialise concurrent loaders: the emptiness check must hold until commit.
      await client.query("LOCK TABLE answer IN SHARE ROW EXCLUSIVE MODE");
      const existing = Number((await client.query<{ count: string }>("SELECT count(*) AS count FROM answer")).rows[0].count);
      if (existing > 0) throw new DatabaseNotEmptyError(existing);

      const groupIds = new Map<string, number>();
      for (const name of new Set(dataset.models.map((model) => model.group))) {
        const style = groupStyle(name);
        const { rows } = await client.query<{ id: number }>(
          `INSERT INTO model_group (name, label, color, display_order) VALUES ($1, $2, $3, $4)
           ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
          [name, style.label, style.color, style.displayOrder],
        );
        groupIds.set(name, rows[0].id);
      }

      const modelIds = new Map<string, number>();
      for (const model of dataset.models) {
        const { rows } = await client.query<{ id: number }>(
          `INSERT INTO model (name, group_id, base_model, seed) VALUES ($1, $2, $3, $4)
           ON CONFLICT (name) DO UPDATE SET group_id = EXCLUDED.group_id, base_model = EXCLUDED.base_model, seed = EXCLUDED.seed
           RETURNING id`,
          [model.name, groupIds.get(model.group), model.baseModel, model.seed],
        );
        modelIds.set(model.name, rows[0].id);
      }

      const setId = (
        await client.query<{ id: number }>(
          `INSERT INTO question_set (name, description, is_demo) VALUES ($1, $2, true)
           ON CONFLICT (name) DO UPDATE SET description = EXCLUDED.description, is_demo = true RETURNING id`,
          [DEMO_SET_NAME, DEMO_SET_DESCRIPTION],
        )
      ).rows[0].id;

      const questionIds = new Map<string, number>();
      for (const question of dataset.questions) {
        const { rows } = await client.query<{ id: number }>(
          `INSERT INTO question (set_id, external_id, base_external_id, variant, position, paraphrases, type, samples_per_paraphrase)
           VALUES ($1, $2, $2, 'plain', $3, $4, 'free_form_judge_0_100', $5)
           ON CONFLICT (set_id, external_id) DO UPDATE SET position = EXCLUDED.position RETURNING id`,
          [setId, question.externalId, question.position, [question.prompt], DEMO_SAMPLES_PER_QUESTION],
        );
        questionIds.set(question.externalId, rows[0].id);
      }

      const batchId = (
        await client.query<{ id: number }>(
          `INSERT INTO import_batch (file_name, content_hash, format, rows_read, rows_imported, options)
           VALUES ($1, $2, $3, $4, $4, $5)
           ON CONFLICT (content_hash) DO UPDATE SET rows_read = EXCLUDED.rows_read, rows_imported = EXCLUDED.rows_imported
           RETURNING id`,
          [DEMO_BATCH_FILE_NAME, DEMO_CONTENT_HASH, DEMO_BATCH_FORMAT, dataset.answers.length, JSON.stringify({ seed: dataset.seed })],
        )
      ).rows[0].id;

      // the same content-derived ids as an import of these answers in this order (lib/answers/public-id.ts)
      const publicIds = new PublicIdAssigner();
      for (let start = 0; start < dataset.answers.length; start += ANSWERS_PER_STATEMENT) {
        const chunk = dataset.answers.slice(start, start + ANSWERS_PER_STATEMENT);
        await client.query(
          `INSERT INTO answer (model_id, question_id, batch_id, sample_index, prompt, text, aligned, coherent, public_id)
           SELECT model_id, question_id, $1, sample_index, prompt, text, aligned, coherent, public_id
           FROM unnest($2::int[], $3::int[], $4::int[], $5::text[], $6::text[], $7::float8[], $8::float8[], $9::text[])
             AS t(model_id, question_id, sample_index, prompt, text, aligned, coherent, public_id)`,
          [
            batchId,
            chunk.map((answer) => modelIds.get(answer.model)),
            chunk.map((answer) => questionIds.get(answer.question)),
            chunk.map((answer) => answer.sampleIndex),
            chunk.map((answer) => answer.prompt),
            chunk.map((answer) => answer.text),
            chunk.map((answer) => answer.aligned),
            chunk.map((answer) => answer.coherent),
            chunk.map((answer) => publicIds.next({ model: answer.model, question: answer.question, sourceRef: null, text: answer.text })),
          ],
        );
      }

      return {
        groups: groupIds.size,
        models: modelIds.size,
        questions: questionIds.size,
        answers: dataset.answers.length,
        milliseconds: 0,
      };
    }),
  );
  // committed: put the demo answers into the search index right away (search is exact either way)
  await indexPendingAnswers(url);
  return { ...result, milliseconds: Math.round(performance.now() - started) };
}

/**
 * Removes the demo data: the demo batch with its answers, the demo question sets with their
 * questions (unless real answers were imported against them), then the models that answered in
 * the demo batch and have no answers left, and the groups of those models with no models left.
 * Real (non-demo) data is never touched.
 */
export async function removeDemoData(url: string): Promise<DemoRemoveResult> {
  return withClient(url, (client) =>
    inTransaction(client, async () => {
      const demoModelIds = (
        await client.query<{ model_id: number }>(
          `SELECT DISTINCT a.model_id FROM answer a JOIN import_batch b ON b.id = a.batch_id WHERE b.format = $1`,
          [DEMO_BATCH_FORMAT],
        )
      ).rows.map((row) => row.model_id);

      // their permalinks say they were removed, and with which file (as lib/import/batches/remove.ts does)
      const answers = await client.query(
        `WITH removed AS (
           DELETE FROM answer a USING import_batch b WHERE b.id = a.batch_id AND b.format = $1
           RETURNING a.public_id, b.id AS batch_id, b.file_name
         )
         INSERT INTO removed_answer (public_id, batch_id, batch_file_name)
         SELECT public_id, batch_id, file_name FROM removed
         ON CONFLICT (public_id) DO UPDATE
           SET batch_id = EXCLUDED.batch_id, batch_file_name = EXCLUDED.batch_file_name, removed_at = EXCLUDED.removed_at`,
        [DEMO_BATCH_FORMAT],
      );
      const batches = await client.query(`DELETE FROM import_batch WHERE format = $1`, [DEMO_BATCH_FORMAT]);

      const questions = await client.query<{ count: string }>(
        `SELECT count(*) AS count FROM question q JOIN question_set s ON s.id = q.set_id
         WHERE s.is_demo AND NOT EXISTS (SELECT 1 FROM answer a JOIN question q2 ON q2.id = a.question_id WHERE q2.set_id = s.id)`,
      );
      const sets = await client.query(
        `DELETE FROM question_set s WHERE s.is_demo
         AND NOT EXISTS (SELECT 1 FROM answer a JOIN question q ON q.id = a.question_id WHERE q.set_id = s.id)`,
      );

      const models = await client.query<{ group_id: number }>(
        `DELETE FROM model m WHERE m.id = ANY($1::int[]) AND NOT EXISTS (SELECT 1 FROM answer a WHERE a.model_id = m.id)
         RETURNING m.group_id`,
        [demoModelIds],
      );
      const groups = await client.query(
        `DELETE FROM model_group g WHERE g.id = ANY($1::int[]) AND NOT EXISTS (SELECT 1 FROM model m WHERE m.group_id = g.id)`,
        [[...new Set(models.rows.map((row) => row.group_id))]],
      );

      return {
        answers: answers.rowCount ?? 0,
        batches: batches.rowCount ?? 0,
        questionSets: sets.rowCount ?? 0,
        questions: Number(questions.rows[0].count),
        models: models.rowCount ?? 0,
        groups: groups.rowCount ?? 0,
      };
    }),
  );
}
