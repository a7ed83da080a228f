-- Lean answer indexes: every B-tree index on answer is paid for by every imported row.
--
-- Before: four COALESCE(score, ±Infinity) keyset indexes (one per score and NULL placement) and two
-- bin-expression covering indexes for the histogram's boundary bins. After: one (score, id) index
-- per score serves all of these:
--   - keyset pages sorted by a score, both directions: the non-NULL part is a range of the index
--     scanned forward or backward, the NULL part ("score IS NULL", ordered by id) is the index's
--     NULL tail (lib/queries/answer-browser.ts);
--   - the boundary bins of fractional Figure-4 thresholds: a score range such as
--     aligned >= 29 AND aligned < 30, read index-only (lib/db/score-histogram.ts);
--   - narrow filters of the answer browser: the INCLUDEd question_id / model_id let a score walk
--     reject rows of other questions and models without visiting the table.
DROP INDEX IF EXISTS "answer_aligned_nulls_high_idx";
DROP INDEX IF EXISTS "answer_aligned_nulls_low_idx";
DROP INDEX IF EXISTS "answer_coherent_nulls_high_idx";
DROP INDEX IF EXISTS "answer_coherent_nulls_low_idx";
DROP INDEX IF EXISTS "answer_aligned_bin_idx";
DROP INDEX IF EXISTS "answer_coherent_bin_idx";

CREATE INDEX "answer_aligned_id_idx" ON "answer" ("aligned", "id") INCLUDE ("question_id", "model_id", "coherent");
CREATE INDEX "answer_coherent_id_idx" ON "answer" ("coherent", "id") INCLUDE ("question_id", "model_id", "aligned");

-- Narrow filters (one question, one model, a group's answers to one question, ...) are read
-- through (question_id, model_id) and sorted: covering the sort columns makes that an index-only
-- scan whose cost is bounded by the filter's size, not the table's (same index, wider entries).
DROP INDEX IF EXISTS "answer_question_id_model_id_idx";
CREATE INDEX "answer_question_id_model_id_idx" ON "answer" ("question_id", "model_id") INCLUDE ("id", "aligned", "coherent", "sample_index");
