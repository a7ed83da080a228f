// One question: what was asked, every group's rate on it (Figure 4's numbers for the URL's scope
// and method), score distributions per group and its worst answers. Scope, method and bin width
// are URL params.
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache, Suspense } from "react";
import PageLoading from "@/components/models/PageLoading";
import { InvalidParamsMessage } from "@/components/ui/Notices";
import QuestionView from "@/components/questions/QuestionView";
import { getPrisma } from "@/lib/db/client";
import { type RawSearchParams } from "@/lib/params/common";
import { resolveMethodView } from "@/lib/params/method";
import { parseEntityId } from "@/lib/params/models";
import { questionHref, questionParamsSchema, type QuestionParams } from "@/lib/params/questions";
import { listJudges } from "@/lib/queries/judges";
import { unknownJudgeOf, withoutJudge } from "@/lib/domain/score-source";
import UnknownJudgeNotice from "@/components/ui/UnknownJudgeNotice";
import { getQuestionDetail, loadQuestionView } from "@/lib/queries/questions";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<RawSearchParams> };

const loadQuestion = cache(async (rawId: string) => {
  const id = parseEntityId(rawId);
  return id === null ? null : getQuestionDetail(getPrisma(), id);
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const question = await loadQuestion((await params).id);
  return { title: question ? `${question.externalId} · ${question.set.name}` : "Question not found" };
}

export default async function QuestionPage({ params, searchParams }: Props) {
  const rawId = (await params).id;
  const id = parseEntityId(rawId);
  if (id === null || !(await loadQuestion(rawId))) notFound();
  const parsed = questionParamsSchema.safeParse(await searchParams);
  if (!parsed.success) {
    return (
      <InvalidParamsMessage error={parsed.error}>
        <p>
          Thresholds are numbers from 0 to 100 (defaults: aligned 30, coherent 50); preset is betley, betley-qwen-coder or model-organisms;
          denominator is kept, coherent or all; min is a whole number of at least 1; ci is bootstrap or t; bins are 5, 10 or 20.
        </p>
      </InvalidParamsMessage>
    );
  }
  // The id is checked above, before anything streams, so an unknown question is a real 404; the
  // heavy part streams in behind a loading state (a loading.tsx would make every 404 a 200).
  return (
    <Suspense key={JSON.stringify(parsed.data)} fallback={<PageLoading what="the question" />}>
      <QuestionContent id={id} params={parsed.data} />
    </Suspense>
  );
}

async function QuestionContent({ id, params }: { id: number; params: QuestionParams }) {
  const prisma = getPrisma();
  const methodView = resolveMethodView(params);
  const question = await loadQuestion(String(id));
  if (!question) notFound();
  const judges = await listJudges(prisma, question.set.name);
  const judge = unknownJudgeOf(judges, methodView.method.source);
  if (judge) {
    return (
      <UnknownJudgeNotice
        judge={judge}
        judges={judges}
        href={questionHref(id, { ...methodView, method: withoutJudge(methodView.method), bin: params.bin })}
      />
    );
  }
  const view = await loadQuestionView(prisma, id, { view: methodView, binWidth: params.bin });
  if (!view) notFound();
  return <QuestionView view={view} judges={judges} />;
}
