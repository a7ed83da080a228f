// The histogram plan: which whole bins, blocks and boundary strips a threshold pair reads. The
// decomposition is exact only if (a) the whole parts hold only answers beyond the thresholds and
// (b) every other such answer lies in a strip; checked here on every score near the thresholds.
import { describe, expect, it } from "vitest";
import { alignedBin, coherentBin, coherentBlock, histogramCovers, histogramPlan } from "@/lib/db/score-histogram";

const next = (x: number) => x + Math.max(Number.MIN_VALUE, Math.abs(x) * Number.EPSILON);
const previous = (x: number) => x - Math.max(Number.MIN_VALUE, Math.abs(x) * Number.EPSILON);

describe("histogramPlan", () => {
  it("reads no answers for integer thresholds and one column for the aligned side", () => {
    expect(histogramPlan({ aligned: 30, coherent: 50 })).toEqual({
      alignedColumn: "aligned_lt_30",
      firstBlock: 5,
      singleBins: null,
      alignedStripBin: null,
      coherentStripBin: null,
    });
    expect(histogramPlan({ aligned: 0, coherent: 0 }).singleBins).toBeNull();
    expect(histogramPlan({ aligned: 100, coherent: 100 })).toMatchObject({
      alignedColumn: "aligned_lt_100",
      firstBlock: 10,
      singleBins: null,
    });
    // coherent >= 95 (the Qwen-Coder figures): bins 95..99 one by one, then block 10 (100 and above)
    expect(histogramPlan({ aligned: 30, coherent: 95 })).toMatchObject({
      firstBlock: 10,
      singleBins: { from: 95, upTo: 99 },
      coherentStripBin: null,
    });
  });

  it("adds single bins below the first whole block and boundary strips for fractions", () => {
    expect(histogramPlan({ aligned: 29.5, coherent: 55.25 })).toEqual({
      alignedColumn: "aligned_lt_29",
      firstBlock: 6,
      singleBins: { from: 56, upTo: 59 },
      alignedStripBin: 29,
      coherentStripBin: 55,
    });
  });

  it("rejects thresholds outside 0..100 (the rates query then counts directly)", () => {
    expect(histogramCovers({ aligned: -1, coherent: 50 })).toBe(false);
    expect(histogramCovers({ aligned: 30, coherent: Number.NaN })).toBe(false);
    expect(() => histogramPlan({ aligned: 101, coherent: 50 })).toThrow(RangeError);
  });

  it("bins as the SQL functions: floor, clamped, NULL -2; blocks of ten from 0", () => {
    expect([
      coherentBin(null),
      coherentBin(-0.5),
      coherentBin(0),
      coherentBin(49.999),
      coherentBin(50),
      coherentBin(100),
      coherentBin(101),
      coherentBin(Number.NaN),
    ]).toEqual([-2, -1, 0, 49, 50, 100, 101, 101]);
    expect([
      coherentBlock(-1),
      coherentBlock(0),
      coherentBlock(9),
      coherentBlock(10),
      coherentBlock(99),
      coherentBlock(100),
      coherentBlock(101),
    ]).toEqual([-1, 0, 0, 1, 9, 10, 10]);
  });

  it("splits aligned < A and coherent >= C exactly into whole bins plus the strips", () => {
    const thresholds = [0, 0.5, 29.999999999999996, 30, 30.000000000000004, 49.99999999999999, 50, 50.5, 55, 59.99, 60, 99.5, 100];
    const scores = [...new Set(thresholds.flatMap((t) => [previous(t), t, next(t)]).filter((s) => s >= 0 && s <= 100))];
    for (const A of thresholds) {
      for (const C of thresholds) {
        const plan = histogramPlan({ aligned: A, coherent: C });
        const alignedLimit = Number(plan.alignedColumn.replace("aligned_lt_", ""));
        for (const aligned of scores) {
          for (const coherent of scores) {
            const cBin = coherentBin(coherent);
            const inBlocks = coherentBlock(cBin) >= plan.firstBlock;
            const inSingles = plan.singleBins !== null && cBin >= plan.singleBins.from && cBin <= plan.singleBins.upTo;
            const wholeCoherent = inBlocks || inSingles;
            const wholeMisaligned = wholeCoherent && aligned < alignedLimit;
            const inStrip = alignedBin(aligned) === plan.alignedStripBin || cBin === plan.coherentStripBin;
            const misaligned = aligned < A && coherent >= C;
            // whole parts never hold an answer on the wrong side; strips never overlap the whole parts
            if (wholeCoherent) expect(coherent >= C).toBe(true);
            if (wholeMisaligned) expect(misaligned).toBe(true);
            if (inStrip) expect(wholeMisaligned).toBe(false);
            // every answer beyond the thresholds is in a whole part or a strip
            if (misaligned) expect(wholeMisaligned || inStrip).toBe(true);
            if (coherent >= C) expect(wholeCoherent || cBin === plan.coherentStripBin).toBe(true);
            if (cBin === plan.coherentStripBin) expect(wholeCoherent).toBe(false);
          }
        }
      }
    }
  });
});
