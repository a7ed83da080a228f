-- Answer browser (/answers): full-text search over answer text and keyset pagination by score.

-- Full-text search: queries must use exactly this expression, to_tsvector('english', text),
-- for PostgreSQL to use the index.
CREATE INDEX "answer_text_fts_idx" ON "answer" USING GIN (to_tsvector('english', "text"));

-- Keyset pagination sorts by (score, id) with missing (NULL) scores last in both directions.
-- The sort key is COALESCE(score, +/-Infinity) so that a plain row comparison
-- (key, id) > (cursor key, cursor id) is an index range: ascending sorts scan the +Infinity
-- index forward, descending sorts scan the -Infinity index backward. Scores are 0..100, so the
-- infinities never collide with a real score.
CREATE INDEX "answer_aligned_nulls_high_idx" ON "answer" ((COALESCE("aligned", 'Infinity'::float8)), "id");
CREATE INDEX "answer_aligned_nulls_low_idx" ON "answer" ((COALESCE("aligned", '-Infinity'::float8)), "id");
CREATE INDEX "answer_coherent_nulls_high_idx" ON "answer" ((COALESCE("coherent", 'Infinity'::float8)), "id");
CREATE INDEX "answer_coherent_nulls_low_idx" ON "answer" ((COALESCE("coherent", '-Infinity'::float8)), "id");
CREATE INDEX "answer_sample_index_id_idx" ON "answer" ("sample_index", "id");
