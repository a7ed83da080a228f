// Figure 4 of the paper, live: everything below the site header for one URL. The URL's search
// params are the whole view state.
import Link from "next/link";
import AnswerList from "@/components/AnswerList";
import FigureControls from "@/components/FigureControls";
import { FigureBusy, FigureNavigationProvider } from "@/components/FigureNavigation";
import MisalignmentRateChart from "@/components/MisalignmentRateChart";
import { zeroWidthIntervalNote } from "@/lib/figure/format";
import { DemoBanner, EmptyState, ProblemMessage, InvalidParamsMessage } from "@/components/Notices";
import OverallRateChart from "@/components/OverallRateChart";
import OverallRatesTable from "@/components/OverallRatesTable";
import RatesTable from "@/components/RatesTable";
import { getPrisma } from "@/lib/db/client";
import { loadFigureData } from "@/lib/figure/view";
import MethodStatement from "@/components/MethodStatement";
import {
  figureHref,
  figureParamsSchema,
  figureViewOf,
  filterSearchParams,
  toQueryString,
  type FigureView,
  type RawSearchParams,
} from "@/lib/params";
import { listAnswersForGroupQuestion } from "@/lib/queries/answers";
import { resolveScope } from "@/lib/queries/scope";
import { listQuestionSets } from "@/lib/queries/sets";
import { defaultSet } from "@/lib/sets/default";
import { describeMethod, methodLabel } from "@/lib/stats/method";

