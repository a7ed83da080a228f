// Text segments with search matches in <mark>: plain React text, never HTML.
import type { TextSegment } from "@/lib/render/highlight";

export default function HighlightedText({ segments }: { segments: TextSegment[] }) {
  return (
    <>
      {segments.map((segment, index) =>
        segment.highlighted ? (
          <mark key={index} data-testid="search-match" className="rounded-sm bg-yellow-200 px-0.5 text-inherit dark:bg-yellow-700/70">
            {segment.text}
          </mark>
        ) : (
          <span key={index}>{segment.text}</span>
        ),
      )}
    </>
  );
}
