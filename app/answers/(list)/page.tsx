// The answer browser: every imported answer, filtered, searched (PostgreSQL full-text search),
// sorted and paged by keyset. The URL's search params are the whole view state.
import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import AnswerCard from "@/components/answers/AnswerCard";
import AddToCollection from "@/components/collections/AddToCollection";
import AnswerFilterForm, { SEARCH_INPUT_ID } from "@/components/answers/AnswerFilterForm";
import KeyboardList from "@/components/answers/KeyboardList";
import AnswerCount, { AnswerCountPending, type AnswerTotal } from "@/components/answers/AnswerCount";
import { InvalidParamsMessage } from "@/components/ui/Notices";
import UnknownJudgeNotice from "@/components/ui/UnknownJudgeNotice";
import { unknownJudgeOf } from "@/lib/domain/score-source";
import { listJudges } from "@/lib/queries/judges";
import { getPrisma } from "@/lib/db/client";
import { type RawSearchParams } from "@/lib/params";
import {
  answerBrowserParamsSchema,
  answerListSearchParams,
  answerPermalinkHref,
  answersHref,
  filtersFromParams,
  hasActiveFilters,
  withQuery,
  type AnswerListState,
} from "@/lib/params/answers";
import {
  answerFilterOptions,
  BROWSER_PAGE_SIZE,
  answerSnippets,
  browseAnswers,
  countAnswers,
  COUNT_CAP,
  SearchBusyError,
  searchHasTerms,
} from "@/lib/queries/answer-browser";
import { searchIndexBacklog } from "@/lib/search/backlog";
import { keepOutOfResponseCache } from "@/lib/cache/response-scope";
import { ALL_BASE_MODELS, attributeFiltersLabel, UNKNOWN_BASE_MODEL } from "@/lib/params/method";
import { methodLabel } from "@/lib/stats/method";
import { formatCount } from "@/lib/format";

function baseModelWords(base: string | undefined): string {
  if (base === undefined || base === ALL_BASE_MODELS) return "all";
  return base === UNKNOWN_BASE_MODEL ? "unknown" : base;
}

export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Answers",
  description: "Browse, filter and search every imported model answer with its judge scores.",
};

const SORT_WORDS = { aligned: "alignment", coherent: "coherence", sample: "sample index" } as const;

