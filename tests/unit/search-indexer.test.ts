import { describe, expect, it } from "vitest";
import { mergeRanges } from "@/lib/search/indexer";

describe("mergeRanges", () => {
  it("sorts and merges overlapping and adjacent id ranges", () => {
    expect(mergeRanges([])).toEqual([]);
    expect(
      mergeRanges([
        [5, 9],
        [1, 3],
      ]),
    ).toEqual([
      [1, 3],
      [5, 9],
    ]);
    expect(
      mergeRanges([
        [1, 3],
        [4, 6],
      ]),
    ).toEqual([[1, 6]]);
    expect(
      mergeRanges([
        [1, 10],
        [4, 4],
        [10, 12],
        [20, 20],
      ]),
    ).toEqual([
      [1, 12],
      [20, 20],
    ]);
  });
});
