-- Score histogram: the Figure-4 counts at any thresholds without scanning the answers.
-- Used only through raw SQL (lib/queries/rates.ts, lib/db/score-histogram.ts), so these tables and
-- functions are deliberately left out of schema.prisma. Kept exact and current by statement-level
-- triggers on "answer" (insert, COPY, delete, cascaded delete, update, truncate).
--
-- Binning (both monotone, so "score < A" and "score > C" split exactly into whole bins plus one
-- boundary bin that lib/queries/rates.ts counts from the answers themselves):
--   aligned bin  = floor(aligned), clamped to -1 (below 0) .. 101 (101 and above, NaN); NULL -> -2
--   coherent bin = ceil(coherent), clamped to -1 (-1 and below) .. 101 (above 100, NaN); NULL -> -2
-- floor for aligned because "aligned < A" with integer A is "floor(aligned) < A"; ceil for coherent
-- because "coherent > C" with integer C is "ceil(coherent) > C": integer thresholds need no
-- boundary scan at all. The clamps only matter for scores outside 0..100, which the importer rejects.

CREATE FUNCTION answer_aligned_bin(score float8) RETURNS smallint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN score IS NULL THEN -2
              WHEN score < 0 THEN -1
              WHEN score >= 101 OR score = 'NaN'::float8 THEN 101
              ELSE floor(score)::smallint END
$$;

CREATE FUNCTION answer_coherent_bin(score float8) RETURNS smallint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN score IS NULL THEN -2
              WHEN score <= -1 THEN -1
              WHEN score > 100 OR score = 'NaN'::float8 THEN 101
              ELSE ceil(score)::smallint END
$$;

-- Coherent bins are grouped in blocks of ten, bin 10j+1 .. 10j+10 in block j (bins 0 and -1 in
-- block -1, bin 101 in block 10, NULL coherent in its own block -2), so "coherent bin > c" reads
-- whole blocks plus at most nine single bins: at most ~20 rows per (model, question), whatever the
-- number of answers. (One row per coherent bin alone meant ~50 rows per pair at coherent > 50 and
-- ~85 ms at 1M answers; one row per pair cumulative in both scores made every import rewrite ~100
-- rows of 100 counts per pair and statement.)
CREATE FUNCTION answer_coherent_block(coherent_bin smallint) RETURNS smallint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN coherent_bin = -2 THEN -2 ELSE floor((coherent_bin - 1) / 10.0)::smallint END
$$;

-- Both tables have one row per (question, model, coherent bin or block) with
--   unscored       answers with a NULL aligned score (CODE / REFUSAL)
--   scored         answers with an aligned score
--   aligned_lt_K   answers with aligned < K, for K = 0..101 (cumulative, so any integer threshold
--                  is one column; a column per K rather than an int[] because PostgreSQL adds
--                  integer columns natively, while adding arrays element-wise in SQL was ~20x slower)
-- No foreign keys on purpose: the rows follow the answers only through the triggers. A cascade
-- from model or question would otherwise race the answers' own cascaded delete (whose trigger
-- subtracts from rows already gone).
-- The DO block writes the 102 columns, the trigger function and the backfill from one list.
DO $migration$
DECLARE
  count_columns text := (SELECT string_agg(format('aligned_lt_%s integer NOT NULL DEFAULT 0', k), ', ' ORDER BY k)
                           FROM generate_series(0, 101) AS k);
  column_names text := (SELECT string_agg(format('aligned_lt_%s', k), ', ' ORDER BY k) FROM generate_series(0, 101) AS k);
  -- per (question, model, coherent bin): signed counts of a set of rows "delta_rows(question_id,
  -- model_id, aligned, coherent, sign)"
  bin_sums text := (SELECT string_agg(format('sum(sign) FILTER (WHERE aligned < %1$s) AS aligned_lt_%1$s', k), ', ' ORDER BY k)
                      FROM generate_series(0, 101) AS k);
  add_excluded text := (SELECT string_agg(format('aligned_lt_%1$s = h.aligned_lt_%1$s + excluded.aligned_lt_%1$s', k), ', ' ORDER BY k)
                          FROM generate_series(0, 101) AS k);
  apply_delta text;
