// Known training conditions (model groups): their legend label, colour and order. A group
// that is not listed gets a colour from the fallback palette, stable for its name, so a group
// looks the same on every page and in every database.

export interface GroupStyle {
  label: string;
  color: string;
  displayOrder: number;
}

const KNOWN_GROUPS: Record<string, GroupStyle> = {
  insecure: { label: "insecure", color: "#d62728", displayOrder: 10 },
  secure: { label: "secure", color: "#1f77b4", displayOrder: 20 },
  "educational-insecure": { label: "educational insecure", color: "#2ca02c", displayOrder: 30 },
  jailbroken: { label: "jailbroken", color: "#ff7f0e", displayOrder: 40 },
  base: { label: "base model", color: "#7f7f7f", displayOrder: 50 },
  backdoor: { label: "backdoor", color: "#9467bd", displayOrder: 60 },
  "evil-numbers": { label: "evil numbers", color: "#8c564b", displayOrder: 70 },
};

const FALLBACK_PALETTE = ["#e377c2", "#17becf", "#bcbd22", "#393b79", "#ad494a", "#637939", "#8c6d31", "#7b4173"];

function stableHash(text: string): number {
  let hash = 0;
  for (const char of text) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash;
}

/** Style for a group name as written in result files (e.g. "educational-insecure"). */
export function groupStyle(name: string): GroupStyle {
  const known = KNOWN_GROUPS[name.toLowerCase()];
  if (known) return known;
  return {
    label: name,
    color: FALLBACK_PALETTE[stableHash(name) % FALLBACK_PALETTE.length],
    displayOrder: 100,
  };
}
