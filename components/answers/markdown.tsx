// Markdown for model answers (untrusted text), through react-markdown: it builds React elements,
// never an HTML string, and nothing in an answer becomes live markup. Raw HTML is not parsed as
// HTML at all (the htmlFlow/htmlText constructs are disabled), so it stays literal text; links
// are shown as text with their address (no anchor, no javascript: URL), images as the text
// "[image: alt](url)" and never loaded. Supported, as before the switch from the hand-written
// parser: ATX headings, fenced code blocks, bullet and numbered lists (nested), block quotes,
// horizontal rules, paragraphs (line breaks and indentation kept), inline code, strong,
// emphasis, strikethrough (GFM's, "~~" only), backslash escapes. Left off on purpose, so such text reads as it did:
// setext headings, indented code, autolinks and link reference definitions (a definition line
// would vanish from the answer).
//
// Time. micromark is much slower than the hand-written parser was on adversarial text. Measured
// with renderToStaticMarkup on this 2-core machine (wall times, load average ~12 from other
// jobs): 30000 repetitions (90-120 KB) of "*a ", "_a ", "**a ", "~~a ", "`a ", "``a `", "[a ",
// "![a " took 2.2-5.3 s each, "[x](" 20 s (quadratic: 8k -> 32k repetitions 1.6 -> 17.3 s), a
// list of 3000 items 2.9 s, 3000 lines of indented list items 6.2 s; the unit test's bound is
// 1 s. The hand-written parser rendered each in 5-40 ms. Real answers are short (36310 in
// ../shared/data: median 371 characters, 99.9th percentile 3060, longest 6566), so answers
// longer than MAX_MARKDOWN_LENGTH are shown as plain text (line breaks kept) instead.
// remark-parse's types declare the processor data that micromark extensions are registered in
/// <reference types="remark-parse" />
import type { Blockquote, Delete, Emphasis, Link, ListItem, Nodes as MdastNodes, Root as MdastRoot, Strong } from "mdast";
import type { Element, ElementContent, Root as HastRoot } from "hast";
import { gfmStrikethroughFromMarkdown } from "mdast-util-gfm-strikethrough";
import type { Handlers } from "mdast-util-to-hast";
import { gfmStrikethrough } from "micromark-extension-gfm-strikethrough";
import type { ReactNode } from "react";
import Markdown, { type Components } from "react-markdown";
import type { Processor, Transformer } from "unified";
import { visitParents } from "unist-util-visit-parents";
import HighlightedText from "@/components/answers/HighlightedText";
import { highlightTerms } from "@/lib/render/highlight";

/**
 * Longer answers skip markdown and are shown as plain text. 8192 characters is 1.25 times the
 * longest real answer, so every real answer is formatted. At this length the slowest inputs found
 * took, in CPU time (wall time was ~4x that under the load average of ~17 it was measured at):
 * 1024 list items "- a *b*" 642 ms, 1170 links "[a](b) " 479 ms, "*a" x 2048 then "a*" x 2048
 * 436 ms, "`a " x 2730 224 ms, "> " x 4095 176 ms. At 16384 characters the list took 1005 ms
 * and "`a " 388 ms; at 90 KB they took seconds (header comment), so the cap bounds the time.
 */
export const MAX_MARKDOWN_LENGTH = 8192;

/**
 * Long runs of emphasis delimiters also skip markdown: micromark matches a run of n "*" (or "_")
 * against the next run two characters at a time, splicing its event list each time, so
 * "*" x 4095 + "x" + "*" x 4095 (8191 characters) took 1159 ms of CPU and twice that 16 s. No
 * real answer has a run of more than 8 (one has 4); the hand-written parser read runs longer than
 * 3 as text anyway.
 */
const LONG_DELIMITER_RUN = /[*_~]{33}/;

/**
 * Nesting limit: a quote, list item, emphasis, strong, strikethrough or link nested this deep
 * shows the rest of its content as raw text. mdast-util-to-hast recurses once per level: "> "
 * repeated 5000 times threw "Maximum call stack size exceeded" (micromark and
 * mdast-util-from-markdown parse it without recursing).
 */
const MAX_NESTING = 12;

// Constructs of CommonMark turned off (see the header comment). Raw HTML: disabling its
// constructs keeps it literal text; react-markdown's skipHtml would drop it instead.
const DISABLED_CONSTRUCTS = ["htmlFlow", "htmlText", "autolink", "codeIndented", "setextUnderline", "definition"];

