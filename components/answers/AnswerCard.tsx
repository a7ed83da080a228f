// One answer in the browser's list: verdict, scores, provenance, a permalink that remembers the
// list, and the answer's start (or, with a search, its matching passages). Text only.
import type { SourcedThresholds } from "@/lib/domain/score-source";
import Link from "next/link";
import { ExampleBadge, ScoreFigures, VerdictBadge } from "@/components/ui/Verdict";
import type { BrowserAnswer } from "@/lib/answers/types";
import { displayText } from "@/lib/render/newlines";
import AddToCollection from "@/components/collections/AddToCollection";
import HighlightedText from "./HighlightedText";
import { formatScore } from "@/lib/format";

export default function AnswerCard({ answer, href, thresholds }: { answer: BrowserAnswer; href: string; thresholds: SourcedThresholds }) {
  return (
    <li
      data-testid="answer-item"
      data-answer-id={answer.id}
      data-aligned={answer.aligned ?? ""}
      data-coherent={answer.coherent ?? ""}
      data-example={answer.example}
      tabIndex={-1}
      className="rounded border border-zinc-200 p-3 outline-none focus:ring-2 focus:ring-blue-500 focus:ring-offset-2 data-[active=true]:border-blue-500 dark:border-zinc-700 dark:ring-offset-zinc-950 dark:data-[active=true]:border-blue-400"
    >
      <div className="mb-2 flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
        <VerdictBadge aligned={answer.aligned} coherent={answer.coherent} thresholds={thresholds} reviewLabel={answer.reviewLabel} />
        {answer.example && <ExampleBadge />}
        <ScoreFigures aligned={answer.aligned} coherent={answer.coherent} testIdPrefix="answer" />
        {answer.metrics.map((entry) => (
          <span key={entry.metric} data-testid="answer-metric" data-metric={entry.metric} data-score={entry.score ?? ""}>
            {entry.metric} <strong>{formatScore(entry.score)}</strong>
          </span>
        ))}
        <Link href={href} className="ml-auto text-blue-700 underline dark:text-blue-300" data-testid="answer-link">
          answer #{answer.id} →
        </Link>
      </div>
      <p className="mb-2 flex flex-wrap gap-x-3 gap-y-0.5 text-xs text-zinc-600 dark:text-zinc-300">
        <span className="font-mono" data-testid="answer-question">
          {answer.question}
        </span>
        <span>
          <span className="mr-1 inline-block h-2 w-2 rounded-full" style={{ backgroundColor: answer.groupColor }} aria-hidden />
          {answer.groupLabel}
        </span>
        <span className="wrap-anywhere">{answer.model}</span>
        <span>{answer.seed !== null ? `seed ${answer.seed}` : "no seed"}</span>
        <span>sample {answer.sampleIndex}</span>
        <span className="font-mono">{answer.set}</span>
      </p>
      <p
        className="max-h-48 overflow-hidden font-mono text-xs wrap-anywhere whitespace-pre-wrap text-zinc-800 dark:text-zinc-200"
        data-testid="answer-preview"
      >
        {answer.snippet ? (
          <HighlightedText segments={answer.snippet.map((segment) => ({ ...segment, text: displayText(segment.text) }))} />
        ) : (
          <>
            {displayText(answer.preview)}
            {answer.textLength > answer.preview.length && "…"}
          </>
        )}
      </p>
      <div className="mt-2">
        <AddToCollection answerId={answer.id} />
      </div>
    </li>
  );
}
