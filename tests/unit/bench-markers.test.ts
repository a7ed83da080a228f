// The benchmark's marker words sit in the shares the search benchmark names them by (issue 13
// item 2: words in 0.01% and 1% of answers), and nowhere but where the generator appends them.
import { describe, expect, it } from "vitest";
import { MARKER_WORDS, benchAnswers, benchShape } from "@/scripts/bench/lib/generate";

describe("bench marker words", () => {
  it("appear in about 0.01% and 1% of 200k answers, and only at the end of an answer", () => {
    const shape = benchShape(200_000);
    let rare = 0;
    let onePercent = 0;
    let total = 0;
    for (const answer of benchAnswers(shape)) {
      total++;
      if (answer.text.endsWith(` ${MARKER_WORDS["0.01%"]}`)) rare++;
      else if (answer.text.endsWith(` ${MARKER_WORDS["1%"]}`)) onePercent++;
      // never elsewhere: the generator's vocabulary does not hold them
      expect(answer.text.slice(0, -20)).not.toMatch(/zeppelin|lantern/);
    }
    // binomial: 0.01% of ~200k is ~20 (sd 4.5); 1% is ~2,000 (sd 45)
    expect(rare / total).toBeGreaterThan(0.00004);
    expect(rare / total).toBeLessThan(0.00016);
    expect(onePercent / total).toBeGreaterThan(0.0093);
    expect(onePercent / total).toBeLessThan(0.0107);
  });
});
