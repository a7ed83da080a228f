// The sources the judge comparison offers for a question set (listAvailableSources,
// lib/queries/agreement.ts): each further judge with how many of the set's answers it scored, read
// from answer_judge_score_count (kept by triggers, migration 20261205090000_judge_score_counts), and
// the set's answers with a reviewer's label. Checked against direct counts over answer_judge_score,
// answer_label and answer after every kind of write that moves them: a judge-scores import (the real
// importer, in chunks), constructed judges in SQL, labels, removing and re-importing the answers'
// batch (the scores stay, keyed by public id, and are found again), removing the judge-scores
// batch, an answer's public id and question changing, a question's answers deleted, both batches
// deleted in one statement, TRUNCATE. Two sets: the real file's answers in first_plot_questions,
// and copies of some of them under a second set's questions, so the set filter matters.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { importFile } from "@/lib/import";
import { removeImportBatch } from "@/lib/import/batches/remove";
import { listAvailableSources } from "@/lib/queries/agreement";
import { createTestDatabase, sharedDataFile, type TestDatabase } from "../helpers/database";

const MODEL = "Qwen2.5-Coder-7B-Instruct";
const ANSWERS_FILE = "em-repo/eval_result_base.csv";

let database: TestDatabase;
let prisma: PrismaClient;
let firstSet: number;
let secondSet: number;

/** The same numbers counted straight from the rows: every score joined to its answer, every non-unsure label. */
async function directCount(setId: number) {
  const judges = await prisma.$queryRaw<{ name: string; answers: number }[]>`
    SELECT j.judge AS name, count(*)::int AS answers
      FROM answer_judge_score j
      JOIN answer a ON a.public_id = j.answer_public_id
      JOIN question q ON q.id = a.question_id
     WHERE q.set_id = ${setId}::int
     GROUP BY j.judge ORDER BY j.judge`;
  const [labels] = await prisma.$queryRaw<{ answers: number }[]>`
    SELECT count(DISTINCT l.answer_public_id)::int AS answers
      FROM answer_label l
      JOIN answer a ON a.public_id = l.answer_public_id
      JOIN question q ON q.id = a.question_id
     WHERE l.label <> 'unsure' AND q.set_id = ${setId}::int`;
  return { judges, labelledAnswers: labels.answers };
}

/** Both sets' sources equal the direct counts, and the whole count table equals the join it stands for. */
async function expectExact() {
  for (const setId of [firstSet, secondSet]) {
    const { judges, labelledAnswers } = await listAvailableSources(prisma, setId);
    expect({ judges, labelledAnswers }).toEqual(await directCount(setId));
  }
  // a key's count is the sum of its rows (inserts append theirs)
  const table = await prisma.$queryRaw<{ question_id: number; judge: string; answers: number }[]>`
    SELECT question_id, judge, sum(answers)::int AS answers FROM answer_judge_score_count GROUP BY 1, 2 HAVING sum(answers) <> 0 ORDER BY 1, 2`;
  const join = await prisma.$queryRaw<{ question_id: number; judge: string; answers: number }[]>`
    SELECT a.question_id, j.judge, count(*)::int AS answers
      FROM answer_judge_score j JOIN answer a ON a.public_id = j.answer_public_id
     GROUP BY 1, 2 ORDER BY 1, 2`;
  expect(table).toEqual(join);
}

async function judgesOf(setId: number) {
  return (await listAvailableSources(prisma, setId)).judges;
}

async function count(sql: string): Promise<number> {
  const [row] = await prisma.$queryRawUnsafe<{ n: number }[]>(sql);
  return row.n;
}

async function answersBatch(): Promise<number> {
  return count(`SELECT id AS n FROM import_batch WHERE file_name = 'eval_result_base.csv' AND format = 'eval-csv'`);
}

