// One answer in any answer list (/answers, the answers behind a Figure-4 point, a question's worst
// answers): verdict, scores, provenance, a permalink, and the answer's start (with a search, its
// matching passages, which replace the start when they come). Model output is untrusted: React
// renders it as text, never as HTML.
import { Suspense, type ReactNode } from "react";
import Link from "next/link";
import type { SourcedThresholds } from "@/lib/domain/score-source";
import GroupBadge from "@/components/models/GroupBadge";
import { ExampleBadge, ScoreFigures, VerdictBadge } from "@/components/ui/Verdict";
import type { AnswerCardItem, AnswerSnippets } from "@/lib/answers/types";
import type { MethodView } from "@/lib/params/method";
import { displayText } from "@/lib/render/newlines";
import HighlightedText from "./HighlightedText";
import { formatScore } from "@/lib/format";

/** The test ids of each list's cards (the browser tests find them by these). */
const TEST_IDS = {
  answers: { item: "answer-item", link: "answer-link", preview: "answer-preview" },
  worst: { item: "worst-answer", link: "worst-answer-link", preview: "worst-answer-preview" },
} as const;

export default function AnswerCard({
  answer,
  href,
  thresholds,
  list = "answers",
  group,
  modelHref,
  counted,
  snippets,
  children,
}: {
  answer: AnswerCardItem;
  /** the answer's permalink (with the list's view) */
  href: string;
  thresholds: SourcedThresholds;
  /** which list the card is in: its test ids */
  list?: keyof typeof TEST_IDS;
  /** the answer's group, shown as a badge; `view` given: a link to the group's models in that view */
  group?: { name: string; label: string; color: string; view?: Partial<MethodView> };
  /** the answer's model page, when the model's name links to it */
  modelHref?: string;
  /** in a Figure-4 point's rate (its list's first part); undefined in lists without parts */
  counted?: boolean;
  /** with a search: the page's passages (answerSnippets), shown in place of the preview when they come */
  snippets?: Promise<AnswerSnippets>;
  /** actions under the preview (add to a collection) */
  children?: ReactNode;
}) {
  const ids = TEST_IDS[list];
  const preview = (
    <>
      {displayText(answer.preview)}
      {answer.textLength > answer.preview.length && "…"}
    </>
  );
  return (
    <li
      data-testid={ids.item}
      data-answer-id={answer.id}
      data-aligned={answer.aligned ?? ""}
      data-coherent={answer.coherent ?? ""}
      data-example={answer.example ?? false}
      data-counted={counted}
      tabIndex={-1}
      className="rounded border border-zinc-200 p-3 outline-none focus:ring-2 focus:ring-blue-500 focus:ring-offset-2 data-[active=true]:border-blue-500 dark:border-zinc-700 dark:ring-offset-zinc-950 dark:data-[active=true]:border-blue-400"
    >
      <div className="mb-2 flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
        <VerdictBadge aligned={answer.aligned} coherent={answer.coherent} thresholds={thresholds} reviewLabel={answer.reviewLabel} />
        {answer.example && <ExampleBadge />}
        <ScoreFigures aligned={answer.aligned} coherent={answer.coherent} testIdPrefix="answer" />
        {answer.metrics?.map((entry) => (
          <span key={entry.metric} data-testid="answer-metric" data-metric={entry.metric} data-score={entry.score ?? ""}>
            {entry.metric} <strong>{formatScore(entry.score)}</strong>
          </span>
        ))}
        <Link href={href} className="ml-auto text-blue-700 underline dark:text-blue-300" data-testid={ids.link}>
          answer #{answer.id} →
        </Link>
      </div>
      <p className="mb-2 flex flex-wrap items-center gap-x-3 gap-y-0.5 text-xs text-zinc-600 dark:text-zinc-300">
        {answer.question !== undefined && (
          <span className="font-mono" data-testid="answer-question">
            {answer.question}
          </span>
        )}
        {group && (
          <GroupBadge name={group.name} label={group.label} color={group.color} link={group.view !== undefined} view={group.view} />
        )}
        {modelHref ? (
          <Link href={modelHref} className="wrap-anywhere hover:underline">
            {answer.model}
          </Link>
        ) : (
          <span className="wrap-anywhere">{answer.model}</span>
        )}
        <span>{answer.seed !== null ? `seed ${answer.seed}` : "no seed"}</span>
        {answer.sampleIndex !== undefined && <span>sample {answer.sampleIndex}</span>}
        {answer.set !== undefined && <span className="font-mono">{answer.set}</span>}
      </p>
      <p
        className="max-h-48 overflow-hidden font-mono text-xs wrap-anywhere whitespace-pre-wrap text-zinc-800 dark:text-zinc-200"
        data-testid={ids.preview}
      >
        {snippets ? (
          <Suspense fallback={preview}>
            <SearchSnippet snippets={snippets} id={answer.id} preview={preview} />
          </Suspense>
        ) : (
          preview
        )}
      </p>
      {children && <div className="mt-2">{children}</div>}
    </li>
  );
}

/** An answer's search passages, matches marked (its preview when the search gave it none). */
async function SearchSnippet({ snippets, id, preview }: { snippets: Promise<AnswerSnippets>; id: number; preview: ReactNode }) {
  const segments = (await snippets)[id];
  if (!segments) return preview;
  return <HighlightedText segments={segments.map((segment) => ({ ...segment, text: displayText(segment.text) }))} />;
}
