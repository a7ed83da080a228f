// Number formats shared by the charts and tables of the model and question pages.
export { formatPercent } from "@/lib/figure/format";

export const formatCount = (value: number) => value.toLocaleString("en-US");

export const MISSING_COLOR = "#a1a1aa";
