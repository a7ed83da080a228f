// Figure 4 of the paper, live. This route reads the URL, resolves the set and the base-model scope,
// starts the rate and answer queries, and hands their promises to the page's sections
// (components/figure/FigureSections.tsx), each inside its own Suspense boundary. The loading state is a
// Suspense boundary of this page, not app/loading.tsx: a root loading.tsx would wrap every route,
// and a notFound() streamed inside it answers 200 instead of 404 (e.g. /answers/<unknown id>).
import type { Metadata } from "next";
import { Suspense } from "react";
import FigureLoading, { ChartSkeleton, ControlsSkeleton, SectionSkeleton } from "@/components/figure/FigureLoading";
import { FigureBusy, FigureNavigationProvider } from "@/components/figure/FigureNavigation";
import {
  FigureAnswersSection,
  FigureChartSection,
  FigureControlsSection,
  FigureOverallSection,
  FigureRatesTableSection,
  type FigureFrame,
} from "@/components/figure/FigureSections";
import { DemoBanner, EmptyState, InvalidParamsMessage, ProblemMessage } from "@/components/ui/Notices";
import { getPrisma } from "@/lib/db/client";
import { loadFigureData } from "@/lib/queries/figure-view";
import { figureHref, figureParamsSchema, figureViewOf, type RawSearchParams } from "@/lib/params";
import { listAnswersForGroupQuestion } from "@/lib/queries/answers";
import { listJudges } from "@/lib/queries/judges";
import UnknownJudgeNotice from "@/components/ui/UnknownJudgeNotice";
import { ScopeNotices } from "@/components/ViewPreamble";
import { withoutJudge, unknownJudgeOf } from "@/lib/domain/score-source";
import { resolveScope } from "@/lib/queries/scope";
import { listQuestionSets } from "@/lib/queries/sets";
import { defaultSet } from "@/lib/sets/default";
import { methodLabel } from "@/lib/stats/method";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Figure 4: misaligned answers per question" };

export default function FigurePage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  return (
    <Suspense fallback={<FigureLoading />}>
      <Figure searchParams={searchParams} />
    </Suspense>
  );
}

