// Previous / next answer within the list the permalink was opened from (same keyset query as the
// browser). Async: the page streams it inside a Suspense boundary.
import Link from "next/link";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { answerPermalinkHref, type AnswerListState } from "@/lib/params/answers";
import { answerNeighbours } from "@/lib/queries/answer-browser";

export default async function AnswerNeighbours({
  prisma,
  answer,
  state,
  view,
  fromList,
}: {
  prisma: PrismaClient;
  answer: { id: number; aligned: number | null; coherent: number | null; sampleIndex: number };
  state: AnswerListState;
  view: "formatted" | "raw";
  fromList: boolean;
}) {
  const neighbours = await answerNeighbours(prisma, state.filters, state.sort, answer);
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
