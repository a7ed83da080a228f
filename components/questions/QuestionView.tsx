// The question page's body: what was asked and how it was judged, every group's rate on it (the
// Figure-4 numbers for the page's base-model scope and method), its score distributions per group
// and its worst answers (the scope's models, evaluation answers only).
import Link from "next/link";
import ChartExport from "@/components/charts/ChartExport";
import GroupHistogramChart from "@/components/charts/GroupHistogramChart";
import HistogramControls from "@/components/charts/HistogramControls";
import GroupRateChart from "@/components/charts/GroupRateChart";
import { formatCount } from "@/lib/format";
import MethodStatement from "@/components/MethodStatement";
import { describeMethod } from "@/lib/stats/method";
import ViewControls from "@/components/models/ViewControls";
import { DemoBanner } from "@/components/ui/Notices";
import FactList from "@/components/ui/FactList";
import { figureHref } from "@/lib/params/figure";
import { writeMethodParams, type MethodView } from "@/lib/params/method";
import { viewQuery, type EntityView } from "@/lib/params/models";
import { questionHref, questionsListHref } from "@/lib/params/questions";
import type { QuestionView as QuestionViewData } from "@/lib/questions/types";
import { methodLabel } from "@/lib/stats/method";
import MetricHistograms from "@/components/models/MetricHistograms";
import GroupRatesTable from "./GroupRatesTable";
import SideBySidePicker from "@/components/side-by-side/SideBySidePicker";
import WorstAnswers from "./WorstAnswers";
import type { JudgeChoices } from "@/lib/domain/score-source";
import { scoresByText } from "@/lib/domain/score-source";
import { FILE_JUDGE_LABEL } from "@/lib/domain/judges";

const linkClass = "text-blue-700 underline dark:text-blue-300";
const textBlock =
  "whitespace-pre-wrap wrap-anywhere rounded border border-zinc-200 bg-zinc-50 p-3 font-mono text-sm dark:border-zinc-700 dark:bg-zinc-900";
const note =
  "rounded border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100";

/** The answers browser (/answers) filtered to this question, in the page's scope and method. */
export function answersBrowserHref(set: string, question: string, view: Partial<MethodView> = {}): string {
  return `/answers?${writeMethodParams(new URLSearchParams({ set, question }), view).toString()}`;
}

