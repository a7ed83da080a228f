// What one path's run measured, whether it meets issue 13's bar, and the markdown table. Pure.
import type autocannon from "autocannon";
import { formatMB } from "@/scripts/bench/lib/environment";
import { formatCount, formatTable } from "@/scripts/bench/lib/harness";

/** Issue 13's bar for every path: 0 errors, 0 timeouts, 0 non-2xx answers, p99 under 1 s. */
export const BAR = { maxP99Ms: 1000 } as const;
export const BAR_TEXT = `0 errors, 0 timeouts, 0 non-2xx, p99 < ${BAR.maxP99Ms} ms`;

export interface PathResult {
  /** the path as loaded (placeholders filled in) */
  path: string;
  connections: number;
  /** seconds the run lasted, as autocannon measured it */
  durationSeconds: number;
  /** answered requests (any status) */
  requests: number;
  requestsPerSecond: number;
  /** latency of answered requests (timeouts are not in it), ms */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** connection errors other than timeouts (refused, reset, bad HTTP) */
  errors: number;
  /** requests without an answer within --timeout */
  timeouts: number;
  /**
   * requests sent but neither answered nor failed when the run ended (at most one per connection):
   * autocannon drops them from every other count, so a server that stalls shows here
   */
  openAtEnd: number;
  /** answers with a status outside 200-299 (a 503 of a full queue, a 504 of a statement timeout) */
  non2xx: number;
  /** answers per status code */
  statusCodes: Record<string, number>;
  /** RSS of the server's process tree before and after the run, bytes; null without a pid */
  rssBeforeBytes: number | null;
  rssAfterBytes: number | null;
  /** whether the server answered a single GET / within 5 s before this run (false: it still had a backlog after 30 s) */
  serverIdleBefore: boolean;
}

/** autocannon measures latency in whole milliseconds: shown as such ("0 ms", "1,234 ms"). */
export const formatLatency = (ms: number) => `${formatCount(ms)} ms`;

/** One path's numbers from autocannon's result (autocannon counts a timeout as an error too: split here). */
export function pathResultOf(
  path: string,
  result: autocannon.Result,
  extra: Pick<PathResult, "rssBeforeBytes" | "rssAfterBytes" | "serverIdleBefore">,
): PathResult {
  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [code, (stats as { count: number }).count]),
  );
  const requests = Object.values(statusCodes).reduce((sum, count) => sum + count, 0);
  return {
    path,
    connections: result.connections,
    durationSeconds: result.duration,
    requests,
    requestsPerSecond: result.duration > 0 ? requests / result.duration : 0,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    errors: result.errors - result.timeouts,
    timeouts: result.timeouts,
    openAtEnd: Math.max(0, result.requests.sent - requests - result.errors),
    non2xx: result.non2xx,
    statusCodes,
    ...extra,
  };
}

/** How a path misses the bar, one phrase per miss; empty when it meets it. */
export function barMisses(result: PathResult): string[] {
  const misses: string[] = [];
  if (result.requests === 0) misses.push("no request answered");
  if (result.errors > 0) misses.push(`${formatCount(result.errors)} errors`);
  if (result.timeouts > 0) misses.push(`${formatCount(result.timeouts)} timeouts`);
  if (result.non2xx > 0) misses.push(`${formatCount(result.non2xx)} non-2xx (${nonOkCodes(result)})`);
  if (!(result.p99Ms < BAR.maxP99Ms)) misses.push(`p99 ${formatLatency(result.p99Ms)} ≥ ${BAR.maxP99Ms} ms`);
  return misses;
}

function nonOkCodes(result: PathResult): string {
  return Object.entries(result.statusCodes)
    .filter(([code]) => !code.startsWith("2"))
    .map(([code, count]) => `${code}×${formatCount(count)}`)
    .join(", ");
}

function formatRss(before: number | null, after: number | null): string {
  if (before === null || after === null) return "—";
  const deltaMB = (after - before) / 1e6;
  return `${formatMB(before)} → ${formatMB(after)} (${deltaMB >= 0 ? "+" : "−"}${Math.abs(deltaMB).toFixed(0)})`;
}

/** The table's columns, in order (the tests read the table by them). */
export const RESULT_COLUMNS = [
  "path",
  "connections",
  "duration",
  "requests",
  "req/s",
  "p50",
  "p99",
  "max",
  "errors",
  "timeouts",
  "open at end",
  "non-2xx",
  "RSS before → after",
] as const;

/** The results as one markdown table, one row per path in run order. */
export function formatResultsTable(results: readonly PathResult[]): string {
  const header = [...RESULT_COLUMNS];
  return formatTable([
    header,
    ...results.map((result) => [
      `${result.path}${result.serverIdleBefore ? "" : " (server busy before)"}`,
      String(result.connections),
      `${result.durationSeconds.toFixed(1)} s`,
      formatCount(result.requests),
      result.requestsPerSecond.toFixed(1),
      formatLatency(result.p50Ms),
      formatLatency(result.p99Ms),
      formatLatency(result.maxMs),
      formatCount(result.errors),
      formatCount(result.timeouts),
      formatCount(result.openAtEnd),
      result.non2xx > 0 ? `${formatCount(result.non2xx)} (${nonOkCodes(result)})` : "0",
      formatRss(result.rssBeforeBytes, result.rssAfterBytes),
    ]),
  ]);
}

/** The lines after the table: which paths miss the bar and how (none: one line saying all meet it). */
export function formatVerdict(results: readonly PathResult[]): string[] {
  const missing = results.map((result) => ({ path: result.path, misses: barMisses(result) })).filter((entry) => entry.misses.length > 0);
  if (missing.length === 0) return [`Every path meets the bar (${BAR_TEXT}).`];
  return [
    `${missing.length} of ${results.length} paths miss the bar (${BAR_TEXT}):`,
    ...missing.map((entry) => `- ${entry.path}: ${entry.misses.join(", ")}`),
  ];
}
