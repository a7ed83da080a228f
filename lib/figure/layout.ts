// Where things go on the Figure-4 charts: x positions of questions (plain order, grouped by
// category, or variants side by side), of each group's mean and of each seed's dot. Pure
// functions of the rates, shared by the server (table order) and the client charts.
import type { FigureLayout } from "@/lib/params/figure";
import type { FigureQuestion, GroupOverallRate, GroupQuestionRate, OverallBy, QuestionVariant, RateGroup } from "@/lib/rates/types";
import type { IntervalKind } from "@/lib/stats/method";
import { overallPointKey, pointKey, shiftText } from "@/lib/domain/score-source";

/**
 * With a non-default score source: the default source's value per point (pointKey on the
 * per-question chart, overallPointKey on the overall chart) and its name, so each mean's tooltip
 * says the shift as the tables do.
 */
export interface PlotBaseline {
  values: Record<string, number | null>;
  label: string;
  /** what the tooltip calls the baseline (baselineHeading) */
  heading: string;
}

export interface AxisTick {
  x: number;
  label: string;
}

/** A run of x positions drawn as one block: a category, a base question, an overall section. */
export interface AxisBand {
  label: string;
  from: number;
  to: number;
}

export interface FigureAxis {
  /** question external id → centre of its x slot */
  positions: Record<string, number>;
  /** x width the groups of one slot share */
  slotWidth: number;
  ticks: AxisTick[];
  /** small labels above the plot: the variant of each sub-position (variants layout) */
  topTicks: AxisTick[];
  domain: [number, number];
  bands: AxisBand[];
  xLabel: string;
  /** questions in x order */
  order: string[];
}

export const VARIANT_ORDER: QuestionVariant[] = ["plain", "json", "template"];
export const VARIANT_LABEL: Record<QuestionVariant, string> = { plain: "plain", json: "JSON", template: "template" };
export const UNCATEGORISED = "(no category)";

export function setVariants(questions: readonly FigureQuestion[]): QuestionVariant[] {
  const present = new Set(questions.map((question) => question.variant));
  return VARIANT_ORDER.filter((variant) => present.has(variant));
}

export function setCategories(questions: readonly FigureQuestion[]): string[] {
  if (!questions.some((question) => question.category !== null)) return [];
  const categories: string[] = [];
  for (const question of [...questions].sort((a, b) => a.position - b.position)) {
    const category = question.category ?? UNCATEGORISED;
    if (!categories.includes(category)) categories.push(category);
  }
  return categories;
}

/** The variants layout only makes sense for a set whose questions come in several variants. */
export function effectiveLayout(requested: FigureLayout, questions: readonly FigureQuestion[]): FigureLayout {
  return requested === "variants" && setVariants(questions).length > 1 ? "variants" : "questions";
}

/**
 * The x axis of the per-question chart.
 * - questions: one slot per question in file order; sets with categories are ordered by category
 *   (categories in order of first appearance) and each category is a band.
 * - variants: one tick per base question; its variants sit side by side inside the tick's unit.
 */
export function questionAxis(questions: readonly FigureQuestion[], layout: FigureLayout): FigureAxis {
  const sorted = [...questions].sort((a, b) => a.position - b.position);
  if (effectiveLayout(layout, questions) === "variants") {
    const variants = setVariants(questions);
    const bases: string[] = [];
    for (const question of sorted) if (!bases.includes(question.baseExternalId)) bases.push(question.baseExternalId);
    const sub = 0.94 / variants.length;
    const positions: Record<string, number> = {};
    const order: string[] = [];
    for (const [baseIndex, base] of bases.entries()) {
      for (const [variantIndex, variant] of variants.entries()) {
        const question = sorted.find((q) => q.baseExternalId === base && q.variant === variant);
        if (!question) continue;
        positions[question.externalId] = baseIndex + (variantIndex - (variants.length - 1) / 2) * sub;
        order.push(question.externalId);
      }
    }
    return {
      positions,
      slotWidth: sub * 0.88,
      ticks: bases.map((label, x) => ({ x, label })),
      topTicks: bases.flatMap((_, baseIndex) =>
        variants.map((variant, variantIndex) => ({
          x: baseIndex + (variantIndex - (variants.length - 1) / 2) * sub,
          label: VARIANT_LABEL[variant],
        })),
      ),
      domain: [-0.5, Math.max(bases.length - 0.5, 0.5)],
      bands: bases.map((label, x) => ({ label: "", from: x - 0.5, to: x + 0.5 })),
      xLabel: `Question (variants side by side: ${variants.map((variant) => VARIANT_LABEL[variant]).join(", ")})`,
      order,
    };
  }

  const categories = setCategories(questions);
  const ordered =
    categories.length === 0
      ? sorted
      : [...sorted].sort((a, b) => categories.indexOf(a.category ?? UNCATEGORISED) - categories.indexOf(b.category ?? UNCATEGORISED));
  const positions: Record<string, number> = {};
  ordered.forEach((question, index) => (positions[question.externalId] = index));
  const bands = categories.map((category) => {
    const xs = ordered.flatMap((question, index) => ((question.category ?? UNCATEGORISED) === category ? [index] : []));
    return { label: category.replace(/_/g, " "), from: Math.min(...xs) - 0.5, to: Math.max(...xs) + 0.5 };
  });
  return {
    positions,
    slotWidth: 0.8,
    ticks: ordered.map((question, x) => ({ x, label: question.externalId })),
    topTicks: [],
    domain: [-0.5, Math.max(ordered.length - 0.5, 0.5)],
    bands,
    xLabel: categories.length > 0 ? "Question (grouped by category)" : "Question",
    order: ordered.map((question) => question.externalId),
  };
}

