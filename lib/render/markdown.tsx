// A small, safe markdown renderer for model answers (untrusted text). It builds React elements
// only — never an HTML string — so nothing in an answer becomes markup: raw HTML stays literal
// text, links are shown as text with their address (no anchor, no javascript: URL), images are
// shown as the text "[image: alt](url)" and never loaded. Supported: ATX headings, fenced code
// blocks, bullet and numbered lists (nested), block quotes, horizontal rules, paragraphs (line
// breaks and indentation kept), inline code, strong, emphasis, strikethrough, backslash escapes.
// Hand-written rather than markdown-it (html: false) plus a token-to-React step: once its closers
// were indexed (below), parsing 30000 repetitions of "*a ", "_a ", "**a ", "[a " or "[x](" took
// 3-25 ms here against markdown-it 14's 24-94 ms for its tokens alone, and the tests pin this
// parser's tree (the safety rules are written against it).
import { Fragment, type ReactNode } from "react";
import { highlightTerms } from "./highlight";

export type MarkdownBlock =
  | { type: "heading"; level: number; text: string }
  | { type: "code"; language: string; code: string }
  | { type: "rule" }
  | { type: "quote"; blocks: MarkdownBlock[] }
  | { type: "list"; ordered: boolean; start: number; items: MarkdownBlock[][] }
  | { type: "paragraph"; text: string };

export type MarkdownInline =
  | { type: "text"; text: string }
  | { type: "code"; text: string }
  | { type: "strong" | "emphasis" | "strike"; children: MarkdownInline[] }
  | { type: "link"; children: MarkdownInline[]; url: string }
  | { type: "image"; alt: string; url: string };

// Nesting limits: hostile input ("> > > > ..." ten thousand times) must not exhaust the stack.
const MAX_BLOCK_DEPTH = 12;
const MAX_INLINE_DEPTH = 12;

