-- The data version: one counter that moves in the same transaction as every change to what the
-- dashboard shows (an import, a removal, the demo data, a test's direct insert). Every view's data
-- is a function of the committed rows, so a result computed at version V is right for as long as V
-- is current: the server caches pages and view results per version (scripts/server/response-cache.mjs,
-- lib/cache/data-version.ts) and a cached result can never outlive its data. Read committed: a
-- reader that sees version V+1 sees the commit that made it.
--
-- Two steps, so the version row is locked only at commit:
-- 1. Statement triggers on every table a view reads (answer, judge_score, import_batch, model,
--    model_group, model_attribute, question, question_set) mark the transaction once, with a row in
--    data_version_change. Statement-level: a COPY of 1M answers fires it once.
-- 2. A constraint trigger on that row, DEFERRABLE INITIALLY DEFERRED, runs at commit: it bumps the
--    version and removes the mark.
-- Bumping at once instead would hold the version row from an import's first insert to its commit:
-- concurrent imports would queue behind each other, and two inserting the same new model would
-- deadlock (one waiting for the model row, the other for the version row).
CREATE TABLE "data_version" (
  "id" BOOLEAN PRIMARY KEY DEFAULT true CHECK ("id"),
  "version" BIGINT NOT NULL,
  "changed_at" TIMESTAMPTZ NOT NULL DEFAULT now()
);
INSERT INTO "data_version" ("id", "version") VALUES (true, 1);

-- Transactions that changed data and have not committed yet (empty between transactions).
CREATE TABLE "data_version_change" ("txid" BIGINT PRIMARY KEY);

CREATE FUNCTION data_version_mark() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- once per transaction (the setting is transaction-local, and undone with a rolled-back savepoint)
  IF current_setting('misalignment.data_version_marked_by', true) IS DISTINCT FROM txid_current()::text THEN
    INSERT INTO data_version_change (txid) VALUES (txid_current()) ON CONFLICT DO NOTHING;
    PERFORM set_config('misalignment.data_version_marked_by', txid_current()::text, true);
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION data_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE data_version SET version = version + 1, changed_at = clock_timestamp();
  DELETE FROM data_version_change WHERE txid = NEW.txid;
  RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER data_version_change_commit AFTER INSERT ON "data_version_change"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION data_version_bump();

DO $$
DECLARE
  watched TEXT;
BEGIN
  FOREACH watched IN ARRAY ARRAY['answer', 'judge_score', 'import_batch', 'model', 'model_group', 'model_attribute', 'question', 'question_set'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH STATEMENT EXECUTE FUNCTION data_version_mark()',
                   watched || '_data_version', watched);
    EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION data_version_mark()',
                   watched || '_truncate_data_version', watched);
  END LOOP;
END
$$;
