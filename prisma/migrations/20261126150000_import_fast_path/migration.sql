-- Import fast path (issue 4: >= 50,000 answers/s by COPY). Measured per answer of a 200k-row COPY
-- on a 2-core machine, three costs went away here:
--
-- 1. The three foreign keys of "answer" (model, question, import_batch) checked every row with its
--    own lookup and row lock (~9 µs/row together). They become statement-level triggers: after each
--    INSERT/COPY statement the distinct referenced ids of its rows are locked (FOR KEY SHARE, as a
--    foreign key does) and checked in one pass; deleting a model, question or batch deletes its
--    answers (ON DELETE CASCADE) from a statement-level trigger. Same guarantees, also under
--    concurrency: the lock makes a concurrent delete of a referenced row wait for the inserting
--    transaction, and the delete's own cascade then sees (and deletes) the new answers.
--    schema.prisma still declares the relations (the client joins through them); no constraint backs
--    them in the database.
-- 2. The score histogram's insert trigger aggregated 102 cumulative counts per row (~9 µs/row). The
--    importer computes the same per-(question, model, coherent bin) counts while it streams the rows
--    (lib/import/write/histogram-delta.ts) and applies them with answer_score_histogram_add_staged() in
--    the same transaction; it says so with the transaction-local setting
--    misalignment.histogram_by_importer = 'on', which the insert trigger's WHEN skips. Every other
--    writer (the embedded database's INSERTs, tests, manual SQL) still goes through the trigger.
-- 3. Long answers (over ~2 kB) were compressed with pglz; lz4 is several times faster (where the
--    server is built with it; the embedded PGlite keeps its default).

-- 1. References of answer: statement-level checks instead of foreign keys.
ALTER TABLE "answer" DROP CONSTRAINT "answer_model_id_fkey";
ALTER TABLE "answer" DROP CONSTRAINT "answer_question_id_fkey";
ALTER TABLE "answer" DROP CONSTRAINT "answer_batch_id_fkey";

CREATE FUNCTION answer_check_references() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  model_ids int[];
  question_ids int[];
  batch_ids int[];
  missing int;
BEGIN
  -- one pass over the statement's rows: the distinct (model, question, batch) triples are few
  SELECT array_agg(DISTINCT r.model_id), array_agg(DISTINCT r.question_id), array_agg(DISTINCT r.batch_id)
    INTO model_ids, question_ids, batch_ids
    FROM (SELECT DISTINCT model_id, question_id, batch_id FROM inserted_answers) r;
  IF model_ids IS NULL THEN
    RETURN NULL;
  END IF;
  -- lock what the rows reference (a foreign key's FOR KEY SHARE), then check it exists
  PERFORM 1 FROM model WHERE id = ANY (model_ids) ORDER BY id FOR KEY SHARE;
  SELECT min(x) INTO missing FROM unnest(model_ids) x WHERE NOT EXISTS (SELECT 1 FROM model WHERE id = x);
  IF missing IS NOT NULL THEN
    RAISE foreign_key_violation USING MESSAGE = format('insert or update on table "answer" violates its reference to "model": Key (model_id)=(%s) is not present in table "model".', missing);
  END IF;
  PERFORM 1 FROM question WHERE id = ANY (question_ids) ORDER BY id FOR KEY SHARE;
  SELECT min(x) INTO missing FROM unnest(question_ids) x WHERE NOT EXISTS (SELECT 1 FROM question WHERE id = x);
  IF missing IS NOT NULL THEN
    RAISE foreign_key_violation USING MESSAGE = format('insert or update on table "answer" violates its reference to "question": Key (question_id)=(%s) is not present in table "question".', missing);
  END IF;
  PERFORM 1 FROM import_batch WHERE id = ANY (batch_ids) ORDER BY id FOR KEY SHARE;
  SELECT min(x) INTO missing FROM unnest(batch_ids) x WHERE NOT EXISTS (SELECT 1 FROM import_batch WHERE id = x);
  IF missing IS NOT NULL THEN
    RAISE foreign_key_violation USING MESSAGE = format('insert or update on table "answer" violates its reference to "import_batch": Key (batch_id)=(%s) is not present in table "import_batch".', missing);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER answer_check_references_insert AFTER INSERT ON answer
  REFERENCING NEW TABLE AS inserted_answers FOR EACH STATEMENT EXECUTE FUNCTION answer_check_references();
CREATE TRIGGER answer_check_references_update AFTER UPDATE ON answer
  REFERENCING NEW TABLE AS inserted_answers FOR EACH STATEMENT EXECUTE FUNCTION answer_check_references();

-- ON DELETE CASCADE from the three referenced tables (cascaded deletes from question_set reach
-- question as DELETE statements, so they pass through here too).
CREATE FUNCTION answer_delete_referencing() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'model' THEN
    DELETE FROM answer WHERE model_id IN (SELECT id FROM deleted_rows);
  ELSIF TG_TABLE_NAME = 'question' THEN
    DELETE FROM answer WHERE question_id IN (SELECT id FROM deleted_rows);
  ELSE
    DELETE FROM answer WHERE batch_id IN (SELECT id FROM deleted_rows);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER model_delete_answers AFTER DELETE ON model
  REFERENCING OLD TABLE AS deleted_rows FOR EACH STATEMENT EXECUTE FUNCTION answer_delete_referencing();
CREATE TRIGGER question_delete_answers AFTER DELETE ON question
  REFERENCING OLD TABLE AS deleted_rows FOR EACH STATEMENT EXECUTE FUNCTION answer_delete_referencing();
CREATE TRIGGER import_batch_delete_answers AFTER DELETE ON import_batch
  REFERENCING OLD TABLE AS deleted_rows FOR EACH STATEMENT EXECUTE FUNCTION answer_delete_referencing();

-- The foreign keys said ON UPDATE CASCADE; ids are never changed, so changing one is refused
-- rather than cascaded.
CREATE FUNCTION answer_referenced_id_unchanged() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE foreign_key_violation USING MESSAGE = format('the id of a row of "%s" that answers reference cannot change', TG_TABLE_NAME);
END
$$;
CREATE TRIGGER model_id_unchanged BEFORE UPDATE OF id ON model
  FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION answer_referenced_id_unchanged();
CREATE TRIGGER question_id_unchanged BEFORE UPDATE OF id ON question
  FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION answer_referenced_id_unchanged();
CREATE TRIGGER import_batch_id_unchanged BEFORE UPDATE OF id ON import_batch
  FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION answer_referenced_id_unchanged();

-- 2. The histogram's insert trigger steps aside for the importer, which applies its own counts.
DROP TRIGGER answer_score_histogram_insert ON answer;
CREATE TRIGGER answer_score_histogram_insert AFTER INSERT ON answer
  REFERENCING NEW TABLE AS inserted_answers FOR EACH STATEMENT
  WHEN (current_setting('misalignment.histogram_by_importer', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION answer_score_histogram_apply();

-- Adds the rows of the temporary table import_score_histogram_delta (question_id, model_id,
-- coherent_bin, unscored, scored, aligned_lt_0 .. aligned_lt_101: counts per coherent bin, as the
-- insert trigger would have computed them) to answer_score_bin and answer_score_block.
DO $migration$
DECLARE
  column_names text := (SELECT string_agg(format('aligned_lt_%s', k), ', ' ORDER BY k) FROM generate_series(0, 101) AS k);
  add_excluded text := (SELECT string_agg(format('aligned_lt_%1$s = h.aligned_lt_%1$s + excluded.aligned_lt_%1$s', k), ', ' ORDER BY k)
                          FROM generate_series(0, 101) AS k);
  block_sums text := (SELECT string_agg(format('sum(aligned_lt_%s)', k), ', ' ORDER BY k) FROM generate_series(0, 101) AS k);
BEGIN
  EXECUTE format($fn$
    CREATE FUNCTION answer_score_histogram_add_staged() RETURNS void LANGUAGE plpgsql AS $body$
    BEGIN
      -- dynamic: the temporary table exists only in the importing transaction
      EXECUTE $sql$
        WITH bin_upsert AS (
          INSERT INTO answer_score_bin AS h (question_id, model_id, coherent_bin, unscored, scored, %1$s)
          SELECT question_id, model_id, coherent_bin, unscored, scored, %1$s
            FROM import_score_histogram_delta ORDER BY 1, 2, 3
          ON CONFLICT (question_id, model_id, coherent_bin) DO UPDATE
            SET unscored = h.unscored + excluded.unscored, scored = h.scored + excluded.scored, %2$s
        )
        INSERT INTO answer_score_block AS h (question_id, model_id, coherent_block, unscored, scored, %1$s)
        SELECT question_id, model_id, answer_coherent_block(coherent_bin), sum(unscored), sum(scored), %3$s
          FROM import_score_histogram_delta GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
        ON CONFLICT (question_id, model_id, coherent_block) DO UPDATE
          SET unscored = h.unscored + excluded.unscored, scored = h.scored + excluded.scored, %2$s
      $sql$;
    END
    $body$$fn$, column_names, add_excluded, block_sums);
END
$migration$;

-- 3. lz4 for long answers, where the server has it.
DO $$
BEGIN
  ALTER TABLE "answer" ALTER COLUMN "text" SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
  RAISE NOTICE 'lz4 is not available here: answers keep the default compression';
END
$$;
