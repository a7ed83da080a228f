// Number formats shared by the charts and tables of the model and question pages.
export const formatPercent = (value: number | null, digits = 1) =>
  value === null ? "—" : `${(value * 100).toFixed(digits)}%`;

export const formatCount = (value: number) => value.toLocaleString("en-US");

export const MISSING_COLOR = "#a1a1aa";
