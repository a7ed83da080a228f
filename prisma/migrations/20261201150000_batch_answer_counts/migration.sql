-- Answers per (import batch, model, question), so /imports, /imports/<id> and /api/imports[/<id>]
-- read a few rows per batch instead of the answers. Before, the batch list and a batch's details
-- grouped every answer of the table (the list, and one batch through an "id IS NULL OR batch_id =
-- id" condition no index serves): 2.3 s per request at 1.2M answers (issue 15, item 8); 370 ms and
-- 840 ms at 500k on the 2-core machine.
--
-- Kept exact by statement-level triggers on answer, like the score histogram: every INSERT / COPY
-- (the importer's included), DELETE (batch removal, the cascades from model / question / batch),
-- UPDATE and TRUNCATE. A row that drops to zero answers is removed, so a batch's rows are exactly
-- the (model, question) pairs it has answers for. Rows are written in key order, so concurrent
-- writers lock them in the same order (no deadlocks between imports and removals). No foreign
-- keys, like the histogram tables: the rows follow the answers only through the triggers. Used only
-- through raw SQL (lib/queries/batches.ts), so it is left out of schema.prisma like the other
-- trigger-kept tables.
CREATE TABLE import_batch_answer_count (
  batch_id integer NOT NULL,
  model_id integer NOT NULL,
  question_id integer NOT NULL,
  answers integer NOT NULL,
  PRIMARY KEY (batch_id, model_id, question_id)
);

-- Each branch adds the signed counts of its rows (+1 inserted, -1 deleted; an UPDATE is both, and
-- rows whose keys did not change cancel out), then drops the rows that reached zero.
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
     WHERE c.answers <= 0
       AND (c.batch_id, c.model_id, c.question_id) IN (SELECT batch_id, model_id, question_id FROM deleted_answers);
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO import_batch_answer_count AS c (batch_id, model_id, question_id, answers)
    SELECT batch_id, model_id, question_id, sum(sign)::int
      FROM (SELECT batch_id, model_id, question_id, 1 AS sign FROM inserted_answers
            UNION ALL
            SELECT batch_id, model_id, question_id, -1 AS sign FROM deleted_answers) changed
     GROUP BY 1, 2, 3 HAVING sum(sign) <> 0 ORDER BY 1, 2, 3
    ON CONFLICT (batch_id, model_id, question_id) DO UPDATE SET answers = c.answers + excluded.answers;
    DELETE FROM import_batch_answer_count c
     WHERE c.answers <= 0
       AND (c.batch_id, c.model_id, c.question_id) IN (SELECT batch_id, model_id, question_id FROM deleted_answers);
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

-- The answers already there.
INSERT INTO import_batch_answer_count (batch_id, model_id, question_id, answers)
SELECT batch_id, model_id, question_id, count(*)::int FROM answer GROUP BY 1, 2, 3;
