// A judge token as the distribution table shows it. Real distributions hold whitespace tokens
// (" ", " 0", "\n"): written as plain text, " " showed as an empty cell. Spaces become "␣",
// control characters their JSON escape, and the empty token says so.

export function visibleToken(token: string): string {
  if (token === "") return "(empty)";
  return JSON.stringify(token).slice(1, -1).replace(/ /g, "␣");
}

/** The same for screen readers, where "␣" would be read as "open box": " 0" → "space 0". */
export function spokenToken(token: string): string {
  return visibleToken(token).replace(/␣/g, " space ").replace(/\s+/g, " ").trim();
}
