// answer's references to model, question and import_batch are kept by statement-level triggers
// (migration 20261126150000_import_fast_path), not foreign keys: the same guarantees are checked
// here on PostgreSQL and PGlite — missing references refused, deletes cascade, ids cannot change —
// and, on PostgreSQL, under concurrency: a model deleted while another transaction inserts answers
// for it leaves no orphan answers.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmbeddedTestDatabase, createTestDatabase, type TestDatabase } from "../helpers/database";
import { backendPid, untilWaitingOnLock } from "../helpers/lock-waits";

const ENGINES = [
  ["PostgreSQL", createTestDatabase],
  ["embedded PGlite", createEmbeddedTestDatabase],
] as const;

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

/** A set, question, group, model and batch to hang answers on; returns their ids. */
async function seedReferences(db: pg.Client, suffix: string) {
  const one = async (sql: string, values: unknown[]) => (await db.query<{ id: number }>(sql, values)).rows[0].id;
  const setId = await one(`INSERT INTO question_set (name) VALUES ($1) RETURNING id`, [`set-${suffix}`]);
  const questionId = await one(
    `INSERT INTO question (set_id, external_id, base_external_id, variant, position, paraphrases)
     VALUES ($1, $2, $2, 'plain', 0, ARRAY['q']) RETURNING id`,
    [setId, `q-${suffix}`],
  );
  const groupId = await one(`INSERT INTO model_group (name, label, color) VALUES ($1, $1, '#000000') RETURNING id`, [`g-${suffix}`]);
  const modelId = await one(`INSERT INTO model (name, group_id) VALUES ($1, $2) RETURNING id`, [`m-${suffix}`, groupId]);
  const batchId = await one(`INSERT INTO import_batch (file_name, content_hash, format) VALUES ($1, $1, 'jsonl') RETURNING id`, [
    `batch-${suffix}`,
  ]);
  return { setId, questionId, modelId, batchId };
}

async function insertAnswers(db: pg.Client, ids: { modelId: number; questionId: number; batchId: number }, count: number) {
  await db.query(
    `INSERT INTO answer (model_id, question_id, batch_id, sample_index, prompt, text, aligned, coherent)
     SELECT $1, $2, $3, i, 'q', 'answer ' || i, 50, 50 FROM generate_series(0, $4::int - 1) i`,
    [ids.modelId, ids.questionId, ids.batchId, count],
  );
}