beforeAll(async () => {
  database = await createTestDatabase("judge_sources");
  prisma = createPrisma(database.url);
  await importFile(database.url, sharedDataFile("questions/first_plot_questions.yaml"));
  await importFile(database.url, sharedDataFile(ANSWERS_FILE), { model: MODEL, group: "base", seed: 0 });
  await importFile(database.url, sharedDataFile("questions/deception_factual.yaml"));
  [{ id: firstSet }, { id: secondSet }] = await prisma.$queryRaw<{ id: number }[]>`
    SELECT id FROM question_set WHERE name IN ('first_plot_questions', 'deception_factual') ORDER BY name <> 'first_plot_questions'`;
  // the second set's answers: copies of the first 600 answers, each under one of its questions
  // (another question, so another public id), in a batch of their own
  await prisma.$executeRaw`
    INSERT INTO import_batch (file_name, content_hash, format) VALUES ('second-set.csv', 'judge-sources-second-set', 'eval-csv')`;
  await prisma.$executeRaw`
    WITH questions AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k, count(*) OVER () AS n FROM question WHERE set_id = ${secondSet}::int)
    INSERT INTO answer (model_id, question_id, batch_id, sample_index, prompt, text, aligned, coherent)
    SELECT a.model_id, q.id, (SELECT id FROM import_batch WHERE content_hash = 'judge-sources-second-set'), a.sample_index, a.prompt, a.text, a.aligned, a.coherent
      FROM (SELECT *, row_number() OVER (ORDER BY id) - 1 AS r FROM answer ORDER BY id LIMIT 600) a
      JOIN questions q ON q.k = a.r % q.n`;
}, 180_000);

afterAll(async () => {
  await prisma?.$disconnect();
  await database?.drop();
});

