// One collection, shareable (issue 11, item 5): its description, then every answer with its
// question, model, group, scores and verdict under the default method, the note, who added it and
// when, and its permalink; an answer removed with its import batch is listed as removed. Model
// output is untrusted: rendered only through components/answers (text and React elements).
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import AnswerBody, { rawTextClass } from "@/components/answers/AnswerBody";
import { CollectionEditor, RemoveFromCollection } from "@/components/collections/CollectionEditor";
import { DemoBanner } from "@/components/ui/Notices";
import { ExampleBadge, ScoreFigures, VerdictBadge } from "@/components/ui/Verdict";
import { collectionSlugSchema } from "@/lib/collections/schemas";
import { getCollection } from "@/lib/collections/store";
import type { CollectionItemView } from "@/lib/collections/types";
import { answerPermalinkHref } from "@/lib/params/answers";
import { getPrisma } from "@/lib/db/client";
import { formatCountOf, formatScore } from "@/lib/format";
import { displayText } from "@/lib/render/newlines";
import { DEFAULT_PRESET, methodLabel, PRESETS } from "@/lib/stats/method";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string }> };

const loadCollection = cache(async (raw: string) => {
  const slug = collectionSlugSchema.safeParse(raw);
  return slug.success ? getCollection(getPrisma(), slug.data) : null;
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const detail = await loadCollection((await params).slug);
  if (!detail) return { title: "Collection not found" };
  return { title: `${detail.collection.name} · collection`, description: detail.collection.description || undefined };
}

const link = "text-blue-700 underline underline-offset-4 dark:text-blue-300";
const METHOD = PRESETS[DEFAULT_PRESET].method;

function Entry({ entry, slug }: { entry: CollectionItemView; slug: string }) {
  const { answer } = entry;
  const added = (
    <p className="text-xs text-zinc-600 dark:text-zinc-300">
      added by <span data-testid="item-added-by">{entry.addedBy}</span> on{" "}
      <time dateTime={entry.addedAt}>{entry.addedAt.slice(0, 16).replace("T", " ")}</time> UTC
    </p>
  );
  const note = entry.note && (
    <p
      className="rounded bg-amber-50 px-2 py-1 text-sm whitespace-pre-line text-amber-950 dark:bg-amber-950 dark:text-amber-50"
      data-testid="item-note"
    >
      <span className="font-medium">Note:</span> {displayText(entry.note)}
    </p>
  );
  if (!answer) {
    return (
      <li
        className="space-y-2 rounded border border-dashed border-zinc-400 p-3 dark:border-zinc-600"
        data-testid="collection-item"
        data-answer-id={entry.answerId}
        data-removed="true"
      >
        <p className="flex flex-wrap items-center gap-3 text-sm">
          <strong data-testid="item-removed">Answer #{entry.answerId} removed</strong>
          <span className="text-zinc-600 dark:text-zinc-300">its import batch was removed; the item stays in the collection</span>
          {entry.review && <span data-testid="review-chip">reviewed: {entry.review.label}</span>}
          <span className="ml-auto">
            <RemoveFromCollection slug={slug} answerId={entry.answerId} />
          </span>
        </p>
        {note}
        {added}
      </li>
    );
  }
  return (
    <li
      className="space-y-2 rounded border border-zinc-200 p-3 dark:border-zinc-700"
      data-testid="collection-item"
      data-answer-id={answer.id}
    >
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
        <VerdictBadge aligned={answer.aligned} coherent={answer.coherent} thresholds={METHOD} reviewLabel={entry.review?.label ?? null} />
        {answer.example && <ExampleBadge />}
        <ScoreFigures aligned={answer.aligned} coherent={answer.coherent} testIdPrefix="item" />
        {answer.metrics.map((score) => (
          <span key={score.metric}>
            {score.metric} <strong>{formatScore(score.score)}</strong>
          </span>
        ))}
        {answer.furtherJudges.map((judge) => (
          <span key={judge.judge} className="text-zinc-600 dark:text-zinc-300" data-testid="item-further-judge" data-judge={judge.judge}>
            judge <span className="font-mono">{judge.judge}</span>: aligned {formatScore(judge.aligned)}, coherent{" "}
            {formatScore(judge.coherent)}
            {judge.metrics.map((score) => `, ${score.metric} ${formatScore(score.score)}`).join("")}
          </span>
        ))}
        <span className="ml-auto flex items-center gap-3">
          <RemoveFromCollection slug={slug} answerId={answer.id} />
          <Link href={answerPermalinkHref(answer.publicId)} className={`${link} inline-block min-h-6`} data-testid="item-permalink">
            answer #{answer.id} →
          </Link>
        </span>
      </div>
      <p className="flex flex-wrap gap-x-3 gap-y-0.5 text-xs text-zinc-600 dark:text-zinc-300">
        <span className="font-mono" data-testid="item-question">
          {answer.question}
        </span>
        <span data-testid="item-group">
          <span className="mr-1 inline-block h-2 w-2 rounded-full" style={{ backgroundColor: answer.groupColor }} aria-hidden />
          {answer.groupLabel}
        </span>
        <span className="wrap-anywhere" data-testid="item-model">
          {answer.model}
        </span>
        <span>{answer.seed !== null ? `seed ${answer.seed}` : "no seed"}</span>
        <span>sample {answer.sampleIndex}</span>
        <span className="font-mono">{answer.set}</span>
      </p>
      {note}
      <details>
        <summary className="min-h-6 cursor-pointer text-sm">Question as asked</summary>
        <pre className={rawTextClass}>{displayText(answer.prompt)}</pre>
      </details>
      {/* Untrusted model output: React elements and text only, never HTML (lib/render). */}
      <AnswerBody text={answer.text} view="formatted" highlight={[]} />
      {added}
    </li>
  );
}

export default async function CollectionPage({ params }: Props) {
  const detail = await loadCollection((await params).slug);
  if (!detail) notFound();
  const { collection, entries } = detail;
  const removed = entries.filter((entry) => !entry.answer).length;
  return (
    <article className="space-y-6" data-testid="collection-page" data-slug={collection.slug}>
      {entries.some((entry) => entry.answer?.isDemo) && <DemoBanner />}
      <div className="space-y-2">
        <p className="text-sm">
          <Link href="/collections" className={link}>
            ← all collections
          </Link>
        </p>
        <h1 className="text-2xl font-semibold tracking-tight" data-testid="collection-name">
          {collection.name}
        </h1>
        {collection.description && (
          <p className="max-w-3xl whitespace-pre-line" data-testid="collection-description">
            {collection.description}
          </p>
        )}
        <p className="text-sm text-zinc-700 dark:text-zinc-300">
          {formatCountOf(entries.length, "answer")}
          {removed > 0 && ` (${removed} removed)`} · created by {collection.createdBy} · updated{" "}
          <time dateTime={collection.updatedAt}>{collection.updatedAt.slice(0, 16).replace("T", " ")}</time> UTC · verdicts by{" "}
          {methodLabel(DEFAULT_PRESET, METHOD)} (aligned &lt; {METHOD.aligned}, coherent ≥ {METHOD.coherent})
        </p>
        <p className="flex flex-wrap gap-4 text-sm">
          <a
            href={`/api/collections/${collection.slug}/csv`}
            className={`${link} inline-block min-h-6`}
            download
            data-testid="collection-csv"
          >
            Download CSV
          </a>
          <a href={`/api/collections/${collection.slug}/json`} className={`${link} inline-block min-h-6`} data-testid="collection-json">
            JSON
          </a>
        </p>
      </div>
      <CollectionEditor slug={collection.slug} name={collection.name} description={collection.description} />
      {entries.length === 0 ? (
        <p className="rounded border border-zinc-300 p-4 text-sm dark:border-zinc-700" data-testid="collection-empty">
          No answers in it yet: add them with “Add to collection” on an answer’s page or in the{" "}
          <Link href="/answers" className={link}>
            answers list
          </Link>
          .
        </p>
      ) : (
        <ol className="space-y-4" data-testid="collection-items">
          {entries.map((entry) => (
            <Entry key={entry.answerId} entry={entry} slug={collection.slug} />
          ))}
        </ol>
      )}
    </article>
  );
}
