-- The search index's progress moves the data version too. /answers?q= says how many answers are not
-- in the search index yet (lib/search/backlog.ts reads answer_search_queue), and the response cache
-- (scripts/server/response-cache.mjs) keeps a page for as long as its version is current; without
-- this, a page cached while the indexer ran kept its "N answers not in the search index yet" after
-- the indexer was done. Each indexer chunk (10,000 answers, its own transaction) moves the version
-- once; an import already moves it in the transaction that queues its answers.
CREATE TRIGGER answer_search_queue_data_version AFTER INSERT OR UPDATE OR DELETE ON answer_search_queue
  FOR EACH STATEMENT EXECUTE FUNCTION data_version_mark();
CREATE TRIGGER answer_search_queue_truncate_data_version AFTER TRUNCATE ON answer_search_queue
  FOR EACH STATEMENT EXECUTE FUNCTION data_version_mark();
