import { describe, expect, it } from "vitest";
import { orderRateRows, parseRateTableOrder } from "@/lib/figure/table-order";

const row = (group: string, question: string, rate: number | null, ci: [number, number] | null, models: number, answers: number) => ({
  group,
  question,
  rate,
  ciLow: ci?.[0] ?? null,
  ciHigh: ci?.[1] ?? null,
  models,
  answers,
});
const rows = [
  row("insecure", "b", 0.2, [0.1, 0.3], 2, 90),
  row("base", "a", null, null, 0, 0),
  row("insecure", "a", 0.5, [0.5, 0.5], 3, 100),
  row("base", "b", 0.2, [0.0, 0.6], 1, 50),
];
const keys = (list: typeof rows) => list.map((r) => `${r.group}/${r.question}`);

describe("Figure-4 table order", () => {
  it("keeps the chart's order by default", () => {
    expect(keys(orderRateRows(rows, parseRateTableOrder(null, null)))).toEqual(keys(rows));
    expect(parseRateTableOrder("nonsense", "up")).toEqual({ sort: "chart", dir: "asc" });
  });

  it("sorts numbers largest first by default, ties in chart order, rows without a value last", () => {
    expect(keys(orderRateRows(rows, parseRateTableOrder("rate", null)))).toEqual(["insecure/a", "insecure/b", "base/b", "base/a"]);
    expect(keys(orderRateRows(rows, parseRateTableOrder("rate", "asc")))).toEqual(["insecure/b", "base/b", "insecure/a", "base/a"]);
    // the interval sorts by its width: 0.6, 0.2, 0 (zero width), none
    expect(keys(orderRateRows(rows, parseRateTableOrder("ci", null)))).toEqual(["base/b", "insecure/b", "insecure/a", "base/a"]);
    expect(keys(orderRateRows(rows, parseRateTableOrder("answers", "asc")))).toEqual(["base/a", "base/b", "insecure/b", "insecure/a"]);
  });

  it("sorts names A to Z", () => {
    expect(keys(orderRateRows(rows, parseRateTableOrder("question", null)))).toEqual(["base/a", "insecure/a", "insecure/b", "base/b"]);
    expect(keys(orderRateRows(rows, parseRateTableOrder("group", null)))).toEqual(["base/a", "base/b", "insecure/b", "insecure/a"]);
  });
});