const FENCE = /^( {0,3})(`{3,}|~{3,})(.*)$/;
// The closing "###" of a heading is removed by heading() below, not by the pattern: a lazy
// "(.*?)" followed by "(?:[ \t]+#+)?[ \t]*$" backtracked quadratically on a long run of spaces
// ("# a" + 20000 spaces + "x": 1.3 s).
const HEADING = /^ {0,3}(#{1,6})(?=[ \t]|$)(.*)$/;
const RULE = /^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$/;
const QUOTE = /^ {0,3}> ?(.*)$/;
const LIST_ITEM = /^( *)([-*+]|\d{1,9}[.)])(?:([ \t]+)(.*))?$/;

const indentOf = (line: string) => line.length - line.trimStart().length;
const isBlank = (line: string) => line.trim() === "";

/** An ATX heading: its level and text (without the optional closing run of `#`), or null. */
function heading(line: string): { level: number; text: string } | null {
  const match = HEADING.exec(line);
  if (!match) return null;
  let text = match[2].trim();
  let end = text.length;
  while (end > 0 && text[end - 1] === "#") end -= 1;
  if (end < text.length && end > 0 && (text[end - 1] === " " || text[end - 1] === "\t")) text = text.slice(0, end).trimEnd();
  return { level: match[1].length, text };
}

function startsBlock(line: string): boolean {
  return FENCE.test(line) || HEADING.test(line) || RULE.test(line) || QUOTE.test(line) || LIST_ITEM.test(line);
}

interface ListMarker {
  ordered: boolean;
  bullet: string;
  start: number;
  markerIndent: number;
  contentIndent: number;
  firstLine: string;
}

function listMarker(line: string): ListMarker | null {
  const match = LIST_ITEM.exec(line);
  if (!match) return null;
  const [, indent, marker, spaces = "", rest = ""] = match;
  // "-foo" is not a list item; an empty item ("-") is.
  if (spaces === "" && rest !== "") return null;
  const ordered = /\d/.test(marker);
  const gap = spaces.length >= 1 && spaces.length <= 4 ? spaces.length : 1;
  return {
    ordered,
    bullet: ordered ? marker.slice(-1) : marker,
    start: ordered ? Number.parseInt(marker, 10) : 1,
    markerIndent: indent.length,
    contentIndent: indent.length + marker.length + gap,
    firstLine: spaces.length > 4 ? `${" ".repeat(spaces.length - 1)}${rest}` : rest,
  };
}

function stripIndent(line: string, amount: number): string {
  let removed = 0;
  while (removed < amount && line[removed] === " ") removed += 1;
  return line.slice(removed);
}

/** Splits markdown into blocks. */
export function parseMarkdown(source: string, depth = 0): MarkdownBlock[] {
  const lines = source.replace(/\r\n?/g, "\n").replace(/\t/g, "    ").split("\n");
  return parseLines(lines, depth);
}

function parseLines(lines: string[], depth: number): MarkdownBlock[] {
  if (depth >= MAX_BLOCK_DEPTH) {
    const text = lines.join("\n").trim();
    return text ? [{ type: "paragraph", text }] : [];
  }
  const blocks: MarkdownBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (isBlank(line)) {
      i += 1;
      continue;
    }

    const fence = FENCE.exec(line);
    if (fence && !(fence[2][0] === "`" && fence[3].includes("`"))) {
      const [, indent, marks, info] = fence;
      const code: string[] = [];
      i += 1;
      while (i < lines.length) {
        const close = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(lines[i]);
        if (close && close[1][0] === marks[0] && close[1].length >= marks.length) {
          i += 1;
          break;
        }
        code.push(stripIndent(lines[i], indent.length));
        i += 1;
      }
      blocks.push({ type: "code", language: info.trim().split(/\s+/)[0] ?? "", code: code.join("\n") });
      continue;
    }

    const title = heading(line);
    if (title) {
      blocks.push({ type: "heading", ...title });
      i += 1;
      continue;
    }

    if (RULE.test(line)) {
      blocks.push({ type: "rule" });
      i += 1;
      continue;
    }

    if (QUOTE.test(line)) {
      const inner: string[] = [];
      while (i < lines.length && !isBlank(lines[i])) {
        const quoted = QUOTE.exec(lines[i]);
        if (quoted) inner.push(quoted[1]);
        else if (startsBlock(lines[i])) break;
        else inner.push(lines[i]); // lazy continuation of the quoted paragraph
        i += 1;
      }
      blocks.push({ type: "quote", blocks: parseLines(inner, depth + 1) });
      continue;
    }

    const marker = listMarker(line);
    if (marker) {
      const items: MarkdownBlock[][] = [];
      let current: ListMarker | null = marker;
      while (current) {
        const itemLines = [current.firstLine];
        // lines indented at least this far belong to the item (lenient: two spaces past the marker)
        const belongIndent = Math.min(current.contentIndent, current.markerIndent + 2);
        i += 1;
        while (i < lines.length) {
          const next = lines[i];
          if (isBlank(next)) {
            // a blank line continues the item only when indented content follows
            let j = i + 1;
            while (j < lines.length && isBlank(lines[j])) j += 1;
            if (j < lines.length && indentOf(lines[j]) >= belongIndent) {
              for (; i < j; i += 1) itemLines.push("");
              continue;
            }
            break;
          }
          if (indentOf(next) >= belongIndent) {
            itemLines.push(stripIndent(next, current.contentIndent));
            i += 1;
            continue;
          }
          if (startsBlock(next)) break;
          itemLines.push(next.trimStart()); // lazy paragraph continuation
          i += 1;
        }
        items.push(parseLines(itemLines, depth + 1));
        // the list goes on with a sibling item of the same kind (blank lines between allowed)
        let j = i;
        while (j < lines.length && isBlank(lines[j])) j += 1;
        const sibling = j < lines.length ? listMarker(lines[j]) : null;
        if (sibling && sibling.ordered === marker.ordered && sibling.bullet === marker.bullet && indentOf(lines[j]) < belongIndent) {
          i = j;
          current = sibling;
        } else {
          current = null;
        }
      }
      blocks.push({ type: "list", ordered: marker.ordered, start: marker.start, items });
      continue;
    }

    const paragraph = [line];
    i += 1;
    while (i < lines.length && !isBlank(lines[i]) && !startsBlock(lines[i])) {
      paragraph.push(lines[i]);
      i += 1;
    }
    blocks.push({ type: "paragraph", text: paragraph.join("\n") });
  }
  return blocks;
}

