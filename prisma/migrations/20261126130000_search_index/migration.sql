-- Full-text search off the import path. The GIN index on to_tsvector('english', answer.text)
-- cost ~80 µs per imported row (to_tsvector alone ~37 µs), capping imports near 12k rows/s.
-- Instead, the search documents live in their own table, filled AFTER an import commits by the
-- indexer (lib/search/indexer.ts), and a queue of answer id ranges says which answers are not
-- indexed yet. Search (lib/queries/answer-browser.ts) matches
--   indexed documents  OR  answers inside a queued range whose to_tsvector(text) matches,
-- so results are exact at every moment; only searching not-yet-indexed answers is slower.
-- Invariant (each write below keeps it in one transaction): every answer has a current row in
-- answer_search, or lies inside a range of answer_search_queue, or both.
--
-- Used only through raw SQL (lib/search/, lib/queries/answer-browser.ts), so, like the histogram
-- tables, these tables and functions are deliberately left out of schema.prisma.

CREATE TABLE answer_search (
  answer_id integer PRIMARY KEY REFERENCES answer (id) ON DELETE CASCADE,
  document tsvector NOT NULL
);

CREATE INDEX answer_search_document_idx ON answer_search USING GIN (document);

-- Ranges of answer ids still to index (inclusive). One row per INSERT / COPY statement on
-- answer, whatever its size; the indexer shrinks a range from its low end as it goes and
-- deletes it when done. A range may cover ids of answers deleted since: they are skipped.
CREATE TABLE answer_search_queue (
  id bigserial PRIMARY KEY,
  first_answer_id integer NOT NULL,
  last_answer_id integer NOT NULL,
  CHECK (first_answer_id <= last_answer_id)
);

-- Statement-level, like the histogram trigger of the same event: one queue row per statement,
-- nothing per row beyond what the transition table already captures.
CREATE FUNCTION answer_search_enqueue_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO answer_search_queue (first_answer_id, last_answer_id)
  SELECT min(id), max(id) FROM inserted_answers HAVING count(*) > 0;
  RETURN NULL;
END
$$;
CREATE TRIGGER answer_search_enqueue_insert AFTER INSERT ON answer
  REFERENCING NEW TABLE AS inserted_answers FOR EACH STATEMENT EXECUTE FUNCTION answer_search_enqueue_inserted();

-- The app never changes an answer's text, but if someone does, its document is dropped and the
-- answer queued again (so the fallback searches the new text until the indexer catches up).
CREATE FUNCTION answer_search_requeue_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM answer_search WHERE answer_id = NEW.id;
  INSERT INTO answer_search_queue (first_answer_id, last_answer_id) VALUES (NEW.id, NEW.id);
  RETURN NULL;
END
$$;
CREATE TRIGGER answer_search_requeue_update AFTER UPDATE OF text ON answer
  FOR EACH ROW WHEN (OLD.text IS DISTINCT FROM NEW.text) EXECUTE FUNCTION answer_search_requeue_updated();

-- TRUNCATE answer (CASCADE, as answer_search references it) leaves nothing to index.
CREATE FUNCTION answer_search_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE answer_search_queue;
  RETURN NULL;
END
$$;
CREATE TRIGGER answer_search_truncate AFTER TRUNCATE ON answer
  FOR EACH STATEMENT EXECUTE FUNCTION answer_search_truncate();

-- The answers already there are queued, not indexed here: indexing takes minutes per million
-- answers and would hold up the start; the server's indexer (instrumentation.ts) works through
-- the queue, and searches stay exact meanwhile (lib/queries/answer-browser.ts reads queued ranges).
INSERT INTO answer_search_queue (first_answer_id, last_answer_id)
SELECT min(id), max(id) FROM answer HAVING count(*) > 0;

DROP INDEX answer_text_fts_idx;
