// How many answers match the list's filters, counted up to COUNT_CAP. Its own Suspense section on
// /answers: the count needs every match (up to 10,001), the page only its first 51, so a search for
// a common word showed its answers only when the count was done (measured at 1M answers: a 5% word's
// page 19 ms, its count 182 ms; a phrase 36 ms against 535 ms). Now the answers come first.
import { formatCount } from "@/lib/format";

export interface AnswerTotal {
  count: number;
  capped: boolean;
}

/** `total` resolves to null when the server was too busy to count (the list itself was served). */
export default async function AnswerCount({ total, cap }: { total: Promise<AnswerTotal | null>; cap: number }) {
  const counted = await total;
  if (counted === null) return <span data-testid="answer-count-busy">answers (not counted: the server is busy)</span>;
  if (counted.capped) {
    return (
      <span title="Counting stops at this number to keep the page fast">
        more than <strong>{formatCount(cap)}</strong> answers
      </span>
    );
  }
  return (
    <>
      <strong data-testid="answer-total">{formatCount(counted.count)}</strong> {counted.count === 1 ? "answer" : "answers"}
    </>
  );
}

/** Shown while the count runs: the same line, without the number yet. */
export function AnswerCountPending() {
  return (
    <span data-testid="answer-count-pending" className="text-zinc-600 dark:text-zinc-300">
      counting answers…
    </span>
  );
}