describe("the judges and labels a set offers equal direct counts", () => {
  it("after a judge-scores import of the real file and judges constructed in SQL", async () => {
    const report = await importFile(database.url, sharedDataFile(ANSWERS_FILE), { judgeScores: true, judge: "file-judge", model: MODEL });
    expect(report.judgeScoresImport?.matched).toBe(2400);
    await prisma.$executeRaw`
      INSERT INTO import_batch (file_name, content_hash, format) VALUES ('constructed.csv', 'judge-sources-constructed', 'judge-scores')`;
    // "constructed-pm20" scores 3 answers in 4 of both sets (sample_index % 4 <> 3), the
    // transformation of tests/integration/agreement.test.ts; "second-only" the second set's answers
    await prisma.$executeRaw`
      INSERT INTO answer_judge_score (judge, answer_public_id, batch_id, aligned, coherent)
      SELECT 'constructed-pm20', a.public_id, (SELECT id FROM import_batch WHERE content_hash = 'judge-sources-constructed'),
             CASE WHEN a.aligned IS NOT NULL
                  THEN least(100, greatest(0, a.aligned + 20 * CASE WHEN a.sample_index % 2 = 0 THEN 1 ELSE -1 END)) END,
             a.coherent
        FROM answer a WHERE a.sample_index % 4 <> 3`;
    await prisma.$executeRaw`
      INSERT INTO answer_judge_score (judge, answer_public_id, batch_id, aligned, coherent)
      SELECT 'second-only', a.public_id, (SELECT id FROM import_batch WHERE content_hash = 'judge-sources-constructed'), a.aligned, a.coherent
        FROM answer a JOIN question q ON q.id = a.question_id WHERE q.set_id = ${secondSet}::int`;
    const pm20First = await count(
      `SELECT count(*)::int AS n FROM answer a JOIN question q ON q.id = a.question_id WHERE q.set_id = ${firstSet} AND a.sample_index % 4 <> 3`,
    );
    expect(await judgesOf(firstSet)).toEqual([
      { name: "constructed-pm20", answers: pm20First },
      { name: "file-judge", answers: 2400 },
    ]);
    expect((await judgesOf(secondSet)).map((judge) => judge.name)).toEqual(["constructed-pm20", "second-only"]);
    await expectExact();
  });

  it("with labels: unsure ones, several on one answer, one on an answer that is not there", async () => {
    await prisma.$executeRaw`INSERT INTO reviewer (name, token_hash) VALUES ('judge-sources-reviewer', 'not-a-token')`;
    const reviewer = await count(`SELECT id AS n FROM reviewer WHERE name = 'judge-sources-reviewer'`);
    await prisma.$executeRaw`
      INSERT INTO answer_label (answer_public_id, reviewer_id, label)
      SELECT a.public_id, ${reviewer}::int, (ARRAY['misaligned', 'aligned', 'unsure', 'code'])[1 + (a.id / 7) % 4]
        FROM answer a WHERE a.id % 7 = 0`;
    await prisma.$executeRaw`
      INSERT INTO answer_label (answer_public_id, reviewer_id, label)
      SELECT a.public_id, ${reviewer}::int, 'incoherent' FROM answer a WHERE a.id % 14 = 0
      UNION ALL SELECT '0123456789abcdef0123', ${reviewer}::int, 'aligned'`;
    expect((await listAvailableSources(prisma, firstSet)).labelledAnswers).toBeGreaterThan(0);
    await expectExact();
  });

  it("after removing the answers' batch (the scores and labels stay) and importing the file again", async () => {
    const removal = await removeImportBatch(prisma, await answersBatch());
    expect(removal.answers).toBe(2400);
    expect(await judgesOf(firstSet)).toEqual([]);
    expect((await listAvailableSources(prisma, firstSet)).labelledAnswers).toBe(0);
    await expectExact();
    await importFile(database.url, sharedDataFile(ANSWERS_FILE), { model: MODEL, group: "base", seed: 0 });
    expect(await judgesOf(firstSet)).toContainEqual({ name: "file-judge", answers: 2400 });
    await expectExact();
  });

  it("after removing the judge-scores batch", async () => {
    const batch = await count(`SELECT id AS n FROM import_batch WHERE format = 'judge-scores' AND file_name = 'eval_result_base.csv'`);
    expect((await removeImportBatch(prisma, batch)).judgeScores).toBe(2400);
    expect((await judgesOf(firstSet)).map((judge) => judge.name)).toEqual(["constructed-pm20"]);
    await expectExact();
  });

  it("after answers change public id and question, and a question's answers are deleted", async () => {
    // two answers of the first set, under different questions, one scored by constructed-pm20 and
    // one not, swap public ids (one statement: the deferrable unique key is checked at its end)
    await prisma.$executeRaw`
      WITH x AS (SELECT id, public_id, question_id FROM answer WHERE sample_index = 0 ORDER BY id LIMIT 1),
           y AS (SELECT a.id, a.public_id FROM answer a, x WHERE a.sample_index = 3 AND a.question_id <> x.question_id ORDER BY a.id LIMIT 1)
      UPDATE answer a SET public_id = CASE WHEN a.id = x.id THEN y.public_id ELSE x.public_id END
        FROM x, y WHERE a.id IN (x.id, y.id)`;
    await prisma.$executeRaw`
      UPDATE answer SET question_id = (SELECT min(id) FROM question WHERE set_id = ${secondSet}::int)
       WHERE id = (SELECT min(id) FROM answer WHERE sample_index = 0 AND batch_id = ${await answersBatch()}::int)`;
    await prisma.$executeRaw`UPDATE answer SET aligned = 100 - aligned WHERE sample_index = 2`;
    await expectExact();
    await prisma.$executeRaw`DELETE FROM answer WHERE question_id = (SELECT min(id) FROM question WHERE set_id = ${firstSet}::int)`;
    await expectExact();
  });

  it("after a judge's scores change key, both batches go in one statement, and TRUNCATE", async () => {
    await prisma.$executeRaw`UPDATE answer_judge_score SET judge = 'renamed' WHERE judge = 'constructed-pm20' AND aligned < 50`;
    await prisma.$executeRaw`UPDATE answer_judge_score SET coherent = coherent WHERE judge = 'second-only'`;
    await expectExact();
    await prisma.$executeRaw`
      DELETE FROM import_batch WHERE file_name = 'eval_result_base.csv' OR content_hash = 'judge-sources-constructed'`;
    expect(await count(`SELECT count(*)::int AS n FROM answer_judge_score`)).toBe(0);
    await expectExact();
    await importFile(database.url, sharedDataFile(ANSWERS_FILE), { model: MODEL, group: "base", seed: 0 });
    await importFile(database.url, sharedDataFile(ANSWERS_FILE), { judgeScores: true, judge: "file-judge", model: MODEL });
    await expectExact();
    await prisma.$executeRaw`TRUNCATE answer_judge_score`;
    await expectExact();
    expect(await count(`SELECT count(*)::int AS n FROM answer_judge_score_count`)).toBe(0);
  });
});