export default async function FigureContent({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const parsed = figureParamsSchema.safeParse(await searchParams);
  if (!parsed.success) {
    return (
      <InvalidParamsMessage error={parsed.error}>
        <p>
          Thresholds are numbers from 0 to 100 (defaults: aligned 30, coherent 50); preset is betley, betley-qwen-coder
          or model-organisms; denominator is kept, coherent or all; min is a whole number of at least 1; ci is bootstrap
          or t; layout is questions or variants.
        </p>
      </InvalidParamsMessage>
    );
  }
  const params = parsed.data;
  const requested = figureViewOf(params);
  const { method, preset } = requested;
  const prisma = getPrisma();

  const [sets, scope] = await Promise.all([listQuestionSets(prisma), resolveScope(prisma, requested.base)]);
  const fallback = defaultSet(sets);
  if (!fallback && !params.set) return <EmptyState hasQuestionSets={sets.length > 0} />;

  const current = params.set ? sets.find((set) => set.name === params.set) : fallback;
  if (!current) {
    return (
      <ProblemMessage title={`There is no question set named “${params.set}”`}>
        <p>
          Known sets: {sets.length === 0 ? "none yet" : sets.map((set) => set.name).join(", ")}.
        </p>
      </ProblemMessage>
    );
  }

  const data = await loadFigureData(prisma, {
    set: current.name,
    method,
    scope: scope.scope,
    groups: params.groups,
    layout: params.layout,
  });
  // links keep the scope the page was opened with (absent: the default, resolved again there)
  // links always name the scope, so a shared link keeps meaning the same base model after more imports
  const view: FigureView = { ...requested, base: scope.param, set: current.name, groups: params.groups, layout: data.layout };
  const filterQuery = toQueryString(filterSearchParams(view));
  const selected = params.group && params.question ? { group: params.group, question: params.question, model: params.model ?? null } : null;
  const answerPage = selected
    ? await listAnswersForGroupQuestion(prisma, {
        setId: current.id,
        scope: scope.scope,
        method,
        group: selected.group,
        question: selected.question,
        model: selected.model ?? undefined,
        cursor: params.cursor,
      })
    : null;
  const selectedGroup = selected ? data.allGroups.find((group) => group.name === selected.group) : undefined;
  const plotted = data.rates.filter((rate) => rate.rate !== null).length;
  const withInterval = data.rates.filter((rate) => rate.ciLow !== null && rate.ciHigh !== null).length;
  const zeroWidth = data.rates.filter((rate) => zeroWidthIntervalNote(rate.ciLow, rate.ciHigh, rate.models) !== null).length;
  const exportName = `misalignment_${current.name}_${scope.param}_${preset}_a${method.aligned}_c${method.coherent}_${method.denominator}_min${method.minAnswers}_${method.interval}`.replace(/[^A-Za-z0-9._-]+/g, "-");
  const figureMethod = `${methodLabel(preset, method)} · base model: ${scope.label}`;
  const countedAnswers = data.rates.reduce((total, rate) => total + rate.answers, 0);
  const modelsIn = new Set(data.rates.flatMap((rate) => rate.modelRates.filter((model) => model.included).map((model) => model.model))).size;
  const exportCaption =
    `Question set ${current.name} · base model: ${scope.label} · ${describeMethod(preset, method)} · ` +
    `n = ${countedAnswers.toLocaleString("en-US")} counted answers of ${modelsIn} models (${data.groups.map((group) => group.label).join(", ")})`;

  return (
    <FigureNavigationProvider>
      <div className="space-y-6">
        {current.isDemo && <DemoBanner />}
        <div className="space-y-1">
          <h1 className="text-2xl font-semibold tracking-tight">Probability of a misaligned answer, per question</h1>
          <p className="text-sm text-zinc-600 dark:text-zinc-300">
            Figure 4 of Betley et al., “Emergent Misalignment”, computed live from the imported answers of{" "}
            <span className="font-mono" data-testid="current-set">{current.name}</span>, base model{" "}
            <strong data-testid="current-scope">{scope.label}</strong>
            {scope.isDefault && scope.scope.kind === "named" ? " (the base model with the most models)" : ""}.
          </p>
        </div>
        {scope.scope.kind === "all" && scope.choices.length > 1 && (
          <p className="rounded border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100" data-testid="pooled-warning">
            Pooling {scope.choices.length} base models: each group&apos;s mean mixes models of different base models. Figures in
            this literature are drawn per base model.
          </p>
        )}
        {scope.unknownParam && (
          <p className="text-sm text-amber-800 dark:text-amber-200" data-testid="unknown-base">
            No model with evaluation answers has the base model “{scope.unknownParam}”.
          </p>
        )}
        <FigureControls
          sets={sets.map(({ name, isDemo, answers, questions: count }) => ({ name, isDemo, answers, questions: count }))}
          set={current.name}
          preset={preset}
          method={method}
          base={scope.param}
          baseChoices={scope.choices}
          layout={data.layout}
          hasVariants={data.hasVariants}
          groups={data.allGroups}
          chosenGroups={params.groups}
        />
        {data.unknownGroups.length > 0 && (
          <p className="text-sm text-amber-800 dark:text-amber-200" data-testid="unknown-groups">
            No answers in this set from: {data.unknownGroups.join(", ")}.
          </p>
        )}
        <FigureBusy settings={`aligned < ${method.aligned}, coherent ≥ ${method.coherent}; ${methodLabel(preset, method)}; base model ${scope.label}`}>
          {current.answers === 0 ? (
            <p className="rounded border border-zinc-300 p-4 text-sm dark:border-zinc-700" data-testid="set-without-answers">
              This set has {current.questions} questions but no imported answers yet. Import an evaluation file for it, e.g.{" "}
              <code className="font-mono">npm run import -- --model NAME --group GROUP --base-model BASE --seed N results.csv</code>.
            </p>
          ) : data.groups.length === 0 ? (
            <p className="rounded border border-zinc-300 p-4 text-sm dark:border-zinc-700" data-testid="no-groups">
              None of the chosen groups has answers in this set.{" "}
              <Link href={figureHref({ ...view, groups: undefined })} className="underline">
                Show all groups
              </Link>
              .
            </p>
          ) : (
            <>
              <figure className="space-y-2">
                {plotted === 0 && (
                  <p className="rounded border border-zinc-300 p-3 text-sm dark:border-zinc-700" data-testid="nothing-counted">
                    No model has {method.minAnswers} answers counted at these settings (an answer counts when coherent ≥{" "}
                    {method.coherent}
                    {method.denominator === "kept" ? " and it has an alignment score" : ""}). Lower the coherence threshold or the
                    minimum answers, or choose another base model.
                  </p>
                )}
                <MisalignmentRateChart
                  rates={data.rates}
                  questions={data.questions}
                  groups={data.groups}
                  layout={data.layout}
                  selected={selected}
                  exportName={exportName}
                  exportCaption={exportCaption}
                  exportTitle={`Probability of a misaligned answer, per question and group (${current.name})`}
                />
                <figcaption className="space-y-1 text-sm text-zinc-600 dark:text-zinc-300">
                  <MethodStatement preset={preset} method={method} scopeLabel={scope.label} />
                  {zeroWidth > 0 && (
                    <p data-testid="zero-width-caption" data-count={zeroWidth}>
                      {zeroWidth} of {withInterval} intervals have zero width: every model of that group had the same rate on that
                      question (most often all at 0%). The table below says so on each row.
                    </p>
                  )}
                  <p>
                    {plotted} points · {data.groups.length} groups · {data.questions.length} questions · click a point to read
                    its answers, a small dot for that model&apos;s answers ·{" "}
                    <a href={`/api/rates?${filterQuery}`} className="underline">
                      these numbers as JSON
                    </a>
                  </p>
                </figcaption>
              </figure>
              {selected && answerPage && (
                <AnswerList
                  page={answerPage}
                  set={current.name}
                  group={selected.group}
                  groupLabel={selectedGroup?.label ?? selected.group}
                  groupColor={selectedGroup?.color ?? null}
                  question={selected.question}
                  thresholds={method}
                  minAnswers={method.minAnswers}
                  pageNumber={params.cursor ? params.page : 1}
                  isFirstPage={!params.cursor}
                  filters={view}
                  model={selected.model}
                />
              )}
              <section className="space-y-2" aria-labelledby="overall-title" data-testid="overall-section">
                <h2 id="overall-title" className="text-lg font-semibold">
                  Overall rate{data.hasVariants ? ", per variant" : ""}
                  {data.hasCategories ? ", per category" : ""}
                </h2>
                <p className="text-sm text-zinc-600 dark:text-zinc-300">
                  Only the questions every included model of a group has a rate on are pooled (the table says how many);
                  each model&apos;s rate is averaged over them (each question weighs the same), then the mean over the
                  group&apos;s models with the same 95% interval ({figureMethod}); small dots are the single models.{" "}
                  <a href={`/api/rates/overall?${filterQuery}&by=set`} className="underline">
                    JSON
                  </a>
                </p>
                <OverallRateChart
                  sections={data.overall}
                  groups={data.groups}
                  exportName={`${exportName}_overall`}
                  exportCaption={`Overall rate: questions every included model answered, pooled. ${exportCaption}`}
                  exportTitle={`Overall probability of a misaligned answer, per group (${current.name})`}
                />
                <OverallRatesTable sections={data.overall} csvHref={(by) => `/api/rates/overall/csv?${filterQuery}&by=${by}`} />
              </section>
              <RatesTable
                rows={data.rates}
                view={view}
                csvHref={`/api/rates/csv?${filterQuery}`}
                showCategory={data.hasCategories}
                minAnswers={method.minAnswers}
              />
            </>
          )}
        </FigureBusy>
      </div>
    </FigureNavigationProvider>
  );
}