async function answerCount(db: pg.Client, where = "true"): Promise<number> {
  return Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM answer WHERE ${where}`)).rows[0].n);
}

describe.each(ENGINES)("answer references on %s", (_engine, createDatabase) => {
  let database: TestDatabase;
  let db: pg.Client;

  beforeAll(async () => {
    database = await createDatabase("answer_refs");
    db = await connect(database.url);
  }, 120_000);

  afterAll(async () => {
    await db?.end();
    await database?.drop();
  });

  it("refuses answers whose model, question or batch does not exist (the whole statement)", async () => {
    const ids = await seedReferences(db, "refuse");
    for (const [column, bad] of [
      ["model", { ...ids, modelId: 987654 }],
      ["question", { ...ids, questionId: 987654 }],
      ["import_batch", { ...ids, batchId: 987654 }],
    ] as const) {
      const error = await insertAnswers(db, bad, 3).then(
        () => null,
        (e: pg.DatabaseError) => e,
      );
      expect(error?.code).toBe("23503");
      expect(error?.message).toContain(`"${column}"`);
      expect(error?.message).toContain("987654");
    }
    expect(await answerCount(db, `model_id = ${ids.modelId}`)).toBe(0);
    await insertAnswers(db, ids, 3);
    expect(await answerCount(db, `model_id = ${ids.modelId}`)).toBe(3);
    // an update that points an answer at a missing question is refused too
    const error = await db.query(`UPDATE answer SET question_id = 987654 WHERE model_id = $1`, [ids.modelId]).then(
      () => null,
      (e: pg.DatabaseError) => e,
    );
    expect(error?.code).toBe("23503");
  });

  it("deleting a model, a question, a question set or a batch deletes their answers", async () => {
    const byModel = await seedReferences(db, "del-model");
    const byQuestion = await seedReferences(db, "del-question");
    const bySet = await seedReferences(db, "del-set");
    const byBatch = await seedReferences(db, "del-batch");
    const untouched = await seedReferences(db, "del-untouched");
    for (const ids of [byModel, byQuestion, bySet, byBatch, untouched]) await insertAnswers(db, ids, 4);

    await db.query(`DELETE FROM model WHERE id = $1`, [byModel.modelId]);
    expect(await answerCount(db, `model_id = ${byModel.modelId}`)).toBe(0);
    await db.query(`DELETE FROM question WHERE id = $1`, [byQuestion.questionId]);
    expect(await answerCount(db, `question_id = ${byQuestion.questionId}`)).toBe(0);
    // question_set -> question is a foreign key cascade; question -> answer is the trigger
    await db.query(`DELETE FROM question_set WHERE id = $1`, [bySet.setId]);
    expect(await answerCount(db, `question_id = ${bySet.questionId}`)).toBe(0);
    await db.query(`DELETE FROM import_batch WHERE id = $1`, [byBatch.batchId]);
    expect(await answerCount(db, `batch_id = ${byBatch.batchId}`)).toBe(0);

    expect(await answerCount(db, `model_id = ${untouched.modelId}`)).toBe(4);
    // the histogram followed every cascade: no rows for pairs without answers
    const orphans = await db.query(
      `SELECT count(*) AS n FROM answer_score_bin h WHERE NOT EXISTS
         (SELECT 1 FROM answer a WHERE a.model_id = h.model_id AND a.question_id = h.question_id)`,
    );
    expect(Number(orphans.rows[0].n)).toBe(0);
  });

  it("refuses changing the id of a model, question or batch that answers reference", async () => {
    const ids = await seedReferences(db, "ids");
    await insertAnswers(db, ids, 1);
    for (const [table, id] of [
      ["model", ids.modelId],
      ["question", ids.questionId],
      ["import_batch", ids.batchId],
    ] as const) {
      const error = await db.query(`UPDATE ${table} SET id = id + 100000 WHERE id = $1`, [id]).then(
        () => null,
        (e: pg.DatabaseError) => e,
      );
      expect(error?.code).toBe("23503");
    }
    // other columns change freely
    await db.query(`UPDATE model SET seed = 7 WHERE id = $1`, [ids.modelId]);
  });
});

describe("answer references under concurrency (PostgreSQL)", () => {
  let database: TestDatabase;
  let inserter: pg.Client;
  let deleter: pg.Client;
  // outside any transaction, to see the other two wait (pg_stat_activity)
  let watcher: pg.Client;

  beforeAll(async () => {
    database = await createTestDatabase("answer_refs_concurrent");
    inserter = await connect(database.url);
    deleter = await connect(database.url);
    watcher = await connect(database.url);
  }, 120_000);

  afterAll(async () => {
    await inserter?.end();
    await deleter?.end();
    await watcher?.end();
    await database?.drop();
  });

  it("a model deleted while answers for it are being inserted takes those answers with it", async () => {
    const ids = await seedReferences(inserter, "race-1");
    await inserter.query("BEGIN");
    await insertAnswers(inserter, ids, 10); // locks the model FOR KEY SHARE
    // the delete waits for the inserting transaction...
    let deleted = false;
    const deleterPid = await backendPid(deleter);
    const deletion = deleter.query(`DELETE FROM model WHERE id = $1`, [ids.modelId]).then(() => (deleted = true));
    await untilWaitingOnLock(watcher, (waiting) => waiting.includes(deleterPid), "the DELETE behind the inserting transaction");
    expect(deleted).toBe(false);
    await inserter.query("COMMIT");
    await deletion;
    // ...and its cascade then sees the committed answers
    expect(await answerCount(inserter, `model_id = ${ids.modelId}`)).toBe(0);
  });

  it("answers inserted after a concurrent delete of their model are refused", async () => {
    const ids = await seedReferences(inserter, "race-2");
    const inserterPid = await backendPid(inserter);
    await deleter.query("BEGIN");
    await deleter.query(`DELETE FROM model WHERE id = $1`, [ids.modelId]);
    const insertion = insertAnswers(inserter, ids, 5).then(
      () => null,
      (e: pg.DatabaseError) => e,
    );
    // the insert must reach the deleted model's lock before the delete commits; otherwise it would
    // only meet an already committed delete, and this test would not be about concurrency
    await untilWaitingOnLock(watcher, (waiting) => waiting.includes(inserterPid), "the INSERT behind the deleting transaction");
    await deleter.query("COMMIT");
    const error = await insertion;
    expect(error?.code).toBe("23503");
    expect(await answerCount(inserter, `model_id = ${ids.modelId}`)).toBe(0);
  });
});
