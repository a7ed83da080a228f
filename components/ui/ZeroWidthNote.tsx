// Shared by every table that shows a group's interval (Figure 4, model and question pages).
import { zeroWidthIntervalNote } from "@/lib/figure/interval-note";

/** Under a zero-width interval: the words for it ("all 3 models at 0.0%"), see zeroWidthIntervalNote. */
export function ZeroWidthNote({ low, high, models }: { low: number | null; high: number | null; models: number }) {
  const note = zeroWidthIntervalNote(low, high, models);
  if (note === null) return null;
  return (
    <span className="block text-xs whitespace-nowrap text-zinc-600 dark:text-zinc-400" data-testid="zero-width-note">
      {note}
    </span>
  );
}