const ESCAPABLE = /[\\`*_{}[\]()#+\-.!~<>|"']/;

/**
 * Where each inline construct could close, found in one pass over the text so that every opener
 * is matched in constant time. Searching the rest of the text for a closer from every opener was
 * quadratic: GET /answers/<id> took 18.6 s for a 90 KB answer of "*a " x 30000 and 44.6 s for
 * "_a " x 40000; "[a ", "![a ", "~~a " and "[x](" were alike (renderToStaticMarkup of 30000
 * repetitions: 3.6-21 s). Indexed, each renders in 5-40 ms. The matches are exactly those the
 * per-opener scans found: tests/unit/render-markdown.test.ts compares the two on generated text.
 */
interface InlineIndex {
  /** `[` -> the `]` closing it (brackets counted, a backslash skips the next character); absent: none */
  bracketClose: Map<number, number>;
  /** `(` -> the `)` closing it on the same line; absent: none */
  parenClose: Map<number, number>;
  /** backtick run length -> start positions of the maximal runs of that length, ascending */
  codeRuns: Map<number, Cursor>;
  /** "*1", "*2", "_1", "_2", "~2" -> positions where that delimiter can close, ascending */
  closers: Map<string, Cursor>;
}

/** Ascending positions; next(from) is the first >= from. `from` never decreases, so all calls together are linear. */
class Cursor {
  private at = 0;
  constructor(private readonly positions: number[]) {}
  next(from: number): number {
    while (this.at < this.positions.length && this.positions[this.at] < from) this.at += 1;
    return this.at < this.positions.length ? this.positions[this.at] : -1;
  }
}

const isWordChar = (char: string | undefined) => char !== undefined && /[\p{L}\p{N}]/u.test(char);
const isSpace = (char: string | undefined) => char === undefined || /\s/.test(char);

function indexInline(text: string): InlineIndex {
  const bracketClose = new Map<number, number>();
  const parenClose = new Map<number, number>();
  const brackets: number[] = [];
  let parens: number[] = [];
  for (let k = 0; k < text.length; k += 1) {
    const char = text[k];
    if (char === "\\") k += 1;
    else if (char === "[") brackets.push(k);
    else if (char === "]") {
      const open = brackets.pop();
      if (open !== undefined) bracketClose.set(open, k);
    } else if (char === "(") parens.push(k);
    else if (char === ")") {
      const open = parens.pop();
      if (open !== undefined) parenClose.set(open, k);
    } else if (char === "\n") parens = []; // no newline inside a link target
  }

  const runs = new Map<number, number[]>();
  const closers = new Map<string, number[]>();
  const add = <K,>(map: Map<K, number[]>, key: K, position: number) => {
    const list = map.get(key);
    if (list) list.push(position);
    else map.set(key, [position]);
  };
  for (let k = 0; k < text.length; ) {
    const char = text[k];
    if (char !== "`" && char !== "*" && char !== "_" && char !== "~") {
      k += 1;
      continue;
    }
    let end = k + 1;
    while (text[end] === char) end += 1;
    if (char === "`") add(runs, end - k, k);
    else {
      // a delimiter of `size` closes only at the end of a run (the next character is not the
      // same), after a non-space that is not a backslash; `_` not before a letter or digit
      for (const size of char === "~" ? [2] : [1, 2]) {
        const found = end - size;
        if (found < k) continue;
        const before = text[found - 1];
        if (isSpace(before) || before === "\\" || (char === "_" && isWordChar(text[end]))) continue;
        add(closers, `${char}${size}`, found);
      }
    }
    k = end;
  }
  const cursors = <K,>(map: Map<K, number[]>) => new Map([...map].map(([key, list]) => [key, new Cursor(list)]));
  return { bracketClose, parenClose, codeRuns: cursors(runs), closers: cursors(closers) };
}

function linkTarget(raw: string): string {
  // [text](url "title"): the title is dropped; <url> loses its brackets. Found by hand: the
  // pattern /\s+(?:"[^"]*"|'[^']*')$/ backtracked quadratically on a target with a long run of
  // spaces ("[x](a" + 20000 spaces + "b)": 0.7 s).
  let url = raw.trim();
  const quote = url[url.length - 1];
  if (url.length >= 2 && (quote === '"' || quote === "'")) {
    const open = url.lastIndexOf(quote, url.length - 2);
    if (open > 0 && /\s/.test(url[open - 1])) url = url.slice(0, open).trim();
  }
  return url.startsWith("<") && url.endsWith(">") ? url.slice(1, -1) : url;
}

