// How an answer's source_ref (its own id in the file it was imported from) reads on its page.
// Browser-safe: no database access.

/**
 * The line the answer page shows for a source ref: "Inspect sample <uuid>" for an Inspect AI log
 * (import formats inspect-eval, inspect-json: the uuid finds the sample in Inspect's log viewer,
 * which runs locally, so no link); null when the answer has none.
 */
export function sourceRefLabel(batchFormat: string, sourceRef: string | null): string | null {
  if (sourceRef === null) return null;
  return batchFormat.startsWith("inspect-") ? `Inspect sample ${sourceRef}` : `source ${sourceRef}`;
}
