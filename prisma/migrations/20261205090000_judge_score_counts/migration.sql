-- Further judges' scores per (question, judge), so the judge comparison (/judges, /api/judges)
-- lists the judges that scored a question set's answers, with how many, from a few rows per
-- question instead of joining every score to its answer (lib/queries/agreement.ts,
-- listAvailableSources). Before, that join read the whole answer table and hashed every score's
-- public id: with 232,200 scores of 3 judges over a set of 100,800 answers, 420 ms alone and 4.3 s
-- each for 16 readers at once (the first readers after an import); from this table 0.7 ms and 5 ms
-- (pgbench, 2-core machine at load 9-14). What the triggers cost, same data: a 1,032-row INSERT of
-- scores 135 ms with the trigger, 130 ms without (its lookups by public id, about 5 ms a 1,000-row
-- chunk of a judge-scores import); the insert delta of a 100,800-answer COPY whose answers all have
-- scores 0.4 s; the recount of 72 questions 0.45 s. A 100,800-row judge-scores import appended 72 rows.
--
-- answers = the number of (answer_judge_score row, answer row) pairs with the same public id, the
-- judge being the score's and the question the answer's: exactly what
--   SELECT a.question_id, j.judge, count(*) FROM answer_judge_score j JOIN answer a ON a.public_id = j.answer_public_id GROUP BY 1, 2
-- gives. Scores are keyed by the answer's public id without a foreign key, so either side may come
-- or go alone: removing an answers batch keeps its other judges' scores, and importing the file
-- again finds them (the same content gives the same public id); removing a judge-scores batch
-- removes only scores. Kept exact by statement-level triggers on both tables: an insert's rows are
-- joined with the other table as it is then, so a pair is counted when its second half arrives; a
-- delete recounts the questions it touched (below). Inserts append their counts as rows of their
-- own instead of adding to a row per key: imports run side by side, each in one long transaction,
-- and two that raised the same (question, judge) row would wait for each other's commit, or
-- deadlock when their statements reach the keys in different orders; appended rows lock nothing.
-- A key's count is the sum of its rows (a few per import: one per statement that touched it); a
-- recount leaves one row per key. No foreign keys, like
-- the other trigger-kept tables (import_batch_answer_count): the rows follow the answers and scores
-- only through the triggers. Used only through raw SQL, so left out of schema.prisma
-- (prisma/intended-drift.txt).
CREATE TABLE answer_judge_score_count (
  question_id integer NOT NULL,
  judge text NOT NULL,
  answers integer NOT NULL
);
CREATE INDEX answer_judge_score_count_question_id_idx ON answer_judge_score_count (question_id);

-- Deletes recount the questions they touch from the rows that are left instead of subtracting:
-- one statement can delete both halves of a pair (DELETE FROM import_batch of an answers batch and
-- a judge-scores batch: the answers go by trigger, the scores by cascade), and both triggers then
-- run after both deletions, so neither would find the pair to subtract. A recount from what is
-- left is right whichever trigger runs first and whatever the other one deleted. Inserts and
-- updates stay deltas: nothing writes both tables in one statement.
CREATE FUNCTION answer_judge_score_count_recount(questions integer[]) RETURNS void LANGUAGE sql AS $$
  DELETE FROM answer_judge_score_count WHERE question_id = ANY (questions);
  INSERT INTO answer_judge_score_count (question_id, judge, answers)
  SELECT a.question_id, j.judge, count(*)::int
    FROM answer a JOIN answer_judge_score j ON j.answer_public_id = a.public_id
   WHERE a.question_id = ANY (questions)
   GROUP BY 1, 2;
$$;