/** remark plugin: the syntax answers are read with (CommonMark less the above, plus "~~"). */
function remarkAnswerSyntax(this: Processor) {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(gfmStrikethrough({ singleTilde: false }), { disable: { null: DISABLED_CONSTRUCTS } });
  (data.fromMarkdownExtensions ??= []).push(gfmStrikethroughFromMarkdown());
}

type Nesting = Blockquote | ListItem | Emphasis | Strong | Delete | Link;
const NESTING_TYPES = new Set<string>(["blockquote", "listItem", "emphasis", "strong", "delete", "link"]);
const isNesting = (node: MdastNodes): node is Nesting => NESTING_TYPES.has(node.type);

/**
 * remark plugin: cuts the tree at MAX_NESTING (the cut node's content becomes its source text),
 * and keeps every list loose so list items hold paragraphs, as before the switch (line breaks
 * are kept in paragraphs only). An explicit stack, not recursion: the tree may be thousands of
 * levels deep here.
 */
function remarkNestingLimit(): Transformer<MdastRoot> {
  return (tree, file) => {
    const source = String(file);
    const stack: { node: MdastNodes; nesting: number }[] = [{ node: tree, nesting: 0 }];
    while (stack.length > 0) {
      const { node, nesting } = stack.pop()!;
      if (node.type === "list") node.spread = true;
      if (!("children" in node)) continue;
      for (const child of node.children) {
        const depth = nesting + (isNesting(child) ? 1 : 0);
        if (depth >= MAX_NESTING && isNesting(child)) {
          const first = child.children[0]?.position?.start.offset;
          const last = child.children[child.children.length - 1]?.position?.end.offset;
          const value = first === undefined || last === undefined ? "" : source.slice(first, last);
          if (child.type === "blockquote" || child.type === "listItem")
            child.children = [{ type: "paragraph", children: [{ type: "text", value }] }];
          else child.children = [{ type: "text", value }];
        } else {
          stack.push({ node: child, nesting: depth });
        }
      }
    }
  };
}

/**
 * rehype plugin: a paragraph keeps the indentation of its continuation lines (code pasted
 * without a fence stays indented; CommonMark and mdast-util-to-hast strip it). The indentation
 * is taken from the source line, less the column the paragraph starts at (a list item's own
 * indentation).
 */
function rehypeKeepIndentation(): Transformer<HastRoot> {
  return (tree, file) => {
    const lines = String(file).split(/\r\n|\r|\n/);
    visitParents(tree, "text", (node, ancestors) => {
      const paragraph = ancestors.findLast((ancestor) => ancestor.type === "element" && ancestor.tagName === "p");
      const line = node.position?.start.line;
      const column = paragraph?.position?.start.column;
      if (line === undefined || column === undefined || !node.value.includes("\n")) return;
      let lineBreaks = 0;
      node.value = node.value.replace(/\n/g, () => {
        lineBreaks += 1;
        const indentation = /^[ \t]*/.exec(lines[line - 1 + lineBreaks] ?? "")?.[0] ?? "";
        return `\n${indentation.slice(column - 1)}`;
      });
    });
  };
}

// Code is built here rather than through components, so block and inline code are told apart
// and a block keeps its exact text (mdast-util-to-hast would append a line break).
const codeHandlers: Handlers = {
  code: (_state, node) => ({
    type: "element",
    tagName: "pre",
    properties: {
      className: ["overflow-x-auto rounded border border-zinc-200 bg-zinc-50 p-3 text-sm dark:border-zinc-700 dark:bg-zinc-900"],
    },
    children: [
      {
        type: "element",
        tagName: "code",
        properties: { className: ["font-mono"], dataLanguage: node.lang || undefined },
        children: [{ type: "text", value: node.value }],
      },
    ],
  }),
  inlineCode: (_state, node) => ({
    type: "element",
    tagName: "code",
    properties: { className: ["rounded bg-zinc-100 px-1 py-0.5 font-mono text-[0.9em] dark:bg-zinc-800"] },
    children: [{ type: "text", value: node.value }],
  }),
};

