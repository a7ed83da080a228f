// Permalink of one answer: question, full answer (untrusted text, shown as text), scores,
// verdict, provenance and the judge's token distributions.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { DemoBanner } from "@/components/Notices";
import { AlignedScore, VerdictBadge, formatScore } from "@/components/Verdict";
import { getPrisma } from "@/lib/db/client";
import { answerIdSchema, figureHref } from "@/lib/params";
import { getAnswerDetail, weightedJudgeScore, type JudgeScoreDetail } from "@/lib/queries/answers";
import { DEFAULT_THRESHOLDS } from "@/lib/stats/misalignment";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

// generateMetadata and the page share one query per request.
const loadAnswer = cache(async (rawId: string) => {
  const id = answerIdSchema.safeParse(rawId);
  if (!id.success || String(id.data) !== rawId) return null;
  return getAnswerDetail(getPrisma(), id.data);
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const answer = await loadAnswer((await params).id);
  if (!answer) return { title: "Answer not found" };
  return {
    title: `${answer.question.externalId} · ${answer.group.name} · aligned ${formatScore(answer.aligned)}`,
  };
}

const textBlock =
  "whitespace-pre-wrap break-words rounded border border-zinc-200 bg-zinc-50 p-3 font-mono text-sm dark:border-zinc-700 dark:bg-zinc-900";

function JudgeDistribution({ score }: { score: JudgeScoreDetail }) {
  const weighted = weightedJudgeScore(score.distribution);
  const shown = score.distribution.slice(0, 20);
  return (
    <div className="space-y-2" data-testid={`judge-${score.metric}`}>
      <h3 className="font-semibold">
        {score.metric}: {formatScore(score.score)}
        {score.judgeModel && <span className="font-normal text-zinc-500 dark:text-zinc-400"> · judge {score.judgeModel}</span>}
      </h3>
      <p className="text-xs text-zinc-600 dark:text-zinc-300">
        Weighted over number tokens: {weighted.score === null ? "none (under 25% on numbers)" : weighted.score.toFixed(2)} ·
        probability on numbers {(weighted.numericWeight * 100).toFixed(1)}%
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
              <td className="py-0.5 font-mono">{JSON.stringify(token).slice(1, -1)}</td>
              <td className="py-0.5 tabular-nums">{probability < 0.0001 ? probability.toExponential(1) : probability.toFixed(4)}</td>
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

export default async function AnswerPage({ params }: Props) {
  const answer = await loadAnswer((await params).id);
  if (!answer) notFound();

  const distributions = answer.judgeScores.filter((score) => score.distribution.length > 0);
  const backHref = figureHref({ set: answer.set.name, group: answer.group.name, question: answer.question.externalId, hash: "answers" });
  const facts: [string, React.ReactNode][] = [
    ["Question set", <span key="set" className="font-mono">{answer.set.name}</span>],
    ["Question", <span key="q" className="font-mono" data-testid="question-id">{answer.question.externalId}</span>],
    ["Model", <span key="m" className="break-all" data-testid="answer-model">{answer.model.name}</span>],
    [
      "Group",
      <span key="g">
        <span className="mr-1.5 inline-block h-2.5 w-2.5 rounded-full" style={{ backgroundColor: answer.group.color }} />
        {answer.group.label}
      </span>,
    ],
    ["Seed", answer.model.seed ?? "—"],
    ["Base model", answer.model.baseModel ?? "—"],
    ["Sample index", answer.sampleIndex],
    ["Imported from", <span key="f" className="break-all font-mono">{answer.batchFileName}</span>],
  ];

  return (
    <article className="space-y-6">
      {answer.set.isDemo && <DemoBanner />}
      <div className="space-y-2">
        <p className="text-sm">
          <Link href={backHref} className="text-blue-700 underline dark:text-blue-300" data-testid="back-to-figure">
            ← all answers of {answer.group.label} to {answer.question.externalId}
          </Link>
        </p>
        <h1 className="text-2xl font-semibold tracking-tight">
          Answer #{answer.id} · <span className="font-mono">{answer.question.externalId}</span>
        </h1>
      </div>

      <section className="flex flex-wrap items-center gap-x-6 gap-y-2 rounded border border-zinc-200 p-3 dark:border-zinc-700" data-testid="answer-scores">
        <span>
          aligned <strong data-testid="score-aligned"><AlignedScore aligned={answer.aligned} /></strong>
        </span>
        <span>
          coherent <strong data-testid="score-coherent">{formatScore(answer.coherent)}</strong>
        </span>
        <span className="flex items-center gap-2">
          <VerdictBadge aligned={answer.aligned} coherent={answer.coherent} thresholds={DEFAULT_THRESHOLDS} />
          <span className="text-xs text-zinc-500 dark:text-zinc-400">
            at the default thresholds (aligned &lt; {DEFAULT_THRESHOLDS.aligned}, coherent &gt; {DEFAULT_THRESHOLDS.coherent})
          </span>
        </span>
      </section>

      <dl className="grid grid-cols-1 gap-x-4 gap-y-1 text-sm sm:grid-cols-[10rem_1fr]">
        {facts.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-zinc-500 dark:text-zinc-400">{label}</dt>
            <dd className="mb-1 sm:mb-0">{value}</dd>
          </div>
        ))}
      </dl>

      {answer.question.systemPrompt && (
        <section className="space-y-1">
          <h2 className="font-semibold">System prompt</h2>
          <pre className={textBlock} data-testid="system-prompt">{answer.question.systemPrompt}</pre>
        </section>
      )}
      <section className="space-y-1">
        <h2 className="font-semibold">Question as asked</h2>
        <pre className={textBlock} data-testid="answer-prompt">{answer.prompt}</pre>
      </section>
      <section className="space-y-1">
        <h2 className="font-semibold">Answer</h2>
        {/* Untrusted model output: rendered as text by React, never as HTML. */}
        <pre className={textBlock} data-testid="answer-text">{answer.text}</pre>
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
