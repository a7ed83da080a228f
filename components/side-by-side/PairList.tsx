// The paired answers: row i holds side A's i-th and side B's i-th answer in the view's order, two
// columns from 768 px, stacked below with each card naming its side. Answer text is untrusted: it
// goes through AnswerBody (safe markdown to React elements), never as HTML.
import type { SourcedThresholds } from "@/lib/domain/score-source";
import Link from "next/link";
import AnswerBody from "@/components/answers/AnswerBody";
import AddToCollection from "@/components/collections/AddToCollection";
import { ScoreFigures, VerdictBadge } from "@/components/ui/Verdict";
import { answerPermalinkHref } from "@/lib/params/answers";
import type { AnswerPair, SideAnswer, SideSummary } from "@/lib/side-by-side/types";
import { formatCount } from "@/lib/format";
import { SideName } from "./SideHeader";

type Letter = "A" | "B";

function AnswerCell({
  letter,
  side,
  answer,
  thresholds,
  permalinkQuery,
}: {
  letter: Letter;
  side: SideSummary;
  answer: SideAnswer | null;
  thresholds: SourcedThresholds;
  permalinkQuery: string;
}) {
  if (!answer) {
    return (
      <div
        className="rounded border border-dashed border-zinc-300 p-3 text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-300"
        data-testid="pair-empty"
        data-side={letter.toLowerCase()}
      >
        <SideName letter={letter} side={side} />
        <p className="mt-1">No answer in this row: this side gave {formatCount(side.answers)} answers.</p>
      </div>
    );
  }
  const cut = answer.textLength > answer.text.length;
  return (
    <article
      className="min-w-0 space-y-2 rounded border border-zinc-200 p-3 dark:border-zinc-700"
      data-testid="pair-answer"
      data-side={letter.toLowerCase()}
      data-answer-id={answer.id}
      data-verdict={answer.verdict}
      data-aligned={answer.aligned ?? ""}
      aria-label={`Side ${letter}, answer ${answer.id}`}
    >
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
        <SideName letter={letter} side={side} />
        <VerdictBadge aligned={answer.aligned} coherent={answer.coherent} thresholds={thresholds} reviewLabel={answer.reviewLabel} />
        <ScoreFigures aligned={answer.aligned} coherent={answer.coherent} testIdPrefix="answer" />
      </div>
      <p className="flex flex-wrap gap-x-3 text-xs text-zinc-600 dark:text-zinc-300">
        <span className="wrap-anywhere">{answer.model}</span>
        <span>{answer.seed !== null ? `seed ${answer.seed}` : "no seed"}</span>
        <span>sample {answer.sampleIndex}</span>
        <Link
          href={answerPermalinkHref(answer.publicId, permalinkQuery)}
          className="ml-auto inline-block py-0.5 text-blue-700 underline dark:text-blue-300"
          data-testid="answer-link"
        >
          answer #{answer.id} →
        </Link>
      </p>
      <div data-testid="pair-answer-text">
        <AnswerBody text={answer.text} view="formatted" highlight={[]} />
      </div>
      {cut && (
        <p className="text-xs text-zinc-600 dark:text-zinc-300">
          Shortened: the first {formatCount(answer.text.length)} of {formatCount(answer.textLength)} characters. The whole answer is on its
          page.
        </p>
      )}
      <AddToCollection answerId={answer.id} />
    </article>
  );
}

export default function PairList({
  pairs,
  a,
  b,
  thresholds,
  permalinkQuery,
}: {
  pairs: AnswerPair[];
  a: SideSummary;
  b: SideSummary;
  thresholds: SourcedThresholds;
  /** scope and method for the permalinks, so an answer is judged there as here */
  permalinkQuery: string;
}) {
  return (
    <ol className="space-y-4" data-testid="pair-list" aria-label="Answer pairs">
      {pairs.map((pair) => (
        <li
          key={pair.row}
          className="space-y-2 border-t border-zinc-200 pt-3 dark:border-zinc-800"
          data-testid="pair"
          data-row={pair.row}
          data-differ={pair.a !== null && pair.b !== null && pair.a.verdict !== pair.b.verdict}
        >
          <p className="text-xs font-semibold text-zinc-600 dark:text-zinc-300">Row {pair.row}</p>
          <div className="grid gap-3 md:grid-cols-2">
            <AnswerCell letter="A" side={a} answer={pair.a} thresholds={thresholds} permalinkQuery={permalinkQuery} />
            <AnswerCell letter="B" side={b} answer={pair.b} thresholds={thresholds} permalinkQuery={permalinkQuery} />
          </div>
        </li>
      ))}
    </ol>
  );
}