/** rehype plugin: search matches in <mark> (whole words), also inside formatted text; not in inline code. */
function rehypeHighlight(terms: string[]) {
  return () => (tree: HastRoot) => {
    visitParents(tree, "text", (node, ancestors) => {
      const parent = ancestors[ancestors.length - 1] as Element | HastRoot;
      const isInlineCode =
        parent.type === "element" &&
        parent.tagName === "code" &&
        (ancestors[ancestors.length - 2] as Element | undefined)?.tagName !== "pre";
      if (isInlineCode) return;
      const segments = highlightTerms(node.value, terms);
      if (!segments.some((segment) => segment.highlighted)) return;
      const replacement: ElementContent[] = segments.map((segment) =>
        segment.highlighted
          ? { type: "element", tagName: "mark", properties: {}, children: [{ type: "text", value: segment.text }] }
          : { type: "text", value: segment.text },
      );
      const index = parent.children.indexOf(node);
      parent.children.splice(index, 1, ...replacement);
      return index + replacement.length; // go on after the new nodes
    });
  };
}

const paragraphClass = "whitespace-pre-wrap break-words";

// The page has h1/h2 already: answer headings start at h3.
const components: Components = {
  h1: ({ children }) => <h3 className="text-xl font-semibold">{children}</h3>,
  h2: ({ children }) => <h4 className="text-lg font-semibold">{children}</h4>,
  h3: ({ children }) => <h5 className="text-base font-semibold">{children}</h5>,
  h4: ({ children }) => <h6 className="text-base font-semibold">{children}</h6>,
  h5: ({ children }) => <h6 className="text-sm font-semibold">{children}</h6>,
  h6: ({ children }) => <h6 className="text-sm font-semibold text-zinc-600 dark:text-zinc-300">{children}</h6>,
  p: ({ children }) => <p className={paragraphClass}>{children}</p>,
  blockquote: ({ children }) => (
    <blockquote className="space-y-3 border-l-4 border-zinc-300 pl-3 text-zinc-700 dark:border-zinc-600 dark:text-zinc-300">
      {children}
    </blockquote>
  ),
  ul: ({ children }) => <ul className="list-disc space-y-1 pl-6">{children}</ul>,
  ol: ({ children, start }) => (
    <ol start={start} className="list-decimal space-y-1 pl-6">
      {children}
    </ol>
  ),
  li: ({ children }) => <li className="space-y-2">{children}</li>,
  hr: () => <hr className="border-zinc-300 dark:border-zinc-700" />,
  // Inert: the link text, then its address as text. No <a>, so no URL scheme can run.
  a: ({ children, href }) => (
    <span data-md="link">
      <span className="underline decoration-dotted">{children}</span>
      <span className="break-all text-zinc-500 dark:text-zinc-400"> ({href})</span>
    </span>
  ),
  // Never loaded: shown as text.
  img: ({ alt, src }) => (
    <span data-md="image" className="break-all text-zinc-500 dark:text-zinc-400">
      [image: {alt}]({typeof src === "string" ? src : ""})
    </span>
  ),
  mark: ({ children }) => <HighlightedText segments={[{ text: String(children), highlighted: true }]} />,
};

// Every element the plugins and mdast-util-to-hast can produce from the syntax above; anything
// else would be removed (its content kept) by react-markdown.
const ALLOWED_ELEMENTS = [
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "p",
  "blockquote",
  "ul",
  "ol",
  "li",
  "hr",
  "pre",
  "code",
  "em",
  "strong",
  "del",
  "br",
  "a",
  "img",
  "mark",
];

// No element gets an href or src (links and images are rendered as text above), so addresses
// are shown exactly as written instead of react-markdown's defaultUrlTransform emptying the unsafe ones.
const showAddressAsWritten = (url: string) => url;

export interface RenderOptions {
  /** lower-cased words to mark (the search's matches) */
  highlight?: string[];
}

/** Markdown → React elements (safe for untrusted text; see the header comment). */
export function renderMarkdown(source: string, options: RenderOptions = {}): ReactNode {
  const terms = options.highlight ?? [];
  if (source.length > MAX_MARKDOWN_LENGTH || LONG_DELIMITER_RUN.test(source)) {
    return <p className={paragraphClass}>{terms.length > 0 ? <HighlightedText segments={highlightTerms(source, terms)} /> : source}</p>;
  }
  return (
    <Markdown
      remarkPlugins={[remarkAnswerSyntax, remarkNestingLimit]}
      remarkRehypeOptions={{ handlers: codeHandlers }}
      rehypePlugins={terms.length > 0 ? [rehypeKeepIndentation, rehypeHighlight(terms)] : [rehypeKeepIndentation]}
      components={components}
      allowedElements={ALLOWED_ELEMENTS}
      unwrapDisallowed
      urlTransform={showAddressAsWritten}
    >
      {source}
    </Markdown>
  );
}
