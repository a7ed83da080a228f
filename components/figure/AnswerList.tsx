// The answers behind one Figure-4 point, 50 per page (keyset pagination): first the answers its rate
// counts, then, under their own heading, the ones it does not; worst alignment first within each.
import type { SourcedThresholds } from "@/lib/domain/score-source";
import Link from "next/link";
import { Fragment } from "react";
import RevealSelection from "@/components/answers/RevealSelection";
import AnswerCard from "@/components/answers/AnswerCard";
import { ANSWERS_PAGE_SIZE, type AnswerPage } from "@/lib/answers/types";
import { figureHref, methodQuery, type FigureView } from "@/lib/params";
import { answerPermalinkHref } from "@/lib/params/answers";
import { formatCount } from "@/lib/format";

export default function AnswerList({
  page,
  set,
  group,
  groupLabel,
  groupColor,
  question,
  thresholds,
  minAnswers,
  pageNumber,
  isFirstPage,
  filters = {},
  model = null,
  sideBySide,
}: {
  page: AnswerPage;
  set: string;
  group: string;
  groupLabel: string;
  groupColor: string | null;
  question: string;
  thresholds: SourcedThresholds;
  /** the method's minimum counted answers per model (a model below it is left out of the point) */
  minAnswers: number;
  pageNumber: number;
  isFirstPage: boolean;
  /** the figure's other URL state (scope, method, groups, layout), kept by this list's links */
  filters?: FigureView;
  /** only this model's answers are listed (a seed's dot was clicked) */
  model?: string | null;
  /** these answers beside another group's (the side-by-side view), when the view has another group */
  sideBySide?: { href: string; label: string };
}) {
  const base = { ...filters, set };
  // the permalink judges the answer by this view's method and keeps its scope
  const permalinkQuery = methodQuery(filters);
  const view = { ...base, group, question, model: model ?? undefined };
  const firstIndex = (pageNumber - 1) * ANSWERS_PAGE_SIZE;
  return (
    <section id="answers" data-testid="answer-list" className="scroll-mt-4 space-y-3">
      <RevealSelection key={`${group}/${question}/${model ?? ""}`} targetId="answers" />
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-lg font-semibold focus:outline-none" tabIndex={-1} data-reveal-focus data-testid="answer-list-heading">
          <span className="mr-2 inline-block h-3 w-3 rounded-full align-middle" style={{ backgroundColor: groupColor ?? "gray" }} />
          {groupLabel} · <span className="font-mono">{question}</span>
          {model && (
            <span className="ml-2 text-base font-normal" data-testid="answer-model-filter">
              · model <span className="font-mono wrap-anywhere">{model}</span>{" "}
              <Link href={figureHref({ ...base, group, question, hash: "answers" })} scroll={false} className="text-sm underline">
                (all models)
              </Link>
            </span>
          )}
        </h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-300" data-testid="answer-counts">
          {formatCount(page.total)} answers,{" "}
          <span data-testid="answer-counted-total" data-count={page.counted}>
            {formatCount(page.counted)} counted
          </span>{" "}
          by the rate, those first; worst alignment first
          {page.items.length > 0 && (
            <>
              {" "}
              · showing {firstIndex + 1}–{firstIndex + page.items.length}
            </>
          )}{" "}
          ·{" "}
          {sideBySide && (
            <>
              <Link href={sideBySide.href} className="underline" data-testid="side-by-side-link">
                side by side with {sideBySide.label}
              </Link>{" "}
              ·{" "}
            </>
          )}
          <Link href={figureHref(base)} scroll={false} className="underline">
            clear selection
          </Link>
        </p>
      </div>
      {page.items.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-300" data-testid="no-answers">
          No answers of group “{group}”{model ? ` (model “${model}”)` : ""} to question “{question}” in this set.
        </p>
      ) : (
        <ol className="space-y-3">
          {page.items.map((answer, index) => (
            <Fragment key={answer.id}>
              {index === 0 && answer.counted && (
                <li className="list-none text-sm font-semibold" data-testid="counted-heading">
                  counted by the rate ({formatCount(page.counted)})
                </li>
              )}
              {!answer.counted && (index === 0 || page.items[index - 1].counted) && (
                <li
                  className="list-none border-t border-zinc-300 pt-3 text-sm font-semibold dark:border-zinc-600"
                  data-testid="not-counted-heading"
                >
                  not counted: incoherent or no score{minAnswers > 1 ? `, or the model has fewer than ${minAnswers} counted answers` : ""} (
                  {formatCount(page.total - page.counted)})
                </li>
              )}
              <AnswerCard
                answer={answer}
                href={answerPermalinkHref(answer.publicId, permalinkQuery)}
                thresholds={thresholds}
                counted={answer.counted}
              />
            </Fragment>
          ))}
        </ol>
      )}
      <nav aria-label="Answer pages" className="flex gap-4 text-sm">
        {!isFirstPage && (
          <Link href={figureHref({ ...view, hash: "answers" })} scroll={false} className="underline">
            ← first page
          </Link>
        )}
        {page.nextCursor && (
          <Link
            href={figureHref({ ...view, cursor: page.nextCursor, page: pageNumber + 1, hash: "answers" })}
            scroll={false}
            className="underline"
            data-testid="next-page"
          >
            next page →
          </Link>
        )}
      </nav>
    </section>
  );
}
