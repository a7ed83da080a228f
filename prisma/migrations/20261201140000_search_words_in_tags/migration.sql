-- Words between angle-bracket tags are searchable. PostgreSQL's default text-search parser reads
-- "<script>...</script>" (and "<style>...</style>") as one tag plus a skipped body, and any other
-- "<word ...>" as a tag token, so to_tsvector dropped the words inside: an answer
-- '<script>alert("pwned")</script> hello' had the document 'hello':1 and was not found by
-- "pwned" or "alert" (nor "a x<y and y>z" by "and": the "<y and y>" read as a tag).
--
-- answer_search_text puts a zero-width space (U+200B) after every "<": the parser then sees "<" as
-- a blank, never the start of a tag, and the words in and around the tag as words. It is used on
-- all three sides of a search, so they agree:
--   the document      answer_search_document(text) (indexer and not-yet-indexed fallback),
--   the query         answer_search_query(search)   (websearch syntax, "<" treated the same way,
--                     so a search for "<b>bold</b>" is the phrase b, bold, /b as in the document),
--   the snippet       answer_search_headline(text, search, options), which takes the zero-width
--                     spaces out again, so the passages shown are the answer's exact text.
-- The inserted characters make no lexeme (U+200B is a blank to the parser), so the 20,000-character
-- bound of migration 20261201120000_search_bounded_document still holds: it counts the lexemes and
-- positions of the original characters.
-- chr(8203), not a U& literal: it does not depend on standard_conforming_strings.

CREATE FUNCTION answer_search_text(body text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT replace(body, '<', '<' || chr(8203))
$$;

CREATE FUNCTION answer_search_query(search text) RETURNS tsquery
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT websearch_to_tsquery('english', answer_search_text(search))
$$;

CREATE FUNCTION answer_search_headline(body text, search text, options text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT replace(ts_headline('english', answer_search_text(body), answer_search_query(search), options), '<' || chr(8203), '<')
$$;

CREATE OR REPLACE FUNCTION answer_search_document_long(body text) RETURNS tsvector
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL RESTRICTED AS $$
DECLARE
  prefix_length integer := length(body);
BEGIN
  LOOP
    BEGIN
      RETURN to_tsvector('english', answer_search_text(left(body, prefix_length)));
    EXCEPTION WHEN program_limit_exceeded THEN
      prefix_length := prefix_length / 2;
    END;
  END LOOP;
END
$$;

CREATE OR REPLACE FUNCTION answer_search_document(body text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL RESTRICTED AS $$
  SELECT CASE WHEN length(body) <= 20000 THEN to_tsvector('english', answer_search_text(body))
              ELSE answer_search_document_long(body) END
$$;

-- Rebuild only the documents that can change: a text without "<" gives exactly the document it
-- had. (Queued answers need nothing: the indexer builds their documents with the new function.)
UPDATE answer_search s
   SET document = answer_search_document(a.text)
  FROM answer a
 WHERE a.id = s.answer_id AND strpos(a.text, '<') > 0;
