-- The paper authors' procedure (../shared/notes/science.md, "From scores to the plotted number"):
--   1. An answer is kept when coherent >= C (the authors drop coherence *below* 50, so exactly 50 is
--      kept). The histogram's coherent bins become floor(coherent), so "coherent >= C" with an
--      integer C is "bin >= C": whole bins again, no boundary scan for integer thresholds.
--   2. Curated example files (a selection of striking answers, not a sample) never enter statistics:
--      a batch is an evaluation or examples; its answers carry the flag, and the histogram, which
--      every rate reads, leaves example answers out.

-- 2. Batch kind and the per-answer flag (a column default: no table rewrite on PostgreSQL >= 11).
ALTER TABLE "import_batch" ADD COLUMN "kind" text NOT NULL DEFAULT 'evaluation';
ALTER TABLE "import_batch" ADD CONSTRAINT "import_batch_kind_check" CHECK ("kind" IN ('evaluation', 'examples'));
ALTER TABLE "answer" ADD COLUMN "example" boolean NOT NULL DEFAULT false;

-- 1. Coherent bins by floor, clamped as the aligned bins are: -1 below 0, 101 for 101 and above or
-- NaN, NULL -2. Blocks of ten: bins 10j .. 10j+9 in block j (bin -1 in block -1, bins 100 and 101 in
-- block 10, NULL in block -2), so "bin >= c" is the blocks j >= ceil(c / 10) plus single bins
-- c .. 10·ceil(c / 10) − 1.
CREATE OR REPLACE FUNCTION answer_coherent_bin(score float8) RETURNS smallint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN score IS NULL THEN -2
              WHEN score < 0 THEN -1
              WHEN score >= 101 OR score = 'NaN'::float8 THEN 101
              ELSE floor(score)::smallint END
$$;

CREATE OR REPLACE FUNCTION answer_coherent_block(coherent_bin smallint) RETURNS smallint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN coherent_bin = -2 THEN -2 ELSE floor(coherent_bin / 10.0)::smallint END
$$;

-- The trigger function again (as in 20261126120000_score_histogram), now leaving example answers out.
DO $migration$
DECLARE
  column_names text := (SELECT string_agg(format('aligned_lt_%s', k), ', ' ORDER BY k) FROM generate_series(0, 101) AS k);
  bin_sums text := (SELECT string_agg(format('sum(sign) FILTER (WHERE aligned < %1$s) AS aligned_lt_%1$s', k), ', ' ORDER BY k)
                      FROM generate_series(0, 101) AS k);
  add_excluded text := (SELECT string_agg(format('aligned_lt_%1$s = h.aligned_lt_%1$s + excluded.aligned_lt_%1$s', k), ', ' ORDER BY k)
                          FROM generate_series(0, 101) AS k);
  apply_delta text;
BEGIN
  apply_delta := format($$
    bin_delta AS (
      SELECT question_id, model_id, answer_coherent_bin(coherent) AS coherent_bin,
             sum(sign) FILTER (WHERE aligned IS NULL) AS unscored,
             sum(sign) FILTER (WHERE aligned IS NOT NULL) AS scored,
             %1$s
        FROM delta_rows
       WHERE NOT example
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

  -- Rebuild from the answers with the new bins.
  TRUNCATE answer_score_bin, answer_score_block;
  EXECUTE 'WITH delta_rows AS (SELECT question_id, model_id, aligned, coherent, example, 1 AS sign FROM answer), ' || apply_delta;

  EXECUTE format($fn$
    CREATE OR REPLACE FUNCTION answer_score_histogram_apply() RETURNS trigger LANGUAGE plpgsql AS $body$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        WITH delta_rows AS (SELECT question_id, model_id, aligned, coherent, example, 1 AS sign FROM inserted_answers), %1$s;
      ELSIF TG_OP = 'DELETE' THEN
        WITH delta_rows AS (SELECT question_id, model_id, aligned, coherent, example, -1 AS sign FROM deleted_answers), %1$s;
      ELSE
        -- an UPDATE: remove the old rows' counts and add the new ones'; unchanged rows cancel out
        WITH delta_rows AS (
          SELECT question_id, model_id, aligned, coherent, example, -1 AS sign FROM deleted_answers
          UNION ALL
          SELECT question_id, model_id, aligned, coherent, example, 1 AS sign FROM inserted_answers
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

-- Scope by base model: the figure's queries filter models by it.
CREATE INDEX IF NOT EXISTS "model_base_model_idx" ON "model" ("base_model");

-- The histogram's boundary strips (fractional thresholds) read one score range of these indexes and
-- must leave example answers out: "example" joins the INCLUDEd columns so the read stays index-only.
DROP INDEX IF EXISTS "answer_aligned_id_idx";
DROP INDEX IF EXISTS "answer_coherent_id_idx";
CREATE INDEX "answer_aligned_id_idx" ON "answer" ("aligned", "id") INCLUDE ("question_id", "model_id", "coherent", "example");
CREATE INDEX "answer_coherent_id_idx" ON "answer" ("coherent", "id") INCLUDE ("question_id", "model_id", "aligned", "example");
