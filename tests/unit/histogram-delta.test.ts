// The importer's histogram counts (lib/import/write/histogram-delta.ts) against hand-computed rows: the
// same columns the insert trigger would add (unscored, scored, aligned_lt_0..101 per coherent bin).
import { describe, expect, it } from "vitest";
import { alignedBin, coherentBin } from "@/lib/db/score-histogram";
import { ScoreHistogramDelta } from "@/lib/import/write/histogram-delta";

describe("answer score bins", () => {
  it("match the SQL bin functions, clamps and NULL included", () => {
    expect([null, -3, 0, 5e-324, 29.999999999999996, 30, 100, 100.5, 101, Number.NaN].map(alignedBin)).toEqual([
      -2, -1, 0, 0, 29, 30, 100, 100, 101, 101,
    ]);
    // floor, as aligned (coherent >= C with an integer C is bin >= C): 49.99… is bin 49, 50 is bin 50
    expect([null, -1, -0.5, 0, 5e-324, 49.99999999999999, 50, 50.00000000000001, 100, 100.5, 101, Number.NaN].map(coherentBin)).toEqual([
      -2, -1, -1, 0, 0, 49, 50, 50, 100, 100, 101, 101,
    ]);
  });
});

describe("ScoreHistogramDelta", () => {
  it("counts per (question, model, coherent bin), cumulative in aligned", () => {
    const delta = new ScoreHistogramDelta();
    delta.add(1, 2, 29.5, 50); // coherent bin 50, aligned bin 29
    delta.add(1, 2, 0, 50.5); // same bin (floor 50.5 = 50), aligned bin 0
    delta.add(1, 2, null, 50); // unscored
    delta.add(1, 2, 100, 50); // aligned bin 100
    delta.add(1, 2, 10, 51.1); // coherent bin 51
    delta.add(3, 2, 10, null); // another question, coherent NULL -> bin -2
    const rows = [...delta.rows()];
    expect(rows).toHaveLength(3);
    const row = (q: number, bin: number) => rows.find((r) => r[0] === q && r[2] === bin)!;

    const a = row(1, 50);
    expect(a.slice(0, 5)).toEqual([1, 2, 50, 1, 3]);
    const lt = (r: number[], k: number) => r[5 + k];
    expect(lt(a, 0)).toBe(0); // nothing below 0
    expect(lt(a, 1)).toBe(1); // 0
    expect(lt(a, 29)).toBe(1);
    expect(lt(a, 30)).toBe(2); // 0 and 29.5
    expect(lt(a, 100)).toBe(2);
    expect(lt(a, 101)).toBe(3); // 100 < 101
    expect(a).toHaveLength(5 + 102);

    const b = row(1, 51);
    expect(b.slice(0, 5)).toEqual([1, 2, 51, 0, 1]);
    expect(lt(b, 10)).toBe(0);
    expect(lt(b, 11)).toBe(1);

    const c = row(3, -2);
    expect(c.slice(0, 5)).toEqual([3, 2, -2, 0, 1]);
    expect(lt(c, 11)).toBe(1);
    expect(delta.size).toBe(3);
  });
});