CREATE FUNCTION answer_judge_score_count_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM answer_judge_score_count;
    RETURN NULL;
  END IF;
  IF TG_TABLE_NAME = 'answer' THEN
    IF TG_OP = 'INSERT' THEN
      INSERT INTO answer_judge_score_count (question_id, judge, answers)
      SELECT n.question_id, s.judge, count(*)::int
        FROM inserted_answers n JOIN answer_judge_score s ON s.answer_public_id = n.public_id
       GROUP BY 1, 2;
    ELSIF TG_OP = 'DELETE' THEN
      PERFORM answer_judge_score_count_recount(ARRAY(SELECT DISTINCT question_id FROM deleted_answers));
    ELSE
      -- only answers whose public id or question changed (an import moving a public id another
      -- batch holds, lib/import/write/public-ids.ts); other updates join nothing
      WITH moved AS (
        SELECT n.public_id AS new_public_id, n.question_id AS new_question_id, o.public_id AS old_public_id, o.question_id AS old_question_id
          FROM inserted_answers n JOIN deleted_answers o USING (id)
         WHERE (n.public_id, n.question_id) IS DISTINCT FROM (o.public_id, o.question_id)
      )
      INSERT INTO answer_judge_score_count (question_id, judge, answers)
      SELECT d.question_id, d.judge, sum(d.sign)::int
        FROM (
          SELECT m.new_question_id AS question_id, s.judge, 1 AS sign FROM moved m JOIN answer_judge_score s ON s.answer_public_id = m.new_public_id
          UNION ALL
          SELECT m.old_question_id, s.judge, -1 FROM moved m JOIN answer_judge_score s ON s.answer_public_id = m.old_public_id
        ) d
       GROUP BY 1, 2 HAVING sum(d.sign) <> 0;
    END IF;
  ELSE
    IF TG_OP = 'INSERT' THEN
      INSERT INTO answer_judge_score_count (question_id, judge, answers)
      SELECT a.question_id, n.judge, count(*)::int
        FROM inserted_scores n JOIN answer a ON a.public_id = n.answer_public_id
       GROUP BY 1, 2;
    ELSIF TG_OP = 'DELETE' THEN
      PERFORM answer_judge_score_count_recount(ARRAY(
        SELECT DISTINCT a.question_id FROM deleted_scores o JOIN answer a ON a.public_id = o.answer_public_id));
    ELSE
      -- the key (judge, answer public id) may change; rows that keep it net out to nothing
      INSERT INTO answer_judge_score_count (question_id, judge, answers)
      SELECT d.question_id, d.judge, sum(d.sign)::int
        FROM (
          SELECT a.question_id, n.judge, 1 AS sign FROM inserted_scores n JOIN answer a ON a.public_id = n.answer_public_id
          UNION ALL
          SELECT a.question_id, o.judge, -1 FROM deleted_scores o JOIN answer a ON a.public_id = o.answer_public_id
        ) d
       GROUP BY 1, 2 HAVING sum(d.sign) <> 0;
    END IF;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER answer_judge_score_count_insert AFTER INSERT ON answer
  REFERENCING NEW TABLE AS inserted_answers FOR EACH STATEMENT EXECUTE FUNCTION answer_judge_score_count_apply();
CREATE TRIGGER answer_judge_score_count_delete AFTER DELETE ON answer
  REFERENCING OLD TABLE AS deleted_answers FOR EACH STATEMENT EXECUTE FUNCTION answer_judge_score_count_apply();
CREATE TRIGGER answer_judge_score_count_update AFTER UPDATE ON answer
  REFERENCING OLD TABLE AS deleted_answers NEW TABLE AS inserted_answers
  FOR EACH STATEMENT EXECUTE FUNCTION answer_judge_score_count_apply();
CREATE TRIGGER answer_judge_score_count_truncate AFTER TRUNCATE ON answer
  FOR EACH STATEMENT EXECUTE FUNCTION answer_judge_score_count_apply();

CREATE TRIGGER answer_judge_score_count_insert AFTER INSERT ON answer_judge_score
  REFERENCING NEW TABLE AS inserted_scores FOR EACH STATEMENT EXECUTE FUNCTION answer_judge_score_count_apply();
CREATE TRIGGER answer_judge_score_count_delete AFTER DELETE ON answer_judge_score
  REFERENCING OLD TABLE AS deleted_scores FOR EACH STATEMENT EXECUTE FUNCTION answer_judge_score_count_apply();
CREATE TRIGGER answer_judge_score_count_update AFTER UPDATE ON answer_judge_score
  REFERENCING OLD TABLE AS deleted_scores NEW TABLE AS inserted_scores
  FOR EACH STATEMENT EXECUTE FUNCTION answer_judge_score_count_apply();
CREATE TRIGGER answer_judge_score_count_truncate AFTER TRUNCATE ON answer_judge_score
  FOR EACH STATEMENT EXECUTE FUNCTION answer_judge_score_count_apply();

-- The scores and answers already there.
INSERT INTO answer_judge_score_count (question_id, judge, answers)
SELECT a.question_id, j.judge, count(*)::int
  FROM answer_judge_score j JOIN answer a ON a.public_id = j.answer_public_id
 GROUP BY 1, 2;
