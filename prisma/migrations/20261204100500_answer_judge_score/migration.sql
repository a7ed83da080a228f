-- Further judges' scores (issue 11, item 1): a score belongs to (answer, metric, judge).
--
-- The judge the question file names (the "default judge") keeps its scores where they are: the
-- answer's aligned / coherent columns (and judge_score for distributions and extra metrics), which
-- every fast path reads. Every other judge's headline scores are rows here, one per (judge, answer),
-- written by a judge-scores import (`npm run import -- --judge NAME FILE`) that matches answers
-- already present and never adds any.
--
-- Keyed by the answer's content-derived public id (lib/answers/public-id.ts), like answer_label:
-- a re-import of the answers' own file finds the other judges' scores again. batch_id is the
-- judge-scores import that wrote the row; removing that import removes its scores (cascade).
CREATE TABLE "answer_judge_score" (
  "judge" TEXT NOT NULL,
  "answer_public_id" TEXT NOT NULL,
  "batch_id" INTEGER NOT NULL,
  "aligned" DOUBLE PRECISION,
  "coherent" DOUBLE PRECISION,
  CONSTRAINT "answer_judge_score_pkey" PRIMARY KEY ("judge", "answer_public_id")
);
CREATE INDEX "answer_judge_score_batch_id_idx" ON "answer_judge_score"("batch_id");
CREATE INDEX "answer_judge_score_answer_public_id_idx" ON "answer_judge_score"("answer_public_id");
ALTER TABLE "answer_judge_score" ADD CONSTRAINT "answer_judge_score_batch_id_fkey"
  FOREIGN KEY ("batch_id") REFERENCES "import_batch"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Rates under another judge change when these rows do (lib/cache/data-version.ts).
CREATE TRIGGER answer_judge_score_data_version AFTER INSERT OR UPDATE OR DELETE ON "answer_judge_score"
  FOR EACH STATEMENT EXECUTE FUNCTION data_version_mark();
CREATE TRIGGER answer_judge_score_truncate_data_version AFTER TRUNCATE ON "answer_judge_score"
  FOR EACH STATEMENT EXECUTE FUNCTION data_version_mark();
