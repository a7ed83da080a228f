-- The sample-order index covers what the list filters on, like the two score indexes
-- (20261126140000_lean_answer_indexes, 20261201100000_paper_procedure): a walk in sample order
-- (/answers sorted by sample, a search page's probe in that order) rejects other questions, models,
-- scores and curated examples from the index entries, without reading each answer's row. Before, a
-- search page in sample order read the row of every answer it walked past, and then its stored
-- document: at 10M answers (bench, a 5% word, page 1), 947 rows read twice, 59 ms of the query;
-- with this index, 13.7 ms.
-- Same name and key as before, so schema.prisma's @@index([sampleIndex, id]) still names it
-- (prisma/intended-drift.txt lists the INCLUDE).
DROP INDEX IF EXISTS "answer_sample_index_id_idx";
CREATE INDEX "answer_sample_index_id_idx" ON "answer" ("sample_index", "id") INCLUDE ("question_id", "model_id", "aligned", "coherent", "example");
