// Compare two model groups of a question set within one base model: per question and overall, the
// difference in misalignment rate with a bootstrap and a Welch 95% interval and a permutation
// p-value over seeds, by the chosen method (preset, thresholds, denominator, minimum answers). The
// URL's search params are the whole view state.
import type { Metadata } from "next";
import ChartExport from "@/components/charts/ChartExport";
import CompareChart from "@/components/compare/CompareChart";
import CompareControls from "@/components/compare/CompareControls";
import CompareNotes from "@/components/compare/CompareNotes";
import CompareTable from "@/components/compare/CompareTable";
import MethodStatement from "@/components/MethodStatement";
import { describeMethod } from "@/lib/stats/method";
import { DemoBanner, EmptyState, InvalidParamsMessage } from "@/components/ui/Notices";
import { differenceShiftText, isDefaultSource, withoutJudge, unknownJudgeOf } from "@/lib/domain/score-source";
import { listJudges } from "@/lib/queries/judges";
import UnknownJudgeNotice from "@/components/ui/UnknownJudgeNotice";
import { ScopeNotices, UnknownSetMessage, ViewHeading, ViewNotice } from "@/components/ViewPreamble";
import { getPrisma } from "@/lib/db/client";
import { compareFileName } from "@/lib/export/compare-csv";
import { type RawSearchParams } from "@/lib/params/common";
import { compareHref, compareParamsSchema, compareViewOf, type CompareViewState } from "@/lib/params/compare";
import { figureHref } from "@/lib/params/figure";
import { resolveCompareView } from "@/lib/queries/compare";
import type { Comparison, CompareBaseline, CompareView } from "@/lib/compare/types";
import type { ResolvedScope } from "@/lib/scope/types";
import { formatP, formatPercent, formatPointsInterval } from "@/lib/format";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Compare two groups" };

const OVERALL_LABEL = "Overall (all questions)";

const TITLE = "Compare two groups";
const DESCRIPTION =
  "Difference in the probability of a misaligned answer between two training conditions, per question and overall, with seeds (one finetuned model each) as the unit";

/** Pooling several base models mixes them in each mean and in the comparison: said above the view. */
function pooledWarning(scope: ResolvedScope): React.ReactNode {
  if (scope.scope.kind !== "all" || scope.choices.length <= 1) return null;
  return (
    <>
      Pooling {scope.choices.length} base models: each group&apos;s mean mixes models of different base models, and the comparison mixes
      them too. Comparisons in this literature are made within one base model.
    </>
  );
}

/** One sentence with the overall result, in words. */
function OverallSummary({ comparison, baseline }: { comparison: Comparison; baseline?: CompareBaseline }) {
  const { overall, groupA, groupB, overallPool, method } = comparison;
  // under a non-default source, the question file's judge's overall difference and the shift
  const shift = baseline && (
    <span data-testid="overall-summary-shift">
      {" "}
      By the default judge: {differenceShiftText(overall.difference, baseline.differences[""], baseline.label)}.
    </span>
  );
  if (overall.difference === null) {
    // With pooled questions but no difference, one side has no model included on any question.
    const empty = overall.modelsA === 0 ? groupA : groupB;
    return (
      <p className="text-sm" data-testid="overall-summary">
        No overall comparison:{" "}
        {overallPool.questions === 0
          ? "no question has a rate from every included model of both groups"
          : `${empty.label} has no model with ${method.minAnswers} counted answers on any question`}{" "}
        (a model enters a question only with at least {method.minAnswers} counted answers there). Lower the minimum answers or the coherence
        threshold, or compare other groups.{shift}
      </p>
    );
  }
  const points = Math.abs(overall.difference * 100).toFixed(1);
  return (
    <p className="text-sm" data-testid="overall-summary">
      Over all questions, {groupA.label}&apos;s misalignment rate is{" "}
      <strong>
        {points} percentage points {overall.difference >= 0 ? "higher" : "lower"}
      </strong>{" "}
      than {groupB.label}&apos;s ({formatPercent(overall.rateA)} vs {formatPercent(overall.rateB)}; 95% CI bootstrap{" "}
      {overall.bootstrapCiLow === null ? "none" : formatPointsInterval(overall.bootstrapCiLow, overall.bootstrapCiHigh)}, Welch t{" "}
      {overall.ciLow === null ? "none" : formatPointsInterval(overall.ciLow, overall.ciHigh)}; p = {formatP(overall.pValue)}), over the{" "}
      {comparison.overallPool.questions} question{comparison.overallPool.questions === 1 ? "" : "s"} every included model of both groups has
      a rate on.{shift}
    </p>
  );
}

