// Timing and summary statistics of the benchmark (`npm run bench`). Pure: no database, no I/O
// except the clock, which callers may replace (the unit tests do).

/**
 * The p-th percentile (0..100) of some numbers, by linear interpolation between the two nearest
 * ranks (the "R-7" / NumPy default definition): rank h = (n − 1)·p/100, value = x⌊h⌋ + (h − ⌊h⌋)(x⌈h⌉ − x⌊h⌋).
 * With few runs p95 lies between the two largest samples instead of being the maximum itself.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError("percentile of no values");
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0..100, got ${p}`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = ((sorted.length - 1) * p) / 100;
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low] + (rank - low) * (sorted[high] - sorted[low]);
}

export const median = (values: readonly number[]) => percentile(values, 50);

export interface Summary {
  runs: number;
  median: number;
  p95: number;
  min: number;
  max: number;
}

export function summarize(values: readonly number[]): Summary {
  return {
    runs: values.length,
    median: median(values),
    p95: percentile(values, 95),
    min: Math.min(...values),
    max: Math.max(...values),
  };
}

export interface TimingOptions {
  runs: number;
  /** untimed calls first (connection set-up, plan and page caches): not in the samples */
  warmup?: number;
  /** milliseconds clock; performance.now by default */
  now?: () => number;
}

export interface Timing<T> {
  /** wall time of each timed call, in milliseconds */
  samples: number[];
  summary: Summary;
  /** what the last timed call returned (for the correctness checks) */
  last: T;
}

/**
 * Times `runs` sequential calls of `work` (after `warmup` untimed ones): the wall time of the
 * call in this process, i.e. the server-side time of a query function including the database
 * round trips and the decoding of its rows, not network or rendering time.
 */
export async function timeRuns<T>(work: (run: number) => Promise<T>, options: TimingOptions): Promise<Timing<T>> {
  const now = options.now ?? (() => performance.now());
  if (!Number.isInteger(options.runs) || options.runs < 1) throw new RangeError(`runs must be a positive integer, got ${options.runs}`);
  for (let i = 0; i < (options.warmup ?? 0); i++) await work(-1 - i);
  const samples: number[] = [];
  let last!: T;
  for (let run = 0; run < options.runs; run++) {
    const started = now();
    last = await work(run);
    samples.push(now() - started);
  }
  return { samples, summary: summarize(samples), last };
}

/** A duration for the table: µs below 1 ms, ms below 10 s, else s. */
export function formatMs(ms: number): string {
  if (ms < 1) return `${(ms * 1000).toFixed(0)} µs`;
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 10_000) return `${ms.toFixed(0)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

/** A count with thousands separators (fixed locale: the table must not depend on the machine's). */
export function formatCount(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}

/** How many times faster the fast way is: naive time / fast time, e.g. "37×". */
export function speedup(naiveMs: number, fastMs: number): string {
  if (!(fastMs > 0) || !(naiveMs > 0)) return "—";
  const ratio = naiveMs / fastMs;
  return ratio >= 10 ? `${ratio.toFixed(0)}×` : `${ratio.toFixed(1)}×`;
}

/**
 * A markdown table padded to aligned columns, readable in a terminal and pasteable into the
 * README as is; the first row is the header; numeric-looking cells are right-aligned.
 */
export function formatTable(rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return "";
  const cell = (row: readonly string[], column: number) => (row[column] ?? "").replace(/\|/g, "\\|");
  const columns = Math.max(...rows.map((row) => row.length));
  const widths = Array.from({ length: columns }, (_, column) => Math.max(3, ...rows.map((row) => cell(row, column).length)));
  const numeric = /^[-+]?[\d.,]+\s*(µs|ms|s|×|rows\/s|%)?$/;
  const line = (row: readonly string[]) =>
    `| ${widths.map((width, column) => (numeric.test(cell(row, column)) ? cell(row, column).padStart(width) : cell(row, column).padEnd(width))).join(" | ")} |`;
  const [header, ...body] = rows;
  return [line(header), `| ${widths.map((width) => "-".repeat(width)).join(" | ")} |`, ...body.map(line)].join("\n");
}