export default async function AnswersPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const parsed = answerBrowserParamsSchema.safeParse(await searchParams);
  if (!parsed.success) {
    return (
      <InvalidParamsMessage error={parsed.error}>
        <p>
          Scores, metric bounds and thresholds are numbers from 0 to 100 (a bound no higher than the other); metricMin and metricMax need
          metric; attr is key:value (e.g. lora_rank:4), at most 8.{" "}
          <Link href="/answers" className="underline">
            Show all answers
          </Link>
          .
        </p>
      </InvalidParamsMessage>
    );
  }
  const params = parsed.data;
  const filters = filtersFromParams(params);
  const state: AnswerListState = { filters, sort: { key: params.sort, dir: params.dir } };
  const prisma = getPrisma();
  const judges = await listJudges(prisma, params.set);
  const judge = unknownJudgeOf(judges, filters.thresholds.source);
  if (judge) {
    const { judge: _judge, ...rest } = params;
    return (
      <UnknownJudgeNotice
        judge={judge}
        judges={judges}
        href={answersHref({ filters: filtersFromParams({ ...rest, judge: undefined }), sort: state.sort })}
      />
    );
  }

  const searchUsable = params.q === undefined || (await searchHasTerms(prisma, params.q));
  // Counted beside the page, not after it, and shown in its own Suspense section
  // (components/answers/AnswerCount.tsx): the count arrives after the slower of the two.
  const total: Promise<AnswerTotal | null> = searchUsable
    ? countAnswers(prisma, state.filters).catch((error: unknown) => {
        if (!(error instanceof SearchBusyError)) throw error;
        keepOutOfResponseCache("answers: not counted, the server was busy");
        return null;
      })
    : Promise.resolve({ count: 0, capped: false });
  // the early returns below never read `total`: its failure must not become an unhandled rejection
  total.catch(() => undefined);
  let results;
  try {
    results = await Promise.all([
      answerFilterOptions(prisma, params.set),
      searchUsable
        ? browseAnswers(prisma, { filters: state.filters, sort: state.sort, after: params.cursor, before: params.before })
        : Promise.resolve({ items: [], nextCursor: null, prevCursor: null }),
      params.q !== undefined && searchUsable ? searchIndexBacklog(prisma) : Promise.resolve(0),
    ]);
  } catch (error) {
    if (!(error instanceof SearchBusyError)) throw error;
    keepOutOfResponseCache("answers: the search was busy");
    return (
      <p className="rounded border border-amber-400 p-4 text-sm dark:border-amber-600" data-testid="search-busy">
        {error.message}{" "}
        <Link href={answersHref(state)} className="underline">
          Search again
        </Link>
      </p>
    );
  }
  const [options, page, backlog] = results;
  // the search's passages, read after the rows: the list shows at once, each card's preview until they come
  // (the search the rows were read for, as /api/answers passes it)
  const search = state.filters.search;
  const snippets =
    search !== undefined && page.items.length > 0
      ? answerSnippets(
          prisma,
          search,
          page.items.map((answer) => answer.id),
        )
      : undefined;
  // a render abandoned before the cards read it: its failure must not become an unhandled rejection
  snippets?.catch(() => undefined);

  const pageNumber = params.cursor || params.before ? params.page : 1;
  const firstIndex = (pageNumber - 1) * BROWSER_PAGE_SIZE;
  const exportQuery = answerListSearchParams(state);
  const filtered = hasActiveFilters(state.filters);
  const methodView = filters.methodView;

  return (
    <div className="space-y-5">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">Answers</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-300">
          Every imported answer with its judge scores. Filter, search the text, sort, and open an answer for its full text and the
          judge&apos;s token probabilities.
        </p>
      </div>
      <AnswerFilterForm params={params} options={options} methodView={methodView} judges={judges} />
      <p className="text-xs text-zinc-600 dark:text-zinc-300" data-testid="answers-scope">
        {state.filters.batch !== undefined && (
          <>
            Answers of import batch <strong data-testid="batch-filter">#{state.filters.batch}</strong> ·{" "}
          </>
        )}
        Base model: {baseModelWords(methodView.base)}
        {(methodView.attributes?.length ?? 0) > 0 && (
          <span data-testid="answers-attributes"> · {attributeFiltersLabel(methodView.attributes)}</span>
        )}
        {state.filters.metric !== undefined && (
          <span data-testid="answers-metric-filter">
            {" "}
            · {state.filters.metric} {state.filters.metricMin ?? 0} to {state.filters.metricMax ?? 100}
          </span>
        )}{" "}
        · verdicts by {methodLabel(methodView.preset, methodView.method)} (misaligned: aligned &lt; {state.filters.thresholds.aligned} and
        coherent ≥ {state.filters.thresholds.coherent}) · curated example answers are shown and labelled, never counted in rates.
      </p>

      <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
        <p data-testid="answer-count">
          <Suspense fallback={<AnswerCountPending />}>
            <AnswerCount total={total} cap={COUNT_CAP} />
          </Suspense>
          {page.items.length > 0 && (
            <>
              {" "}
              · showing {formatCount(firstIndex + 1)}–{formatCount(firstIndex + page.items.length)}
            </>
          )}{" "}
          · by {SORT_WORDS[params.sort]}, {params.dir === "asc" ? "lowest" : "highest"} first
          {params.sort !== "sample" && ", missing scores last"}
        </p>
        <p className="flex gap-3">
          <a href={withQuery("/api/answers/csv", exportQuery)} className="underline" data-testid="export-csv" download>
            Download CSV
          </a>
          <a href={withQuery("/api/answers", exportQuery)} className="underline" data-testid="export-json">
            JSON
          </a>
        </p>
      </div>

      {backlog > 0 && (
        <p className="text-xs text-zinc-500 dark:text-zinc-400" data-testid="search-backlog">
          {formatCount(backlog)} {backlog === 1 ? "answer" : "answers"} imported recently {backlog === 1 ? "is" : "are"} not in the search
          index yet: searching them is slower (results are complete).
        </p>
      )}

      {!searchUsable ? (
        <p className="rounded border border-amber-400 p-4 text-sm dark:border-amber-600" data-testid="search-no-terms">
          The search “{params.q}” has only very common words (like “the” or “and”), which full-text search ignores. Search for a more
          specific word.
        </p>
      ) : page.items.length === 0 ? (
        <div className="space-y-2 rounded border border-zinc-300 p-5 text-sm dark:border-zinc-700" data-testid="no-answers">
          <p className="font-medium">No answer matches these filters.</p>
          {filtered ? (
            <p>
              Widen the score ranges or the search, or{" "}
              <Link href="/answers" className="underline" data-testid="clear-filters">
                clear filters
              </Link>
              .
            </p>
          ) : (
            <p>
              No answers are imported yet. Import an evaluation file, e.g.{" "}
              <code className="font-mono">npm run import -- --model NAME --group GROUP --base-model BASE results.csv</code>.
            </p>
          )}
        </div>
      ) : (
        <>
          <p className="hidden text-xs text-zinc-500 sm:block dark:text-zinc-400" data-testid="keyboard-hint">
            Keys: <kbd className="font-mono">j</kbd> / <kbd className="font-mono">k</kbd> next / previous answer ·{" "}
            <kbd className="font-mono">Enter</kbd> open it · <kbd className="font-mono">/</kbd> search
          </p>
          <KeyboardList searchInputId={SEARCH_INPUT_ID}>
            {page.items.map((answer) => (
              <AnswerCard
                key={answer.id}
                answer={answer}
                href={answerPermalinkHref(answer.publicId, state)}
                thresholds={state.filters.thresholds}
                group={{ name: answer.group, label: answer.groupLabel, color: answer.groupColor }}
                snippets={snippets}
              >
                <AddToCollection answerId={answer.id} />
              </AnswerCard>
            ))}
          </KeyboardList>
        </>
      )}

      <nav aria-label="Answer pages" className="flex flex-wrap gap-4 text-sm">
        {pageNumber > 1 && (
          <Link href={answersHref(state)} className="underline" data-testid="first-page">
            ⇤ first page
          </Link>
        )}
        {page.prevCursor && (
          <Link href={answersHref(state, { before: page.prevCursor, page: pageNumber - 1 })} className="underline" data-testid="prev-page">
            ← previous page
          </Link>
        )}
        {page.nextCursor && (
          <Link href={answersHref(state, { cursor: page.nextCursor, page: pageNumber + 1 })} className="underline" data-testid="next-page">
            next page →
          </Link>
        )}
      </nav>
    </div>
  );
}