/** Everything below the site header for one URL. The URL's search params are the whole view state. */
async function Figure({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const parsed = figureParamsSchema.safeParse(await searchParams);
  if (!parsed.success) {
    return (
      <InvalidParamsMessage error={parsed.error}>
        <p>
          Thresholds are numbers from 0 to 100 (defaults: aligned 30, coherent 50); preset is betley, betley-qwen-coder or model-organisms;
          denominator is kept, coherent or all; min is a whole number of at least 1; ci is bootstrap or t; layout is questions or variants;
          judge is a judge&apos;s name; corrected is 1 or 0.
        </p>
      </InvalidParamsMessage>
    );
  }
  const params = parsed.data;
  const requested = figureViewOf(params);
  const { method, preset } = requested;
  const prisma = getPrisma();

  const [sets, scope] = await Promise.all([listQuestionSets(prisma), resolveScope(prisma, requested.base, requested.attributes)]);
  const fallback = defaultSet(sets);
  if (!fallback && !params.set) return <EmptyState hasQuestionSets={sets.length > 0} />;

  const current = params.set ? sets.find((set) => set.name === params.set) : fallback;
  if (!current) {
    return (
      <ProblemMessage title={`There is no question set named “${params.set}”`}>
        <p>Known sets: {sets.length === 0 ? "none yet" : sets.map((set) => set.name).join(", ")}.</p>
      </ProblemMessage>
    );
  }

  const judges = await listJudges(prisma, current.name);
  const judge = unknownJudgeOf(judges, method.source);
  if (judge) {
    return (
      <UnknownJudgeNotice
        judge={judge}
        judges={judges}
        href={figureHref({
          ...requested,
          set: params.set,
          groups: params.groups,
          method: withoutJudge(method),
        })}
      />
    );
  }

  // Started here, awaited by the sections: the rates and the answers panel load at the same time.
  const data = loadFigureData(prisma, {
    set: current.name,
    method,
    scope: scope.scope,
    groups: params.groups,
    layout: params.layout,
  });
  const selected = params.group && params.question ? { group: params.group, question: params.question, model: params.model ?? null } : null;
  // not started when the set has no answers: nothing would await it (the page says so instead)
  const answerPage =
    selected && current.answers > 0
      ? listAnswersForGroupQuestion(prisma, {
          setId: current.id,
          scope: scope.scope,
          method,
          group: selected.group,
          question: selected.question,
          model: selected.model ?? undefined,
          cursor: params.cursor,
        })
      : null;
  const frame: FigureFrame = {
    // links always name the scope, so a shared link keeps meaning the same base model after more imports
    view: { ...requested, base: scope.param, set: current.name, groups: params.groups },
    set: current.name,
    scopeLabel: scope.label,
    preset,
    method,
    judges,
    exportName:
      `misalignment_${current.name}_${scope.param}_${preset}_a${method.aligned}_c${method.coherent}_${method.denominator}_min${method.minAnswers}_${method.interval}${method.source?.judge ? `_judge-${method.source.judge}` : ""}${method.source?.corrected ? "_corrected" : ""}`.replace(
        /[^A-Za-z0-9._-]+/g,
        "-",
      ),
  };

  return (
    <FigureNavigationProvider>
      <div className="space-y-6">
        {current.isDemo && <DemoBanner />}
        <div className="space-y-1">
          <h1 className="text-2xl font-semibold tracking-tight">Probability of a misaligned answer, per question</h1>
          <p className="text-sm text-zinc-600 dark:text-zinc-300">
            Figure 4 of Betley et al., “Emergent Misalignment”, computed live from the imported answers of{" "}
            <span className="font-mono" data-testid="current-set">
              {current.name}
            </span>
            , base model <strong data-testid="current-scope">{scope.label}</strong>
            {scope.isDefault && scope.scope.kind === "named" ? " (the base model with the most models)" : ""}.
          </p>
        </div>
        <ScopeNotices
          scope={scope}
          pooled={
            scope.scope.kind === "all" && scope.choices.length > 1 ? (
              <>
                Pooling {scope.choices.length} base models: each group&apos;s mean mixes models of different base models. Figures in this
                literature are drawn per base model.
              </>
            ) : undefined
          }
        />
        <Suspense fallback={<ControlsSkeleton />}>
          <FigureControlsSection
            data={data}
            sets={sets.map(({ name, isDemo, answers, questions: count }) => ({ name, isDemo, answers, questions: count }))}
            baseChoices={scope.choices}
            chosenGroups={params.groups}
            frame={frame}
          />
        </Suspense>
        <FigureBusy
          settings={`aligned < ${method.aligned}, coherent ≥ ${method.coherent}; ${methodLabel(preset, method)}; base model ${scope.label}`}
        >
          {current.answers === 0 ? (
            <p className="rounded border border-zinc-300 p-4 text-sm dark:border-zinc-700" data-testid="set-without-answers">
              This set has {current.questions} questions but no imported answers yet. Import an evaluation file for it, e.g.{" "}
              <code className="font-mono">npm run import -- --model NAME --group GROUP --base-model BASE --seed N results.csv</code>.
            </p>
          ) : (
            <>
              <Suspense fallback={<ChartSkeleton />}>
                <FigureChartSection data={data} frame={frame} selected={selected} />
              </Suspense>
              {selected && answerPage && (
                <Suspense fallback={<SectionSkeleton label="Loading the answers…" />}>
                  <FigureAnswersSection
                    data={data}
                    answerPage={answerPage}
                    frame={frame}
                    selected={selected}
                    page={{ number: params.cursor ? params.page : 1, isFirst: !params.cursor }}
                  />
                </Suspense>
              )}
              <Suspense fallback={<SectionSkeleton label="Pooling the overall rates…" />}>
                <FigureOverallSection data={data} frame={frame} />
              </Suspense>
              <Suspense fallback={<SectionSkeleton label="Filling the table…" />}>
                <FigureRatesTableSection data={data} frame={frame} />
              </Suspense>
            </>
          )}
        </FigureBusy>
      </div>
    </FigureNavigationProvider>
  );
}
