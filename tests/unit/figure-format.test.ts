import { describe, expect, it } from "vitest";
import { formatInterval, formatPercent, zeroWidthIntervalNote } from "@/lib/figure/format";

describe("interval formats", () => {
  it("writes an interval, or a dash without one", () => {
    expect(formatInterval(0.125, 0.171)).toBe("12.5% – 17.1%");
    expect(formatInterval(null, 0.2)).toBe("—");
    expect(formatPercent(null)).toBe("—");
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
