-- Reviewers and collections (issue 11: item 5, and the reviewer tokens of item 3).
--
-- reviewer: a named person who may write (add to collections; later, label answers). Only the
-- sha256 of the token is stored: `npm run reviewer -- add NAME` prints the token once. A reviewer is
-- disabled (disabled_at), never deleted, so what they added keeps its author.
CREATE TABLE "reviewer" (
  "id" SERIAL NOT NULL,
  "name" TEXT NOT NULL,
  "token_hash" TEXT NOT NULL,
  "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "disabled_at" TIMESTAMP(3),
  CONSTRAINT "reviewer_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "reviewer_name_key" ON "reviewer"("name");
CREATE UNIQUE INDEX "reviewer_token_hash_key" ON "reviewer"("token_hash");

-- collection: a named, described set of answers ("figure 2 examples", "judge wrong"), shared by its
-- slug (/collections/<slug>), which stays when the collection is renamed.
CREATE TABLE "collection" (
  "id" SERIAL NOT NULL,
  "slug" TEXT NOT NULL,
  "name" TEXT NOT NULL,
  "description" TEXT NOT NULL DEFAULT '',
  "created_by" INTEGER NOT NULL,
  "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "collection_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "collection_slug_key" ON "collection"("slug");
ALTER TABLE "collection" ADD CONSTRAINT "collection_created_by_fkey"
  FOREIGN KEY ("created_by") REFERENCES "reviewer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- collection_item: one answer in one collection. answer_id has no foreign key on purpose: removing
-- an import batch deletes its answers, and a collected answer's item must survive that (the
-- collection page shows it as "answer removed" through a LEFT JOIN) instead of vanishing by cascade
-- or blocking the removal. (The answer ids will move to content-derived public ids: issue 11, item 6.)
CREATE TABLE "collection_item" (
  "collection_id" INTEGER NOT NULL,
  "answer_id" INTEGER NOT NULL,
  "note" TEXT,
  "added_by" INTEGER NOT NULL,
  "added_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "collection_item_pkey" PRIMARY KEY ("collection_id", "answer_id")
);
CREATE INDEX "collection_item_answer_id_idx" ON "collection_item"("answer_id");
ALTER TABLE "collection_item" ADD CONSTRAINT "collection_item_collection_id_fkey"
  FOREIGN KEY ("collection_id") REFERENCES "collection"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "collection_item" ADD CONSTRAINT "collection_item_added_by_fkey"
  FOREIGN KEY ("added_by") REFERENCES "reviewer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The collection pages and their API are cached per data version like every view
-- (lib/cache/data-version.ts, the response cache): a write here must move the version, or a cached
-- /collections page would miss the answer just added. A collection write therefore also starts
-- fresh caches for the other views; writes are rare (a person clicking), reads are not.
DO $$
DECLARE
  watched TEXT;
BEGIN
  FOREACH watched IN ARRAY ARRAY['reviewer', 'collection', 'collection_item'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH STATEMENT EXECUTE FUNCTION data_version_mark()',
                   watched || '_data_version', watched);
    EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION data_version_mark()',
                   watched || '_truncate_data_version', watched);
  END LOOP;
END
$$;
