"use client";
// Shown when a page fails at request time, most often because the database is unreachable. In
// production Next hides server error messages from the browser and passes only the digest; a
// cancelled slow query carries its own digest (lib/db/query-timeout.ts), so the reader learns what
// happened and what to do; so does a database out of reach (lib/db/unavailable.ts).
import { useRouter } from "next/navigation";
import { startTransition } from "react";
import { QUERY_TIMEOUT_DIGEST, queryTimeoutMessage } from "@/lib/db/query-timeout";
import { DATABASE_UNAVAILABLE_DIGEST, DATABASE_UNAVAILABLE_MESSAGE } from "@/lib/db/unavailable";

/**
 * Renders the page again, its server part included: reset() alone re-renders only in the browser,
 * with the server's failed payload, so a page that failed on the server stayed failed after
 * "Try again" (Next's documented pattern: refresh and reset in one transition).
 */
function useRetry(reset: () => void): () => void {
  const router = useRouter();
  return () =>
    startTransition(() => {
      router.refresh();
      reset();
    });
}

/** A failure that passes: what happened, and a button to render the page again. */
function TryAgainNotice({ testId, title, message, reset }: { testId: string; title: string; message: string; reset: () => void }) {
  const retry = useRetry(reset);
  return (
    <section
      role="alert"
      data-testid={testId}
      className="space-y-3 rounded border border-amber-300 bg-amber-50 p-4 text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
    >
      <h1 className="text-lg font-semibold">{title}</h1>
      <p className="text-sm">{message}</p>
      <button type="button" onClick={retry} className="rounded border border-current px-3 py-1 text-sm">
        Try again
      </button>
    </section>
  );
}

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const retry = useRetry(reset);
  if (error.digest === QUERY_TIMEOUT_DIGEST) {
    return (
      <TryAgainNotice testId="query-timeout" title="This view took too long to compute" message={queryTimeoutMessage(null)} reset={reset} />
    );
  }
  if (error.digest === DATABASE_UNAVAILABLE_DIGEST) {
    return (
      <TryAgainNotice
        testId="database-unavailable"
        title="The database is not reachable"
        message={DATABASE_UNAVAILABLE_MESSAGE}
        reset={reset}
      />
    );
  }
  return (
    <section
      role="alert"
      className="space-y-3 rounded border border-red-300 bg-red-50 p-4 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
    >
      <h1 className="text-lg font-semibold">Something went wrong loading this page</h1>
      <p className="text-sm">
        If this keeps happening, check that the database is running (start the app with <code>npm start</code>, or set DATABASE_URL to a
        reachable PostgreSQL).
      </p>
      {error.digest && <p className="text-xs">Error id: {error.digest}</p>}
      <button type="button" onClick={retry} className="rounded border border-current px-3 py-1 text-sm">
        Try again
      </button>
    </section>
  );
}
