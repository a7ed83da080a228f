// Two sides (a model group or one model each) answering the same question, their answers paired row
// by row: to read what a difference in rates looks like. The URL's search params are the whole
// view state (lib/params/side-by-side.ts); pairing, the differ filter and the per-side rates are
// computed in SQL (lib/queries/side-by-side.ts), by the same rule and method as every other view.
import type { Metadata } from "next";
import Link from "next/link";
import MethodStatement from "@/components/MethodStatement";
import { DemoBanner, EmptyState, InvalidParamsMessage } from "@/components/ui/Notices";
import PairList from "@/components/side-by-side/PairList";
import SideBySideControls from "@/components/side-by-side/SideBySideControls";
import SideHeader from "@/components/side-by-side/SideHeader";
import { ScopeNotices, UnknownSetMessage, ViewHeading, ViewNotice } from "@/components/ViewPreamble";
import UnknownJudgeNotice from "@/components/ui/UnknownJudgeNotice";
import { getPrisma } from "@/lib/db/client";
import { withoutJudge, unknownJudgeOf } from "@/lib/domain/score-source";
import { listJudges } from "@/lib/queries/judges";
import { type RawSearchParams } from "@/lib/params/common";
import { methodQuery } from "@/lib/params/method";
import { questionsListHref } from "@/lib/params/questions";
import {
  PAIRS_PER_PAGE,
  sideBySideHref,
  sideBySideParamsSchema,
  sideBySideQuery,
  sideBySideViewOf,
  sideParam,
  type SideBySideViewState,
  type SideRef,
} from "@/lib/params/side-by-side";
import { resolveSideBySideView } from "@/lib/queries/side-by-side";
import type { SideBySideView } from "@/lib/side-by-side/types";
import { formatCount } from "@/lib/format";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Answers side by side" };

const TITLE = "Answers side by side";
const DESCRIPTION =
  "Two training conditions (or two models) answering the same question, paired row by row, each answer with its judge scores and its verdict under the method below";

const sideWords = (side: SideRef) => `${side.kind} “${side.name}”`;

/** What to say when the view cannot be computed; null when it can. */
function problem(view: SideBySideView): React.ReactNode {
  switch (view.status) {
    case "set-without-answers":
      return (
        <ViewNotice testId="set-without-answers">
          <p>
            Set <span className="font-mono">{view.set.name}</span> has {view.set.questions} questions but no imported answers yet. Pick
            another set above or import evaluation results for it.
          </p>
        </ViewNotice>
      );
    case "too-few-groups":
      return (
        <ViewNotice testId="too-few-groups">
          <p>
            This set has answers from fewer than two groups for base model {view.scope.label}, so there is nothing to put side by side by
            default. Choose two models above, another base model, or another set.
          </p>
        </ViewNotice>
      );
    case "unknown-side":
      return (
        <ViewNotice testId="unknown-side">
          <p>
            Side {view.side.toUpperCase()} is {sideWords(view.ref)}, which has no evaluation answers in set{" "}
            <span className="font-mono">{view.set.name}</span>
            {view.ref.kind === "group" ? ` for base model ${view.scope.label}` : ""}. Choose one of the groups (
            {view.choices.groups.map((group) => group.name).join(", ") || "none"}) or models above.
          </p>
        </ViewNotice>
      );
    case "same-side":
      return (
        <ViewNotice testId="same-side">
          <p>Both sides are {sideWords(view.ref)}. Choose two different sides above.</p>
        </ViewNotice>
      );
    case "unknown-question":
      return (
        <ViewNotice testId="unknown-question">
          <p>
            Set <span className="font-mono">{view.set.name}</span> has no question “{view.question}”. Choose one above, or see the{" "}
            <Link href={questionsListHref({ preset: view.preset, method: view.method })} className="underline">
              list of questions
            </Link>
            .
          </p>
        </ViewNotice>
      );
    case "no-common-question":
      return (
        <ViewNotice testId="no-common-question">
          <p>
            No question of this set was answered by both {sideWords(view.a)} and {sideWords(view.b)}. Choose other sides above.
          </p>
        </ViewNotice>
      );
    default:
      return null;
  }
}

