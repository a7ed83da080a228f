"use client";
// Shown when a page fails at request time, most often because the database is unreachable.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
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
