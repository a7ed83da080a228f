// Previous / next answer within the list the permalink was opened from (same keyset query as the
// browser). The page starts the query and hands over its promise; this component awaits it, so the
// page streams it inside a Suspense boundary.
import Link from "next/link";
import type { AnswerNeighbourIds } from "@/lib/answers/types";
import { answerPermalinkHref, type AnswerListState } from "@/lib/params/answers";

export default async function AnswerNeighbours({
  neighbours: pending,
  state,
  view,
  fromList,
}: {
  neighbours: Promise<AnswerNeighbourIds>;
  state: AnswerListState;
  view: "formatted" | "raw";
  fromList: boolean;
}) {
  const neighbours = await pending;
  return (
    <nav aria-label={fromList ? "Neighbouring answers in the filtered list" : "Neighbouring answers"} className="flex gap-3 text-sm">
      {neighbours.previous !== null ? (
        <Link href={answerPermalinkHref(neighbours.previous, state, view)} className="underline" data-testid="prev-answer" rel="prev">
          ← previous
        </Link>
      ) : (
        <span className="text-zinc-400 dark:text-zinc-500">← previous</span>
      )}
      {neighbours.next !== null ? (
        <Link href={answerPermalinkHref(neighbours.next, state, view)} className="underline" data-testid="next-answer" rel="next">
          next →
        </Link>
      ) : (
        <span className="text-zinc-400 dark:text-zinc-500">next →</span>
      )}
      <span className="text-zinc-500 dark:text-zinc-400">{fromList ? "in the list you came from" : "by alignment"}</span>
    </nav>
  );
}
