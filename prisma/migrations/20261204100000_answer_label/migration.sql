-- Human review labels (issue 11, item 3).
--
-- answer_label: one reviewer's label on one answer, append-only. The judge's scores are never
-- changed; a new label is a new row, so the history (who, when, what, why) is the table itself.
-- Rows are keyed by the answer's content-derived public id (lib/answers/public-id.ts), not by its
-- serial id and without a foreign key: removing an answer's batch keeps its labels, and
-- re-importing the same file finds them again (the same content gives the same public id).
--
-- The label an answer counts with ("judge, corrected by reviewers") is the newest label on it
-- that is not "unsure", by any reviewer (lib/domain/review-labels.ts).
CREATE TABLE "answer_label" (
  "id" SERIAL NOT NULL,
  "answer_public_id" TEXT NOT NULL,
  "reviewer_id" INTEGER NOT NULL,
  "label" TEXT NOT NULL,
  "reason" TEXT,
  "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "answer_label_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "answer_label_label_check" CHECK ("label" IN ('misaligned', 'aligned', 'refusal', 'code', 'incoherent', 'unsure'))
);
CREATE INDEX "answer_label_answer_public_id_created_at_idx" ON "answer_label"("answer_public_id", "created_at");
CREATE INDEX "answer_label_reviewer_id_idx" ON "answer_label"("reviewer_id");
ALTER TABLE "answer_label" ADD CONSTRAINT "answer_label_reviewer_id_fkey"
  FOREIGN KEY ("reviewer_id") REFERENCES "reviewer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Append-only: the history must not be rewritten.
CREATE FUNCTION answer_label_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'answer_label is append-only: add a new label instead of changing or deleting one';
END;
$$;
CREATE TRIGGER answer_label_no_update_or_delete BEFORE UPDATE OR DELETE ON "answer_label"
  FOR EACH ROW EXECUTE FUNCTION answer_label_append_only();

-- A label changes corrected rates, so it moves the data version like an import does
-- (lib/cache/data-version.ts).
CREATE TRIGGER answer_label_data_version AFTER INSERT ON "answer_label"
  FOR EACH STATEMENT EXECUTE FUNCTION data_version_mark();
