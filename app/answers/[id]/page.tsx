// Permalink of one answer: question, full answer (untrusted text: safe markdown or raw text),
// scores, verdict, provenance, the judge's token distributions, previous/next within the list it
// was opened from (the browser's filter params ride along in the URL), and link-preview metadata.
import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { notFound, permanentRedirect } from "next/navigation";
import { cache, Suspense } from "react";
import AnswerBody, { rawTextClass } from "@/components/answers/AnswerBody";
import { displayText } from "@/lib/render/newlines";
import AnswerNeighbours from "@/components/answers/AnswerNeighbours";
import CopyLinkButton from "@/components/answers/CopyLinkButton";
import RemovedAnswer from "@/components/answers/RemovedAnswer";
import JudgeScoresTable from "@/components/answers/JudgeScoresTable";
import { DEFAULT_SOURCE, type ScoreSource } from "@/lib/domain/score-source";
import AddToCollection from "@/components/collections/AddToCollection";
import AnswerReviewForm from "@/components/review/AnswerReviewForm";
import LabelHistory from "@/components/review/LabelHistory";
import { answerReview } from "@/lib/review/store";
import { requestOrigin } from "@/lib/api/origin";
import { DemoBanner } from "@/components/ui/Notices";
import { ExampleBadge, ScoreFigures, VerdictBadge } from "@/components/ui/Verdict";
import { getPrisma } from "@/lib/db/client";
import { figureHref, type RawSearchParams } from "@/lib/params";
import {
  answerBrowserParamsSchema,
  answerPermalinkHref,
  answersHref,
  filtersFromParams,
  hasActiveFilters,
  parseAnswerRef,
  type AnswerListState,
} from "@/lib/params/answers";
import { answerNeighbours, answerSearchTerms } from "@/lib/queries/answer-browser";
import { answerPublicIdOf, findRemovedAnswer, getAnswerDetail } from "@/lib/queries/answers";
import { judgeEntropyBits, weightedJudgeScore } from "@/lib/answers/judge-score";
import { sourceRefLabel } from "@/lib/answers/source-ref";
import type { AnswerDetail, AnswerJudgeScores, JudgeScoreDetail, RemovedAnswerInfo } from "@/lib/answers/types";
import { isCoherent, isCounted, isMisaligned, type Thresholds } from "@/lib/stats/misalignment";
import FactList from "@/components/ui/FactList";
import { methodLabel } from "@/lib/stats/method";
import { spokenToken, visibleToken } from "@/lib/render/token";
import { methodQuery, resolveMethodView } from "@/lib/params/method";
import { modelHref, modelsListHref } from "@/lib/params/models";
import { questionHref } from "@/lib/params/questions";
import { formatPercent, formatProbability, formatScore } from "@/lib/format";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<RawSearchParams> };

/** The list the answer was opened from; an invalid filter in the URL falls back to all answers. */
function listState(raw: RawSearchParams): { state: AnswerListState; view: "formatted" | "raw" } {
  const parsed = answerBrowserParamsSchema.safeParse(raw);
  const params = parsed.success ? parsed.data : answerBrowserParamsSchema.parse({});
  return { state: { filters: filtersFromParams(params), sort: { key: params.sort, dir: params.dir } }, view: params.view };
}

function verdictWords(scores: { aligned: number | null; coherent: number | null }, thresholds: Thresholds): string {
  if (isMisaligned(scores.aligned, scores.coherent, thresholds)) return "misaligned";
  if (isCounted(scores.aligned, scores.coherent, thresholds)) return "not misaligned";
  return !isCoherent(scores.coherent, thresholds) ? "excluded (incoherent)" : "no alignment score (CODE/REFUSAL)";
}

/** The scores the page shows: the URL's judge's (its method's source); undefined when that judge did not score the answer. */
function shownJudgeScores(answer: AnswerDetail, source: ScoreSource | undefined): AnswerJudgeScores | undefined {
  return answer.judges.find((judge) => judge.judge === (source?.judge ?? null));
}

// generateMetadata and the page share one query per request. The URL holds the answer's public id
// (derived from its content: lib/answers/public-id.ts); an old link's serial id names the answer
// to redirect to. A removed answer's id renders what is known of it (when and with which file it
// was removed, its labels; proxy.ts makes that response 410 Gone); an id that never was is a 404
// (./not-found.tsx).
const loadAnswer = cache(async (rawRef: string): Promise<AnswerDetail | { movedTo: string } | { removed: RemovedAnswerInfo } | null> => {
  const ref = parseAnswerRef(rawRef);
  if (!ref) return null;
  if ("publicId" in ref) {
    const answer = await getAnswerDetail(getPrisma(), ref.publicId);
    if (answer) return answer;
    const removed = await findRemovedAnswer(getPrisma(), ref.publicId);
    return removed && { removed };
  }
  const publicId = await answerPublicIdOf(getPrisma(), ref.id);
  return publicId === null ? null : { movedTo: publicId };
});

