-- Answers and judge scores per (import batch, model, question), so /imports, /imports/<id> and
-- /api/imports[/<id>] read a few rows per batch instead of the answers. Before, the batch list and
-- a batch's details grouped every answer of the table (the list, and one batch through an "id IS
-- NULL OR batch_id = id" condition no index serves): 2.3 s per request at 1.2M answers (issue 15,
-- item 8); 370 ms and 840 ms at 500k answers on the 2-core machine.
--
-- Kept exact by statement-level triggers on answer and judge_score, like the score histogram: every
-- INSERT / COPY (the importer's included), DELETE (batch removal, the cascades from model /
-- question / batch / answer), UPDATE and TRUNCATE. A row that drops to zero answers is removed, so
-- a batch's rows are exactly the (model, question) pairs it has answers for. Rows are written in
-- key order, so concurrent writers lock them in the same order. No foreign keys, like the histogram
-- tables: the rows follow the answers only through the triggers. Used only through raw SQL
-- (lib/queries/batches.ts), so it is left out of schema.prisma like the other trigger-kept tables.
CREATE TABLE import_batch_answer_count (
  batch_id integer NOT NULL,
  model_id integer NOT NULL,
  question_id integer NOT NULL,
  answers integer NOT NULL,
  judge_scores integer NOT NULL DEFAULT 0,
  PRIMARY KEY (batch_id, model_id, question_id)
);

-- Judge scores of a pair, counted from the scores of its answers that exist now.
CREATE FUNCTION import_batch_judge_scores(batch integer, model integer, question integer) RETURNS integer
LANGUAGE sql STABLE AS $$
  SELECT count(*)::int FROM answer a JOIN judge_score s ON s.answer_id = a.id
   WHERE a.batch_id = batch AND a.model_id = model AND a.question_id = question
$$;

-- Answers: +1 per inserted row, -1 per deleted row (an UPDATE that moves answers to another batch,
-- model or question is both), then the rows that reached zero answers go (their judge scores went
-- with their answers). Judge scores deleted with their answers cannot be traced to a batch by the
-- judge_score trigger (the answers are gone by then), so the pairs that keep some answers recount
-- theirs. Removing a whole batch, model or question leaves no such pair: the recount only runs for
-- answers deleted one by one.
CREATE FUNCTION import_batch_answer_count_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO import_batch_answer_count AS c (batch_id, model_id, question_id, answers)
    SELECT batch_id, model_id, question_id, count(*)::int FROM inserted_answers GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (batch_id, model_id, question_id) DO UPDATE SET answers = c.answers + excluded.answers;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO import_batch_answer_count AS c (batch_id, model_id, question_id, answers)
    SELECT batch_id, model_id, question_id, -count(*)::int FROM deleted_answers GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (batch_id, model_id, question_id) DO UPDATE SET answers = c.answers + excluded.answers;
    DELETE FROM import_batch_answer_count c
     WHERE c.answers <= 0 AND (c.batch_id, c.model_id, c.question_id) IN (SELECT batch_id, model_id, question_id FROM deleted_answers);
    UPDATE import_batch_answer_count c SET judge_scores = import_batch_judge_scores(c.batch_id, c.model_id, c.question_id)
     WHERE (c.batch_id, c.model_id, c.question_id) IN (SELECT batch_id, model_id, question_id FROM deleted_answers);
  ELSIF TG_OP = 'UPDATE' THEN
    CREATE TEMP TABLE IF NOT EXISTS import_batch_moved_answers
      (batch_id integer, model_id integer, question_id integer, sign integer) ON COMMIT DROP;
    INSERT INTO import_batch_moved_answers
    SELECT n.batch_id, n.model_id, n.question_id, 1 FROM inserted_answers n JOIN deleted_answers o USING (id)
     WHERE (n.batch_id, n.model_id, n.question_id) IS DISTINCT FROM (o.batch_id, o.model_id, o.question_id)
    UNION ALL
    SELECT o.batch_id, o.model_id, o.question_id, -1 FROM inserted_answers n JOIN deleted_answers o USING (id)
     WHERE (n.batch_id, n.model_id, n.question_id) IS DISTINCT FROM (o.batch_id, o.model_id, o.question_id);
    INSERT INTO import_batch_answer_count AS c (batch_id, model_id, question_id, answers)
    SELECT batch_id, model_id, question_id, sum(sign)::int FROM import_batch_moved_answers GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (batch_id, model_id, question_id) DO UPDATE SET answers = c.answers + excluded.answers;
    DELETE FROM import_batch_answer_count c
     WHERE c.answers <= 0 AND (c.batch_id, c.model_id, c.question_id) IN (SELECT batch_id, model_id, question_id FROM import_batch_moved_answers);
    UPDATE import_batch_answer_count c SET judge_scores = import_batch_judge_scores(c.batch_id, c.model_id, c.question_id)
     WHERE (c.batch_id, c.model_id, c.question_id) IN (SELECT batch_id, model_id, question_id FROM import_batch_moved_answers);
    DELETE FROM import_batch_moved_answers;
  ELSE
    TRUNCATE import_batch_answer_count;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER import_batch_answer_count_insert AFTER INSERT ON answer
  REFERENCING NEW TABLE AS inserted_answers FOR EACH STATEMENT EXECUTE FUNCTION import_batch_answer_count_apply();
