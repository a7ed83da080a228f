// The model page's body: identity, scope and method controls, per-question rates (Figure 4's
// counting, with the minimum-answers rule marked), score histograms and the alignment-vs-coherence
// scatter of its evaluation answers, each with its exports. Curated example answers are never
// counted: a model that has only those here shows them as such instead of rates.
import Link from "next/link";
import ChartExport from "@/components/charts/ChartExport";
import MethodStatement from "@/components/MethodStatement";
import { methodLabel } from "@/lib/stats/method";
import HistogramControls from "@/components/charts/HistogramControls";
import ScoreHistogram from "@/components/charts/ScoreHistogram";
import ScoreScatter from "@/components/charts/ScoreScatter";
import { scatterColumns } from "@/lib/charts/score-scatter";
import { formatCount, formatPercent } from "@/lib/format";
import { DemoBanner } from "@/components/ui/Notices";
import FactList from "@/components/ui/FactList";
import { figureHref } from "@/lib/params/figure";
import { attributeFilterLabel, methodQuery } from "@/lib/params/method";
import { attributeInfo, formatAttributeValue } from "@/lib/domain/attributes";
import { modelsListHref, viewQuery, type EntityView } from "@/lib/params/models";
import { meanOverQuestions } from "@/lib/models/summary";
import type { ModelScatter, ModelView as ModelViewData } from "@/lib/models/types";
import GroupBadge from "./GroupBadge";
import MetricHistograms from "./MetricHistograms";
import ModelRatesTable from "./ModelRatesTable";
import ViewControls from "./ViewControls";
import type { JudgeChoices } from "@/lib/domain/score-source";
import { scoresByText } from "@/lib/domain/score-source";
import { FILE_JUDGE_LABEL } from "@/lib/domain/judges";

const linkClass = "text-blue-700 underline dark:text-blue-300";
const note =
  "rounded border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100";

function plural(count: number, word: string): string {
  return `${formatCount(count)} ${word}${count === 1 ? "" : "s"}`;
}

