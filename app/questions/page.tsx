// Every question set and its questions, with answer counts.
import type { Metadata } from "next";
import { Suspense } from "react";
import PageLoading from "@/components/models/PageLoading";
import { EmptyState } from "@/components/Notices";
import QuestionSetList from "@/components/questions/QuestionSetList";
import { getPrisma } from "@/lib/db/client";
import { listQuestionsBySet } from "@/lib/queries/questions";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Questions" };

export default function QuestionsPage() {
  return (
    <Suspense fallback={<PageLoading what="questions" />}>
      <QuestionsContent />
    </Suspense>
  );
}

async function QuestionsContent() {
  const sets = await listQuestionsBySet(getPrisma());
  if (sets.length === 0) return <EmptyState hasQuestionSets={false} />;
  const linkClass = "text-blue-700 underline dark:text-blue-300";
  return (
    <div className="space-y-4">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">Questions</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-300">
          The evaluation questions by set, in file order. Open one for its paraphrases, judge prompts, every group&apos;s
          rate and its worst answers.
        </p>
        <p className="flex gap-3 text-sm">
          <a href="/api/questions?format=csv" className={linkClass} data-testid="questions-csv" download>
            CSV
          </a>
          <a href="/api/questions" className={linkClass}>
            JSON
          </a>
        </p>
      </div>
      <QuestionSetList sets={sets} />
    </div>
  );
}
