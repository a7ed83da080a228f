// How a group's interval was obtained, in words for the model and question tables.
import type { IntervalKind } from "@/lib/stats/method";

export function intervalWords(kind: IntervalKind | null): string {
  switch (kind) {
    case "bootstrap-exact":
      return "exact bootstrap";
    case "bootstrap-monte-carlo":
      return "Monte Carlo bootstrap";
    case "t":
      return "Student t";
    case null:
      return "no interval (one model)";
  }
}
