import { describe, expect, it } from "vitest";
import { formatMs, formatTable, median, percentile, speedup, summarize, timeRuns } from "@/scripts/bench/lib/harness";

describe("benchmark harness statistics", () => {
  it("computes median and p95 by linear interpolation between ranks (hand-computed)", () => {
    // sorted: 1 2 3 4 10; median = x[2] = 3
    expect(median([10, 1, 4, 2, 3])).toBe(3);
    // even count: rank 1.5 → 2 + 0.5·(3 − 2) = 2.5
    expect(median([4, 1, 3, 2])).toBe(2.5);
    // p95 of 1..20: rank 19·0.95 = 18.05 → 19 + 0.05·(20 − 19) = 19.05
    const oneToTwenty = Array.from({ length: 20 }, (_, i) => 20 - i);
    expect(percentile(oneToTwenty, 95)).toBeCloseTo(19.05, 12);
    // p95 of [10, 20, 30, 40, 100]: rank 4·0.95 = 3.8 → 40 + 0.8·60 = 88
    expect(percentile([100, 10, 40, 30, 20], 95)).toBeCloseTo(88, 12);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([3, 9], 0)).toBe(3);
    expect(percentile([3, 9], 100)).toBe(9);
  });

  it("refuses an empty list and a percentile out of range", () => {
    expect(() => percentile([], 50)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });

  it("summarizes runs", () => {
    expect(summarize([5, 1, 3])).toEqual({ runs: 3, median: 3, p95: 4.8, min: 1, max: 5 });
  });

  it("times only the timed runs, with the given clock, and returns the last result", async () => {
    // a fake clock that advances by the run's number + 1 ms per call of work
    let clock = 0;
    const calls: number[] = [];
    const timing = await timeRuns(
      async (run) => {
        calls.push(run);
        clock += run < 0 ? 1000 : run + 1;
        return run * 10;
      },
      { runs: 4, warmup: 2, now: () => clock },
    );
    expect(calls).toEqual([-1, -2, 0, 1, 2, 3]);
    expect(timing.samples).toEqual([1, 2, 3, 4]);
    expect(timing.summary.median).toBe(2.5);
    expect(timing.last).toBe(30);
    await expect(timeRuns(async () => 0, { runs: 0 })).rejects.toThrow(RangeError);
  });

  it("formats durations, ratios and a padded markdown table", () => {
    expect(formatMs(0.25)).toBe("250 µs");
    expect(formatMs(2.345)).toBe("2.35 ms");
    expect(formatMs(123.4)).toBe("123 ms");
    expect(formatMs(12_345)).toBe("12.3 s");
    expect(speedup(100, 4)).toBe("25×");
    expect(speedup(10, 4)).toBe("2.5×");
    expect(speedup(10, 0)).toBe("—");
    expect(
      formatTable([
        ["op", "median"],
        ["a|b", "5 ms"],
        ["long name", "12 ms"],
      ]),
    ).toBe(["| op        | median |", "| --------- | ------ |", "| a\\|b      |   5 ms |", "| long name |  12 ms |"].join("\n"));
  });
});