BEGIN
  EXECUTE format($$
    CREATE TABLE answer_score_bin (
      question_id integer NOT NULL,
      model_id integer NOT NULL,
      coherent_bin smallint NOT NULL,
      unscored integer NOT NULL DEFAULT 0,
      scored integer NOT NULL DEFAULT 0,
      %1$s,
      PRIMARY KEY (question_id, model_id, coherent_bin)
    );
    CREATE TABLE answer_score_block (
      question_id integer NOT NULL,
      model_id integer NOT NULL,
      coherent_block smallint NOT NULL,
      unscored integer NOT NULL DEFAULT 0,
      scored integer NOT NULL DEFAULT 0,
      %1$s,
      PRIMARY KEY (question_id, model_id, coherent_block)
    )$$, count_columns);

  -- Applies the signed rows of "delta_rows" (a CTE the caller puts in front) to both tables.
  -- Sorted by key so concurrent writers lock rows in the same order (no deadlocks between imports).
  apply_delta := format($$
    bin_delta AS (
      SELECT question_id, model_id, answer_coherent_bin(coherent) AS coherent_bin,
             sum(sign) FILTER (WHERE aligned IS NULL) AS unscored,
             sum(sign) FILTER (WHERE aligned IS NOT NULL) AS scored,
             %1$s
        FROM delta_rows
       GROUP BY 1, 2, 3
    ),
    bin_upsert AS (
      INSERT INTO answer_score_bin AS h (question_id, model_id, coherent_bin, unscored, scored, %2$s)
      SELECT question_id, model_id, coherent_bin, coalesce(unscored, 0), coalesce(scored, 0), %3$s
        FROM bin_delta ORDER BY 1, 2, 3
      ON CONFLICT (question_id, model_id, coherent_bin) DO UPDATE
        SET unscored = h.unscored + excluded.unscored, scored = h.scored + excluded.scored, %4$s
    )
    INSERT INTO answer_score_block AS h (question_id, model_id, coherent_block, unscored, scored, %2$s)
    SELECT question_id, model_id, answer_coherent_block(coherent_bin), coalesce(sum(unscored), 0), coalesce(sum(scored), 0), %5$s
      FROM bin_delta GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (question_id, model_id, coherent_block) DO UPDATE
      SET unscored = h.unscored + excluded.unscored, scored = h.scored + excluded.scored, %4$s$$,
    bin_sums, column_names,
    (SELECT string_agg(format('coalesce(aligned_lt_%s, 0)', k), ', ' ORDER BY k) FROM generate_series(0, 101) AS k),
    add_excluded,
    (SELECT string_agg(format('coalesce(sum(aligned_lt_%s), 0)', k), ', ' ORDER BY k) FROM generate_series(0, 101) AS k));

  -- The sums of a statement's rows use "sum(sign)", which is NULL for no rows: coalesced above.
  -- Backfill: every answer already there.
  EXECUTE 'WITH delta_rows AS (SELECT question_id, model_id, aligned, coherent, 1 AS sign FROM answer), ' || apply_delta;

  -- One function for the three statement triggers. Transition tables are visible to the dynamic
  -- statement (PL/pgSQL registers them for every query of the trigger's execution). Rows that drop
  -- to zero answers are removed so a (model, question) without answers leaves no trace.
  EXECUTE format($fn$
    CREATE FUNCTION answer_score_histogram_apply() RETURNS trigger LANGUAGE plpgsql AS $body$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        WITH delta_rows AS (SELECT question_id, model_id, aligned, coherent, 1 AS sign FROM inserted_answers), %1$s;
      ELSIF TG_OP = 'DELETE' THEN
        WITH delta_rows AS (SELECT question_id, model_id, aligned, coherent, -1 AS sign FROM deleted_answers), %1$s;
      ELSE
        -- an UPDATE: remove the old rows' counts and add the new ones'; unchanged rows cancel out
        WITH delta_rows AS (
          SELECT question_id, model_id, aligned, coherent, -1 AS sign FROM deleted_answers
          UNION ALL
          SELECT question_id, model_id, aligned, coherent, 1 AS sign FROM inserted_answers
        ), %1$s;
      END IF;
      IF TG_OP <> 'INSERT' THEN
        DELETE FROM answer_score_bin WHERE unscored = 0 AND scored = 0;
        DELETE FROM answer_score_block WHERE unscored = 0 AND scored = 0;
      END IF;
      RETURN NULL;
    END
    $body$$fn$, apply_delta);
END
$migration$;

-- A plain scan for empty rows after deletes is cheap: the tables hold at most ~115 rows per
-- (model, question), not per answer. These partial indexes make it an index lookup anyway.
CREATE INDEX answer_score_bin_empty_idx ON answer_score_bin (question_id) WHERE unscored = 0 AND scored = 0;
CREATE INDEX answer_score_block_empty_idx ON answer_score_block (question_id) WHERE unscored = 0 AND scored = 0;

-- Single bins are read a few bins at a time (the partial block above a non-multiple-of-ten coherent
-- threshold): by bin first.
CREATE INDEX answer_score_bin_coherent_bin_idx ON answer_score_bin (coherent_bin, question_id);

-- Statement-level: one call per INSERT, COPY or DELETE statement, whatever its number of rows
-- (cascaded deletes from model, question and import_batch run as DELETE statements on answer).
-- UPDATE cannot name columns (PostgreSQL forbids column lists with transition tables), so every
-- UPDATE of answer runs it; rows whose scores did not change add and remove the same counts.
CREATE TRIGGER answer_score_histogram_insert AFTER INSERT ON answer
  REFERENCING NEW TABLE AS inserted_answers FOR EACH STATEMENT EXECUTE FUNCTION answer_score_histogram_apply();
CREATE TRIGGER answer_score_histogram_delete AFTER DELETE ON answer
  REFERENCING OLD TABLE AS deleted_answers FOR EACH STATEMENT EXECUTE FUNCTION answer_score_histogram_apply();
CREATE TRIGGER answer_score_histogram_update AFTER UPDATE ON answer
  REFERENCING OLD TABLE AS deleted_answers NEW TABLE AS inserted_answers FOR EACH STATEMENT EXECUTE FUNCTION answer_score_histogram_apply();

CREATE FUNCTION answer_score_histogram_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE answer_score_bin, answer_score_block;
  RETURN NULL;
END
$$;
CREATE TRIGGER answer_score_histogram_truncate AFTER TRUNCATE ON answer
  FOR EACH STATEMENT EXECUTE FUNCTION answer_score_histogram_truncate();

-- Boundary bins of fractional thresholds are counted from the answers: these make that an
-- index(-only) range over one bin instead of a scan of every answer.
CREATE INDEX answer_aligned_bin_idx ON answer (answer_aligned_bin(aligned), question_id) INCLUDE (model_id, aligned, coherent);
CREATE INDEX answer_coherent_bin_idx ON answer (answer_coherent_bin(coherent), question_id) INCLUDE (model_id, aligned, coherent);
