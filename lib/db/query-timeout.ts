// The statement budget of the app's reads (issue 13, item 1): PostgreSQL cancels a statement of the
// app's connections that runs longer than STATEMENT_TIMEOUT_MS (default 15 s), and the reader is
// told so in one sentence, instead of a request that hangs while its query holds one of the pool's
// ten connections for everyone else. 15 s: with no cache, every view at 1M answers rendered in
// 0.1-1.2 s here (a model page 0.8-1.2 s, a search 0.65-1.05 s; 2-core machine at load 6, measured
// with ME_VIEW_CACHE=off): a read that needs over ten times that is stuck behind something, and
// holding a connection longer helps no one.
// Writes (imports, removals) run on their own connections or lift the budget in their transaction
// (lib/import/batches/remove.ts): a removal of a 1M-answer batch takes longer and must finish.

import { sqlStateOf } from "./sql-state";

export const DEFAULT_STATEMENT_TIMEOUT_MS = 15_000;

/** STATEMENT_TIMEOUT_MS when set to a whole number of milliseconds (0 = no budget), else 15 s. */
export function statementTimeoutMs(env: Record<string, string | undefined> = process.env): number {
  const raw = env.STATEMENT_TIMEOUT_MS;
  if (raw === undefined || raw.trim() === "") return DEFAULT_STATEMENT_TIMEOUT_MS;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`STATEMENT_TIMEOUT_MS must be a whole number of milliseconds (0 for none), not "${raw}".`);
  }
  return value;
}

/** The digest Next passes to the error page unchanged (app/error.tsx tells the reader what happened). */
export const QUERY_TIMEOUT_DIGEST = "ME_QUERY_TIMEOUT";

/** What the reader is told; the budget is named where it is known (the server), not in the browser. */
export function queryTimeoutMessage(budgetMs: number | null): string {
  const budget = budgetMs === null ? "its time budget" : `${Math.round(budgetMs / 1000)} s`;
  return (
    `The database needed more than ${budget} for this view and stopped it. ` +
    "The server may be busy: try again in a moment, or narrow the view (a question set, a base model, fewer search words)."
  );
}

/** A read ran past its budget and PostgreSQL cancelled it. */
export class QueryTimeoutError extends Error {
  readonly digest = QUERY_TIMEOUT_DIGEST;
  constructor(readonly budgetMs: number) {
    super(queryTimeoutMessage(budgetMs));
    this.name = "QueryTimeoutError";
  }
}

/** The error as a QueryTimeoutError when PostgreSQL cancelled it for its budget, else null. */
export function asQueryTimeout(error: unknown, budgetMs: number = statementTimeoutMs()): QueryTimeoutError | null {
  if (error instanceof QueryTimeoutError) return error;
  // 57014 query_canceled: our statement_timeout (nothing else in the app cancels queries)
  return sqlStateOf(error) === "57014" ? new QueryTimeoutError(budgetMs) : null;
}
