// One model: its group, seed and base model, its rate on each question of a set (counted as Figure
// 4 counts it, for the URL's method, next to its group within a base-model scope), its score
// distributions and an alignment-vs-coherence scatter of its answers. The URL's search params are
// the view state.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache, Suspense } from "react";
import PageLoading from "@/components/models/PageLoading";
import { ProblemMessage, InvalidParamsMessage } from "@/components/ui/Notices";
import ModelView from "@/components/models/ModelView";
import { getPrisma } from "@/lib/db/client";
import { type RawSearchParams } from "@/lib/params/common";
import { resolveMethodView } from "@/lib/params/method";
import { modelHref, modelParamsSchema, parseEntityId, type ModelParams } from "@/lib/params/models";
import { getModelDetail, loadModelView } from "@/lib/queries/models";
import { listJudges } from "@/lib/queries/judges";
import { unknownJudgeOf, withoutJudge } from "@/lib/domain/score-source";
import UnknownJudgeNotice from "@/components/ui/UnknownJudgeNotice";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<RawSearchParams> };

const loadModel = cache(async (rawId: string) => {
  const id = parseEntityId(rawId);
  return id === null ? null : getModelDetail(getPrisma(), id);
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const model = await loadModel((await params).id);
  return { title: model ? `${model.name} · model` : "Model not found" };
}

export default async function ModelPage({ params, searchParams }: Props) {
  const rawId = (await params).id;
  const id = parseEntityId(rawId);
  if (id === null || !(await loadModel(rawId))) notFound();

  const parsed = modelParamsSchema.safeParse(await searchParams);
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
  // The id is checked above, before anything streams, so an unknown model is a real 404; the
  // heavy part streams in behind a loading state (a loading.tsx would make every 404 a 200).
  return (
    <Suspense key={JSON.stringify(parsed.data)} fallback={<PageLoading what="the model" />}>
      <ModelContent id={id} params={parsed.data} />
    </Suspense>
  );
}

async function ModelContent({ id, params }: { id: number; params: ModelParams }) {
  const { set, question, bin } = params;
  const view = resolveMethodView(params);
  const prisma = getPrisma();
  const [result, allJudges] = await Promise.all([loadModelView(prisma, id, { set, question, view, binWidth: bin }), listJudges(prisma)]);
  const judge = unknownJudgeOf(allJudges, view.method.source);
  if (judge && result.kind !== "not-found") {
    return (
      <UnknownJudgeNotice
        judge={judge}
        judges={allJudges}
        href={modelHref(id, { ...view, method: withoutJudge(view.method), set, question, bin })}
      />
    );
  }

  switch (result.kind) {
    case "not-found":
      notFound();
    case "ok":
      // the default judge's name is the one of the shown set's questions
      return <ModelView view={result.view} judges={await listJudges(prisma, result.view.set.name)} />;
    case "no-answers":
      return (
        <section className="space-y-2 rounded border border-zinc-300 p-5 dark:border-zinc-700" data-testid="model-empty">
          <h1 className="text-xl font-semibold wrap-anywhere">{result.model.name}</h1>
          <p>This model has no answers yet. Import an evaluation file for it, e.g.</p>
          <pre className="overflow-x-auto rounded bg-zinc-100 p-3 text-sm dark:bg-zinc-900">
            npm run import -- --model {result.model.name} --group {result.model.group.name}
            {result.model.baseModel ? ` --base-model ${result.model.baseModel}` : ""} results.csv
          </pre>
          <Link href="/models" className="underline">
            All models
          </Link>
        </section>
      );
    case "unknown-set":
      return (
        <ProblemMessage title={`${result.model.name} has no answers in a set named “${result.set}”`}>
          <p>
            Its sets:{" "}
            {result.model.sets.map((s, index) => (
              <span key={s.id}>
                {index > 0 && ", "}
                <Link href={modelHref(id, { ...view, set: s.name })} className="underline">
                  {s.name}
                </Link>
              </span>
            ))}
            .
          </p>
        </ProblemMessage>
      );
    case "unknown-question":
      return (
        <ProblemMessage title={`${result.model.name} has no answers to “${result.question}” in ${result.set.name}`}>
          <p>
            <Link href={modelHref(id, { ...view, set: result.set.name })} className="underline">
              Show all questions of {result.set.name}
            </Link>
          </p>
        </ProblemMessage>
      );
  }
}
