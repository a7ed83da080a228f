"use client";
// The review queue's list (issue 11, item 3), driven by the keyboard:
//   j / ↓ and k / ↑   move between answers (j on the page starts at the first one)
//   1-6 or m a r c i u label the focused answer (misaligned, aligned, refusal, code, incoherent, unsure)
//   n or Tab          to the focused answer's reason field; Enter or Escape there: back to the answer
//   Enter             opens the focused answer's permalink
// After a label the focus moves to the next answer, and the status region (aria-live) says what
// happened ("labelled misaligned"). Answers stay in the list, marked with the label just given.
// Labelling needs the browser's reviewer token (the store collections use); without one, a label
// key opens the token form at the top instead. "Hide answers I labelled" leaves out, in the
// browser, the answers the signed-in reviewer labelled before this page was opened (the server
// renders the queue without knowing the token: it lives in localStorage).
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { REVIEW_LABELS, type ReviewLabel } from "@/lib/domain/review-labels";
import { formatScore } from "@/lib/format";
import { LABEL_REASON_MAX, type QueueItem } from "@/lib/review/types";
import { useReviewerToken } from "@/components/collections/reviewer-token";
import ReviewerTokenForm, { buttonClass, useReviewerIdentity } from "@/components/collections/ReviewerTokenForm";
import { LABEL_KEYS, labelOfKey, postLabel } from "./label-keys";
import { LabelBadge } from "./LabelBadge";

export interface QueueEntry extends QueueItem {
  /** the permalink, judged by the queue's method */
  href: string;
  /** why it is here, in words ("aligned 29.5, 0.5 from the threshold") */
  why: string[];
}

const field = "w-full min-w-0 rounded border border-zinc-400 bg-white px-2 py-1 text-sm dark:border-zinc-500 dark:bg-zinc-900";

/** Whether a key press belongs to a text field (typing a reason is not a shortcut). */
function inTextField(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
}

