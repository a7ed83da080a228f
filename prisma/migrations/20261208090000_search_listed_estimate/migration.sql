-- PostgreSQL's estimate of a search's matches, only when its statistics know every word of it
-- (lib/queries/answer-browser.ts, searchFactsSql); else NULL. ANALYZE keeps the most common lexemes
-- of answer_search.document with their frequencies; every other lexeme is estimated at one share,
-- min(0.5%, half the rarest listed one's frequency), whatever its real count. At 10M answers that
-- share is 50,000 answers: a word in 1,084 answers planned as a common one, and its page took 3.3 s.
--
-- Before, the app trusted the search's estimate when it was over twice that of a word no answer has.
-- That holds for one word, but an OR of three unlisted words is estimated at about three times the
-- share and passed. Now each lexeme of the search is asked on its own, with the same rule: listed
-- when its estimate is over twice an unseen word's, or at least 2 where that is 1 (an estimate is
-- never below 1 row; on a table of a few hundred answers every unlisted word's is 1).
-- Cost: one EXPLAIN per lexeme plus the unseen word's (about 0.12 ms each here); a single word costs
-- what it did (its own estimate is the search's). Reading pg_stats' list instead took 0.67 ms a call
-- (casting 1,000 lexemes to text), against 0.12 ms for an EXPLAIN.
CREATE FUNCTION answer_search_listed_estimate(search text) RETURNS float8
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
    IF NOT (estimate > 2 * unseen OR (unseen = 1 AND estimate >= 2)) THEN
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