/** Groups share a slot side by side; within a group's share the mean sits left, its seeds right. */
export function groupSlot(centre: number, slotWidth: number, index: number, count: number) {
  const width = slotWidth / Math.max(count, 1);
  const groupCentre = centre + (index - (count - 1) / 2) * width;
  return {
    mean: groupCentre - width * 0.14,
    /** x of seed k of n: spread over the right part of the group's share so equal rates stay visible */
    seed: (k: number, n: number) => groupCentre + width * (0.1 + (n > 1 ? (0.3 * k) / (n - 1) : 0.15)),
  };
}

interface PlotBase {
  x: number;
  y: number;
  group: string;
  groupLabel: string;
  color: string;
  /** x label: the question id, or the overall part */
  label: string;
  /** question external id; null on overall charts */
  question: string | null;
  variant: QuestionVariant | null;
}

export interface PlotMean extends PlotBase {
  kind: "mean";
  /** [below, above] the mean, as Recharts' ErrorBar wants; null → no bar */
  error: [number, number] | null;
  ciLow: number | null;
  ciHigh: number | null;
  /** how the interval was computed (null: none, one model) */
  intervalMethod: IntervalKind | null;
  models: number;
  /** per-question charts: models left out by the minimum-answers rule */
  excludedModels: number;
  answers: number;
  misaligned: number;
  /** per-question charts: all answers, counted or not */
  totalAnswers: number | null;
  /** overall charts: questions pooled */
  questions: number | null;
  /** with a non-default score source: what the baseline is called and its value and the shift (shiftText) */
  shift?: { heading: string; text: string };
}

export interface PlotSeed extends PlotBase {
  kind: "seed";
  model: string;
  seed: number | null;
  answers: number | null;
  misaligned: number | null;
  questions: number | null;
}

export type PlotPoint = PlotMean | PlotSeed;

export interface PlotSeries {
  group: RateGroup;
  means: PlotMean[];
  seeds: PlotSeed[];
}

function errorOf(rate: number, ciLow: number | null, ciHigh: number | null): [number, number] | null {
  return ciLow === null || ciHigh === null ? null : [rate - ciLow, ciHigh - rate];
}

/** Points of the per-question chart; groups in the given (legend) order. */
export function questionSeries(
  rates: readonly GroupQuestionRate[],
  axis: FigureAxis,
  groups: readonly RateGroup[],
  baseline?: PlotBaseline,
): PlotSeries[] {
  return groups.map((group, groupIndex) => {
    const means: PlotMean[] = [];
    const seeds: PlotSeed[] = [];
    for (const row of rates) {
      const centre = axis.positions[row.question];
      if (row.group !== group.name || row.rate === null || centre === undefined) continue;
      const slot = groupSlot(centre, axis.slotWidth, groupIndex, groups.length);
      const common = {
        group: row.group,
        groupLabel: row.groupLabel,
        color: row.color,
        label: row.question,
        question: row.question,
        variant: row.variant,
      };
      means.push({
        ...common,
        kind: "mean",
        x: slot.mean,
        y: row.rate,
        error: errorOf(row.rate, row.ciLow, row.ciHigh),
        ciLow: row.ciLow,
        ciHigh: row.ciHigh,
        intervalMethod: row.intervalMethod,
        models: row.models,
        excludedModels: row.excludedModels,
        answers: row.answers,
        misaligned: row.misaligned,
        totalAnswers: row.totalAnswers,
        questions: null,
        ...(baseline
          ? {
              shift: {
                heading: baseline.heading,
                text: shiftText(row.rate, baseline.values[pointKey(row.group, row.question)], baseline.label),
              },
            }
          : {}),
      });
      // One model: its dot would repeat the mean. The dots are the rates averaged: models left out
      // by the minimum-answers rule are listed in the table and the tooltip, not drawn.
      if (row.models < 2) continue;
      const defined = row.modelRates.filter((model) => model.included && model.rate !== null);
      defined.forEach((model, k) =>
        seeds.push({
          ...common,
          kind: "seed",
          x: slot.seed(k, defined.length),
          y: model.rate as number,
          model: model.model,
          seed: model.seed,
          answers: model.answers,
          misaligned: model.misaligned,
          questions: null,
        }),
      );
    }
    return { group, means, seeds };
  });
}

