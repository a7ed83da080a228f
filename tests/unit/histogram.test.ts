// Score binning: [low, low + width), the last bin closed at 100, missing scores never binned.
import { describe, expect, it } from "vitest";
import { binCount, binIndex, emptyBins, histogramFromCounts, histogramOf } from "@/lib/stats/histogram";

describe("binIndex", () => {
  it("puts 0 in the first bin and 100 in the last (closed) bin", () => {
    expect(binIndex(0, 10)).toBe(0);
    expect(binIndex(100, 10)).toBe(9);
    expect(binIndex(100, 5)).toBe(19);
    expect(binIndex(100, 20)).toBe(4);
  });

  it("puts an exact boundary in the bin it starts", () => {
    expect(binIndex(10, 10)).toBe(1);
    expect(binIndex(30, 10)).toBe(3);
    expect(binIndex(29.999999, 10)).toBe(2);
    expect(binIndex(90, 10)).toBe(9);
    expect(binIndex(99.9999, 10)).toBe(9);
    expect(binIndex(5, 5)).toBe(1);
    expect(binIndex(4.9999, 5)).toBe(0);
    expect(binIndex(95, 5)).toBe(19);
  });

  it("keeps a missing score missing (never bin 0)", () => {
    expect(binIndex(null, 10)).toBeNull();
    expect(binIndex(Number.NaN, 10)).toBeNull();
  });

  it("clamps scores outside 0..100 to the end bins", () => {
    expect(binIndex(-0.5, 10)).toBe(0);
    expect(binIndex(100.2, 10)).toBe(9);
  });

  it("refuses widths that do not divide 100", () => {
    expect(() => binCount(3)).toThrow(/divides 100/);
    expect(() => binIndex(5, 0)).toThrow();
  });
});

describe("histograms", () => {
  it("labels dense bins covering 0..100", () => {
    const bins = emptyBins(20);
    expect(bins.map((bin) => bin.label)).toEqual(["0–20", "20–40", "40–60", "60–80", "80–100"]);
    expect(bins.map((bin) => [bin.low, bin.high])).toEqual([
      [0, 20],
      [20, 40],
      [40, 60],
      [60, 80],
      [80, 100],
    ]);
  });

  it("counts hand-picked scores, with missing in its own bar", () => {
    // width 10: 0 → 0; 9.99 → 0; 10 → 1; 50 → 5; 100 → 9; 90 → 9; two missing
    const histogram = histogramOf([0, 9.99, 10, 50, 100, 90, null, null], 10);
    expect(histogram.bins.map((bin) => bin.count)).toEqual([2, 1, 0, 0, 0, 1, 0, 0, 0, 2]);
    expect(histogram.missing).toBe(2);
    expect(histogram.scored).toBe(6);
    expect(histogram.binWidth).toBe(10);
  });

  it("fills SQL's sparse rows and sums repeated bins", () => {
    const histogram = histogramFromCounts(
      [
        { bin: 3, count: 4 },
        { bin: null, count: 7 },
        { bin: 3, count: 1 },
        { bin: 0, count: 2 },
      ],
      25,
    );
    expect(histogram.bins.map((bin) => bin.count)).toEqual([2, 0, 0, 5]);
    expect(histogram.missing).toBe(7);
    expect(histogram.scored).toBe(7);
  });

  it("rejects a bin outside the range", () => {
    expect(() => histogramFromCounts([{ bin: 10, count: 1 }], 10)).toThrow(/outside/);
  });
});