/** Parses inline markdown into a tree. */
export function parseInline(text: string, depth = 0): MarkdownInline[] {
  if (depth >= MAX_INLINE_DEPTH) return text ? [{ type: "text", text }] : [];
  const nodes: MarkdownInline[] = [];
  let buffer = "";
  const flush = () => {
    if (buffer) nodes.push({ type: "text", text: buffer });
    buffer = "";
  };
  const index = indexInline(text);
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
      const close = index.codeRuns.get(run)?.next(i + run) ?? -1;
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
      const close = index.bracketClose.get(open) ?? -1;
      if (close !== -1 && text[close + 1] === "(") {
        const end = index.parenClose.get(close + 1) ?? -1;
        if (end !== -1) {
          flush();
          const label = text.slice(open + 1, close);
          const url = linkTarget(text.slice(close + 2, end));
          if (isImage) nodes.push({ type: "image", alt: label, url });
          else nodes.push({ type: "link", children: parseInline(label, depth + 1), url });
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
        // content is never empty
        const close = index.closers.get(`${char}${size}`)?.next(i + size + 1) ?? -1;
        if (close !== -1) {
          flush();
          const inner = text.slice(i + size, close);
          const type = char === "~" ? "strike" : size === 2 ? "strong" : "emphasis";
          nodes.push({ type, children: parseInline(inner, depth + 1) });
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

export interface RenderOptions {
  /** lower-cased words to mark (the search's matches) */
  highlight?: string[];
}

function Text({ text, options }: { text: string; options: RenderOptions }): ReactNode {
  if (!options.highlight || options.highlight.length === 0) return text;
  return highlightTerms(text, options.highlight).map((segment, index) =>
    segment.highlighted ? (
      <mark key={index} data-testid="search-match" className="rounded-sm bg-yellow-200 px-0.5 text-inherit dark:bg-yellow-700/70">
        {segment.text}
      </mark>
    ) : (
      <Fragment key={index}>{segment.text}</Fragment>
    ),
  );
}

function renderInline(nodes: MarkdownInline[], options: RenderOptions): ReactNode[] {
  return nodes.map((node, index) => {
    switch (node.type) {
      case "text":
        return <Text key={index} text={node.text} options={options} />;
      case "code":
        return (
          <code key={index} className="rounded bg-zinc-100 px-1 py-0.5 font-mono text-[0.9em] dark:bg-zinc-800">
            {node.text}
          </code>
        );
      case "strong":
        return <strong key={index}>{renderInline(node.children, options)}</strong>;
      case "emphasis":
        return <em key={index}>{renderInline(node.children, options)}</em>;
      case "strike":
        return <del key={index}>{renderInline(node.children, options)}</del>;
      case "link":
        // Inert: the link text, then its address as text. No <a>, so no URL scheme can run.
        return (
          <span key={index} data-md="link">
            <span className="underline decoration-dotted">{renderInline(node.children, options)}</span>
            <span className="break-all text-zinc-500 dark:text-zinc-400"> ({node.url})</span>
          </span>
        );
      case "image":
        // Never loaded: shown as text.
        return (
          <span key={index} data-md="image" className="break-all text-zinc-500 dark:text-zinc-400">
            [image: {node.alt}]({node.url})
          </span>
        );
    }
  });
}

const headingClass: Record<number, string> = {
  1: "text-xl font-semibold",
  2: "text-lg font-semibold",
  3: "text-base font-semibold",
  4: "text-base font-semibold",
  5: "text-sm font-semibold",
  6: "text-sm font-semibold text-zinc-600 dark:text-zinc-300",
};

function renderBlocks(blocks: MarkdownBlock[], options: RenderOptions): ReactNode[] {
  return blocks.map((block, index) => {
    switch (block.type) {
      case "heading": {
        // The page has h1/h2 already: answer headings start at h3.
        const Tag = `h${Math.min(block.level + 2, 6)}` as "h3" | "h4" | "h5" | "h6";
        return (
          <Tag key={index} className={headingClass[block.level]}>
            {renderInline(parseInline(block.text), options)}
          </Tag>
        );
      }
      case "code":
        return (
          <pre
            key={index}
            className="overflow-x-auto rounded border border-zinc-200 bg-zinc-50 p-3 text-sm dark:border-zinc-700 dark:bg-zinc-900"
          >
            <code className="font-mono" data-language={block.language || undefined}>
              <Text text={block.code} options={options} />
            </code>
          </pre>
        );
      case "rule":
        return <hr key={index} className="border-zinc-300 dark:border-zinc-700" />;
      case "quote":
        return (
          <blockquote key={index} className="space-y-3 border-l-4 border-zinc-300 pl-3 text-zinc-700 dark:border-zinc-600 dark:text-zinc-300">
            {renderBlocks(block.blocks, options)}
          </blockquote>
        );
      case "list": {
        const items = block.items.map((item, itemIndex) => (
          <li key={itemIndex} className="space-y-2">
            {renderBlocks(item, options)}
          </li>
        ));
        return block.ordered ? (
          <ol key={index} start={block.start === 1 ? undefined : block.start} className="list-decimal space-y-1 pl-6">
            {items}
          </ol>
        ) : (
          <ul key={index} className="list-disc space-y-1 pl-6">
            {items}
          </ul>
        );
      }
      case "paragraph":
        return (
          <p key={index} className="whitespace-pre-wrap break-words">
            {renderInline(parseInline(block.text), options)}
          </p>
        );
    }
  });
}

/** Markdown → React elements (safe for untrusted text; see the header comment). */
export function renderMarkdown(source: string, options: RenderOptions = {}): ReactNode {
  return <>{renderBlocks(parseMarkdown(source), options)}</>;
}
