// Every question set and its questions, with the evaluation-answer counts of one base-model scope
// (default as on every page). Links to question pages carry the scope and method.
import type { Metadata } from "next";
import { Suspense } from "react";
import PageLoading from "@/components/models/PageLoading";
import ScopeSelect from "@/components/models/ScopeSelect";
import { EmptyState, InvalidParamsMessage } from "@/components/ui/Notices";
import QuestionSetList from "@/components/questions/QuestionSetList";
import { getPrisma } from "@/lib/db/client";
import type { RawSearchParams } from "@/lib/params/common";
import { methodQuery, resolveMethodView, type MethodView } from "@/lib/params/method";
import { defaultQuestionListDir, questionsListParamsSchema, type QuestionListOrder } from "@/lib/params/questions";
import { listQuestionsWithRates } from "@/lib/queries/questions";
import { resolveScope } from "@/lib/queries/scope";
import { listJudges } from "@/lib/queries/judges";
import { unknownJudgeOf, withoutJudge } from "@/lib/domain/score-source";
import UnknownJudgeNotice from "@/components/ui/UnknownJudgeNotice";
import { methodLabel } from "@/lib/stats/method";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Questions" };

export default async function QuestionsPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const parsed = questionsListParamsSchema.safeParse(await searchParams);
  if (!parsed.success) return <InvalidParamsMessage error={parsed.error} />;
  return (
    <Suspense key={JSON.stringify(parsed.data)} fallback={<PageLoading what="questions" />}>
      <QuestionsContent
        view={resolveMethodView(parsed.data)}
        order={{ sort: parsed.data.sort, dir: parsed.data.dir ?? defaultQuestionListDir(parsed.data.sort), group: parsed.data.group }}
      />
    </Suspense>
  );
}

async function QuestionsContent({ view, order }: { view: MethodView; order: QuestionListOrder }) {
  const prisma = getPrisma();
  const judges = await listJudges(prisma);
  const judge = unknownJudgeOf(judges, view.method.source);
  if (judge) {
    return (
      <UnknownJudgeNotice
        judge={judge}
        judges={judges}
        href={`/questions?${methodQuery({ ...view, method: withoutJudge(view.method) })}`}
      />
    );
  }
  const scope = await resolveScope(prisma, view.base, view.attributes);
  const sets = await listQuestionsWithRates(prisma, { scope: scope.scope, method: view.method });
  if (sets.length === 0) return <EmptyState hasQuestionSets={false} />;
  const linkClass = "text-blue-700 underline dark:text-blue-300";
  // the exports hold the numbers shown: the scope and the whole method (judge included)
  const apiQuery = methodQuery({ ...view, base: scope.param });
  // links keep the scope as the URL gave it (absent: the default)
  const linkView = { preset: view.preset, method: view.method, base: view.base };
  return (
    <div className="space-y-4">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">
          Questions{" "}
          <span className="font-normal">
            · base model <span data-testid="current-scope">{scope.label}</span>
          </span>
        </h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-300">
          The evaluation questions by set, with the evaluation answers of the models of {scope.label}
          {scope.isDefault && scope.scope.kind === "named" ? " (the base model with the most models)" : ""} and each group&apos;s rate by
          the {methodLabel(view.preset, view.method)} method. Click a column heading to sort. Open a question for its paraphrases, judge
          prompts, intervals and its worst answers.
        </p>
        <p className="flex gap-3 text-sm">
          <a href={`/api/questions?${apiQuery}&format=csv`} className={linkClass} data-testid="questions-csv" download>
            CSV
          </a>
          <a href={`/api/questions?${apiQuery}`} className={linkClass}>
            JSON
          </a>
        </p>
      </div>
      <ScopeSelect
        base={scope.param}
        baseChoices={scope.choices}
        keep={[...new URLSearchParams(methodQuery({ ...view, base: undefined }))]}
        judges={judges}
        source={view.method.source}
      />
      {scope.unknownParam && (
        <p className="text-sm text-amber-800 dark:text-amber-200" data-testid="unknown-base">
          No model with evaluation answers has the base model “{scope.unknownParam}”.
        </p>
      )}
      <QuestionSetList sets={sets} view={linkView} order={order} />
    </div>
  );
}