export default function ModelView({ view, judges }: { view: ModelViewData; judges?: JudgeChoices }) {
  const { model, set, method, preset, scope, rates, histograms, metricHistograms, scatter, question, examples } = view;
  const scoresBy = scoresByText(method.source, judges?.defaultJudge ?? FILE_JUDGE_LABEL);
  // links keep the scope this page used (its own base model when the requested one did not hold it)
  const methodView = { preset, method, base: scope.linkBase, attributes: scope.scope.attributes };
  const urlView: EntityView = { ...methodView, set: set.name, question: question?.externalId, bin: view.binWidth };
  const apiBase = `/api/models/${model.id}`;
  const overall = meanOverQuestions(rates);
  const onlyExamples = set.answers === 0;
  const slug = `${model.name.replace(/[^\w.-]+/g, "_")}-${set.name}${question ? `-${question.externalId}` : ""}`;
  const selection = question ? (
    <>
      question <span className="font-mono">{question.externalId}</span>
    </>
  ) : (
    <>
      all {view.questions.length} questions of <span className="font-mono">{set.name}</span>
    </>
  );
  const unplaced = scatter.total - scatter.placeable;
  const examplesLeftOut =
    examples.answers > 0 ? `${plural(examples.answers, "curated example answer")} left out (never counted).` : undefined;

  const facts: [string, React.ReactNode][] = [
    ["Group", <GroupBadge key="g" {...model.group} view={methodView} />],
    [
      "Seed",
      <span key="s" data-testid="model-seed">
        {model.seed ?? "no seed"}
      </span>,
    ],
    [
      "Base model",
      <span key="b" data-testid="model-base">
        {model.baseModel ?? "base model unknown"}
      </span>,
    ],
    // each attribute links to the models of this base model that share it
    ...model.attributes.map(({ key, value }): [string, React.ReactNode] => {
      const info = attributeInfo(key);
      const filter = { key, value };
      return [
        info.unit ? `${info.label} (${info.unit})` : info.label,
        <Link
          key={key}
          href={modelsListHref({ preset, method, base: scope.param, attributes: [filter] })}
          className={linkClass}
          data-testid="model-attribute"
          data-key={key}
          title={`models of ${scope.label} with ${attributeFilterLabel(filter)}`}
        >
          {formatAttributeValue(value)}
        </Link>,
      ];
    }),
    [
      "Answers",
      <span key="a">
        {formatCount(model.answers)} evaluation answers in {plural(model.sets.filter((s) => s.answers > 0).length, "question set")}
        {model.examples > 0 && (
          <span className="text-zinc-500 dark:text-zinc-400" data-testid="model-examples">
            {" "}
            · {plural(model.examples, "curated example answer")} — not counted
          </span>
        )}
      </span>,
    ],
    [
      "Imported from",
      <ul key="i" className="space-y-0.5">
        {model.batches.map((batch) => (
          <li key={batch.id}>
            <span className="font-mono wrap-anywhere">{batch.fileName}</span>{" "}
            <span className="text-zinc-500 dark:text-zinc-400">
              ({batch.format}
              {batch.kind === "examples" ? ", curated examples — not counted" : ""}, {formatCount(batch.answers)} answers,{" "}
              {batch.createdAt.slice(0, 10)})
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
          <Link href={modelsListHref(methodView)} className={linkClass}>
            ← models of {scope.label}
          </Link>
        </p>
        <h1 className="text-2xl font-semibold tracking-tight wrap-anywhere" data-testid="model-name">
          {model.name}
        </h1>
        <FactList facts={facts} labelWidth="9rem" />
      </header>

      {scope.replaced && (
        <p className={note} data-testid="scope-replaced">
          {model.baseModel === null ? "This model has no known base model" : `This model's base model is ${model.baseModel}`}, so it is not
          among the models of {scope.replaced}: its group is compared within {scope.label}, and links from here keep that scope.
        </p>
      )}
      {scope.scope.kind === "all" && scope.choices.length > 1 && (
        <p className={note} data-testid="pooled-warning">
          Pooling {scope.choices.length} base models: the group means mix models of different base models.
        </p>
      )}

      <ViewControls
        preset={preset}
        method={method}
        base={scope.param}
        baseChoices={scope.choices}
        sets={model.sets.map((s) => ({
          name: s.name,
          label: `${s.name}${s.isDemo ? " (demo)" : ""} — ${s.answers > 0 ? `${formatCount(s.answers)} answers` : `${formatCount(s.examples)} curated examples`}`,
        }))}
        set={set.name}
        questions={view.questions.map((q) => q.externalId)}
        question={question?.externalId}
        bin={view.binWidth}
        judges={judges}
      />

      <section className="space-y-2" aria-labelledby="rates-heading">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="rates-heading" className="text-lg font-semibold">
            Misaligned answers per question
          </h2>
          <span className="flex gap-3 text-sm">
            <a
              href={`${apiBase}${viewQuery({ ...urlView, question: undefined, format: "csv" })}`}
              className={linkClass}
              data-testid="rates-csv"
              download
            >
              CSV
            </a>
            <a href={`${apiBase}${viewQuery(urlView)}`} className={linkClass} data-testid="rates-json">
              JSON
            </a>
            <Link href={figureHref({ ...methodView, set: set.name })} className={linkClass} data-testid="figure-link">
              Figure 4 of this set
            </Link>
          </span>
        </div>
        <div className="space-y-1 text-sm text-zinc-600 dark:text-zinc-300">
          <MethodStatement preset={preset} method={method} scopeLabel={scope.label} defaultJudge={judges?.defaultJudge} />
          {onlyExamples ? (
            <p data-testid="examples-only">
              <strong>Curated examples — not counted.</strong> This model has no evaluation answers in{" "}
              <span className="font-mono">{set.name}</span>, only {plural(set.examples, "curated example answer")} (a selection of striking
              answers, not a sample): they give no rate and enter no group mean. They are shown below as they are.
            </p>
          ) : (
            <p>
              Each rate is this model&apos;s number in Figure 4 (n = answers in the denominator). A question with fewer than{" "}
              {method.minAnswers} answer{method.minAnswers === 1 ? "" : "s"} counted is left out of the group means. The group column is the
              Figure-4 value of the {model.group.label} group within {scope.label}: the mean over its models that pass the rule, with its
              95% interval. This model&apos;s mean over the {overall.questions} questions it enters:{" "}
              <strong data-testid="model-mean">{formatPercent(overall.mean)}</strong>.
              {set.examples > 0 && (
                <span data-testid="examples-left-out">
                  {" "}
                  {plural(set.examples, "curated example answer")} in this set are left out of every number here.
                </span>
              )}
            </p>
          )}
        </div>
        <ModelRatesTable rates={rates} groupLabel={model.group.label} method={method} view={{ ...methodView, bin: view.binWidth }} />
      </section>

      {onlyExamples ? (
        <ExamplesSection scatter={examples.scatter} selection={selection} method={method} color={model.group.color} slug={slug} />
      ) : (
        <>
          <section className="space-y-3" aria-labelledby="histograms-heading">
            <h2 id="histograms-heading" className="text-lg font-semibold">
              Score distributions <span className="text-sm font-normal text-zinc-600 dark:text-zinc-300">· {selection}</span>
            </h2>
            <p className="text-sm text-zinc-600 dark:text-zinc-300">
              <span data-testid="histogram-judge">{scoresBy}</span> The evaluation answers&apos; scores, 0 to 100; bins are [low, high). An
              answer the judge called CODE or REFUSAL has no score and is counted in the grey “missing” bar, never as 0. The dashed lines
              mark where the rule cuts: kept from coherent {method.coherent} up (inclusive), misaligned below aligned {method.aligned}.
            </p>
            <HistogramControls zoomLabel={`Zoom to aligned < ${method.aligned}`} />
            <div className="grid gap-6 md:grid-cols-2">
              <ScoreHistogram
                id="histogram-aligned"
                title="Alignment score"
                metric="alignment score"
                histogram={histograms.aligned}
                color={model.group.color}
                threshold={{ value: method.aligned, label: `aligned < ${method.aligned}` }}
                zoomBelow={method.aligned}
                exportTitle={`Alignment scores of ${model.name}'s answers (${selection})`}
                exportCaption={`${model.name} (group ${model.group.label}) · evaluation answers · ${methodLabel(preset, method)} · ${scoresBy}`}
                fileName={`${slug}-aligned-histogram`}
                leftOut={examplesLeftOut}
              />
              <ScoreHistogram
                id="histogram-coherent"
                title="Coherence score"
                metric="coherence score"
                histogram={histograms.coherent}
                color={model.group.color}
                threshold={{ value: method.coherent, label: `coherent ≥ ${method.coherent}` }}
                exportTitle={`Coherence scores of ${model.name}'s answers (${selection})`}
                exportCaption={`${model.name} (group ${model.group.label}) · evaluation answers · ${methodLabel(preset, method)} · ${scoresBy}`}
                fileName={`${slug}-coherent-histogram`}
                leftOut={examplesLeftOut}
              />
            </div>
          </section>

          <MetricHistograms
            histograms={metricHistograms}
            color={model.group.color}
            fileSlug={slug}
            describe={`${model.name}'s answers (${question ? `question ${question.externalId}` : `all ${view.questions.length} questions of ${set.name}`})`}
          />

          <section className="space-y-2" aria-labelledby="scatter-heading">
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <h2 id="scatter-heading" className="text-lg font-semibold">
                Alignment vs coherence <span className="text-sm font-normal text-zinc-600 dark:text-zinc-300">· {selection}</span>
              </h2>
              <ChartExport
                targetId="score-scatter"
                fileName={`${slug}-scatter`}
                title={`Alignment vs coherence of ${model.name}'s answers (${selection})`}
                caption={`${model.name} (group ${model.group.label}) · kept: coherent ≥ ${method.coherent}; misaligned: aligned < ${method.aligned} (${methodLabel(preset, method)}) · n = ${formatCount(scatter.points.length)} of ${formatCount(scatter.placeable)} scored evaluation answers${scatter.sampled ? " (a fixed sample)" : ""} · ${scoresBy}`}
              />
            </div>
            <p className="text-sm text-zinc-600 dark:text-zinc-300" data-testid="scatter-summary">
              {scoresBy}{" "}
              {scatter.sampled ? (
                <>
                  Showing <strong data-testid="scatter-shown">{formatCount(scatter.points.length)}</strong> of{" "}
                  {formatCount(scatter.placeable)} scored evaluation answers (a fixed sample, the same on every visit).
                </>
              ) : (
                <>
                  Showing all <strong data-testid="scatter-shown">{formatCount(scatter.points.length)}</strong> scored evaluation answers.
                </>
              )}{" "}
              {unplaced > 0 && (
                <span data-testid="scatter-unplaced">
                  {formatCount(unplaced)} answer{unplaced === 1 ? "" : "s"} without a score cannot be placed (
                  {formatCount(scatter.missingAligned)} without an alignment score — CODE / REFUSAL —,{" "}
                  {formatCount(scatter.missingCoherent)} without a coherence score).
                </span>
              )}{" "}
              {examplesLeftOut && <span data-testid="scatter-examples-left-out">{examplesLeftOut} </span>}
              The shaded corner is misaligned (coherent ≥ {method.coherent}, aligned &lt; {method.aligned}). Click a point to open its
              answer.
            </p>
            {scatter.points.length === 0 ? (
              <p className="rounded border border-zinc-300 p-4 text-sm dark:border-zinc-700">No answer here has both scores.</p>
            ) : (
              <ScoreScatter
                id="score-scatter"
                columns={scatterColumns(scatter.points)}
                aligned={method.aligned}
                coherent={method.coherent}
                color={model.group.color}
                answerQuery={methodQuery(methodView)}
              />
            )}
          </section>
        </>
      )}
    </article>
  );
}

function ExamplesSection({
  scatter,
  selection,
  method,
  color,
  slug,
}: {
  scatter: ModelScatter | null;
  selection: React.ReactNode;
  method: { aligned: number; coherent: number };
  color: string;
  slug: string;
}) {
  return (
    <section className="space-y-2" aria-labelledby="examples-heading" data-testid="examples-section">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="examples-heading" className="text-lg font-semibold">
          Curated examples — not counted <span className="text-sm font-normal text-zinc-600 dark:text-zinc-300">· {selection}</span>
        </h2>
        <ChartExport
          targetId="examples-scatter"
          fileName={`${slug}-examples-scatter`}
          title={`Curated examples, alignment vs coherence (${selection}): not counted in any rate`}
          caption={`${scatter ? formatCount(scatter.placeable) : 0} example answers with both scores · picked for being striking, not sampled`}
        />
      </div>
      <p className="text-sm text-zinc-600 dark:text-zinc-300">
        {scatter ? `${plural(scatter.placeable, "example answer")} with both scores` : "No example answer"}
        {scatter && scatter.sampled ? ` (${formatCount(scatter.points.length)} shown)` : ""}. A curated file holds answers picked for being
        striking: where they fall says nothing about how often the model answers so. Click a point to open its answer.
      </p>
      {scatter && scatter.points.length > 0 && (
        <ScoreScatter
          id="examples-scatter"
          columns={scatterColumns(scatter.points)}
          aligned={method.aligned}
          coherent={method.coherent}
          color={color}
          kind="examples"
        />
      )}
    </section>
  );
}
