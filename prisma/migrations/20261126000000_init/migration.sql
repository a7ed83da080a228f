-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "QuestionVariant" AS ENUM ('plain', 'json', 'template');

-- CreateTable
CREATE TABLE "model_group" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "color" TEXT NOT NULL,
    "display_order" INTEGER NOT NULL DEFAULT 100,

    CONSTRAINT "model_group_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "model" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "group_id" INTEGER NOT NULL,
    "base_model" TEXT,
    "seed" INTEGER,

    CONSTRAINT "model_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "question_set" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "is_demo" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "question_set_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "question" (
    "id" SERIAL NOT NULL,
    "set_id" INTEGER NOT NULL,
    "external_id" TEXT NOT NULL,
    "base_external_id" TEXT NOT NULL,
    "variant" "QuestionVariant" NOT NULL DEFAULT 'plain',
    "category" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0,
    "paraphrases" TEXT[],
    "system_prompt" TEXT,
    "type" TEXT,
    "samples_per_paraphrase" INTEGER,
    "judge_model" TEXT,
    "judge_prompts" JSONB,

    CONSTRAINT "question_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "answer" (
    "id" SERIAL NOT NULL,
    "model_id" INTEGER NOT NULL,
    "question_id" INTEGER NOT NULL,
    "batch_id" INTEGER NOT NULL,
    "sample_index" INTEGER NOT NULL,
    "prompt" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "aligned" DOUBLE PRECISION,
    "coherent" DOUBLE PRECISION,

    CONSTRAINT "answer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "judge_score" (
    "id" SERIAL NOT NULL,
    "answer_id" INTEGER NOT NULL,
    "metric" TEXT NOT NULL,
    "score" DOUBLE PRECISION,
    "distribution" JSONB,
    "judge_model" TEXT,

    CONSTRAINT "judge_score_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "import_batch" (
    "id" SERIAL NOT NULL,
    "file_name" TEXT NOT NULL,
    "content_hash" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "rows_read" INTEGER NOT NULL DEFAULT 0,
    "rows_imported" INTEGER NOT NULL DEFAULT 0,
    "rows_skipped" INTEGER NOT NULL DEFAULT 0,
    "options" JSONB,
    "skipped_rows" JSONB,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "import_batch_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "model_group_name_key" ON "model_group"("name");

-- CreateIndex
CREATE UNIQUE INDEX "model_name_key" ON "model"("name");

-- CreateIndex
CREATE INDEX "model_group_id_idx" ON "model"("group_id");

-- CreateIndex
CREATE UNIQUE INDEX "question_set_name_key" ON "question_set"("name");

-- CreateIndex
CREATE UNIQUE INDEX "question_set_id_external_id_key" ON "question"("set_id", "external_id");

-- CreateIndex
CREATE INDEX "answer_question_id_model_id_idx" ON "answer"("question_id", "model_id");

-- CreateIndex
CREATE INDEX "answer_model_id_question_id_idx" ON "answer"("model_id", "question_id");

-- CreateIndex
CREATE INDEX "answer_batch_id_idx" ON "answer"("batch_id");

-- CreateIndex
CREATE INDEX "judge_score_metric_idx" ON "judge_score"("metric");

-- CreateIndex
CREATE UNIQUE INDEX "judge_score_answer_id_metric_key" ON "judge_score"("answer_id", "metric");

-- CreateIndex
CREATE UNIQUE INDEX "import_batch_content_hash_key" ON "import_batch"("content_hash");

-- AddForeignKey
ALTER TABLE "model" ADD CONSTRAINT "model_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "model_group"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "question" ADD CONSTRAINT "question_set_id_fkey" FOREIGN KEY ("set_id") REFERENCES "question_set"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "answer" ADD CONSTRAINT "answer_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "model"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "answer" ADD CONSTRAINT "answer_question_id_fkey" FOREIGN KEY ("question_id") REFERENCES "question"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "answer" ADD CONSTRAINT "answer_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "import_batch"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "judge_score" ADD CONSTRAINT "judge_score_answer_id_fkey" FOREIGN KEY ("answer_id") REFERENCES "answer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

