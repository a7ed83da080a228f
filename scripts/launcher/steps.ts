// What `npm start` prints while it gets ready: one line when a step begins and one when it ends,
// each stamped with the time since the start, so a slow first start says where the time goes.
export interface StepLog {
  /** a line stamped with the time since the start: "[start 12.3 s] message" */
  line(message: string): void;
  /** runs `work` between "<label>..." and "<label>: <done(result)> in N s" */
  step<T>(label: string, work: () => Promise<T>, done?: (result: T) => string): Promise<T>;
  /** seconds since the start, e.g. "12.3 s" */
  elapsed(): string;
}

export function stepLog(write: (line: string) => void = console.log, now: () => number = () => performance.now()): StepLog {
  const startedAt = now();
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const elapsed = () => seconds(now() - startedAt);
  const line = (message: string) => write(`[start ${elapsed()}] ${message}`);
  return {
    line,
    elapsed,
    async step(label, work, done) {
      const began = now();
      line(`${label}...`);
      const result = await work();
      line(`${label}: ${done ? done(result) : "done"} in ${seconds(now() - began)}`);
      return result;
    },
  };
}