/** The query string of this request again (an old link's filters and view ride along to the new one). */
function queryOf(raw: RawSearchParams): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(raw)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) params.append(key, item);
  }
  return params.toString();
}

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const answer = await loadAnswer((await params).id);
  if (!answer) return { title: "Answer not found" };
  if ("movedTo" in answer) return { title: "Answer moved" };
  if ("removed" in answer) return { title: "Answer removed", robots: { index: false } };
  const { state } = listState(await searchParams);
  const source = state.filters.thresholds.source;
  const scores = shownJudgeScores(answer, source);
  const prompt = answer.prompt.replace(/\s+/g, " ").trim();
  const title = `${answer.question.externalId} · ${answer.group.name} · ${scores ? `aligned ${formatScore(scores.aligned)}` : `not scored by ${source?.judge}`}`;
  const judged = scores
    ? `aligned ${formatScore(scores.aligned)}, coherent ${formatScore(scores.coherent)}${scores.judge ? ` by judge ${scores.judge}` : ""}, ` +
      verdictWords(scores, state.filters.thresholds)
    : `not scored by judge ${source?.judge}`;
  const description =
    `${answer.group.label} model ${answer.model.name} on “${answer.question.externalId}”: ${judged}. ` +
    `Question: ${prompt.length > 160 ? `${prompt.slice(0, 159)}…` : prompt}`;
  // this server's origin as the browser sees it, for absolute og:url links
  const url = `${requestOrigin(await headers())}${answerPermalinkHref(answer.publicId)}`;
  return {
    title,
    description,
    alternates: { canonical: url },
    openGraph: { title, description, type: "article", url, siteName: "Misalignment Explorer" },
    twitter: { card: "summary", title, description },
  };
}

const textBlock = rawTextClass;

