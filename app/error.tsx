"use client";
// Shown when a page fails at request time, most often because the database is unreachable. In
// production Next hides server error messages from the browser and passes only the digest; a
// cancelled slow query carries its own digest (lib/db/query-timeout.ts), so the reader learns what
// happened and what to do.
import { QUERY_TIMEOUT_DIGEST, queryTimeoutMessage } from "@/lib/db/query-timeout";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  if (error.digest === QUERY_TIMEOUT_DIGEST) {
    return (
      <section
        role="alert"
        data-testid="query-timeout"
        className="space-y-3 rounded border border-amber-300 bg-amber-50 p-4 text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
      >
        <h1 className="text-lg font-semibold">This view took too long to compute</h1>
        <p className="text-sm">{queryTimeoutMessage(null)}</p>
        <button type="button" onClick={reset} className="rounded border border-current px-3 py-1 text-sm">
          Try again
        </button>
      </section>
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
      <button type="button" onClick={reset} className="rounded border border-current px-3 py-1 text-sm">
        Try again
      </button>
    </section>
  );
}