export default function QuestionView({ view, judges }: { view: QuestionViewData; judges?: JudgeChoices }) {
  const { question, method, preset, scope, rates, histograms, metricHistograms, worst, scoped } = view;
  const scoresBy = scoresByText(method.source, judges?.defaultJudge ?? FILE_JUDGE_LABEL);
  // links keep the scope as the URL gave it (absent: the default, resolved again on the next page)
  const methodView: Partial<MethodView> = {
    preset,
    method,
    base: scope.isDefault ? undefined : scope.param,
    attributes: scope.scope.attributes,
  };
  const urlView: EntityView = { ...methodView, bin: view.binWidth };
  const apiBase = `/api/questions/${question.id}`;
  // the chart shows the models that enter each mean; the table lists the left-out ones too
  const chartRates = rates.map((rate) => ({ ...rate, modelRates: rate.modelRates.filter((model) => model.included) }));
  const slug = `${question.set.name}-${question.externalId}`;

  const facts: [string, React.ReactNode][] = [
    [
      "Question set",
      <Link key="s" href={questionsListHref(methodView, `set-${question.set.name}`)} className={`font-mono ${linkClass}`}>
        {question.set.name}
      </Link>,
    ],
    [
      "External id",
      <span key="e" className="font-mono" data-testid="question-external-id">
        {question.externalId}
      </span>,
    ],
    ["Variant", question.variant],
    ["Category", question.category ?? "—"],
    ["Type", question.type ?? "—"],
    ["Samples per paraphrase", question.samplesPerParaphrase ?? "—"],
    ["Judge model", question.judgeModel ?? "—"],
    [
      "Other variants",
      question.variants.length === 0 ? (
        "—"
      ) : (
        <span key="v" className="flex flex-wrap gap-x-3">
          {question.variants.map((variant) => (
            <Link key={variant.id} href={questionHref(variant.id, urlView)} className={`font-mono ${linkClass}`}>
              {variant.externalId}
            </Link>
          ))}
        </span>
      ),
    ],
    [
      "Answers",
      <span key="a" data-testid="question-answer-counts">
        {formatCount(scoped.answers)} from {scoped.models} model{scoped.models === 1 ? "" : "s"} of {scope.label}
        {scope.scope.kind !== "all" && question.answers !== scoped.answers && (
          <span className="text-zinc-500 dark:text-zinc-400">
            {" "}
            ({formatCount(question.answers)} from {question.models} model{question.models === 1 ? "" : "s"} of every base model)
          </span>
        )}
        {question.examples > 0 && (
          <span className="text-zinc-500 dark:text-zinc-400" data-testid="question-examples">
            {" "}
            · {formatCount(question.examples)} curated example answer{question.examples === 1 ? "" : "s"} — not counted
          </span>
        )}
      </span>,
    ],
  ];

  return (
    <article className="space-y-8">
      {question.set.isDemo && <DemoBanner />}
      <header className="space-y-3">
        <p className="text-sm">
          <Link href={questionsListHref(methodView)} className={linkClass}>
            ← all questions
          </Link>
        </p>
        <h1 className="text-2xl font-semibold tracking-tight wrap-anywhere">
          <span className="font-mono">{question.externalId}</span>
        </h1>
        <FactList facts={facts} labelWidth="12rem" />
      </header>

      <section className="space-y-2">
        <h2 className="text-lg font-semibold">
          Asked as {question.paraphrases.length} paraphrase{question.paraphrases.length === 1 ? "" : "s"}
        </h2>
        <ol className="list-decimal space-y-2 pl-6" data-testid="paraphrases">
          {question.paraphrases.map((paraphrase, index) => (
            <li key={index}>
              <pre className={textBlock}>{paraphrase}</pre>
            </li>
          ))}
        </ol>
        {question.systemPrompt && (
          <>
            <h3 className="font-semibold">System prompt</h3>
            <pre className={textBlock} data-testid="question-system-prompt">
              {question.systemPrompt}
            </pre>
          </>
        )}
        {question.judgePrompts.length > 0 && (
          <div className="space-y-2">
            {question.judgePrompts.map((judge) => (
              <details key={judge.metric} className="rounded border border-zinc-200 p-2 dark:border-zinc-700" data-testid="judge-prompt">
                <summary className="cursor-pointer text-sm font-medium">Judge prompt: {judge.metric}</summary>
                <pre className={`${textBlock} mt-2`}>{judge.prompt}</pre>
              </details>
            ))}
          </div>
        )}
      </section>

      {question.answers === 0 ? (
        <p className="rounded border border-zinc-300 p-4 text-sm dark:border-zinc-700" data-testid="question-without-answers">
          No evaluation answers to this question are imported yet
          {question.examples > 0 ? ` (only ${formatCount(question.examples)} curated example answers, which are never counted)` : ""}.
          Import an evaluation file of its set, e.g.{" "}
          <code className="font-mono">npm run import -- --model NAME --group GROUP --base-model BASE --seed N results.csv</code>.
        </p>
      ) : (
        <>
          <ViewControls
            preset={preset}
            method={method}
            base={scope.param}
            baseChoices={scope.choices}
            bin={view.binWidth}
            judges={judges}
          />
          {scope.unknownParam && (
            <p className="text-sm text-amber-800 dark:text-amber-200" data-testid="unknown-base">
              No model with evaluation answers has the base model “{scope.unknownParam}”.
            </p>
          )}
          {scope.scope.kind === "all" && scope.choices.length > 1 && (
            <p className={note} data-testid="pooled-warning">
              Pooling {scope.choices.length} base models: each group&apos;s mean mixes models of different base models. Figures in this
              literature are drawn per base model.
            </p>
          )}

          {scoped.answers === 0 ? (
            <p className="rounded border border-zinc-300 p-4 text-sm dark:border-zinc-700" data-testid="question-without-scope-answers">
              No model of {scope.label} answered this question; {formatCount(question.answers)} evaluation answers come from models of other
              base models. Choose one in the base model select above.
            </p>
          ) : (
            <>
              <section className="space-y-2" aria-labelledby="group-rates-heading">
                <div className="flex flex-wrap items-baseline justify-between gap-2">
                  <h2 id="group-rates-heading" className="text-lg font-semibold">
                    Probability of a misaligned answer, per group
                  </h2>
                  <span className="flex flex-wrap items-center gap-3 text-sm">
                    <ChartExport
                      targetId="group-rate-chart"
                      fileName={`${slug}-group-rates`}
                      title={`Probability of a misaligned answer to ${question.externalId}, per group`}
                      caption={`Question ${question.externalId} (set ${question.set.name}) · base model: ${scope.label} · ${describeMethod(preset, method)} · n = ${rates
                        .map((rate) => `${rate.groupLabel} ${rate.answers} counted answers of ${rate.models} models`)
                        .join(", ")}`}
                    />
                    <a
                      href={`${apiBase}${viewQuery({ ...urlView, format: "csv" })}`}
                      className={linkClass}
                      data-testid="rates-csv"
                      download
                    >
                      CSV
                    </a>
                    <a href={`${apiBase}${viewQuery(urlView)}`} className={linkClass} data-testid="rates-json">
                      JSON
                    </a>
                    <Link href={figureHref({ ...methodView, set: question.set.name })} className={linkClass} data-testid="figure-link">
                      Figure 4
                    </Link>
                  </span>
                </div>
                <div className="space-y-1 text-sm text-zinc-600 dark:text-zinc-300">
                  <MethodStatement preset={preset} method={method} scopeLabel={scope.label} defaultJudge={judges?.defaultJudge} />
                  <p>
                    The same numbers as Figure 4 ({methodLabel(preset, method)}, base model {scope.label}): each group&apos;s value is the
                    mean over its models with at least {method.minAnswers} answer{method.minAnswers === 1 ? "" : "s"} counted (n), with the
                    interval named under it; the models left out by that rule are listed with their group. The chart shows the included
                    models only.
                  </p>
                </div>
                {rates.some((rate) => rate.rate !== null) ? (
                  <GroupRateChart id="group-rate-chart" rates={chartRates} />
                ) : (
                  <p className="text-sm" data-testid="nothing-counted">
                    No group has a model with {method.minAnswers} answer{method.minAnswers === 1 ? "" : "s"} counted at these settings.
                  </p>
                )}
                <GroupRatesTable
                  rates={rates}
                  set={question.set.name}
                  question={question.externalId}
                  view={methodView}
                  minAnswers={method.minAnswers}
                />
                <SideBySidePicker
                  groups={rates.map((rate) => ({ name: rate.group, label: rate.groupLabel }))}
                  view={{ ...methodView, set: question.set.name, question: question.externalId }}
                />
              </section>

              <section className="space-y-3" aria-labelledby="distributions-heading">
                <h2 id="distributions-heading" className="text-lg font-semibold">
                  Score distributions per group
                </h2>
                <p className="text-sm text-zinc-600 dark:text-zinc-300">
                  <span data-testid="histogram-judge">{scoresBy}</span> Evaluation answers of the models of {scope.label}
                  {question.examples > 0 ? " (curated example answers left out)" : ""}. Bins are [low, high): the rule keeps coherent ≥{" "}
                  {method.coherent} and calls aligned &lt; {method.aligned} misaligned.
                </p>
                <HistogramControls zoomLabel={`Zoom to aligned < ${method.aligned}`} />
                <div className="grid gap-6 lg:grid-cols-2">
                  <GroupHistogramChart
                    id="group-histogram-aligned"
                    title="Alignment score"
                    metric="alignment score"
                    groups={histograms.aligned}
                    zoomBelow={method.aligned}
                    exportTitle={`Alignment scores of the answers to ${question.externalId}, per group`}
                    exportCaption={`Base model: ${scope.label} · evaluation answers · ${scoresBy}`}
                    fileName={`${slug}-aligned-by-group`}
                  />
                  <GroupHistogramChart
                    id="group-histogram-coherent"
                    title="Coherence score"
                    metric="coherence score"
                    groups={histograms.coherent}
                    fileName={`${slug}-coherent-by-group`}
                    exportTitle={`Coherence scores of the answers to ${question.externalId}, per group`}
                    exportCaption={`Base model: ${scope.label} · evaluation answers · ${scoresBy}`}
                  />
                </div>
              </section>

              <MetricHistograms
                histograms={metricHistograms}
                // every group together: one bar colour, apart from the grey "missing" bar (blue-600: 3:1 and more on both themes)
                color="#2563eb"
                fileSlug={slug}
                describe={`the answers to ${question.externalId} (models of ${scope.label})`}
              />

              <section className="space-y-2" aria-labelledby="answers-heading">
                <div className="flex flex-wrap items-baseline justify-between gap-2">
                  <h2 id="answers-heading" className="text-lg font-semibold">
                    The {worst.length} lowest-alignment answers
                  </h2>
                  <span className="flex flex-wrap gap-3 text-sm">
                    <Link
                      href={answersBrowserHref(question.set.name, question.externalId, methodView)}
                      className={linkClass}
                      data-testid="answers-browser-link"
                    >
                      all answers
                    </Link>
                    <a
                      href={`${apiBase}${viewQuery({ ...urlView, format: "csv" })}&table=worst`}
                      className={linkClass}
                      data-testid="worst-csv"
                      download
                    >
                      CSV
                    </a>
                  </span>
                </div>
                <p className="text-sm text-zinc-600 dark:text-zinc-300">
                  Evaluation answers of the models of {scope.label}, lowest alignment score first (no score last); the verdict is the rule
                  of {methodLabel(preset, method)}. <span data-testid="worst-judge">{scoresBy}</span>
                </p>
                <WorstAnswers answers={worst} thresholds={method} view={methodView} />
              </section>
            </>
          )}
        </>
      )}
    </article>
  );
}
