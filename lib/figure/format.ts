// Number formats of the Figure-4 view (chart tooltips and tables show the same strings).

/** 0.1234 → "12.3%"; null → "—" */
export const formatPercent = (value: number | null, digits = 1) =>
  value === null ? "—" : `${(value * 100).toFixed(digits)}%`;
