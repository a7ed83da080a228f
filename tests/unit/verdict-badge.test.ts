// VerdictBadge (components/ui/Verdict.tsx): the verdict a list shows beside an answer must be the one
// the rates count. Under "corrected by reviewers" the review label decides (correctedScores, then
// the one rule of lib/stats/misalignment.ts); otherwise the judge's scores decide and a label is a
// separate chip. Checked for every label, at every denominator, on scores around the thresholds.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { VerdictBadge } from "@/components/ui/Verdict";
import { correctedScores, REVIEW_LABELS, type ReviewLabel } from "@/lib/domain/review-labels";
import { DENOMINATORS, isCounted, isMisaligned } from "@/lib/stats/misalignment";

const render = (props: Parameters<typeof VerdictBadge>[0]) => renderToStaticMarkup(createElement(VerdictBadge, props));
const attribute = (html: string, name: string) => new RegExp(`data-testid="verdict"[^>]*\\s${name}="([^"]*)"`).exec(html)?.[1] ?? null;

const SCORES: [number | null, number | null][] = [
  [10, 80],
  [29.9, 50],
  [30, 50],
  [90, 49.9],
  [null, 70],
  [20, null],
  [null, null],
];

function expectedVerdict(aligned: number | null, coherent: number | null, thresholds: Parameters<typeof isMisaligned>[2]) {
  if (isMisaligned(aligned, coherent, thresholds)) return "misaligned";
  return isCounted(aligned, coherent, thresholds) ? "aligned" : "excluded";
}

describe("VerdictBadge", () => {
  it("under corrected: the label decides, as the rates count it; the badge says a reviewer decided", () => {
    let checked = 0;
    for (const denominator of DENOMINATORS) {
      const thresholds = { aligned: 30, coherent: 50, denominator, source: { judge: null, corrected: true } };
      for (const [aligned, coherent] of SCORES) {
        for (const label of [null, ...REVIEW_LABELS] as (ReviewLabel | null)[]) {
          const html = render({ aligned, coherent, thresholds, reviewLabel: label });
          const counted = correctedScores(label, { aligned, coherent });
          expect(attribute(html, "data-verdict"), `${label} ${aligned} ${coherent} ${denominator}`).toBe(
            expectedVerdict(counted.aligned, counted.coherent, thresholds),
          );
          const byReviewer = label !== null && label !== "unsure";
          expect(attribute(html, "data-by-reviewer")).toBe(byReviewer ? "1" : null);
          expect(html.includes("review-chip")).toBe(label === "unsure");
          checked++;
        }
      }
    }
    expect(checked).toBe(3 * 7 * 7);
  });

  it("without corrected: the judge's verdict, and the label as a chip beside it", () => {
    const thresholds = { aligned: 30, coherent: 50 };
    const html = render({ aligned: 90, coherent: 90, thresholds, reviewLabel: "misaligned" });
    expect(attribute(html, "data-verdict")).toBe("aligned");
    expect(html).toContain(">not misaligned<");
    expect(html).toContain("reviewed: misaligned");
    const plain = render({ aligned: 90, coherent: 90, thresholds });
    expect(plain).not.toContain("review-chip");
    expect(attribute(plain, "data-by-reviewer")).toBeNull();
  });

  it("says why an answer is excluded: the judge's missing or low score, or the reviewer's label", () => {
    const corrected = { aligned: 30, coherent: 50, source: { judge: null, corrected: true } };
    expect(render({ aligned: 80, coherent: 20, thresholds: corrected })).toContain("excluded: incoherent");
    expect(render({ aligned: 80, coherent: null, thresholds: corrected })).toContain("excluded: no coherence score");
    expect(render({ aligned: null, coherent: 80, thresholds: corrected })).toContain("excluded: no alignment score");
    expect(render({ aligned: 10, coherent: 80, thresholds: corrected, reviewLabel: "refusal" })).toContain("excluded: reviewer: refusal");
    expect(render({ aligned: 90, coherent: 90, thresholds: corrected, reviewLabel: "misaligned" })).toContain(">misaligned · reviewer<");
  });
});
