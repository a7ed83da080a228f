import { describe, expect, it } from "vitest";
import { countTicks, formatCountTick, scaleCount, unscaleCount, type CountScale } from "@/lib/charts/count-scale";

describe("histogram count scales", () => {
  it("keeps 0 at 0, orders counts, and inverts exactly", () => {
    for (const scale of ["linear", "sqrt", "log"] as CountScale[]) {
      expect(scaleCount(0, scale)).toBe(0);
      for (const count of [1, 3, 30, 1200]) expect(unscaleCount(scaleCount(count, scale), scale)).toBeCloseTo(count, 6);
      expect(scaleCount(1, scale)).toBeLessThan(scaleCount(2, scale));
    }
  });

  it("makes a tail of 3 answers visible beside a bar of 1,200", () => {
    // share of the axis height a count of 3 takes: linear 0.25%, √ 5%, log 20%
    expect(scaleCount(3, "linear") / scaleCount(1200, "linear")).toBeLessThan(0.003);
    expect(scaleCount(3, "sqrt") / scaleCount(1200, "sqrt")).toBeGreaterThan(0.04);
    expect(scaleCount(3, "log") / scaleCount(1200, "log")).toBeGreaterThan(0.19);
  });

  it("labels log ticks 0, 1, 10, 100, 1,000 and √ ticks as round counts", () => {
    expect(countTicks(1200, "log")?.map((tick) => formatCountTick(tick, "log"))).toEqual(["0", "1", "10", "100", "1,000"]);
    expect(countTicks(1200, "sqrt")?.map((tick) => formatCountTick(tick, "sqrt"))).toEqual([
      "0",
      "1",
      "5",
      "10",
      "25",
      "500",
      "1,000",
      "1,500",
    ]);
    expect(countTicks(0, "log")?.map((tick) => formatCountTick(tick, "log"))).toEqual(["0", "1"]);
    expect(countTicks(1200, "linear")).toBeUndefined();
  });
});
