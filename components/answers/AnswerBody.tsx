// An answer's text, formatted (safe markdown → React elements, components/answers/markdown.tsx) or raw
// (the exact text in a <pre>). Both are text to the browser: nothing in the answer runs or loads.
import { renderMarkdown } from "@/components/answers/markdown";
import { highlightTerms } from "@/lib/render/highlight";
import { displayText } from "@/lib/render/newlines";
import HighlightedText from "./HighlightedText";

export const rawTextClass =
  "whitespace-pre-wrap break-words rounded border border-zinc-200 bg-zinc-50 p-3 font-mono text-sm dark:border-zinc-700 dark:bg-zinc-900";

export default function AnswerBody({ text: stored, view, highlight }: { text: string; view: "formatted" | "raw"; highlight: string[] }) {
  // LF line breaks only: a CR does not survive the HTML parser, so it would not hydrate (lib/render/newlines.ts)
  const text = displayText(stored);
  if (view === "raw") {
    return (
      <pre className={rawTextClass} data-testid="answer-text" data-view="raw">
        {highlight.length > 0 ? <HighlightedText segments={highlightTerms(text, highlight)} /> : text}
      </pre>
    );
  }
  return (
    <div
      className="space-y-3 rounded border border-zinc-200 p-3 text-sm leading-relaxed break-words dark:border-zinc-700"
      data-testid="answer-text"
      data-view="formatted"
    >
      {renderMarkdown(text, { highlight })}
    </div>
  );
}
