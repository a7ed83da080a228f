-- A collection item names its answer by the answer's public id (20261203120000_answer_public_id:
-- derived from the answer's content), so an item whose batch was removed finds its answer again
-- when the same file is imported again; answer_id stays as the serial id the answer had when it
-- was added (what a removed item's page and export still show).
ALTER TABLE "collection_item" ADD COLUMN "answer_public_id" TEXT;
UPDATE "collection_item" ci SET "answer_public_id" = a."public_id" FROM "answer" a WHERE a."id" = ci."answer_id";
-- an item whose answer is already gone keeps a placeholder no answer can have (public ids are hex)
UPDATE "collection_item" SET "answer_public_id" = 'removed-' || "answer_id" WHERE "answer_public_id" IS NULL;
ALTER TABLE "collection_item" ALTER COLUMN "answer_public_id" SET NOT NULL;
ALTER TABLE "collection_item" DROP CONSTRAINT "collection_item_pkey";
ALTER TABLE "collection_item" ADD CONSTRAINT "collection_item_pkey" PRIMARY KEY ("collection_id", "answer_public_id");
CREATE INDEX "collection_item_answer_public_id_idx" ON "collection_item"("answer_public_id");