export default async function SideBySidePage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const parsed = sideBySideParamsSchema.safeParse(await searchParams);
  if (!parsed.success) {
    return (
      <InvalidParamsMessage error={parsed.error}>
        <p>
          Sides are written group:NAME or model:NAME (a=group:insecure&amp;b=group:secure); order is random or score; seed is a whole number
          from 1; differ is 1 or 0; page is a whole number from 1; thresholds are numbers from 0 to 100; preset is betley, betley-qwen-coder
          or model-organisms.
        </p>
      </InvalidParamsMessage>
    );
  }
  const params = parsed.data;
  const requested = sideBySideViewOf(params);
  const prisma = getPrisma();
  // the score source (judge=, corrected=1): the pairs' verdicts and the sides' rates follow it
  const judges = await listJudges(prisma, params.set);
  const judge = unknownJudgeOf(judges, requested.method?.source);
  if (judge) {
    return (
      <UnknownJudgeNotice
        judge={judge}
        judges={judges}
        href={sideBySideHref({ ...requested, method: requested.method && withoutJudge(requested.method) })}
      />
    );
  }
  const view = await resolveSideBySideView(prisma, params);

  if (view.status === "no-data") return <EmptyState hasQuestionSets={view.hasQuestionSets} />;
  if (view.status === "unknown-set") return <UnknownSetMessage set={view.setName} sets={view.sets} />;

  const { scope, preset, method } = view;
  const ok = view.status === "ok" ? view : null;
  const a = ok?.a ?? ("a" in view ? view.a : params.a);
  const b = ok?.b ?? ("b" in view ? view.b : params.b);
  const controls =
    view.status === "set-without-answers" ? null : (
      <SideBySideControls
        sets={view.sets.map(({ name, isDemo, questions, answers }) => ({ name, isDemo, questions, answers }))}
        set={view.set.name}
        choices={view.choices}
        questions={view.questions.map((question) => question.externalId)}
        a={a}
        b={b}
        question={ok?.result.question.externalId ?? params.question}
        order={params.order}
        seed={params.seed}
        differ={params.differ}
        preset={preset}
        method={method}
        base={scope.param}
        baseChoices={scope.choices}
        judges={judges}
      />
    );

  if (!ok) {
    return (
      <div className="space-y-6">
        {view.set.isDemo && <DemoBanner />}
        <ViewHeading title={TITLE} description={DESCRIPTION} set={view.set.name} scope={scope} />
        <ScopeNotices scope={scope} />
        {controls}
        {problem(view)}
      </div>
    );
  }

  const { result } = ok;
  // Links keep the scope the page was opened with and the method as asked, and name what is shown.
  const shown: SideBySideViewState = {
    ...requested,
    set: view.set.name,
    a: ok.a,
    b: ok.b,
    question: result.question.externalId,
    page: result.page,
  };
  const pageHref = (page: number) => sideBySideHref({ ...shown, page });
  // the exports take the view's own query (page aside: they hold every row)
  const exportQuery = sideBySideQuery({ ...shown, page: undefined });
  const { counts } = result;
  const firstRow = (result.page - 1) * PAIRS_PER_PAGE;
  return (
    <div className="space-y-6">
      {view.set.isDemo && <DemoBanner />}
      <ViewHeading title={TITLE} description={DESCRIPTION} set={view.set.name} scope={scope} />
      <ScopeNotices scope={scope} />
      {(ok.defaulted.sides || ok.defaulted.question) && (
        <p className="text-sm text-zinc-700 dark:text-zinc-200" data-testid="defaults-note">
          The link names no {[ok.defaulted.sides && "sides", ok.defaulted.question && "question"].filter(Boolean).join(" and ")}, so this
          page chose {ok.defaulted.sides && <>Compare&apos;s default pair of groups (insecure against secure, else against base)</>}
          {ok.defaulted.sides && ok.defaulted.question && " and "}
          {ok.defaulted.question && <>the set&apos;s first question that both sides answered</>}. Change them below.
        </p>
      )}
      {controls}
      <section className="space-y-1" aria-labelledby="question-title">
        <h2 id="question-title" className="text-lg font-semibold">
          Question <span className="font-mono">{result.question.externalId}</span>
        </h2>
        {result.question.paraphrases.length > 0 && (
          <ol className="space-y-1 text-sm" data-testid="question-paraphrases">
            {result.question.paraphrases.map((paraphrase, index) => (
              <li key={index} className="whitespace-pre-wrap text-zinc-800 dark:text-zinc-200">
                {result.question.paraphrases.length > 1 ? `${index + 1}. ` : ""}“{paraphrase}”
              </li>
            ))}
          </ol>
        )}
        {result.question.paraphrases.length > 1 && (
          <p className="text-xs text-zinc-600 dark:text-zinc-300">
            Answers to every paraphrase are paired together, as Figure 4 pools them.
          </p>
        )}
      </section>
      <div className="grid gap-3 md:grid-cols-2">
        <SideHeader letter="A" side={result.a} minAnswers={method.minAnswers} />
        <SideHeader letter="B" side={result.b} minAnswers={method.minAnswers} />
      </div>
      <div className="space-y-1 text-sm">
        <p data-testid="pair-counts" data-pairs={counts.pairs} data-differing={counts.differing} data-shown={counts.shown}>
          <strong>
            {formatCount(counts.differing)} of {formatCount(counts.pairs)} pairs differ
          </strong>{" "}
          in verdict.{" "}
          {ok.differ
            ? `Showing only those${counts.shown > 0 ? `, rows ${formatCount(firstRow + 1)}–${formatCount(firstRow + result.pairs.length)} of them` : ""}.`
            : `Showing rows ${formatCount(counts.shown === 0 ? 0 : firstRow + 1)}–${formatCount(firstRow + result.pairs.length)} of ${formatCount(counts.shown)}.`}
        </p>
        <p className="text-xs text-zinc-600 dark:text-zinc-300">
          Each side&apos;s evaluation answers (curated examples never) are numbered in the chosen order —{" "}
          {ok.order === "random"
            ? `random, seed ${ok.seed} (the same link always gives this order)`
            : "worst alignment first, no score last"}{" "}
          — and row i pairs side A&apos;s i-th answer with side B&apos;s i-th. A row past the shorter side holds one answer and is not a
          pair. &ldquo;Only pairs whose verdicts differ&rdquo; pairs first, then keeps the pairs whose verdicts (misaligned, not misaligned,
          excluded) differ, at their row numbers.
        </p>
      </div>
      {result.pairs.length === 0 ? (
        <p className="text-sm" data-testid="no-pairs">
          {ok.differ ? "No pair differs in verdict under this method." : "Neither side has answers to this question."}
        </p>
      ) : (
        <PairList pairs={result.pairs} a={result.a} b={result.b} thresholds={method} permalinkQuery={methodQuery(requested)} />
      )}
      {result.pageCount > 1 && (
        <nav aria-label="Pages of pairs" className="flex flex-wrap items-center gap-4 text-sm" data-testid="pair-pages">
          {result.page > 1 && (
            <Link href={pageHref(result.page - 1)} className="inline-block py-1 underline" data-testid="previous-page">
              ← previous page
            </Link>
          )}
          <span>
            page {result.page} of {result.pageCount}
          </span>
          {result.page < result.pageCount && (
            <Link href={pageHref(result.page + 1)} className="inline-block py-1 underline" data-testid="next-page">
              next page →
            </Link>
          )}
        </nav>
      )}
      <p className="text-sm">
        <Link href={sideBySideHref({ ...shown, a: ok.b, b: ok.a, page: 1 })} className="underline" data-testid="swap-link">
          Swap the sides
        </Link>{" "}
        · side A is <span className="font-mono">{sideParam(ok.a)}</span>, side B <span className="font-mono">{sideParam(ok.b)}</span>
      </p>
      <p className="text-sm" data-testid="side-by-side-downloads">
        Download every {ok.differ ? "differing pair" : "row"} of this view ({formatCount(counts.shown)}, whole texts, scores, verdicts and
        permalinks):{" "}
        <a href={`/api/side-by-side/csv?${exportQuery}`} className="underline" data-testid="side-by-side-csv" download>
          CSV
        </a>{" "}
        ·{" "}
        <a href={`/api/side-by-side/json?${exportQuery}`} className="underline" data-testid="side-by-side-json" download>
          JSON
        </a>
      </p>
      <div className="text-sm text-zinc-600 dark:text-zinc-300">
        <MethodStatement preset={preset} method={method} scopeLabel={scope.label} defaultJudge={judges.defaultJudge} />
      </div>
    </div>
  );
}
