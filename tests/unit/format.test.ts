import { describe, expect, it } from "vitest";
import { zeroWidthIntervalNote } from "@/lib/figure/interval-note";
import {
  formatBytes,
  formatCount,
  formatCountOf,
  formatP,
  formatPercent,
  formatPercentInterval,
  formatPoints,
  formatPointsInterval,
  formatProbability,
  formatScore,
  formatShare,
} from "@/lib/format";

describe("interval formats", () => {
  it("writes an interval, or a dash without one", () => {
    expect(formatPercentInterval(0.125, 0.171)).toBe("12.5% – 17.1%");
    expect(formatPercentInterval(null, 0.2)).toBe("—");
    expect(formatPercent(null)).toBe("—");
  });

  it("writes differences in signed percentage points, never as a negative zero", () => {
    expect(formatPoints(0.1234)).toBe("+12.3 pp");
    expect(formatPoints(-0.1234)).toBe("−12.3 pp");
    expect(formatPoints(-0.0001)).toBe("0.0 pp");
    expect(formatPoints(0.0001, 1, false)).toBe("0.0");
    expect(formatPointsInterval(-0.012, 0.08)).toBe("−1.2 to +8.0 pp");
    expect(formatPointsInterval(0.01, null)).toBe("—");
  });

  it("writes p-values, counts, scores, shares, probabilities and sizes one way", () => {
    expect(formatP(0.0004)).toBe("< 0.001");
    expect(formatP(0.0123)).toBe("0.012");
    expect(formatCount(1234567)).toBe("1,234,567");
    expect(formatCountOf(1, "model")).toBe("1 model");
    expect(formatCountOf(12345, "answer")).toBe("12,345 answers");
    expect(formatCountOf(2, "judge score")).toBe("2 judge scores");
    expect(formatScore(87.25)).toBe("87.3");
    expect(formatScore(null)).toBe("missing");
    expect(formatScore(87.256, 2)).toBe("87.26");
    // a share under 1% keeps a decimal, so a visible bar never reads "0%"
    expect(formatShare(0.004)).toBe("0.4%");
    expect(formatShare(0.25)).toBe("25%");
    expect(formatShare(0)).toBe("0%");
    expect(formatProbability(0.5)).toBe("0.5000");
    expect(formatProbability(0.000012)).toBe("1.2e-5");
    expect(formatBytes(1536)).toBe("1.5 kB");
    expect(formatBytes(64 * 1024 ** 2)).toBe("64 MB");
  });

  it("explains a zero-width interval in words, and only that", () => {
    expect(zeroWidthIntervalNote(0, 0, 2)).toBe("both models at 0.0%");
    expect(zeroWidthIntervalNote(0.25, 0.25, 5)).toBe("all 5 models at 25.0%");
    expect(zeroWidthIntervalNote(0, 0.001, 5)).toBeNull();
    expect(zeroWidthIntervalNote(null, null, 1)).toBeNull();
  });
});

describe("judge tokens", () => {
  it("shows whitespace and empty tokens visibly, and speaks them", async () => {
    const { spokenToken, visibleToken } = await import("@/lib/render/token");
    expect(visibleToken(" ")).toBe("␣");
    expect(visibleToken(" 0")).toBe("␣0");
    expect(visibleToken("\n")).toBe("\\n");
    expect(visibleToken("")).toBe("(empty)");
    expect(visibleToken("42")).toBe("42");
    expect(spokenToken(" ")).toBe("space");
    expect(spokenToken(" 0")).toBe("space 0");
  });
});
