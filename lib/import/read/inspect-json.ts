// JSON as Inspect AI writes it. Python's json module writes NaN, Infinity and -Infinity as bare
// tokens (Inspect's models serialise with ser_json_inf_nan="constants"), which JSON.parse rejects.
// The text is parsed with JSON.parse first; only when that fails are those tokens, outside strings,
// replaced by null and the text parsed again. A non-finite number is never a score: null is read as
// a missing score, which is what the importer makes of NaN and Infinity anyway.

/** JSON.parse that also takes Python's bare NaN / Infinity / -Infinity (read as null). Throws SyntaxError. */
export function parseInspectJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const replaced = replaceNonFiniteTokens(text);
    if (replaced === text) throw error;
    return JSON.parse(replaced);
  }
}

const QUOTE = 34; // "
const BACKSLASH = 92;

/**
 * `text` with each NaN, Infinity and -Infinity outside a string replaced by null; the same string
 * when it has none. Strings are skipped with their escapes, so "NaN" inside an answer stays as it is.
 */
export function replaceNonFiniteTokens(text: string): string {
  const parts: string[] = [];
  let copiedTo = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === BACKSLASH) i++;
      else if (code === QUOTE) inString = false;
      continue;
    }
    if (code === QUOTE) {
      inString = true;
      continue;
    }
    const token = text.startsWith("NaN", i)
      ? "NaN"
      : text.startsWith("Infinity", i)
        ? "Infinity"
        : text.startsWith("-Infinity", i)
          ? "-Infinity"
          : null;
    if (token === null) continue;
    parts.push(text.slice(copiedTo, i), "null");
    i += token.length - 1;
    copiedTo = i + 1;
  }
  if (parts.length === 0) return text;
  parts.push(text.slice(copiedTo));
  return parts.join("");
}
