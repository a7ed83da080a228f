// The top of the views over one question set and base-model scope (Compare, Sweep): the heading
// naming the set and scope, the scope warnings, the boxed notices of views that cannot be
// computed, the answer to an unknown set, and the skeleton shown while the view computes.
import type { ReactNode } from "react";
import { ProblemMessage } from "@/components/ui/Notices";
import type { ResolvedScope } from "@/lib/scope/types";

/** The view's title and one sentence about it, ending with the set and scope shown. */
export function ViewHeading({
  title,
  description,
  set,
  scope,
}: {
  title: string;
  description: ReactNode;
  set?: string;
  scope?: ResolvedScope;
}) {
  return (
    <div className="space-y-1">
      <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-300">
        {description}
        {set && (
          <>
            {" "}
            — question set{" "}
            <span className="font-mono" data-testid="current-set">
              {set}
            </span>
          </>
        )}
        {scope && (
          <>
            , base model <strong data-testid="current-scope">{scope.label}</strong>
            {scope.isDefault && scope.scope.kind === "named" ? " (the base model with the most models)" : ""}
          </>
        )}
        .
      </p>
    </div>
  );
}

/** Warnings about the scope: `pooled` (what pooling base models mixes, in this view) when asked for, and a base model without models. */
export function ScopeNotices({ scope, pooled }: { scope: ResolvedScope; pooled?: ReactNode }) {
  return (
    <>
      {pooled && (
        <p
          className="rounded border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
          data-testid="pooled-warning"
        >
          {pooled}
        </p>
      )}
      {scope.unknownParam && (
        <p className="text-sm text-amber-800 dark:text-amber-200" data-testid="unknown-base">
          No model with evaluation answers has the base model “{scope.unknownParam}”.
        </p>
      )}
    </>
  );
}

/** A boxed notice in place of a view that cannot be computed. */
export function ViewNotice({ children, testId }: { children: ReactNode; testId: string }) {
  return (
    <div className="space-y-2 rounded border border-zinc-300 p-4 text-sm dark:border-zinc-700" data-testid={testId}>
      {children}
    </div>
  );
}

/** The URL names a set that does not exist. */
export function UnknownSetMessage({ set, sets }: { set: string; sets: { name: string }[] }) {
  return (
    <ProblemMessage title={`There is no question set named “${set}”`}>
      <p>Known sets: {sets.length === 0 ? "none yet" : sets.map((known) => known.name).join(", ")}.</p>
    </ProblemMessage>
  );
}

/** Shown while a view's numbers are computed on the server: heading, controls and chart placeholders. */
export function ViewLoading({ testId, titleWidth, message }: { testId: string; titleWidth: string; message: string }) {
  return (
    <div className="space-y-6" role="status" aria-live="polite" data-testid={testId}>
      <div className="space-y-2">
        <div className={`h-7 ${titleWidth} animate-pulse rounded bg-zinc-200 dark:bg-zinc-800`} />
        <div className="h-4 w-full max-w-xl animate-pulse rounded bg-zinc-100 dark:bg-zinc-900" />
      </div>
      <div className="h-10 w-full animate-pulse rounded bg-zinc-100 dark:bg-zinc-900" />
      <div className="h-80 w-full animate-pulse rounded bg-zinc-100 dark:bg-zinc-900" />
      <p className="text-sm text-zinc-600 dark:text-zinc-300">{message}</p>
    </div>
  );
}