CREATE TRIGGER import_batch_answer_count_delete AFTER DELETE ON answer
  REFERENCING OLD TABLE AS deleted_answers FOR EACH STATEMENT EXECUTE FUNCTION import_batch_answer_count_apply();
CREATE TRIGGER import_batch_answer_count_update AFTER UPDATE ON answer
  REFERENCING OLD TABLE AS deleted_answers NEW TABLE AS inserted_answers
  FOR EACH STATEMENT EXECUTE FUNCTION import_batch_answer_count_apply();
CREATE TRIGGER import_batch_answer_count_truncate AFTER TRUNCATE ON answer
  FOR EACH STATEMENT EXECUTE FUNCTION import_batch_answer_count_apply();

-- Judge scores through the answers they belong to (scores whose answer is gone are the answer
-- trigger's business, above).
CREATE FUNCTION import_batch_judge_score_count_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE import_batch_answer_count c SET judge_scores = c.judge_scores + d.scores
      FROM (SELECT a.batch_id, a.model_id, a.question_id, count(*)::int AS scores
              FROM inserted_scores s JOIN answer a ON a.id = s.answer_id GROUP BY 1, 2, 3) d
     WHERE (c.batch_id, c.model_id, c.question_id) = (d.batch_id, d.model_id, d.question_id);
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE import_batch_answer_count c SET judge_scores = c.judge_scores - d.scores
      FROM (SELECT a.batch_id, a.model_id, a.question_id, count(*)::int AS scores
              FROM deleted_scores s JOIN answer a ON a.id = s.answer_id GROUP BY 1, 2, 3) d
     WHERE (c.batch_id, c.model_id, c.question_id) = (d.batch_id, d.model_id, d.question_id);
  ELSIF TG_OP = 'UPDATE' THEN
    UPDATE import_batch_answer_count c SET judge_scores = import_batch_judge_scores(c.batch_id, c.model_id, c.question_id)
     WHERE (c.batch_id, c.model_id, c.question_id) IN (
       SELECT a.batch_id, a.model_id, a.question_id FROM inserted_scores s JOIN answer a ON a.id = s.answer_id
       UNION
       SELECT a.batch_id, a.model_id, a.question_id FROM deleted_scores s JOIN answer a ON a.id = s.answer_id);
  ELSE
    UPDATE import_batch_answer_count SET judge_scores = 0 WHERE judge_scores <> 0;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER import_batch_judge_score_count_insert AFTER INSERT ON judge_score
  REFERENCING NEW TABLE AS inserted_scores FOR EACH STATEMENT EXECUTE FUNCTION import_batch_judge_score_count_apply();
CREATE TRIGGER import_batch_judge_score_count_delete AFTER DELETE ON judge_score
  REFERENCING OLD TABLE AS deleted_scores FOR EACH STATEMENT EXECUTE FUNCTION import_batch_judge_score_count_apply();
CREATE TRIGGER import_batch_judge_score_count_update AFTER UPDATE ON judge_score
  REFERENCING OLD TABLE AS deleted_scores NEW TABLE AS inserted_scores
  FOR EACH STATEMENT EXECUTE FUNCTION import_batch_judge_score_count_apply();
CREATE TRIGGER import_batch_judge_score_count_truncate AFTER TRUNCATE ON judge_score
  FOR EACH STATEMENT EXECUTE FUNCTION import_batch_judge_score_count_apply();

-- The answers and judge scores already there.
INSERT INTO import_batch_answer_count (batch_id, model_id, question_id, answers, judge_scores)
SELECT a.batch_id, a.model_id, a.question_id, count(*)::int, coalesce(sum(s.scores), 0)::int
  FROM answer a LEFT JOIN (SELECT answer_id, count(*) AS scores FROM judge_score GROUP BY answer_id) s ON s.answer_id = a.id
 GROUP BY 1, 2, 3;
