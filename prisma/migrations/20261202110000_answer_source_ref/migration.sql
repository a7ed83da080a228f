-- Where an answer came from inside its source file, when that file has its own id for it: an
-- Inspect AI log's sample uuid (lib/import/read/inspect.ts), shown on the answer's permalink as a way back
-- to the sample in the Inspect viewer. NULL for the paper's CSV/JSONL files, which have no such id.
-- A nullable column without a default: PostgreSQL adds it to the catalog only, no table rewrite.
ALTER TABLE answer ADD COLUMN source_ref text;