const IMPORT_HINT = "npm run import -- --model NAME --group GROUP --base-model BASE --seed N results.csv";

/** What to say when the view cannot be computed; null when it can. */
function problem(view: CompareView): React.ReactNode {
  switch (view.status) {
    case "set-without-answers":
      return (
        <ViewNotice testId="set-without-answers">
          <p>
            Set <span className="font-mono">{view.set.name}</span> has {view.set.questions} questions but no imported answers yet. Import
            evaluation results for it, e.g. <code className="font-mono">{IMPORT_HINT}</code>, or pick another set.
          </p>
        </ViewNotice>
      );
    case "too-few-groups":
      return (
        <ViewNotice testId="too-few-groups">
          <p>
            {view.groups.length === 0
              ? `No group has answers in this set for base model ${view.scope.label}`
              : `Only ${view.groups.map((group) => group.label).join(", ")} has answers in this set for base model ${view.scope.label}`}
            ; a comparison needs two groups of the same base model. Choose another base model above, import another group&apos;s results
            (e.g. the base model or a control), e.g. <code className="font-mono">{IMPORT_HINT}</code>, or pick another set.
          </p>
        </ViewNotice>
      );
    case "unknown-group":
      return (
        <ViewNotice testId="unknown-group">
          <p>
            Group {view.side} is <span className="font-mono">{view.name}</span>, which has no answers in this set for base model{" "}
            {view.scope.label}. Choose one of the groups above ({view.groups.map((group) => group.name).join(", ") || "none"}) or another
            base model.
          </p>
        </ViewNotice>
      );
    case "same-group":
      return (
        <ViewNotice testId="same-group">
          <p>
            Groups a and b are both <span className="font-mono">{view.name}</span>. Choose two different groups above.
          </p>
        </ViewNotice>
      );
    default:
      return null;
  }
}

