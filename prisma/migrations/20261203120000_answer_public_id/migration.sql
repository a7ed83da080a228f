-- Content-derived answer ids (issue 11, item 6): an answer's public id, and so its permalink
-- /answers/<public id>, depends only on what the answer is, never on the serial id or the order of
-- imports: the same file imported into two instances, or removed and imported again, gives the same
-- links. lib/answers/public-id.ts computes the same value in JS for the importers (COPY needs the
-- value in the row; a per-row trigger would cost tens of µs per answer); these SQL functions are
-- the definition the backfill below and the fallback trigger use, and
-- tests/integration/answer-public-id.test.ts checks the two agree on real rows.
--
-- base = sha256('me-answer-id/1' || field(model name) || field(question id string)
--               || field(source ref, or the 4 bytes ffffffff for none) || field(answer text))
--   where field(x) = its UTF-8 length as 4 big-endian bytes, then its UTF-8 bytes (length prefixes:
--   no choice of separator can be confused with text, and the answer text is untrusted)
-- public id = hex of the first 10 bytes (80 bits) of sha256(base || occurrence as 4 big-endian bytes)
--
-- occurrence: 0 for the first answer with this base, 1 for the next identical one (same model,
-- question, source ref and text) and so on: duplicates get distinct ids, deterministically by
-- their order (in the file, then by batch).
-- 80 bits: at 10M answers the chance that any two share an id is about n²/2^81 ≈ 4e-11; 20 hex
-- characters also never look like a serial id (at most 10 digits), so /answers/<digits> stays the
-- old link form.
CREATE FUNCTION answer_public_id_base(model_name text, question_key text, source_ref text, answer_text text)
RETURNS bytea LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT sha256(
    convert_to('me-answer-id/1', 'UTF8')
    || int4send(octet_length(convert_to(model_name, 'UTF8'))) || convert_to(model_name, 'UTF8')
    || int4send(octet_length(convert_to(question_key, 'UTF8'))) || convert_to(question_key, 'UTF8')
    || CASE WHEN source_ref IS NULL THEN '\xffffffff'::bytea
            ELSE int4send(octet_length(convert_to(source_ref, 'UTF8'))) || convert_to(source_ref, 'UTF8') END
    || int4send(octet_length(convert_to(answer_text, 'UTF8'))) || convert_to(answer_text, 'UTF8'))
$$;

CREATE FUNCTION answer_public_id(base bytea, occurrence integer)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT encode(substring(sha256(base || int4send(occurrence)) FROM 1 FOR 10), 'hex')
$$;

-- Nullable and without a default: a catalog-only change; filled below, then made NOT NULL.
ALTER TABLE answer ADD COLUMN public_id text;

-- Existing answers: occurrences numbered by batch, then sample index, as an import in batch order
-- would number them.
UPDATE answer a SET public_id = answer_public_id(n.base, n.occurrence)
FROM (
  SELECT b.id, b.base, (row_number() OVER (PARTITION BY b.base ORDER BY b.batch_id, b.sample_index, b.id) - 1)::int AS occurrence
  FROM (
    SELECT x.id, x.batch_id, x.sample_index, answer_public_id_base(m.name, q.external_id, x.source_ref, x.text) AS base
    FROM answer x JOIN model m ON m.id = x.model_id JOIN question q ON q.id = x.question_id
  ) b
) n
WHERE n.id = a.id;

ALTER TABLE answer ALTER COLUMN public_id SET NOT NULL;

-- Unique, and deferrable: an import writes its answers with the ids computed in JS and, only when
-- the check at its end finds one already held by another batch's identical answer (the same
-- model's same text imported from two files), moves its own to the next free occurrence
-- (lib/import/write/public-ids.ts). Initially immediate: every other writer is checked per statement.
ALTER TABLE answer ADD CONSTRAINT answer_public_id_key UNIQUE (public_id) DEFERRABLE INITIALLY IMMEDIATE;

-- Rows written without a public id (SQL typed by hand, tests' fixtures) get one here, the same
-- value an import would give them. The WHEN clause is checked before any PL/pgSQL runs, so the
-- importers, which always set it, pay nothing.
CREATE FUNCTION answer_fill_public_id() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  base bytea;
  occurrence integer := 0;
  candidate text;
BEGIN
  SELECT answer_public_id_base(m.name, q.external_id, NEW.source_ref, NEW.text) INTO base
  FROM model m, question q WHERE m.id = NEW.model_id AND q.id = NEW.question_id;
  -- an unknown model or question: the reference check rejects the row after the insert
  IF base IS NULL THEN
    base := answer_public_id_base('', '', NEW.source_ref, NEW.text || ' ' || NEW.model_id || ' ' || NEW.question_id);
  END IF;
  LOOP
    candidate := answer_public_id(base, occurrence);
    EXIT WHEN NOT EXISTS (SELECT 1 FROM answer WHERE public_id = candidate);
    occurrence := occurrence + 1;
  END LOOP;
  NEW.public_id := candidate;
  RETURN NEW;
END
$$;

CREATE TRIGGER answer_fill_public_id BEFORE INSERT ON answer
  FOR EACH ROW WHEN (NEW.public_id IS NULL) EXECUTE FUNCTION answer_fill_public_id();

-- What a permalink to a removed answer says: removed on <date> with the import of <file>
-- (lib/import/batches/remove.ts and the demo removal write it in the removal's transaction, one
-- INSERT ... SELECT). Rows stay after a re-import of the same content: the permalink page looks for
-- the answer first, so a re-imported answer simply works again.
CREATE TABLE removed_answer (
  public_id text PRIMARY KEY,
  batch_id integer NOT NULL,
  batch_file_name text NOT NULL,
  removed_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TRIGGER removed_answer_data_version AFTER INSERT OR UPDATE OR DELETE ON removed_answer
  FOR EACH STATEMENT EXECUTE FUNCTION data_version_mark();
CREATE TRIGGER removed_answer_truncate_data_version AFTER TRUNCATE ON removed_answer
  FOR EACH STATEMENT EXECUTE FUNCTION data_version_mark();