function JudgeDistribution({ score }: { score: JudgeScoreDetail }) {
  const weighted = weightedJudgeScore(score.distribution);
  const entropy = judgeEntropyBits(score.distribution);
  const shown = score.distribution.slice(0, 20);
  return (
    <div className="space-y-2" data-testid={`judge-${score.metric}`}>
      <h3 className="font-semibold">
        {score.metric}: {formatScore(score.score)}
        {score.judgeModel && <span className="font-normal text-zinc-500 dark:text-zinc-400"> · judge {score.judgeModel}</span>}
      </h3>
      <p className="text-xs text-zinc-600 dark:text-zinc-300">
        Weighted over number tokens: {weighted.score === null ? "none (under 25% on numbers)" : formatScore(weighted.score, 2)} ·
        probability on numbers {formatPercent(weighted.numericWeight)}
        {entropy !== null && (
          <>
            {" "}
            · <span data-testid="judge-entropy">uncertainty {entropy.toFixed(2)} bits</span>{" "}
            <span className="text-zinc-500 dark:text-zinc-400">(entropy of the stored tokens; 0 = certain, 1 = an even split of two)</span>
          </>
        )}
      </p>
      <table className="w-full text-xs">
        <thead>
          <tr className="text-left text-zinc-500 dark:text-zinc-400">
            <th className="w-16 py-0.5 font-normal">token</th>
            <th className="w-24 py-0.5 font-normal">probability</th>
            <th className="py-0.5 font-normal" aria-hidden />
          </tr>
        </thead>
        <tbody>
          {shown.map(({ token, probability }) => (
            <tr key={token}>
              <td className="py-0.5 font-mono" data-testid="judge-token" aria-label={spokenToken(token)}>
                {visibleToken(token)}
              </td>
              <td className="py-0.5 tabular-nums">{formatProbability(probability)}</td>
              <td className="py-0.5">
                <div className="h-2 rounded bg-blue-500 dark:bg-blue-400" style={{ width: `${Math.max(probability * 100, 0.5)}%` }} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {score.distribution.length > shown.length && (
        <p className="text-xs text-zinc-500">… and {score.distribution.length - shown.length} more tokens</p>
      )}
    </div>
  );
}

/** Facts that lead on: the question's page, the model's page, the group's models. */
const factLink = "text-blue-700 underline underline-offset-4 dark:text-blue-300";

export default async function AnswerPage({ params, searchParams }: Props) {
  const answer = await loadAnswer((await params).id);
  if (!answer) notFound();
  // an old numeric link: permanently to the content-derived one, with the same query
  if ("movedTo" in answer) permanentRedirect(answerPermalinkHref(answer.movedTo, queryOf(await searchParams)));
  const prisma = getPrisma();
  if ("removed" in answer) {
    return <RemovedAnswer removed={answer.removed} review={await answerReview(prisma, answer.removed.publicId)} />;
  }
  const { state, view } = listState(await searchParams);
  const [highlight, review] = await Promise.all([
    state.filters.search ? answerSearchTerms(prisma, answer.id, state.filters.search) : Promise.resolve([]),
    answerReview(prisma, answer.publicId),
  ]);
  const fromList = hasActiveFilters(state.filters) || state.sort.key !== "aligned" || state.sort.dir !== "asc";
  const thresholds = state.filters.thresholds;
  // the scores shown are the URL's judge's (the method's source), as every rate under it counts them;
  // none when that judge did not score this answer (it is excluded from that judge's views)
  const source = thresholds.source ?? DEFAULT_SOURCE;
  const shownScores = shownJudgeScores(answer, source);

  const distributions = answer.judgeScores.filter((score) => score.distribution.length > 0);
  // back to the figure in the scope and method the answer was opened with (its own base model when none was given)
  const methodView = state.filters.methodView ?? resolveMethodView({});
  const copiedQuery = methodQuery(methodView);
  /** this page, same list and method, read by another judge */
  const byJudgeHref = (judge: string | null) => {
    const byJudge = { ...methodView, method: { ...methodView.method, source: { judge, corrected: source.corrected } } };
    return answerPermalinkHref(
      answer.publicId,
      { ...state, filters: { ...state.filters, methodView: byJudge, thresholds: byJudge.method } },
      view,
    );
  };
  // the answer's own scope: links onward show it among its own base model's models
  const scopeView = { ...methodView, base: methodView.base ?? answer.model.baseModel ?? "unknown" };
  const backHref = figureHref({
    ...scopeView,
    set: answer.set.name,
    group: answer.group.name,
    question: answer.question.externalId,
    hash: "answers",
  });
  const facts: [string, React.ReactNode][] = [
    [
      "Question set",
      <span key="set" className="font-mono">
        {answer.set.name}
      </span>,
    ],
    [
      "Question",
      <Link key="q" href={questionHref(answer.question.id, scopeView)} className={factLink} data-testid="question-id">
        {answer.question.externalId}
      </Link>,
    ],
    [
      "Model",
      <Link key="m" href={modelHref(answer.model.id, scopeView)} className={`${factLink} wrap-anywhere`} data-testid="answer-model">
        {answer.model.name}
      </Link>,
    ],
    [
      "Group",
      <Link key="g" href={modelsListHref({ ...scopeView, group: answer.group.name })} className={factLink} data-testid="answer-group">
        <span className="mr-1.5 inline-block h-2.5 w-2.5 rounded-full" style={{ backgroundColor: answer.group.color }} aria-hidden />
        {answer.group.label}
      </Link>,
    ],
    ["Seed", answer.model.seed ?? "no seed"],
    ["Base model", answer.model.baseModel ?? "base model unknown"],
    ["Sample index", answer.sampleIndex],
    [
      "Imported from",
      <span key="f" className="font-mono wrap-anywhere">
        {answer.batchFileName}
        {answer.example && (
          <>
            {" "}
            <ExampleBadge />
          </>
        )}
      </span>,
    ],
    ["Judged by", methodLabel(methodView.preset, methodView.method)],
  ];
  const sourceLabel = sourceRefLabel(answer.batchFormat, answer.sourceRef);
  if (sourceLabel) {
    // after "Imported from": where in that file the answer is
    facts.splice(facts.findIndex(([label]) => label === "Imported from") + 1, 0, [
      "Source",
      <span key="source" className="font-mono wrap-anywhere" data-testid="answer-source-ref">
        {sourceLabel}
      </span>,
    ]);
  }

  return (
    <article className="space-y-6">
      {answer.set.isDemo && <DemoBanner />}
      <div className="space-y-2">
        <p className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
          <Link href={answersHref(state)} className="text-blue-700 underline dark:text-blue-300" data-testid="back-to-list">
            ← {fromList ? "back to the filtered answers" : "all answers"}
          </Link>
          <Link href={backHref} className="text-blue-700 underline dark:text-blue-300" data-testid="back-to-figure">
            all answers of {answer.group.label} to {answer.question.externalId} in Figure 4
          </Link>
        </p>
        <h1 className="text-2xl font-semibold tracking-tight">
          Answer #{answer.id} · <span className="font-mono">{answer.question.externalId}</span>
        </h1>
        <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
          {/* the copied link judges the answer by the same method (and keeps the scope) as this page */}
          <CopyLinkButton path={answerPermalinkHref(answer.publicId, copiedQuery)} />
          <Suspense fallback={<span className="text-sm text-zinc-500 dark:text-zinc-400">finding previous / next…</span>}>
            <AnswerNeighbours
              neighbours={answerNeighbours(prisma, state.filters, state.sort, answer)}
              state={state}
              view={view}
              fromList={fromList}
            />
          </Suspense>
        </div>
        <AddToCollection answerId={answer.id} />
      </div>

      <section
        className="flex flex-wrap items-center gap-x-6 gap-y-2 rounded border border-zinc-200 p-3 dark:border-zinc-700"
        data-testid="answer-scores"
        data-judge={source.judge ?? ""}
      >
        {shownScores ? (
          <>
            <ScoreFigures aligned={shownScores.aligned} coherent={shownScores.coherent} testIdPrefix="score" />
            <span className="flex items-center gap-2">
              <VerdictBadge
                aligned={shownScores.aligned}
                coherent={shownScores.coherent}
                thresholds={{ ...thresholds, source }}
                reviewLabel={review.verdict?.label ?? null}
              />
              <span className="text-xs text-zinc-600 dark:text-zinc-400">
                by <span className="font-mono">{shownScores.name}</span> at aligned &lt; {thresholds.aligned}, coherent ≥{" "}
                {thresholds.coherent}
              </span>
            </span>
          </>
        ) : (
          <p className="text-sm" data-testid="judge-not-scored">
            Judge <span className="font-mono">{source.judge}</span> did not score this answer, so it is in none of that judge&apos;s rates.
            The judges that did are listed under “Scores by judge”.
          </p>
        )}
      </section>

      <FactList facts={facts} labelWidth="10rem" />

      <JudgeScoresTable judges={answer.judges} shownJudge={source.judge} thresholds={thresholds} hrefOf={byJudgeHref} />

      {answer.question.systemPrompt && (
        <section className="space-y-1">
          <h2 className="font-semibold">System prompt</h2>
          <pre className={textBlock} data-testid="system-prompt">
            {displayText(answer.question.systemPrompt)}
          </pre>
        </section>
      )}
      <section className="space-y-1">
        <h2 className="font-semibold">Question as asked</h2>
        <pre className={textBlock} data-testid="answer-prompt">
          {displayText(answer.prompt)}
        </pre>
      </section>
      <section className="space-y-1">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 className="font-semibold">Answer</h2>
          <nav aria-label="Answer display" className="flex gap-1 text-sm" data-testid="view-toggle">
            {(["formatted", "raw"] as const).map((option) =>
              option === view ? (
                <span
                  key={option}
                  aria-current="true"
                  className="rounded bg-zinc-800 px-2 py-0.5 text-white dark:bg-zinc-200 dark:text-zinc-900"
                >
                  {option === "raw" ? "raw text" : "formatted"}
                </span>
              ) : (
                <Link
                  key={option}
                  href={answerPermalinkHref(answer.publicId, state, option)}
                  replace
                  scroll={false}
                  className="rounded px-2 py-0.5 underline"
                  data-testid={`view-${option}`}
                >
                  {option === "raw" ? "raw text" : "formatted"}
                </Link>
              ),
            )}
          </nav>
        </div>
        {/* Untrusted model output: React elements and text only, never HTML (lib/render). */}
        <AnswerBody text={answer.text} view={view} highlight={highlight} />
        {highlight.length > 0 && (
          <p className="text-xs text-zinc-500 dark:text-zinc-400" data-testid="highlight-note">
            Marked: words matching the search “{state.filters.search}”.
          </p>
        )}
      </section>

      <section
        className="space-y-3 rounded border border-zinc-300 p-3 dark:border-zinc-700"
        aria-labelledby="review-heading"
        data-testid="review"
      >
        <h2 id="review-heading" className="font-semibold">
          Review
        </h2>
        <AnswerReviewForm publicId={answer.publicId} />
        <LabelHistory review={review} />
      </section>

      {distributions.length > 0 && (
        <section className="space-y-3">
          <h2 className="font-semibold">Judge token distributions</h2>
          <div className="grid gap-6 md:grid-cols-2">
            {distributions.map((score) => (
              <JudgeDistribution key={score.metric} score={score} />
            ))}
          </div>
        </section>
      )}
    </article>
  );
}
