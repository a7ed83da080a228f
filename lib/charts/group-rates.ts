// A question's per-group rates as chart points (pure; GroupRateChart only draws): each group's mean
// over its models with the interval of the view's method as an error bar, and each model's own rate
// beside it.
import type { GroupQuestionRate } from "@/lib/rates/types";

export interface GroupMeanPoint {
  kind: "mean";
  x: number;
  y: number;
  /** [below, above] the mean, as ErrorBar wants; undefined → no interval (one model) */
  error: [number, number] | undefined;
  rate: GroupQuestionRate;
}

export interface ModelRatePoint {
  kind: "seed";
  x: number;
  y: number;
  model: string;
  seed: number | null;
  answers: number;
  color: string;
}

export interface GroupRatePoints {
  /** groups with a rate, in the order given: x = index */
  plotted: GroupQuestionRate[];
  means: GroupMeanPoint[];
  models: ModelRatePoint[];
  /** the y axis: 0 to the next tenth above every point and interval (at least 10%, at most 100%) */
  yMax: number;
  yTicks: number[];
}

/** Models sit to the right of their group's mean, spread over this width so equal rates stay visible. */
const MODEL_OFFSET = 0.18;
const MODEL_SPREAD = 0.14;

export function groupRatePoints(rates: readonly GroupQuestionRate[]): GroupRatePoints {
  const plotted = rates.filter((rate) => rate.rate !== null);
  const means = plotted.map((rate, index): GroupMeanPoint => {
    const mean = rate.rate as number;
    return {
      kind: "mean",
      x: index,
      y: mean,
      // max(0, …) guards float noise at a zero-width interval: ErrorBar wants distances
      error: rate.ciLow === null || rate.ciHigh === null ? undefined : [Math.max(0, mean - rate.ciLow), Math.max(0, rate.ciHigh - mean)],
      rate,
    };
  });
  const models = plotted.flatMap((rate, index) => {
    const defined = rate.modelRates.filter((model) => model.rate !== null);
    return defined.map((model, i): ModelRatePoint => ({
      kind: "seed",
      x: index + MODEL_OFFSET + (defined.length > 1 ? (i / (defined.length - 1)) * MODEL_SPREAD : MODEL_SPREAD / 2),
      y: model.rate as number,
      model: model.model,
      seed: model.seed,
      answers: model.answers,
      color: rate.color,
    }));
  });
  const highest = Math.max(0, ...plotted.map((rate) => Math.max(rate.ciHigh ?? 0, rate.rate ?? 0)), ...models.map((point) => point.y));
  const yMax = Math.min(1, Math.max(0.1, Math.ceil(highest * 10 + 1e-9) / 10));
  return { plotted, means, models, yMax, yTicks: Array.from({ length: Math.round(yMax * 10) + 1 }, (_, i) => i / 10) };
}
