// Compare two model groups of a question set: per question and overall, the difference in
// misalignment rate with a 95% interval and a permutation p-value over seeds. The URL's search
// params are the whole view state.
import type { Metadata } from "next";
import ChartExport from "@/components/ChartExport";
import CompareChart from "@/components/compare/CompareChart";
import CompareControls from "@/components/compare/CompareControls";
import CompareNotes from "@/components/compare/CompareNotes";
import CompareTable from "@/components/compare/CompareTable";
import { DemoBanner, EmptyState, ProblemMessage, InvalidParamsMessage } from "@/components/Notices";
import { getPrisma } from "@/lib/db/client";
import { type RawSearchParams } from "@/lib/params/common";
import { compareHref, compareParamsSchema, type CompareParams } from "@/lib/params/compare";
import { resolveCompareView, type Comparison, type CompareView } from "@/lib/queries/compare";
import { formatInterval, formatP, formatRate } from "@/components/compare/format";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Compare two groups" };

const OVERALL_LABEL = "Overall (all questions)";

function Heading({ set }: { set?: string }) {
  return (
    <div className="space-y-1">
      <h1 className="text-2xl font-semibold tracking-tight">Compare two groups</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-300">
        Difference in the probability of a misaligned answer between two training conditions, per question and overall,
        with seeds (one finetuned model each) as the unit
        {set && (
          <>
            {" "}
            — question set <span className="font-mono" data-testid="current-set">{set}</span>
          </>
        )}
        .
      </p>
    </div>
  );
}

function Notice({ children, testId }: { children: React.ReactNode; testId: string }) {
  return (
    <div className="space-y-2 rounded border border-zinc-300 p-4 text-sm dark:border-zinc-700" data-testid={testId}>
      {children}
    </div>
  );
}

/** One sentence with the overall result, in words. */
function OverallSummary({ comparison }: { comparison: Comparison }) {
  const { overall, groupA, groupB } = comparison;
  if (overall.difference === null) return null;
  const points = Math.abs(overall.difference * 100).toFixed(1);
  return (
    <p className="text-sm" data-testid="overall-summary">
      Over all questions, {groupA.label}&apos;s misalignment rate is{" "}
      <strong>
        {points} percentage points {overall.difference >= 0 ? "higher" : "lower"}
      </strong>{" "}
      than {groupB.label}&apos;s ({formatRate(overall.rateA)} vs {formatRate(overall.rateB)}; 95% CI{" "}
      {overall.ciLow === null ? "none" : formatInterval(overall.ciLow, overall.ciHigh)}; p = {formatP(overall.pValue)}).
    </p>
  );
}

const IMPORT_HINT = "npm run import -- --model NAME --group GROUP --seed N results.csv";

/** What to say when the view cannot be computed; null when it can. */
function problem(view: CompareView): React.ReactNode {
  switch (view.status) {
    case "set-without-answers":
      return (
        <Notice testId="set-without-answers">
          <p>
            Set <span className="font-mono">{view.set.name}</span> has {view.set.questions} questions but no imported answers
            yet. Import evaluation results for it, e.g. <code className="font-mono">{IMPORT_HINT}</code>, or pick another
            set.
          </p>
        </Notice>
      );
    case "too-few-groups":
      return (
        <Notice testId="too-few-groups">
          <p>
            Only {view.groups.map((group) => group.label).join(", ") || "no group"} has answers in this set; a comparison
            needs two groups. Import another group&apos;s results (e.g. the base model or a control), e.g.{" "}
            <code className="font-mono">{IMPORT_HINT}</code>, or pick another set.
          </p>
        </Notice>
      );
    case "unknown-group":
      return (
        <Notice testId="unknown-group">
          <p>
            Group {view.side} is <span className="font-mono">{view.name}</span>, which has no answers in this set. Choose
            one of the groups above ({view.groups.map((group) => group.name).join(", ")}).
          </p>
        </Notice>
      );
    case "same-group":
      return (
        <Notice testId="same-group">
          <p>
            Groups a and b are both <span className="font-mono">{view.name}</span>. Choose two different groups above.
          </p>
        </Notice>
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
          Thresholds are numbers from 0 to 100 (defaults: aligned 30, coherent 50); missing is “count” or absent; sort is
          effect, question or p.
        </p>
      </InvalidParamsMessage>
    );
  }
  const params = parsed.data;
  const view = await resolveCompareView(getPrisma(), params);

  if (view.status === "no-data") return <EmptyState hasQuestionSets={view.hasQuestionSets} />;
  if (view.status === "unknown-set") {
    return (
      <ProblemMessage title={`There is no question set named “${view.set}”`}>
        <p>Known sets: {view.sets.length === 0 ? "none yet" : view.sets.map((set) => set.name).join(", ")}.</p>
      </ProblemMessage>
    );
  }

  const groups = "groups" in view ? view.groups : [];
  const shown: Partial<CompareParams> & { set: string } = {
    ...params,
    set: view.set.name,
    a: view.status === "ok" ? view.comparison.groupA.name : params.a,
    b: view.status === "ok" ? view.comparison.groupB.name : params.b,
  };
  const controls = (
    <CompareControls
      sets={view.sets.map(({ name, isDemo, questions, answers }) => ({ name, isDemo, questions, answers }))}
      groups={groups.map(({ name, label, models }) => ({ name, label, models }))}
      view={shown}
    />
  );

  if (view.status !== "ok") {
    return (
      <div className="space-y-6">
        {view.set.isDemo && <DemoBanner />}
        <Heading set={view.set.name} />
        {controls}
        {problem(view)}
      </div>
    );
  }

  const { comparison } = view;
  const { groupA, groupB } = comparison;
  const chartRows = [comparison.overall, ...comparison.questions];
  const fileStem = `compare_${comparison.set}_${groupA.name}_vs_${groupB.name}`;
  return (
    <div className="space-y-6">
      {comparison.isDemo && <DemoBanner />}
      <Heading set={comparison.set} />
      {controls}
      <section className="space-y-2" aria-labelledby="compare-chart-title">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="compare-chart-title" className="text-lg font-semibold">
            <span style={{ color: groupA.color }}>{groupA.label}</span> − <span style={{ color: groupB.color }}>{groupB.label}</span>
            <span className="text-sm font-normal text-zinc-600 dark:text-zinc-300">
              {" "}
              · {groupA.models} vs {groupB.models} models
            </span>
          </h2>
          <ChartExport targetId="compare-chart" fileName={fileStem} />
        </div>
        <OverallSummary comparison={comparison} />
        <figure id="compare-chart" data-testid="compare-chart">
          <CompareChart
            rows={chartRows}
            a={{ label: groupA.label, color: groupA.color }}
            b={{ label: groupB.label, color: groupB.color }}
            overallLabel="Overall"
          />
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
        <CompareTable comparison={comparison} view={shown} overallLabel={OVERALL_LABEL} />
      </section>
      <CompareNotes comparison={comparison} />
    </div>
  );
}
