-- The search document of an answer, defined once: the indexer (lib/search/indexer.ts) stores it
-- and the not-yet-indexed fallback (lib/queries/answer-browser.ts, pendingMatches) matches it, so
-- both halves of a search agree. Use answer_search_document(text) wherever answer text becomes a
-- tsvector; never to_tsvector directly.
--
-- Why bounded: PostgreSQL caps a tsvector at 1 MB of lexemes and positions (error 54000,
-- "string is too long for tsvector"). One answer of ~1 MB of distinct words (1,048,579 chars,
-- 131,072 random words: 1,477,842 bytes of tsvector, measured) made to_tsvector fail, and with it
-- every search while the answer was queued (500) and the indexer for good (it retried that chunk
-- and never reached later imports).
--
-- Short texts (the only kind in the real data: the longest of its 36,310 answers has 6,566
-- characters) take to_tsvector directly, with no cost beyond it. 20,000 characters cannot exceed
-- the cap: every token yields at most one lexeme, each character lies in at most two tokens (a
-- hyphenated word and its part, a URL and its host or path), a lowercased character is at most
-- 4 bytes, and each token adds at most 2 bytes of position and 3 of entry header, so at most
-- 18 bytes per character, 360 KB. The worst text constructed (hyphenated words of distinct
-- two-character 4-byte CJK parts) made 8.3 bytes per character, 167 KB at 20,000 characters.
--
-- Longer texts try the whole text and, while it is too long, halve the prefix; once the prefix is
-- 20,000 characters or less it fits, so this ends and never raises 54000. A text that fits is
-- indexed whole, exactly as before. In a text that does not fit, THE WORDS BEYOND THE PREFIX THAT
-- FITS ARE NOT SEARCHABLE: a search for them does not find that answer (it stays findable by its
-- earlier words, and every other answer is searched exactly).
--
-- The documents already in answer_search are unchanged by this: every one of them was built by
-- to_tsvector on a text that fit, which is what this function returns for it.

-- PARALLEL RESTRICTED: the EXCEPTION block is a subtransaction, which parallel workers cannot start.
CREATE FUNCTION answer_search_document_long(body text) RETURNS tsvector
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL RESTRICTED AS $$
DECLARE
  prefix_length integer := length(body);
BEGIN
  LOOP
    BEGIN
      RETURN to_tsvector('english', left(body, prefix_length));
    EXCEPTION WHEN program_limit_exceeded THEN
      prefix_length := prefix_length / 2;
    END;
  END LOOP;
END
$$;

-- A plain SQL CASE (not STRICT, one SELECT) so that PostgreSQL inlines it into the calling query:
-- short texts pay no function call.
CREATE FUNCTION answer_search_document(body text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL RESTRICTED AS $$
  SELECT CASE WHEN length(body) <= 20000 THEN to_tsvector('english', body) ELSE answer_search_document_long(body) END
$$;
