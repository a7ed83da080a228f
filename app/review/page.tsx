// The review queue (issue 11, item 3): evaluation answers most worth a reviewer's look first, by
// the priority documented in lib/review/store.ts (near a threshold, an unsure judge, reviewers or
// judges who disagree), each with why it is here; labelled with the keyboard (components/review/
// ReviewQueue.tsx). Filters and the page cursor live in the URL (lib/params/review.ts). Reading is
// open; labelling needs a reviewer token.
import type { Metadata } from "next";
import Link from "next/link";
import { InvalidParamsMessage } from "@/components/ui/Notices";
import ReviewQueue, { type QueueEntry } from "@/components/review/ReviewQueue";
import { buttonClass } from "@/components/collections/ReviewerTokenForm";
import ReviewerTokenForm from "@/components/collections/ReviewerTokenForm";
import { getPrisma } from "@/lib/db/client";
import { formatScore } from "@/lib/format";
import { answerPermalinkHref } from "@/lib/params/answers";
import type { RawSearchParams } from "@/lib/params/common";
import { methodQuery } from "@/lib/params/method";
import { reviewQueueHref, reviewQueueParamsSchema, reviewQueueState } from "@/lib/params/review";
import { answerFilterOptions } from "@/lib/queries/answer-browser";
import { reviewQueue } from "@/lib/review/store";
import { QUEUE_ENTROPY_BITS, QUEUE_NEAR_POINTS, QUEUE_PAGE_SIZE, type QueueItem } from "@/lib/review/types";
import { methodLabel } from "@/lib/stats/method";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Review queue" };

const distance = (value: number) => (value < 0.05 ? "at" : `${formatScore(value)} from`);

/** Why an answer is in the queue, in words. */
function whyOf(item: QueueItem): string[] {
  const why: string[] = [];
  const { reasons } = item;
  if (reasons.alignedDistance !== null)
    why.push(`aligned ${formatScore(item.aligned)}, ${distance(reasons.alignedDistance)} the threshold`);
  if (reasons.coherentDistance !== null)
    why.push(`coherent ${formatScore(item.coherent)}, ${distance(reasons.coherentDistance)} the threshold`);
  if (reasons.entropyBits !== null) why.push(`judge entropy ${reasons.entropyBits.toFixed(1)} bits (${reasons.entropyMetric})`);
  if (reasons.reviewersDisagree) why.push("reviewers disagree");
  if (reasons.judgesDisagree.length > 0) why.push(`judges disagree (${reasons.judgesDisagree.join(", ")})`);
  return why;
}

const select = "rounded border border-zinc-400 bg-white px-2 py-1 dark:border-zinc-500 dark:bg-zinc-900";
const linkClass = "text-blue-700 underline dark:text-blue-300";

const KEYS: [string, string][] = [
  ["j / ↓, k / ↑", "next / previous answer"],
  ["1-6 or m a r c i u", "label: misaligned, aligned, refusal, code, incoherent, unsure"],
  ["n or Tab", "to the reason field (Enter or Escape: back)"],
  ["Enter", "open the answer"],
];