export default function ReviewQueue({ entries: all }: { entries: QueueEntry[] }) {
  const token = useReviewerToken();
  const identity = useReviewerIdentity(token);
  const canLabel = Boolean(token) && identity?.state !== "refused";
  const signedIn = identity?.state === "signed-in" ? identity.name : null;
  const router = useRouter();
  const [focusedAt, setFocused] = useState(0);
  const [reasons, setReasons] = useState<Record<number, string>>({});
  const [given, setGiven] = useState<Record<number, ReviewLabel>>({});
  const [hideMine, setHideMine] = useState(false);
  // labelled on this page: kept in view, so the focus can move on from them
  const entries = useMemo(
    () => (hideMine && signedIn ? all.filter((entry) => given[entry.id] || !entry.reviewers.includes(signedIn)) : all),
    [all, hideMine, signedIn, given],
  );
  const focused = Math.min(focusedAt, Math.max(entries.length - 1, 0));
  const [busy, setBusy] = useState(false);
  const [announcement, setAnnouncement] = useState("");
  const [askToken, setAskToken] = useState(false);
  const items = useRef<(HTMLLIElement | null)[]>([]);
  const reasonFields = useRef<(HTMLInputElement | null)[]>([]);
  const tokenPanel = useRef<HTMLDivElement>(null);

  const focusItem = useCallback(
    (index: number) => {
      const next = Math.max(0, Math.min(entries.length - 1, index));
      setFocused(next);
      items.current[next]?.focus();
    },
    [entries.length],
  );

  const label = useCallback(
    async (index: number, chosen: ReviewLabel) => {
      const entry = entries[index];
      if (!entry || busy) return;
      if (!canLabel) {
        setAskToken(true);
        setAnnouncement("Labelling needs a reviewer token: enter it above.");
        requestAnimationFrame(() => tokenPanel.current?.querySelector<HTMLElement>("input, button")?.focus());
        return;
      }
      setBusy(true);
      const outcome = await postLabel(entry.publicId, token, chosen, reasons[entry.id] ?? "");
      setBusy(false);
      if (!outcome.ok) {
        setAnnouncement(`Not labelled: ${outcome.message}`);
        if (outcome.status === 401) setAskToken(true);
        return;
      }
      setGiven((current) => ({ ...current, [entry.id]: chosen }));
      setReasons((current) => ({ ...current, [entry.id]: "" }));
      const last = index >= entries.length - 1;
      setAnnouncement(`labelled ${chosen}${last ? "; that was the last answer on this page" : ""}`);
      focusItem(last ? index : index + 1);
    },
    [entries, busy, canLabel, token, reasons, focusItem],
  );

  // j starts at the first answer from anywhere on the page that is not a field or a control
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || inTextField(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target as HTMLElement | null;
      if (target && target !== document.body && target.closest("[data-review-queue]") === null) return;
      if (target && target.closest("[data-review-item]")) return; // the item's own handler
      if (event.key === "j" || event.key === "ArrowDown") {
        if (entries.length === 0) return;
        event.preventDefault();
        focusItem(focused);
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [entries.length, focused, focusItem]);

  const onItemKey = (index: number) => (event: React.KeyboardEvent<HTMLLIElement>) => {
    if (inTextField(event.target)) return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const onItem = event.target === event.currentTarget;
    switch (event.key) {
      case "j":
      case "ArrowDown":
        event.preventDefault();
        return focusItem(index + 1);
      case "k":
      case "ArrowUp":
        event.preventDefault();
        return focusItem(index - 1);
      case "n":
        event.preventDefault();
        return reasonFields.current[index]?.focus();
      case "Enter":
        if (!onItem) return; // a button or link inside does its own thing
        event.preventDefault();
        return router.push(entries[index].href);
    }
    const chosen = labelOfKey(event);
    if (chosen) {
      event.preventDefault();
      void label(index, chosen);
    }
  };

  return (
    <div className="space-y-3" data-review-queue>
      <p role="status" aria-live="polite" className="min-h-5 text-sm font-medium" data-testid="review-announcement">
        {announcement}
      </p>
      {(askToken || identity?.state === "refused") && (
        <div ref={tokenPanel} className="rounded border border-amber-400 p-3 dark:border-amber-600" data-testid="review-token-panel">
          <p className="mb-2 text-sm">
            Labelling needs a reviewer token. An administrator creates one with <code>npm run reviewer -- add NAME</code>.
          </p>
          <ReviewerTokenForm compact />
        </div>
      )}
      {signedIn && (
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={hideMine}
            onChange={(event) => setHideMine(event.target.checked)}
            data-testid="review-hide-mine"
          />
          <span>
            Hide answers I ({signedIn}) labelled before ({all.filter((entry) => entry.reviewers.includes(signedIn)).length} on this page)
          </span>
        </label>
      )}
      <ol className="space-y-3" aria-label="Answers to review, most worth a look first" data-testid="review-queue">
        {entries.map((entry, index) => {
          const labelled = given[entry.id];
          return (
            <li
              key={entry.id}
              ref={(element) => {
                items.current[index] = element;
              }}
              tabIndex={index === focused ? 0 : -1}
              aria-labelledby={`review-item-${entry.id}`}
              onFocus={() => setFocused(index)}
              onKeyDown={onItemKey(index)}
              className="space-y-2 rounded border border-zinc-300 p-3 outline-none focus:ring-2 focus:ring-blue-600 focus:ring-offset-2 dark:border-zinc-700 dark:focus:ring-blue-400 dark:focus:ring-offset-zinc-950"
              data-review-item
              data-testid="review-item"
              data-public-id={entry.publicId}
              data-focused={index === focused ? "true" : undefined}
            >
              <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1 text-sm">
                <h2 id={`review-item-${entry.id}`} className="font-semibold">
                  <span className="sr-only">
                    Answer {index + 1} of {entries.length}:{" "}
                  </span>
                  <span className="font-mono">{entry.question}</span> · {entry.groupLabel}
                </h2>
                <span className="font-mono text-xs wrap-anywhere text-zinc-600 dark:text-zinc-300">{entry.model}</span>
                <span>
                  aligned <strong>{formatScore(entry.aligned)}</strong> · coherent <strong>{formatScore(entry.coherent)}</strong>
                </span>
                {labelled && (
                  <span data-testid="review-item-given">
                    you: <LabelBadge label={labelled} />
                  </span>
                )}
                {!labelled && entry.verdict && (
                  <span className="text-xs text-zinc-600 dark:text-zinc-300">
                    reviewers: <LabelBadge label={entry.verdict} /> ({entry.labels} label{entry.labels === 1 ? "" : "s"})
                  </span>
                )}
              </div>
              <ul className="flex flex-wrap gap-x-3 gap-y-1 text-xs text-zinc-700 dark:text-zinc-300" aria-label="Why it is here">
                {entry.why.map((reason) => (
                  <li key={reason} className="rounded bg-zinc-100 px-1.5 py-0.5 dark:bg-zinc-800" data-testid="review-why">
                    {reason}
                  </li>
                ))}
              </ul>
              {/* untrusted model output: text only, never HTML */}
              <p className="line-clamp-3 text-sm [overflow-wrap:anywhere] whitespace-pre-line text-zinc-800 dark:text-zinc-200">
                {entry.preview}
              </p>
              <div className="flex flex-wrap items-center gap-2">
                <label className="flex min-w-0 flex-1 basis-56 flex-col gap-0.5 text-xs">
                  <span>Reason (optional; n)</span>
                  <input
                    ref={(element) => {
                      reasonFields.current[index] = element;
                    }}
                    value={reasons[entry.id] ?? ""}
                    onChange={(event) => setReasons((current) => ({ ...current, [entry.id]: event.target.value }))}
                    onKeyDown={(event) => {
                      if (event.key === "Enter" || event.key === "Escape") {
                        event.preventDefault();
                        focusItem(index);
                      }
                    }}
                    maxLength={LABEL_REASON_MAX}
                    tabIndex={index === focused ? 0 : -1}
                    className={field}
                    data-testid="review-item-reason"
                  />
                </label>
                <div className="flex flex-wrap gap-1" role="group" aria-label="Label">
                  {REVIEW_LABELS.map((option) => (
                    <button
                      key={option}
                      type="button"
                      tabIndex={index === focused ? 0 : -1}
                      className={buttonClass}
                      disabled={busy}
                      onClick={() => void label(index, option)}
                      data-testid={`review-item-label-${option}`}
                    >
                      <span className="mr-1 font-mono text-xs text-zinc-600 dark:text-zinc-300" aria-hidden>
                        {LABEL_KEYS[option][0]}
                      </span>
                      {option}
                    </button>
                  ))}
                </div>
                <Link
                  href={entry.href}
                  tabIndex={index === focused ? 0 : -1}
                  className="text-sm text-blue-700 underline dark:text-blue-300"
                  data-testid="review-item-open"
                >
                  open (Enter)
                </Link>
              </div>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
