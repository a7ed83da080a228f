// The bootstrap written out by brute force, independently of lib/stats/bootstrap.ts: the oracle the
// unit and real-data tests compare the exact bootstrap against.

/** Every resample's mean: all n^n equally likely index tuples (with replacement, order kept). */
export function resampleMeans(values: readonly number[]): number[] {
  const n = values.length;
  const means: number[] = [];
  for (let code = 0; code < n ** n; code++) {
    let sum = 0;
    for (let draw = 0, rest = code; draw < n; draw++, rest = Math.floor(rest / n)) sum += values[rest % n];
    means.push(sum / n);
  }
  return means;
}

/** The smallest of equally likely `sorted` values whose cumulative share reaches `q`. */
export function shareQuantile(sorted: readonly number[], q: number): number {
  return sorted[Math.ceil(q * sorted.length - 1e-9) - 1];
}

/** The 95% exact bootstrap percentile interval of the mean of `values`, by enumeration. */
export function enumeratedMeanInterval(values: readonly number[]): [number, number] {
  const means = resampleMeans(values).sort((a, b) => a - b);
  return [shareQuantile(means, 0.025), shareQuantile(means, 0.975)];
}
