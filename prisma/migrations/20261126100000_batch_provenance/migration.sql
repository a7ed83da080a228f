-- Which import batch created each model group, model, question set and question, so that removing
-- a batch removes everything it added. NULL: created before this migration, by the demo loader, or
-- by a batch since removed while something else still used the row. Rows with NULL are never
-- removed with a batch. (Nullable columns rather than a join table: one owner per row, kept up to
-- date by lib/import/batches/remove.ts when a batch goes and another one still uses the row.)

-- AlterTable
ALTER TABLE "model_group" ADD COLUMN "created_by_batch_id" INTEGER;

-- AlterTable
ALTER TABLE "model" ADD COLUMN "created_by_batch_id" INTEGER;

-- AlterTable
ALTER TABLE "question_set" ADD COLUMN "created_by_batch_id" INTEGER;

-- AlterTable
ALTER TABLE "question" ADD COLUMN "created_by_batch_id" INTEGER;

-- CreateIndex
CREATE INDEX "model_group_created_by_batch_id_idx" ON "model_group"("created_by_batch_id");

-- CreateIndex
CREATE INDEX "model_created_by_batch_id_idx" ON "model"("created_by_batch_id");

-- CreateIndex
CREATE INDEX "question_set_created_by_batch_id_idx" ON "question_set"("created_by_batch_id");

-- CreateIndex
CREATE INDEX "question_created_by_batch_id_idx" ON "question"("created_by_batch_id");

-- AddForeignKey
ALTER TABLE "model_group" ADD CONSTRAINT "model_group_created_by_batch_id_fkey" FOREIGN KEY ("created_by_batch_id") REFERENCES "import_batch"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model" ADD CONSTRAINT "model_created_by_batch_id_fkey" FOREIGN KEY ("created_by_batch_id") REFERENCES "import_batch"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "question_set" ADD CONSTRAINT "question_set_created_by_batch_id_fkey" FOREIGN KEY ("created_by_batch_id") REFERENCES "import_batch"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "question" ADD CONSTRAINT "question_created_by_batch_id_fkey" FOREIGN KEY ("created_by_batch_id") REFERENCES "import_batch"("id") ON DELETE SET NULL ON UPDATE CASCADE;
