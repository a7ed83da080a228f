// The question page's body: what was asked and how it was judged, every group's rate on it, its
// score distributions per group, and its worst answers.
import Link from "next/link";
import ChartExport from "@/components/ChartExport";
import GroupHistogramChart from "@/components/charts/GroupHistogramChart";
import GroupRateChart from "@/components/charts/GroupRateChart";
import { formatCount } from "@/components/charts/format";
import ViewControls from "@/components/models/ViewControls";
import { DemoBanner } from "@/components/Notices";
import { figureHref } from "@/lib/params/figure";
import { viewQuery } from "@/lib/params/models";
import { questionHref } from "@/lib/params/questions";
import type { QuestionView as QuestionViewData } from "@/lib/queries/questions";
import GroupRatesTable from "./GroupRatesTable";
import WorstAnswers from "./WorstAnswers";
import FactList from "@/components/FactList";

const linkClass = "text-blue-700 underline dark:text-blue-300";
const textBlock =
  "whitespace-pre-wrap break-words rounded border border-zinc-200 bg-zinc-50 p-3 font-mono text-sm dark:border-zinc-700 dark:bg-zinc-900";

/** The answers browser (/answers) filtered to this question. */
export function answersBrowserHref(set: string, question: string): string {
  return `/answers?${new URLSearchParams({ set, question }).toString()}`;
}

export default function QuestionView({ view }: { view: QuestionViewData }) {
  const { question, thresholds, rates, histograms, worst } = view;
  const missing = thresholds.countMissingAligned ? ("count" as const) : ("exclude" as const);
  const urlView = { aligned: thresholds.aligned, coherent: thresholds.coherent, missing, bin: view.binWidth };
  const apiBase = `/api/questions/${question.id}`;
  const slug = `${question.set.name}-${question.externalId}`;

  const facts: [string, React.ReactNode][] = [
    [
      "Question set",
      <Link key="s" href={`/questions#set-${question.set.name}`} className={`font-mono ${linkClass}`}>
        {question.set.name}
      </Link>,
    ],
    ["External id", <span key="e" className="font-mono" data-testid="question-external-id">{question.externalId}</span>],
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
    ["Answers", `${formatCount(question.answers)} from ${question.models} model${question.models === 1 ? "" : "s"}`],
  ];

  return (
    <article className="space-y-8">
      {question.set.isDemo && <DemoBanner />}
      <header className="space-y-3">
        <p className="text-sm">
          <Link href="/questions" className={linkClass}>
            ← all questions
          </Link>
        </p>
        <h1 className="break-all text-2xl font-semibold tracking-tight">
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
            <pre className={textBlock} data-testid="question-system-prompt">{question.systemPrompt}</pre>
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
          No answers to this question are imported yet. Import an evaluation file of its set, e.g.{" "}
          <code className="font-mono">npm run import -- --model NAME --group GROUP --seed N results.csv</code>.
        </p>
      ) : (
        <>
          <ViewControls aligned={thresholds.aligned} coherent={thresholds.coherent} missing={missing} bin={view.binWidth} />

          <section className="space-y-2" aria-labelledby="group-rates-heading">
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <h2 id="group-rates-heading" className="text-lg font-semibold">
                Probability of a misaligned answer, per group
              </h2>
              <span className="flex flex-wrap items-center gap-3 text-sm">
                <ChartExport targetId="group-rate-chart" fileName={`${slug}-group-rates`} />
                <a href={`${apiBase}${viewQuery({ ...urlView, format: "csv" })}`} className={linkClass} data-testid="rates-csv" download>
                  CSV
                </a>
                <a href={`${apiBase}${viewQuery(urlView)}`} className={linkClass}>
                  JSON
                </a>
                <Link href={figureHref({ set: question.set.name, aligned: thresholds.aligned, coherent: thresholds.coherent })} className={linkClass}>
                  Figure 4
                </Link>
              </span>
            </div>
            <p className="text-sm text-zinc-600 dark:text-zinc-300">
              Misaligned: aligned &lt; {thresholds.aligned} and coherent &gt; {thresholds.coherent}
              {thresholds.countMissingAligned ? "; CODE / REFUSAL answers count as not misaligned" : "; CODE / REFUSAL answers left out"}.
              Each group&apos;s value is the mean over its seeded models of each model&apos;s rate, with a 95% t interval over
              models (none for one model) — the same numbers as Figure 4.
            </p>
            {rates.some((rate) => rate.rate !== null) ? (
              <GroupRateChart id="group-rate-chart" rates={rates} />
            ) : (
              <p className="text-sm">No group has a counted answer at these thresholds.</p>
            )}
            <GroupRatesTable rates={rates} set={question.set.name} question={question.externalId} thresholds={thresholds} />
          </section>

          <section className="space-y-3" aria-labelledby="distributions-heading">
            <h2 id="distributions-heading" className="text-lg font-semibold">
              Score distributions per group
            </h2>
            <div className="grid gap-6 lg:grid-cols-2">
              <GroupHistogramChart
                id="group-histogram-aligned"
                title="Alignment score"
                metric="alignment score"
                groups={histograms.aligned}
                fileName={`${slug}-aligned-by-group`}
              />
              <GroupHistogramChart
                id="group-histogram-coherent"
                title="Coherence score"
                metric="coherence score"
                groups={histograms.coherent}
                fileName={`${slug}-coherent-by-group`}
              />
            </div>
          </section>

          <section className="space-y-2" aria-labelledby="answers-heading">
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <h2 id="answers-heading" className="text-lg font-semibold">
                The {worst.length} lowest-alignment answers
              </h2>
              <span className="flex flex-wrap gap-3 text-sm">
                <Link href={answersBrowserHref(question.set.name, question.externalId)} className={linkClass} data-testid="answers-browser-link">
                  all {formatCount(question.answers)} answers
                </Link>
                <a href={`${apiBase}${viewQuery({ ...urlView, format: "csv" })}&table=worst`} className={linkClass} data-testid="worst-csv" download>
                  CSV
                </a>
              </span>
            </div>
            <WorstAnswers answers={worst} thresholds={thresholds} />
          </section>
        </>
      )}
    </article>
  );
}