export default async function ComparePage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const parsed = compareParamsSchema.safeParse(await searchParams);
  if (!parsed.success) {
    return (
      <InvalidParamsMessage error={parsed.error}>
        <p>
          Thresholds are numbers from 0 to 100 (defaults: aligned 30, coherent 50); preset is betley, betley-qwen-coder or model-organisms;
          denominator is kept, coherent or all; min is a whole number of at least 1; ci is bootstrap or t; sort is effect, question or p.
        </p>
      </InvalidParamsMessage>
    );
  }
  const params = parsed.data;
  const requested = compareViewOf(params);
  const prisma = getPrisma();
  const judges = await listJudges(prisma, params.set);
  const judge = unknownJudgeOf(judges, requested.method.source);
  if (judge) {
    return (
      <UnknownJudgeNotice
        judge={judge}
        judges={judges}
        href={compareHref("/compare", { ...requested, method: withoutJudge(requested.method) })}
      />
    );
  }
  const view = await resolveCompareView(prisma, params);
  // a non-default source: the question file's judge's differences beside each row (the shift)
  const baselineView = isDefaultSource(requested.method.source)
    ? null
    : await resolveCompareView(prisma, { ...params, judge: undefined, corrected: undefined });
  const baseline: CompareBaseline | undefined =
    baselineView?.status === "ok"
      ? {
          label: judges.defaultJudge,
          differences: Object.fromEntries(
            [baselineView.comparison.overall, ...baselineView.comparison.questions].map((row) => [row.question ?? "", row.difference]),
          ),
        }
      : undefined;

  if (view.status === "no-data") return <EmptyState hasQuestionSets={view.hasQuestionSets} />;
  if (view.status === "unknown-set") {
    return <UnknownSetMessage set={view.set} sets={view.sets} />;
  }

  const { scope, preset, method } = view;
  const groups = "groups" in view ? view.groups : [];
  const a = view.status === "ok" ? view.comparison.groupA.name : params.a;
  const b = view.status === "ok" ? view.comparison.groupB.name : params.b;
  // Links keep the scope the page was opened with (absent: the default, resolved again there) and
  // the method as asked (legacy missing=count comes back as denominator=coherent).
  const shown: CompareViewState = { ...requested, set: view.set.name, a, b };
  const controls = (
    <CompareControls
      sets={view.sets.map(({ name, isDemo, questions, answers }) => ({ name, isDemo, questions, answers }))}
      groups={groups.map(({ name, label, models }) => ({ name, label, models }))}
      set={view.set.name}
      a={a}
      b={b}
      sort={params.sort}
      preset={preset}
      method={method}
      base={scope.param}
      baseChoices={scope.choices}
      judges={judges}
    />
  );

  if (view.status !== "ok") {
    return (
      <div className="space-y-6">
        {view.set.isDemo && <DemoBanner />}
        <ViewHeading title={TITLE} description={DESCRIPTION} set={view.set.name} scope={scope} />
        <ScopeNotices scope={scope} pooled={pooledWarning(scope)} />
        {controls}
        {problem(view)}
      </div>
    );
  }

  const { comparison } = view;
  const { groupA, groupB } = comparison;
  const chartRows = [comparison.overall, ...comparison.questions];
  return (
    <div className="space-y-6">
      {comparison.isDemo && <DemoBanner />}
      <ViewHeading title={TITLE} description={DESCRIPTION} set={comparison.set} scope={scope} />
      <ScopeNotices scope={scope} pooled={pooledWarning(scope)} />
      {controls}
      <section className="space-y-2" aria-labelledby="compare-chart-title">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="compare-chart-title" className="text-lg font-semibold">
            <GroupName label={groupA.label} color={groupA.color} /> − <GroupName label={groupB.label} color={groupB.color} />
            <span className="text-sm font-normal text-zinc-600 dark:text-zinc-300">
              {" "}
              · {groupA.models} vs {groupB.models} models · base model {comparison.scopeLabel}
            </span>
          </h2>
          <ChartExport
            targetId="compare-chart"
            fileName={compareFileName(comparison, "")}
            title={`${groupA.label} − ${groupB.label}: difference in the probability of a misaligned answer (${comparison.set})`}
            caption={`${groupA.label} − ${groupB.label} · question set ${comparison.set} · base model: ${comparison.scopeLabel} · bars: 95% ${
              method.interval === "t" ? "Welch t" : "bootstrap"
            } interval of the difference; filled: permutation p < 0.05 · n = ${groupA.models} vs ${groupB.models} models · ${describeMethod(preset, method)}`}
            legend={[
              { label: `${groupA.label} higher`, color: groupA.color },
              { label: `${groupB.label} higher`, color: groupB.color },
              { label: "filled: p < 0.05", color: "#27272a" },
              { label: "hollow: p ≥ 0.05", color: "#27272a", hollow: true },
            ]}
          />
        </div>
        <OverallSummary comparison={comparison} baseline={baseline} />
        <figure id="compare-chart" data-testid="compare-chart" className="space-y-2">
          <CompareChart
            rows={chartRows}
            a={{ label: groupA.label, color: groupA.color }}
            b={{ label: groupB.label, color: groupB.color }}
            overallLabel="Overall"
            interval={method.interval}
            answersHrefs={Object.fromEntries(
              comparison.questions.flatMap((row) =>
                row.question === null
                  ? []
                  : [
                      [
                        row.question,
                        figureHref({
                          preset,
                          method,
                          base: shown.base,
                          set: comparison.set,
                          group: groupA.name,
                          question: row.question,
                          hash: "answers",
                        }),
                      ],
                    ],
              ),
            )}
          />
          <figcaption className="text-sm text-zinc-600 dark:text-zinc-300">
            <MethodStatement preset={preset} method={method} scopeLabel={scope.label} defaultJudge={judges.defaultJudge} />
          </figcaption>
        </figure>
      </section>
      <section className="space-y-2" aria-labelledby="compare-table-title">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="compare-table-title" className="text-lg font-semibold">
            Per question
          </h2>
          <span className="flex gap-3 text-sm">
            <a href={compareHref("/api/compare/csv", shown)} className="underline" data-testid="csv-export" download>
              Download CSV
            </a>
            <a href={compareHref("/api/compare", shown)} className="underline" data-testid="json-link">
              JSON
            </a>
          </span>
        </div>
        <CompareTable comparison={comparison} view={shown} overallLabel={OVERALL_LABEL} baseline={baseline} />
      </section>
      <CompareNotes comparison={comparison} />
    </div>
  );
}

/** A group's name in the text colour beside a dot of its colour: orange text ("jailbroken") on white measured 2.5:1. */
function GroupName({ label, color }: { label: string; color: string }) {
  return (
    <span className="whitespace-nowrap">
      <span className="mr-1 inline-block h-3 w-3 rounded-full align-baseline" style={{ backgroundColor: color }} aria-hidden />
      {label}
    </span>
  );
}
