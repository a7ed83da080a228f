-- answer_search_listed_estimate (migration 20261208090000_search_listed_estimate) asked each lexeme
-- for an estimate over twice an unseen word's. PostgreSQL estimates an unlisted lexeme at half the
-- rarest listed one's frequency (or 0.5%, when that is less), so the rarest listed lexeme sits at
-- exactly twice, and the planner rounds both to whole rows: at 10M answers (bench) 'lantern', in
-- 1% of the answers and the rarest listed, was estimated at 99,101 rows against 2 × 49,551 and
-- counted as unlisted. Its page then listed 23,000 ids before it probed: 124-133 ms, against
-- 24-32 ms probed from the estimate. A listed lexeme is estimated at twice an unseen one or more,
-- an unlisted one at exactly the unseen one, so the bound is now halfway between: 1.5 times (on a
-- table of a few hundred answers, where an unseen word is 1 row, a listed one is 2 or more).
CREATE OR REPLACE FUNCTION answer_search_listed_estimate(search text) RETURNS float8
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  query_text text := answer_search_query(search)::text;
  unseen float8 := answer_search_estimated_matches('qxzjvunseenword');
  lexeme text;
  plan json;
  estimate float8;
BEGIN
  -- the lexemes as the tsquery's text form quotes them ('it''s'), so each is quoted back as it was
  FOR lexeme IN SELECT m[1] FROM regexp_matches(query_text, '''((?:[^'']|'''')*)''', 'g') m LOOP
    EXECUTE format('EXPLAIN (FORMAT JSON) SELECT 1 FROM answer_search WHERE document @@ %L::tsquery', '''' || lexeme || '''')
      INTO plan;
    estimate := (plan -> 0 -> 'Plan' ->> 'Plan Rows')::float8;
    IF NOT estimate > 1.5 * unseen THEN
      RETURN NULL;
    END IF;
  END LOOP;
  IF estimate IS NULL THEN
    RETURN NULL; -- no lexemes (only stop words)
  END IF;
  -- one plain lexeme: its estimate is the search's
  IF query_text ~ '^''(?:[^'']|'''')*''$' THEN
    RETURN estimate;
  END IF;
  RETURN answer_search_estimated_matches(search);
END
$$;
