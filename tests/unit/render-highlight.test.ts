import { describe, expect, it } from "vitest";
import { highlightedTerms, highlightTerms, newHighlightMarkers, splitHighlights } from "@/lib/render/highlight";

const markers = { start: "<<S>>", stop: "<<E>>" };

describe("splitting ts_headline output on markers", () => {
  it("splits text and matches", () => {
    expect(splitHighlights("I <<S>>wish<<E>> for <<S>>wishes<<E>>", markers)).toEqual([
      { text: "I ", highlighted: false },
      { text: "wish", highlighted: true },
      { text: " for ", highlighted: false },
      { text: "wishes", highlighted: true },
    ]);
  });

  it("keeps markup in the answer as plain text segments", () => {
    expect(splitHighlights("<script>x</script> <<S>>evil<<E>>", markers)).toEqual([
      { text: "<script>x</script> ", highlighted: false },
      { text: "evil", highlighted: true },
    ]);
  });

  it("tolerates unbalanced markers and merges neighbours", () => {
    expect(splitHighlights("a<<E>>b <<S>>c", markers)).toEqual([
      { text: "ab ", highlighted: false },
      { text: "c", highlighted: true },
    ]);
    expect(splitHighlights("<<S>>a<<E>><<S>>b<<E>>", markers)).toEqual([{ text: "ab", highlighted: true }]);
    expect(splitHighlights("", markers)).toEqual([]);
  });

  it("lists the marked words once, lower-cased", () => {
    expect(highlightedTerms(splitHighlights("<<S>>Wish<<E>> <<S>>wish<<E>> x", markers))).toEqual(["wish"]);
  });

  it("makes fresh markers of letters and digits only", () => {
    const a = newHighlightMarkers();
    const b = newHighlightMarkers();
    expect(a.start).toMatch(/^[A-Za-z0-9]+$/);
    expect(a.stop).toMatch(/^[A-Za-z0-9]+$/);
    expect(a.start).not.toBe(b.start);
  });
});

describe("highlighting terms in plain text", () => {
  it("marks whole words case-insensitively, with regex characters escaped", () => {
    expect(highlightTerms("Wish, wishes and a.b", ["wish", "a.b"])).toEqual([
      { text: "Wish", highlighted: true },
      { text: ", wishes and ", highlighted: false },
      { text: "a.b", highlighted: true },
    ]);
    expect(highlightTerms("no match", [])).toEqual([{ text: "no match", highlighted: false }]);
  });
});
