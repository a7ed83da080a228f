-- PostgreSQL's estimate of how many indexed answers a search matches (planner statistics, no scan),
-- as a function, so a search page plans in one round trip (lib/queries/answer-browser.ts,
-- planSearch: the backlog, the table's size and this estimate). Before, the app sent the EXPLAIN
-- itself, and each of the three was a round trip of its own inside the search's transaction.
-- The search is quoted into the statement (%L) because EXPLAIN takes no parameters here; it goes
-- through answer_search_query exactly as the search query does, so the estimate is the one the
-- query gets. VOLATILE: PostgreSQL runs EXPLAIN only in a volatile function.
CREATE FUNCTION answer_search_estimated_matches(search text) RETURNS float8
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  plan json;
BEGIN
  EXECUTE format('EXPLAIN (FORMAT JSON) SELECT 1 FROM answer_search WHERE document @@ answer_search_query(%L)', search) INTO plan;
  RETURN (plan -> 0 -> 'Plan' ->> 'Plan Rows')::float8;
END
$$;
