// Search-match highlighting without HTML: PostgreSQL's ts_headline wraps matches in marker
// strings we choose; we split its output on those markers into plain-text segments that the UI
// renders as text and <mark> elements. The markers carry a random nonce per request, so an
// answer cannot forge a highlight by containing the marker text.
export interface TextSegment {
  text: string;
  highlighted: boolean;
}

export interface HighlightMarkers {
  start: string;
  stop: string;
}

/** Fresh markers: letters and digits only, so ts_headline's option parser takes them verbatim. */
export function newHighlightMarkers(): HighlightMarkers {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(9));
  const nonce = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  return { start: `HLSTART${nonce}X`, stop: `HLSTOP${nonce}X` };
}

/**
 * Splits marked text into segments. Unbalanced markers are tolerated (a stray stop ends nothing,
 * a missing stop ends at the end of the text); empty segments are dropped and neighbours of the
 * same kind merged.
 */
export function splitHighlights(marked: string, markers: HighlightMarkers): TextSegment[] {
  const segments: TextSegment[] = [];
  const push = (text: string, highlighted: boolean) => {
    if (text === "") return;
    const last = segments[segments.length - 1];
    if (last && last.highlighted === highlighted) last.text += text;
    else segments.push({ text, highlighted });
  };
  let rest = marked;
  let inside = false;
  while (rest.length > 0) {
    const marker = inside ? markers.stop : markers.start;
    const other = inside ? markers.start : markers.stop;
    const at = rest.indexOf(marker);
    const otherAt = rest.indexOf(other);
    // a marker of the wrong kind before the expected one is dropped
    if (otherAt !== -1 && (at === -1 || otherAt < at)) {
      push(rest.slice(0, otherAt), inside);
      rest = rest.slice(otherAt + other.length);
      continue;
    }
    if (at === -1) {
      push(rest, inside);
      break;
    }
    push(rest.slice(0, at), inside);
    rest = rest.slice(at + marker.length);
    inside = !inside;
  }
  return segments;
}

/** The distinct highlighted words (lower-cased), e.g. to highlight the same words elsewhere. */
export function highlightedTerms(segments: TextSegment[]): string[] {
  const terms = new Set<string>();
  for (const segment of segments) {
    if (segment.highlighted && segment.text.trim() !== "") terms.add(segment.text.trim().toLowerCase());
  }
  return [...terms];
}

/**
 * Splits plain text on whole-word, case-insensitive occurrences of the given terms (the words
 * ts_headline marked). Used inside formatted markdown, where ts_headline's output cannot be
 * used directly.
 */
export function highlightTerms(text: string, terms: string[]): TextSegment[] {
  const usable = terms.filter((term) => term.length > 0).sort((a, b) => b.length - a.length);
  if (usable.length === 0 || text === "") return text === "" ? [] : [{ text, highlighted: false }];
  const escaped = usable.map((term) => term.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${escaped.join("|")})(?![\\p{L}\\p{N}])`, "giu");
  const segments: TextSegment[] = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const index = match.index ?? 0;
    if (index > last) segments.push({ text: text.slice(last, index), highlighted: false });
    segments.push({ text: match[0], highlighted: true });
    last = index + match[0].length;
  }
  if (last < text.length) segments.push({ text: text.slice(last), highlighted: false });
  return segments;
}
