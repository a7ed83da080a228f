// The classes of the view controls' fields (every rates view, Answers; selects through ControlSelect), so the forms look
// and size alike. min-h-8: 32 px targets (WCAG 2.2 target size, 24 px minimum, with room).
export const controlInputClass =
  "min-h-8 max-w-full rounded border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-600 dark:bg-zinc-900 dark:text-zinc-100";
export const controlLabelTextClass = "text-zinc-600 dark:text-zinc-300";
export const controlButtonClass =
  "min-h-8 rounded border border-zinc-300 px-2 py-1 text-sm hover:bg-zinc-100 dark:border-zinc-600 dark:hover:bg-zinc-800";
/** A labelled field's wrapper: the caption above the field. */
export const controlLabelClass = "flex max-w-full flex-col gap-1 text-sm";
