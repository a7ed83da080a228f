// The model page's body: identity, controls, per-question rates, score histograms and the
// alignment-vs-coherence scatter, each with its exports.
import Link from "next/link";
import ChartExport from "@/components/ChartExport";
import ScoreHistogram from "@/components/charts/ScoreHistogram";
import ScoreScatter from "@/components/charts/ScoreScatter";
import { formatCount, formatPercent } from "@/components/charts/format";
import { DemoBanner } from "@/components/Notices";
import { figureHref } from "@/lib/params/figure";
import { viewQuery } from "@/lib/params/models";
import { meanOverQuestions, type ModelView as ModelViewData } from "@/lib/queries/models";
import GroupBadge from "./GroupBadge";
import ModelRatesTable from "./ModelRatesTable";
import ViewControls from "./ViewControls";
import FactList from "@/components/FactList";

const linkClass = "text-blue-700 underline dark:text-blue-300";

export default function ModelView({ view }: { view: ModelViewData }) {
  const { model, set, thresholds, rates, histograms, scatter, question } = view;
  const urlView = {
    set: set.name,
    aligned: thresholds.aligned,
    coherent: thresholds.coherent,
    missing: thresholds.countMissingAligned ? ("count" as const) : ("exclude" as const),
    question: question?.externalId,
    bin: view.binWidth,
  };
  const apiBase = `/api/models/${model.id}`;
  const overall = meanOverQuestions(rates);
  const slug = `${model.name.replace(/[^\w.-]+/g, "_")}-${set.name}${question ? `-${question.externalId}` : ""}`;
  const scope = question ? (
    <>
      question <span className="font-mono">{question.externalId}</span>
    </>
  ) : (
    <>
      all {view.questions.length} questions of <span className="font-mono">{set.name}</span>
    </>
  );
  const unplaced = scatter.total - scatter.placeable;

  const facts: [string, React.ReactNode][] = [
    ["Group", <GroupBadge key="g" {...model.group} />],
    ["Seed", model.seed ?? "— (none given)"],
    ["Base model", model.baseModel ?? "—"],
    ["Answers", `${formatCount(model.answers)} in ${model.sets.length} question set${model.sets.length === 1 ? "" : "s"}`],
    [
      "Imported from",
      <ul key="b" className="space-y-0.5">
        {model.batches.map((batch) => (
          <li key={batch.id}>
            <span className="break-all font-mono">{batch.fileName}</span>{" "}
            <span className="text-zinc-500 dark:text-zinc-400">
              ({batch.format}, {formatCount(batch.answers)} answers, {batch.createdAt.slice(0, 10)})
            </span>
          </li>
        ))}
      </ul>,
    ],
  ];

  return (
    <article className="space-y-8">
      {set.isDemo && <DemoBanner />}
      <header className="space-y-3">
        <p className="text-sm">
          <Link href="/models" className={linkClass}>
            ← all models
          </Link>
        </p>
        <h1 className="break-all text-2xl font-semibold tracking-tight" data-testid="model-name">
          {model.name}
        </h1>
        <FactList facts={facts} labelWidth="9rem" />
      </header>

      <ViewControls
        sets={model.sets.map((s) => ({ name: s.name, label: `${s.name}${s.isDemo ? " (demo)" : ""} — ${formatCount(s.answers)} answers` }))}
        set={set.name}
        questions={view.questions.map((q) => q.externalId)}
        question={question?.externalId}
        aligned={thresholds.aligned}
        coherent={thresholds.coherent}
        missing={urlView.missing}
        bin={view.binWidth}
      />

      <section className="space-y-2" aria-labelledby="rates-heading">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="rates-heading" className="text-lg font-semibold">
            Misaligned answers per question
          </h2>
          <span className="flex gap-3 text-sm">
            <a href={`${apiBase}${viewQuery({ ...urlView, question: undefined, format: "csv" })}`} className={linkClass} data-testid="rates-csv" download>
              CSV
            </a>
            <a href={`${apiBase}${viewQuery(urlView)}`} className={linkClass}>
              JSON
            </a>
            <Link href={figureHref({ set: set.name, aligned: thresholds.aligned, coherent: thresholds.coherent })} className={linkClass}>
              Figure 4 of this set
            </Link>
          </span>
        </div>
        <p className="text-sm text-zinc-600 dark:text-zinc-300">
          Misaligned: aligned &lt; {thresholds.aligned} and coherent &gt; {thresholds.coherent}. Counted: coherent answers
          {thresholds.countMissingAligned ? " (including CODE / REFUSAL answers without an alignment score)" : " with an alignment score"}.
          The group column is the Figure-4 value: the mean over the {model.group.label} group&apos;s seeded models, with a 95%
          t interval. This model&apos;s mean over {overall.questions} questions:{" "}
          <strong data-testid="model-mean">{formatPercent(overall.mean)}</strong>.
        </p>
        <ModelRatesTable rates={rates} groupLabel={model.group.label} view={urlView} />
      </section>

      <section className="space-y-3" aria-labelledby="histograms-heading">
        <h2 id="histograms-heading" className="text-lg font-semibold">
          Score distributions <span className="text-sm font-normal text-zinc-600 dark:text-zinc-300">· {scope}</span>
        </h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-300">
          Judge scores from 0 to 100; bins are [low, high). An answer the judge called CODE or REFUSAL has no score and is
          counted in the grey “missing” bar, never as 0.
        </p>
        <div className="grid gap-6 md:grid-cols-2">
          <ScoreHistogram
            id="histogram-aligned"
            title="Alignment score"
            metric="alignment score"
            histogram={histograms.aligned}
            color={model.group.color}
            threshold={{ value: thresholds.aligned, label: `A = ${thresholds.aligned}` }}
            fileName={`${slug}-aligned-histogram`}
          />
          <ScoreHistogram
            id="histogram-coherent"
            title="Coherence score"
            metric="coherence score"
            histogram={histograms.coherent}
            color={model.group.color}
            threshold={{ value: thresholds.coherent, label: `C = ${thresholds.coherent}` }}
            fileName={`${slug}-coherent-histogram`}
          />
        </div>
      </section>

      <section className="space-y-2" aria-labelledby="scatter-heading">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="scatter-heading" className="text-lg font-semibold">
            Alignment vs coherence <span className="text-sm font-normal text-zinc-600 dark:text-zinc-300">· {scope}</span>
          </h2>
          <ChartExport targetId="score-scatter" fileName={`${slug}-scatter`} />
        </div>
        <p className="text-sm text-zinc-600 dark:text-zinc-300" data-testid="scatter-summary">
          {scatter.sampled ? (
            <>
              Showing <strong data-testid="scatter-shown">{formatCount(scatter.points.length)}</strong> of{" "}
              {formatCount(scatter.placeable)} scored answers (a fixed sample, the same on every visit).
            </>
          ) : (
            <>
              Showing all <strong data-testid="scatter-shown">{formatCount(scatter.points.length)}</strong> scored answers.
            </>
          )}{" "}
          {unplaced > 0 && (
            <span data-testid="scatter-unplaced">
              {formatCount(unplaced)} answer{unplaced === 1 ? "" : "s"} without a score cannot be placed (
              {formatCount(scatter.missingAligned)} without an alignment score — CODE / REFUSAL —,{" "}
              {formatCount(scatter.missingCoherent)} without a coherence score).
            </span>
          )}{" "}
          The shaded corner is misaligned (coherent &gt; {thresholds.coherent}, aligned &lt; {thresholds.aligned}). Click a
          point to open its answer.
        </p>
        {scatter.points.length === 0 ? (
          <p className="rounded border border-zinc-300 p-4 text-sm dark:border-zinc-700">No answer here has both scores.</p>
        ) : (
          <ScoreScatter
            id="score-scatter"
            points={scatter.points}
            aligned={thresholds.aligned}
            coherent={thresholds.coherent}
            color={model.group.color}
          />
        )}
      </section>
    </article>
  );
}
