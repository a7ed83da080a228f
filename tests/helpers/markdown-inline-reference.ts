// The inline parser of lib/render/markdown.tsx as it was before its closers were indexed
// (commit 0ece5ae): each opener scanned the rest of the text for its closer, which is quadratic
// in the text's length. Kept only as the oracle the indexed parser is compared with on small
// generated inputs (tests/unit/render-markdown.test.ts); never use it on real answers.
import type { MarkdownInline } from "@/lib/render/markdown";

const MAX_INLINE_DEPTH = 12;

/** The old heading pattern (its lazy group backtracks quadratically on long runs of spaces). */
export const REFERENCE_HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;

const ESCAPABLE = /[\\`*_{}[\]()#+\-.!~<>|"']/;

/** Index of the `]` closing the `[` at `open`, or -1. */
function closingBracket(text: string, open: number): number {
  let level = 0;
  for (let k = open; k < text.length; k += 1) {
    const char = text[k];
    if (char === "\\") k += 1;
    else if (char === "[") level += 1;
    else if (char === "]") {
      level -= 1;
      if (level === 0) return k;
    }
  }
  return -1;
}

/** Index of the `)` closing the `(` at `open`, or -1 (no newline inside a link target). */
function closingParen(text: string, open: number): number {
  let level = 0;
  for (let k = open; k < text.length; k += 1) {
    const char = text[k];
    if (char === "\n") return -1;
    if (char === "\\") k += 1;
    else if (char === "(") level += 1;
    else if (char === ")") {
      level -= 1;
      if (level === 0) return k;
    }
  }
  return -1;
}

function linkTarget(raw: string): string {
  // [text](url "title"): the title is dropped; <url> loses its brackets
  const url = raw.trim().replace(/\s+(?:"[^"]*"|'[^']*')$/, "").trim();
  return url.startsWith("<") && url.endsWith(">") ? url.slice(1, -1) : url;
}

const isWordChar = (char: string | undefined) => char !== undefined && /[\p{L}\p{N}]/u.test(char);

/** Parses inline markdown into a tree. */
export function referenceParseInline(text: string, depth = 0): MarkdownInline[] {
  if (depth >= MAX_INLINE_DEPTH) return text ? [{ type: "text", text }] : [];
  const nodes: MarkdownInline[] = [];
  let buffer = "";
  const flush = () => {
    if (buffer) nodes.push({ type: "text", text: buffer });
    buffer = "";
  };
  let i = 0;
  while (i < text.length) {
    const char = text[i];

    if (char === "\\" && i + 1 < text.length && ESCAPABLE.test(text[i + 1])) {
      buffer += text[i + 1];
      i += 2;
      continue;
    }

    if (char === "`") {
      let run = 1;
      while (text[i + run] === "`") run += 1;
      const fence = "`".repeat(run);
      // the closing run has exactly as many backticks as the opening one
      let close = -1;
      for (let k = text.indexOf(fence, i + run); k !== -1; k = text.indexOf(fence, k)) {
        let end = k;
        while (text[end] === "`") end += 1;
        if (end - k === run) {
          close = k;
          break;
        }
        k = end;
      }
      if (close !== -1) {
        flush();
        let code = text.slice(i + run, close).replace(/\n/g, " ");
        if (code.length > 2 && code.startsWith(" ") && code.endsWith(" ") && code.trim() !== "") code = code.slice(1, -1);
        nodes.push({ type: "code", text: code });
        i = close + run;
        continue;
      }
      buffer += fence;
      i += run;
      continue;
    }

    const isImage = char === "!" && text[i + 1] === "[";
    if (char === "[" || isImage) {
      const open = isImage ? i + 1 : i;
      const close = closingBracket(text, open);
      if (close !== -1 && text[close + 1] === "(") {
        const end = closingParen(text, close + 1);
        if (end !== -1) {
          flush();
          const label = text.slice(open + 1, close);
          const url = linkTarget(text.slice(close + 2, end));
          if (isImage) nodes.push({ type: "image", alt: label, url });
          else nodes.push({ type: "link", children: referenceParseInline(label, depth + 1), url });
          i = end + 1;
          continue;
        }
      }
      buffer += char;
      i += 1;
      continue;
    }

    if (char === "*" || char === "_" || char === "~") {
      let run = 1;
      while (text[i + run] === char) run += 1;
      const size = char === "~" ? (run >= 2 ? 2 : 0) : Math.min(run, 2);
      const opensWord = !/\s/.test(text[i + run] ?? " ");
      const intraword = char === "_" && isWordChar(text[i - 1]);
      if (size > 0 && opensWord && !intraword && run <= 3) {
        const delimiter = char.repeat(size);
        let search = i + size + 1; // content is never empty
        let close = -1;
        while (search < text.length) {
          const found = text.indexOf(delimiter, search);
          if (found === -1) break;
          const before = text[found - 1];
          const after = text[found + size];
          const closesHere =
            !/\s/.test(before ?? " ") && after !== char && !(char === "_" && isWordChar(after)) && text[found - 1] !== "\\";
          if (closesHere) {
            close = found;
            break;
          }
          search = found + 1;
        }
        if (close !== -1) {
          flush();
          const inner = text.slice(i + size, close);
          const type = char === "~" ? "strike" : size === 2 ? "strong" : "emphasis";
          nodes.push({ type, children: referenceParseInline(inner, depth + 1) });
          i = close + size;
          continue;
        }
      }
      buffer += char.repeat(run);
      i += run;
      continue;
    }

    buffer += char;
    i += 1;
  }
  flush();
  return nodes;
}
