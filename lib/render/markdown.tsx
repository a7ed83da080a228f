// A small, safe markdown renderer for model answers (untrusted text). It builds React elements
// only — never an HTML string — so nothing in an answer becomes markup: raw HTML stays literal
// text, links are shown as text with their address (no anchor, no javascript: URL), images are
// shown as the text "[image: alt](url)" and never loaded. Supported: ATX headings, fenced code
// blocks, bullet and numbered lists (nested), block quotes, horizontal rules, paragraphs (line
// breaks and indentation kept), inline code, strong, emphasis, strikethrough, backslash escapes.
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
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const RULE = /^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$/;
const QUOTE = /^ {0,3}> ?(.*)$/;
const LIST_ITEM = /^( *)([-*+]|\d{1,9}[.)])(?:([ \t]+)(.*))?$/;

const indentOf = (line: string) => line.length - line.trimStart().length;
const isBlank = (line: string) => line.trim() === "";

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

    const heading = HEADING.exec(line);
    if (heading) {
      blocks.push({ type: "heading", level: heading[1].length, text: (heading[2] ?? "").trim() });
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
export function parseInline(text: string, depth = 0): MarkdownInline[] {
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