/** One section of the overall chart: the whole set, or its variants, or its categories. */
export interface OverallSection {
  by: OverallBy;
  rows: GroupOverallRate[];
}

const SECTION_LABEL: Record<OverallBy, string> = { set: "whole set", variant: "by variant", category: "by category" };

export function overallPartLabel(by: OverallBy, part: string | null): string {
  if (by === "set") return "all questions";
  if (by === "variant") return VARIANT_LABEL[part as QuestionVariant] ?? String(part);
  return (part ?? UNCATEGORISED).replace(/_/g, " ");
}

/** The overall chart's x axis: one slot per (section, part), each section a band. */
export function overallAxis(
  sections: readonly OverallSection[],
): FigureAxis & { slots: { by: OverallBy; part: string | null; x: number }[] } {
  const slots: { by: OverallBy; part: string | null; x: number; label: string }[] = [];
  const bands: AxisBand[] = [];
  for (const section of sections) {
    const parts: (string | null)[] = [];
    for (const row of section.rows) if (!parts.includes(row.part)) parts.push(row.part);
    if (parts.length === 0) continue;
    const from = slots.length;
    for (const part of parts) slots.push({ by: section.by, part, x: slots.length, label: overallPartLabel(section.by, part) });
    bands.push({ label: SECTION_LABEL[section.by], from: from - 0.5, to: slots.length - 0.5 });
  }
  return {
    positions: {},
    slotWidth: 0.8,
    ticks: slots.map(({ x, label }) => ({ x, label })),
    topTicks: [],
    domain: [-0.5, Math.max(slots.length - 0.5, 0.5)],
    bands,
    xLabel: "Questions pooled",
    order: [],
    slots,
  };
}

/** Points of the overall chart; each seed's dot is that model's mean over the pooled questions. */
export function overallSeries(sections: readonly OverallSection[], groups: readonly RateGroup[], baseline?: PlotBaseline): PlotSeries[] {
  const axis = overallAxis(sections);
  return groups.map((group, groupIndex) => {
    const means: PlotMean[] = [];
    const seeds: PlotSeed[] = [];
    for (const section of sections) {
      for (const row of section.rows) {
        if (row.group !== group.name) continue;
        const centre = axis.slots.find((slot) => slot.by === section.by && slot.part === row.part)?.x;
        if (centre === undefined) continue;
        const slot = groupSlot(centre, axis.slotWidth, groupIndex, groups.length);
        const common = {
          group: row.group,
          groupLabel: row.groupLabel,
          color: row.color,
          label: overallPartLabel(section.by, row.part),
          question: null,
          variant: section.by === "variant" ? (row.part as QuestionVariant) : null,
        };
        means.push({
          ...common,
          kind: "mean",
          x: slot.mean,
          y: row.rate,
          error: errorOf(row.rate, row.ciLow, row.ciHigh),
          ciLow: row.ciLow,
          ciHigh: row.ciHigh,
          intervalMethod: row.intervalMethod,
          models: row.models,
          excludedModels: 0,
          answers: row.answers,
          misaligned: row.misaligned,
          totalAnswers: null,
          questions: row.questions,
          ...(baseline
            ? {
                shift: {
                  heading: baseline.heading,
                  text: shiftText(row.rate, baseline.values[overallPointKey(section.by, row.part, row.group)], baseline.label),
                },
              }
            : {}),
        });
        if (row.models < 2) continue;
        row.modelRates.forEach((model, k) =>
          seeds.push({
            ...common,
            kind: "seed",
            x: slot.seed(k, row.modelRates.length),
            y: model.rate,
            model: model.model,
            seed: model.seed,
            answers: null,
            misaligned: null,
            questions: model.questions,
          }),
        );
      }
    }
    return { group, means, seeds };
  });
}

/** Top of the y axis: the next 10% above every mean, interval and seed, at least 10%. */
export function yAxisMax(series: readonly PlotSeries[]): number {
  let highest = 0;
  for (const { means, seeds } of series) {
    for (const mean of means) highest = Math.max(highest, mean.y, mean.ciHigh ?? 0);
    for (const seed of seeds) highest = Math.max(highest, seed.y);
  }
  return Math.min(1, Math.max(0.1, Math.ceil(highest * 10 + 1e-9) / 10));
}