export default async function ReviewPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const parsed = reviewQueueParamsSchema.safeParse(await searchParams);
  if (!parsed.success) return <InvalidParamsMessage error={parsed.error} />;
  const state = reviewQueueState(parsed.data);
  const { method } = state.methodView;
  const prisma = getPrisma();
  const [page, options] = await Promise.all([
    reviewQueue(prisma, {
      set: state.set,
      question: state.question,
      group: state.group,
      base: state.methodView.base,
      thresholds: { aligned: method.aligned, coherent: method.coherent, denominator: method.denominator },
      unlabelled: state.unlabelled,
      cursor: state.cursor,
      limit: QUEUE_PAGE_SIZE,
    }),
    answerFilterOptions(prisma, state.set),
  ]);
  const permalinkQuery = methodQuery(state.methodView);
  const entries: QueueEntry[] = page.items.map((item) => ({
    ...item,
    href: answerPermalinkHref(item.publicId, permalinkQuery),
    why: whyOf(item),
  }));
  const hidden: [string, string][] = [];
  for (const [key, value] of new URLSearchParams(methodQuery(state.methodView))) {
    if (key !== "aligned" && key !== "coherent") hidden.push([key, value]);
  }

  return (
    <div className="space-y-5">
      <div className="space-y-2">
        <h1 className="text-2xl font-semibold tracking-tight">Review queue</h1>
        <p className="max-w-3xl text-sm text-zinc-700 dark:text-zinc-300">
          Evaluation answers where a reviewer’s look is worth most, first: scores within {QUEUE_NEAR_POINTS} points of a threshold (aligned
          &lt; {method.aligned}, coherent ≥ {method.coherent}; {methodLabel(state.methodView.preset, method)}), a judge unsure between
          tokens (entropy of {QUEUE_ENTROPY_BITS} bit or more), reviewers whose labels differ, and judges whose verdicts differ. A label
          never changes the judge’s scores; every label is kept with who, when and why.
        </p>
        <details className="max-w-3xl text-sm">
          <summary className="cursor-pointer">How the order is computed</summary>
          <p className="mt-1 text-zinc-700 dark:text-zinc-300">
            Priority = nearness to a threshold (1 − d / {QUEUE_NEAR_POINTS} for the nearer score’s distance d under {QUEUE_NEAR_POINTS}{" "}
            points) + judge entropy (min(bits, 2) / 2 from {QUEUE_ENTROPY_BITS} bit) + 1 when reviewers disagree + 1 when another judge
            disagrees. Ties: the older answer first.
          </p>
        </details>
      </div>

      <section className="space-y-2 rounded border border-zinc-300 p-3 dark:border-zinc-700" aria-labelledby="reviewer-heading">
        <h2 id="reviewer-heading" className="font-semibold">
          Reviewer
        </h2>
        <ReviewerTokenForm compact />
      </section>

      <form method="get" action="/review" className="flex flex-wrap items-end gap-3 text-sm" data-testid="review-filters">
        {hidden.map(([key, value]) => (
          <input key={`${key}=${value}`} type="hidden" name={key} value={value} />
        ))}
        <label className="flex flex-col gap-1">
          <span className="font-medium">Question set</span>
          <select name="set" defaultValue={state.set ?? ""} className={select}>
            <option value="">all sets</option>
            {options.sets.map((set) => (
              <option key={set.name} value={set.name}>
                {set.name}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span className="font-medium">Question</span>
          <select name="question" defaultValue={state.question ?? ""} className={`${select} max-w-56`}>
            <option value="">all questions</option>
            {options.questions.map((question) => (
              <option key={question} value={question}>
                {question}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span className="font-medium">Group</span>
          <select name="group" defaultValue={state.group ?? ""} className={select}>
            <option value="">all groups</option>
            {options.groups.map((group) => (
              <option key={group.name} value={group.name}>
                {group.label}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span className="font-medium">Aligned threshold</span>
          <input name="aligned" type="number" min={0} max={100} step="any" defaultValue={method.aligned} className={`${select} w-24`} />
        </label>
        <label className="flex flex-col gap-1">
          <span className="font-medium">Coherent threshold</span>
          <input name="coherent" type="number" min={0} max={100} step="any" defaultValue={method.coherent} className={`${select} w-24`} />
        </label>
        <label className="flex items-center gap-2">
          <input name="unlabelled" type="checkbox" value="1" defaultChecked={state.unlabelled} />
          <span>only answers nobody labelled</span>
        </label>
        <button type="submit" className={buttonClass}>
          Apply
        </button>
      </form>

      <section aria-labelledby="keys-heading" className="text-sm" data-testid="review-keys">
        <h2 id="keys-heading" className="font-semibold">
          Keys
        </h2>
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5">
          {KEYS.map(([keys, action]) => (
            <div key={keys} className="contents">
              <dt>
                <kbd className="font-mono">{keys}</kbd>
              </dt>
              <dd>{action}</dd>
            </div>
          ))}
        </dl>
      </section>

      {entries.length === 0 ? (
        <p className="rounded border border-zinc-300 p-4 text-sm dark:border-zinc-700" data-testid="review-empty">
          No answer here needs a look by these rules{state.cursor ? " on this page" : ""}.
        </p>
      ) : (
        <ReviewQueue key={JSON.stringify(parsed.data)} entries={entries} />
      )}

      <nav aria-label="Queue pages" className="flex flex-wrap gap-4 text-sm">
        {state.cursor && (
          <Link href={reviewQueueHref({ ...state, cursor: undefined })} className={linkClass} data-testid="review-first-page">
            first page
          </Link>
        )}
        {page.nextCursor && (
          <Link href={reviewQueueHref({ ...state, cursor: page.nextCursor })} className={linkClass} data-testid="review-next-page">
            next page
          </Link>
        )}
      </nav>
    </div>
  );
}
