// Which word the `/answers?q=WORD` path searches for. A word in one answer only would time an
// index lookup that finds nothing to rank; the bar is about a search that matches a meaningful
// share of the answers, so the candidates are the words found in the most of the given answer
// texts (the first page of the answer browser). Pure.

/**
 * English words PostgreSQL's `english` text search drops as stop words, of five letters or more
 * (shorter words are never candidates): searching one would match nothing.
 */
const STOP_WORDS = new Set([
  "about",
  "above",
  "after",
  "again",
  "against",
  "because",
  "before",
  "being",
  "below",
  "between",
  "doing",
  "during",
  "further",
  "having",
  "herself",
  "himself",
  "itself",
  "myself",
  "other",
  "ourselves",
  "should",
  "their",
  "theirs",
  "themselves",
  "there",
  "these",
  "those",
  "through",
  "under",
  "until",
  "where",
  "which",
  "while",
  "would",
  "yours",
  "yourself",
  "yourselves",
]);

/** Letters only, at least five: a word and not a number, code token or stop word fragment. */
const WORD = /\p{L}{5,}/gu;

/**
 * Candidate search words, best first: by the number of texts containing the word (not the number
 * of times), ties by where the word first appears (the first text's words first). At most `limit`.
 */
export function rankSearchWords(texts: readonly string[], limit = 5): string[] {
  // in order of first appearance (a Map keeps insertion order; the sort below is stable)
  const textsWith = new Map<string, number>();
  for (const text of texts) {
    const words = new Set((text.toLowerCase().match(WORD) ?? []).filter((word) => !STOP_WORDS.has(word)));
    for (const word of words) textsWith.set(word, (textsWith.get(word) ?? 0) + 1);
  }
  return [...textsWith.keys()].sort((a, b) => textsWith.get(b)! - textsWith.get(a)!).slice(0, limit);
}
