"use client";
// The scatter plot both Figure-4 charts share: per group a mean with its 95% interval over seeds
// and, beside it, one small dot per seeded model. Legend, axis labels and section bands are drawn
// inside the SVG so PNG/SVG exports look like a paper figure. Clicking a point (per-question chart
// only) selects its group and question in the URL; clicking a seed's dot also selects the model.
import { zeroWidthIntervalNote } from "@/lib/figure/interval-note";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import {
  CartesianGrid,
  ErrorBar,
  ReferenceArea,
  ReferenceLine,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
  useChartWidth,
  usePlotArea,
  useXAxisScale,
} from "recharts";
import ChartSurface from "@/components/charts/ChartSurface";
import type { FigureAxis, PlotMean, PlotPoint, PlotSeed, PlotSeries } from "@/lib/figure/layout";
import { intervalWords } from "@/components/models/intervalWords";
import { VARIANT_LABEL, VARIANT_ORDER, yAxisMax } from "@/lib/figure/layout";
import { toQueryString } from "@/lib/params/figure";
import type { QuestionVariant } from "@/lib/rates/types";
import { formatPercent, formatPercentInterval } from "@/lib/format";

type Shape = QuestionVariant | "circle";

/** A marker centred on (cx, cy): plain = circle, JSON = square, template = triangle. */
function Marker({ shape, cx, cy, size, ...rest }: { shape: Shape; cx: number; cy: number; size: number } & React.SVGProps<SVGElement>) {
  const props = rest as React.SVGProps<SVGCircleElement & SVGRectElement & SVGPolygonElement>;
  if (shape === "json") return <rect x={cx - size} y={cy - size} width={size * 2} height={size * 2} {...props} />;
  if (shape === "template") {
    const h = size * 1.25;
    return <polygon points={`${cx},${cy - h} ${cx + h},${cy + h * 0.8} ${cx - h},${cy + h * 0.8}`} {...props} />;
  }
  return <circle cx={cx} cy={cy} r={size} {...props} />;
}

interface LegendEntry {
  key: string;
  label: string;
  /** a group's colour; null for a shape-only entry (variant markers, seed dots) */
  color: string | null;
  shape: Shape;
  /** the seed-dot entry: a small translucent dot */
  small?: boolean;
}

const LEGEND_ROW = 20;
const legendEntryWidth = (entry: LegendEntry) => 22 + entry.label.length * 7 + 14;

/** Rows of legend entries for a chart this wide (greedy wrapping). */
function legendRows(entries: LegendEntry[], width: number): LegendEntry[][] {
  const rows: LegendEntry[][] = [[]];
  let used = 0;
  for (const entry of entries) {
    const needed = legendEntryWidth(entry);
    if (used > 0 && used + needed > width - 16) {
      rows.push([]);
      used = 0;
    }
    rows[rows.length - 1].push(entry);
    used += needed;
  }
  return rows.filter((row) => row.length > 0);
}

/** The legend as SVG at the top of the chart (so it is part of exported images). */
function SvgLegend({ entries, visibleWidth }: { entries: LegendEntry[]; visibleWidth: number | null }) {
  // On a phone the chart scrolls sideways: keep the legend within the part first in view.
  const width = Math.min(useChartWidth() ?? 600, visibleWidth ?? Number.POSITIVE_INFINITY);
  const rows = legendRows(entries, width);
  return (
    <g className="chart-legend" data-testid="chart-legend" aria-label="Legend">
      {rows.map((row, rowIndex) => {
        const rowWidth = row.reduce((total, entry) => total + legendEntryWidth(entry), 0);
        let x = Math.max(8, (width - rowWidth) / 2);
        return row.map((entry) => {
          const left = x;
          x += legendEntryWidth(entry);
          const y = 12 + rowIndex * LEGEND_ROW;
          return (
            <g key={entry.key} data-testid={entry.color ? "legend-item" : "legend-shape"} data-group={entry.color ? entry.key : undefined}>
              <Marker
                shape={entry.shape}
                cx={left + 7}
                cy={y}
                size={entry.small ? 2.6 : 5}
                fill={entry.color ?? (entry.small ? "currentColor" : "none")}
                fillOpacity={entry.small ? 0.55 : 1}
                stroke={entry.color || entry.small ? "none" : "currentColor"}
                strokeWidth={entry.color || entry.small ? 0 : 1.3}
              />
              <text x={left + 18} y={y + 4} fontSize={12} className="recharts-legend-item-text">
                {entry.label}
              </text>
            </g>
          );
        });
      })}
    </g>
  );
}

/** Small labels just above the plot area (the variant of each sub-position), part of the SVG. */
function TopTickLabels({ ticks }: { ticks: { x: number; label: string }[] }) {
  const scale = useXAxisScale();
  const plot = usePlotArea();
  if (!scale || !plot || ticks.length === 0) return null;
  return (
    <g className="top-tick-labels" data-testid="variant-labels">
      {ticks.map((tick, index) => {
        const x = scale(tick.x);
        return x === undefined ? null : (
          <text key={index} x={x} y={plot.y - 5} fontSize={10} textAnchor="middle" className="recharts-cartesian-axis-tick-value">
            {tick.label}
          </text>
        );
      })}
    </g>
  );
}

/** The rows a point's tooltip shows (hover tooltip and the touch card alike). */
function PointDetails({ point }: { point: PlotPoint }) {
  const rows: [string, React.ReactNode, string][] = [];
  // a row is [label, value, test id]; the value renders inside the row's keyed element, so it needs no key
  // eslint-disable-next-line react/jsx-key
  if (point.question) rows.push(["Question", <span className="font-mono wrap-anywhere">{point.question}</span>, "tooltip-question"]);
  else rows.push(["Questions", point.label, "tooltip-part"]);
  if (point.kind === "mean") {
    rows.push(["Misaligned", formatPercent(point.y), "tooltip-rate"]);
    if (point.shift !== undefined) rows.push([point.shift.heading, point.shift.text, "tooltip-shift"]);
    rows.push([
      "95% CI",
      point.ciLow === null || point.ciHigh === null
        ? "none (one model)"
        : `${formatPercentInterval(point.ciLow, point.ciHigh)} (${intervalWords(point.intervalMethod)})`,
      "tooltip-ci",
    ]);
    const zeroWidth = zeroWidthIntervalNote(point.ciLow, point.ciHigh, point.models);
    if (zeroWidth !== null) rows.push(["Zero width", zeroWidth, "tooltip-zero-width"]);
    rows.push([
      "Models",
      point.excludedModels > 0 ? `${point.models} (+${point.excludedModels} left out: too few answers)` : String(point.models),
      "tooltip-models",
    ]);
    if (point.questions !== null) rows.push(["Questions pooled", String(point.questions), "tooltip-questions"]);
    rows.push([
      "Answers",
      point.totalAnswers === null
        ? `${point.answers} counted (${point.misaligned} misaligned)`
        : `${point.answers} counted of ${point.totalAnswers} (${point.misaligned} misaligned)`,
      "tooltip-answers",
    ]);
  } else {
    // eslint-disable-next-line react/jsx-key -- a row's value, rendered inside the row's keyed element
    rows.push(["Model", <span className="wrap-anywhere">{point.model}</span>, "tooltip-model"]);
    rows.push(["Seed", point.seed === null ? "none" : String(point.seed), "tooltip-seed"]);
    rows.push(["Misaligned", formatPercent(point.y), "tooltip-rate"]);
    if (point.answers !== null) rows.push(["Answers", `${point.answers} counted (${point.misaligned} misaligned)`, "tooltip-answers"]);
    if (point.questions !== null) rows.push(["Questions", `mean over ${point.questions}`, "tooltip-questions"]);
  }
  return (
    <>
      <div className="mb-1 flex items-center gap-2 font-semibold">
        <span className="inline-block h-2.5 w-2.5 rounded-full" style={{ backgroundColor: point.color }} />
        <span data-testid="tooltip-group">{point.groupLabel}</span>
        {point.kind === "seed" && <span className="font-normal text-zinc-500 dark:text-zinc-400">· one seed</span>}
      </div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-2">
        {rows.map(([term, value, testId]) => (
          <div key={term} className="contents">
            <dt className="text-zinc-500 dark:text-zinc-400">{term}</dt>
            <dd data-testid={testId}>{value}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}

const tooltipBox =
  "max-w-xs rounded border border-zinc-300 bg-white p-2 text-xs text-zinc-900 shadow-lg dark:border-zinc-600 dark:bg-zinc-800 dark:text-zinc-100";

function PointTooltip({ active, payload }: { active?: boolean; payload?: readonly { payload?: unknown }[] }) {
  const point = payload?.[0]?.payload as PlotPoint | undefined;
  if (!active || !point) return null;
  return (
    <div data-testid="rate-tooltip" className={tooltipBox}>
      <PointDetails point={point} />
      {point.question && (
        <div className="mt-1 text-zinc-500 dark:text-zinc-400">
          Click to list {point.kind === "seed" ? "this model's" : "the group's"} answers
        </div>
      )}
    </div>
  );
}

/** The point a touch tap showed, and where its card stands in the chart's (unscrolled) wrapper. */
interface TappedPoint {
  point: PlotPoint;
  left: number;
  top: number;
  /** the chart's sideways scroll when tapped */
  scrollLeft: number;
}

const TOUCH_CARD_WIDTH = 288;

/** How far from a marker's centre a tap still hits it: 16 px, a 32 px target (WCAG 2.2 asks 24). */
const TAP_RADIUS = 16;

/** One point on one chart: a seed dot and its group's mean at the same position are different points. */
const pointKey = (point: PlotPoint) => `${point.kind}|${point.group}|${point.x}|${point.kind === "seed" ? point.model : ""}`;

/**
 * The tooltip of a tapped point on a touch screen, with a button to its answers. A hover tooltip
 * does not work by touch: a tap is hover and click at once, so the click navigated before the
 * tooltip could be read (issue 14). It stays until another tap, its close button or a scroll.
 */
function TouchPointCard({
  tapped,
  canOpen,
  onOpen,
  onClose,
}: {
  tapped: TappedPoint;
  canOpen: boolean;
  onOpen: () => void;
  onClose: () => void;
}) {
  const { point } = tapped;
  return (
    <div
      // a group, not a dialog: it takes no focus and traps none (keyboard users open answers from the focusable points)
      role="group"
      aria-label={`${point.groupLabel}, ${point.question ?? point.label}`}
      data-testid="rate-tooltip"
      data-touch="true"
      className={`absolute z-20 ${tooltipBox}`}
      style={{ left: tapped.left, top: tapped.top, width: TOUCH_CARD_WIDTH }}
    >
      <PointDetails point={point} />
      <div className="mt-2 flex items-center gap-2">
        {canOpen && (
          <button
            type="button"
            onClick={onOpen}
            className="min-h-8 rounded bg-blue-700 px-3 font-medium text-white hover:bg-blue-600 dark:bg-blue-300 dark:text-zinc-950"
            data-testid="tooltip-open-answers"
          >
            Show answers
          </button>
        )}
        <button
          type="button"
          onClick={onClose}
          className="min-h-8 rounded px-2 text-zinc-700 underline dark:text-zinc-200"
          data-testid="tooltip-close"
        >
          Close
        </button>
      </div>
      {canOpen && <p className="mt-1 text-zinc-600 dark:text-zinc-300">or tap the point again</p>}
    </div>
  );
}

export interface RateChartProps {
  /** DOM id of the wrapper (ChartExport finds the SVG through it) */
  chartId: string;
  series: PlotSeries[];
  axis: Pick<FigureAxis, "ticks" | "topTicks" | "domain" | "bands" | "xLabel">;
  /** data-testid of the mean markers and of the seed dots */
  pointTestId: string;
  seedTestId: string;
  /** points click through to the answers list */
  selectable: boolean;
  selected?: { group: string; question: string; model: string | null } | null;
  /** markers differ by question variant (variants layout, by-variant overall rates) */
  variantShapes: boolean;
  /** width below which the chart scrolls sideways */
  minWidth: number;
  height: number;
  tickAngle?: number;
}

export default function RateChart({
  chartId,
  series,
  axis,
  pointTestId,
  seedTestId,
  selectable,
  selected = null,
  variantShapes,
  minWidth,
  height,
  tickAngle = -50,
}: RateChartProps) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();

  const scroller = useRef<HTMLDivElement>(null);
  const [visibleWidth, setVisibleWidth] = useState<number | null>(null);
  // whether the chart is scrolled sideways (the sticky y axis shows): a boolean, so scrolling
  // re-renders the chart only when it crosses the edge, not on every scroll event
  const [scrolled, setScrolled] = useState(false);
  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setVisibleWidth(element.clientWidth));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const yMax = yAxisMax(series);
  const yTicks = Array.from({ length: Math.round(yMax * 10) + 1 }, (_, i) => i / 10);
  const longestTick = Math.max(0, ...axis.ticks.map((tick) => tick.label.length));
  const angle = tickAngle;
  const xAxisHeight = angle === 0 ? 44 : Math.min(200, 30 + longestTick * 6 * Math.sin((Math.abs(angle) * Math.PI) / 180) + 8);

  const shapesPresent = new Set<QuestionVariant>();
  if (variantShapes) for (const { means } of series) for (const mean of means) if (mean.variant) shapesPresent.add(mean.variant);
  const legend: LegendEntry[] = [
    ...series.map(({ group }) => ({ key: group.name, label: group.label, color: group.color, shape: "circle" as const })),
    ...(shapesPresent.size > 1
      ? VARIANT_ORDER.filter((variant) => shapesPresent.has(variant)).map((variant) => ({
          key: `shape-${variant}`,
          label: VARIANT_LABEL[variant],
          color: null,
          shape: variant,
        }))
      : []),
    ...(series.some(({ seeds }) => seeds.length > 0)
      ? [{ key: "seed", label: "one model (seed)", color: null, shape: "circle" as const, small: true }]
      : []),
  ];
  // Above the plot: the legend, then variant labels or section labels (never over the points).
  const labelRow = axis.topTicks.length > 0 || axis.bands.some((band) => band.label) ? 16 : 0;
  const legendHeight = legendRows(legend, Math.min(minWidth, visibleWidth ?? minWidth)).length * LEGEND_ROW + 8 + labelRow;

  function select(point: PlotPoint) {
    if (!selectable || !point.question) return;
    const next = new URLSearchParams(searchParams.toString());
    next.set("group", point.group);
    next.set("question", point.question);
    if (point.kind === "seed") next.set("model", point.model);
    else next.delete("model");
    next.delete("cursor");
    next.delete("page");
    router.push(`${pathname}?${toQueryString(next)}#answers`, { scroll: false });
  }

  // Touch: the first tap on a point shows its card (TouchPointCard), a second tap on the same point
  // or the card's button opens the answers. Mouse clicks open them at once, as before. Which pointer
  // a click came from is known from the pointerdown just before it (a click event does not say).
  // A tap is matched to the nearest marker within TAP_RADIUS rather than to its event target:
  // Chromium's touch adjustment sent taps centred on a 10 px marker to the chart's <svg>, so
  // Recharts' per-point onClick never saw them (measured with Playwright's tap at 390 × 844).
  const wrapper = useRef<HTMLDivElement>(null);
  const lastPointerType = useRef("mouse");
  const [touching, setTouching] = useState(false);
  const [tapped, setTapped] = useState<TappedPoint | null>(null);
  const notePointer = (event: React.PointerEvent) => {
    lastPointerType.current = event.pointerType;
    setTouching(event.pointerType === "touch");
  };
  useEffect(() => {
    if (!tapped) return;
    // a tap outside the chart and the card closes the card (taps in the chart decide in onTap)
    const onPointerDown = (event: PointerEvent) => {
      if (event.target instanceof Node && wrapper.current?.contains(event.target)) return;
      setTapped(null);
    };
    document.addEventListener("pointerdown", onPointerDown);
    return () => document.removeEventListener("pointerdown", onPointerDown);
  }, [tapped]);

  const pointsByKey = new Map<string, PlotPoint>();
  for (const { means, seeds } of series) for (const point of [...means, ...seeds]) pointsByKey.set(pointKey(point), point);

  /** A click from a touch: show the nearest point's card, or open its answers when it is already shown. */
  const onTap = (event: React.MouseEvent<HTMLDivElement>) => {
    if (lastPointerType.current !== "touch") return;
    if (event.target instanceof Element && event.target.closest("[data-touch='true']")) return; // inside the card
    const box = wrapper.current?.getBoundingClientRect();
    const markers = wrapper.current?.querySelectorAll<SVGElement>("[data-point-key]") ?? [];
    let nearest: { marker: SVGElement; distance: number } | null = null;
    for (const marker of markers) {
      const rect = marker.getBoundingClientRect();
      const distance = Math.hypot(rect.left + rect.width / 2 - event.clientX, rect.top + rect.height / 2 - event.clientY);
      if (distance <= TAP_RADIUS && (!nearest || distance < nearest.distance)) nearest = { marker, distance };
    }
    const point = nearest ? pointsByKey.get(nearest.marker.dataset.pointKey ?? "") : undefined;
    if (!box || !nearest || !point) {
      setTapped(null);
      return;
    }
    if (tapped && pointKey(tapped.point) === pointKey(point)) {
      setTapped(null);
      select(point);
      return;
    }
    const marker = nearest.marker.getBoundingClientRect();
    // below the marker, kept inside the chart's visible width
    const left = Math.max(0, Math.min(marker.left + marker.width / 2 - box.left - TOUCH_CARD_WIDTH / 2, box.width - TOUCH_CARD_WIDTH));
    setTapped({ point, left, top: marker.bottom - box.top + 8, scrollLeft: scroller.current?.scrollLeft ?? 0 });
  };

  // mouse clicks (touch is onTap's)
  const onClick = (item: unknown) => {
    const point = (item as { payload?: PlotPoint }).payload;
    if (point && lastPointerType.current !== "touch") select(point);
  };

  const shapeOf = (point: PlotPoint): Shape => (variantShapes && point.variant ? point.variant : "circle");

  function MeanShape(props: unknown) {
    const { cx, cy, payload } = props as { cx?: number; cy?: number; payload?: PlotMean };
    if (cx === undefined || cy === undefined || !payload) return <g />;
    const isSelected =
      selected !== null && selected.group === payload.group && selected.question === payload.question && selected.model === null;
    const marker = (
      <Marker
        shape={shapeOf(payload)}
        data-testid={pointTestId}
        data-point-key={pointKey(payload)}
        data-group={payload.group}
        data-question={payload.question ?? undefined}
        data-part={payload.question ? undefined : payload.label}
        data-variant={payload.variant ?? undefined}
        data-rate={payload.y}
        data-ci-low={payload.ciLow ?? ""}
        data-ci-high={payload.ciHigh ?? ""}
        cx={cx}
        cy={cy}
        size={isSelected ? 7 : 5}
        fill={payload.color}
        stroke={isSelected ? "currentColor" : "var(--chart-surface)"}
        strokeWidth={isSelected ? 2.5 : 1}
        style={{ cursor: selectable ? "pointer" : "default" }}
      />
    );
    if (!selectable || !payload.question) return marker;
    // A Tab stop per group mean (not per seed dot: 48 means, but hundreds of dots): Enter or Space
    // opens its answers, as a click does; the name says what a sighted user reads in the tooltip.
    return (
      <g
        tabIndex={0}
        role="link"
        aria-label={`${payload.groupLabel}, ${payload.question}: ${formatPercent(payload.y)} misaligned, ${
          payload.ciLow === null || payload.ciHigh === null
            ? "no interval (one model)"
            : `95% CI ${formatPercentInterval(payload.ciLow, payload.ciHigh)}`
        }, ${payload.models} model${payload.models === 1 ? "" : "s"}. Open its answers.`}
        aria-current={isSelected ? "true" : undefined}
        className="rate-point-focus focus:outline-none"
        data-testid={`${pointTestId}-focus`}
        onKeyDown={(event) => {
          if (event.key === "Enter" || event.key === " ") {
            event.preventDefault();
            select(payload);
          }
        }}
      >
        {marker}
      </g>
    );
  }

  function SeedShape(props: unknown) {
    const { cx, cy, payload } = props as { cx?: number; cy?: number; payload?: PlotSeed };
    if (cx === undefined || cy === undefined || !payload) return <g />;
    const isSelected =
      selected !== null && selected.group === payload.group && selected.question === payload.question && selected.model === payload.model;
    return (
      <Marker
        shape={shapeOf(payload)}
        data-testid={seedTestId}
        data-point-key={pointKey(payload)}
        data-group={payload.group}
        data-question={payload.question ?? undefined}
        data-part={payload.question ? undefined : payload.label}
        data-model={payload.model}
        data-seed={payload.seed ?? ""}
        data-rate={payload.y}
        cx={cx}
        cy={cy}
        size={isSelected ? 4 : 2.6}
        fill={payload.color}
        fillOpacity={isSelected ? 1 : 0.55}
        stroke={isSelected ? "currentColor" : "none"}
        strokeWidth={isSelected ? 1.5 : 0}
        style={{ cursor: selectable ? "pointer" : "default" }}
      />
    );
  }

  const tickLabel = (ticks: { x: number; label: string }[]) => (value: number) =>
    ticks.find((tick) => Math.abs(tick.x - value) < 1e-6)?.label ?? "";

  const overflowing = visibleWidth !== null && visibleWidth < minWidth;
  const plotTop = legendHeight;
  const plotBottom = height - CHART_BOTTOM_MARGIN - xAxisHeight;
  return (
    <div
      className="relative"
      ref={wrapper}
      onPointerDownCapture={notePointer}
      onClick={onTap}
      onPointerMove={(event) => {
        if (touching && event.pointerType === "mouse") setTouching(false);
      }}
    >
      {overflowing && scrolled && <StickyYAxis ticks={yTicks} yMax={yMax} top={plotTop} bottom={plotBottom} height={height} />}
      {tapped && (
        <TouchPointCard
          tapped={tapped}
          canOpen={selectable && tapped.point.question !== null}
          onOpen={() => {
            setTapped(null);
            select(tapped.point);
          }}
          onClose={() => setTapped(null)}
        />
      )}
      <div
        id={chartId}
        ref={scroller}
        className="w-full overflow-x-auto"
        data-testid={`${chartId}-scroll`}
        onScroll={(event) => {
          const scrollLeft = event.currentTarget.scrollLeft;
          setScrolled(scrollLeft > 4);
          // the card stands where the point was: a swipe closes it, not the few pixels a tapped
          // point at the edge scrolls when it takes the focus
          if (tapped && Math.abs(scrollLeft - tapped.scrollLeft) > 24) setTapped(null);
        }}
      >
        <div style={{ minWidth, height }}>
          <ChartSurface what="chart">
            <ScatterChart margin={{ top: legendHeight, right: 16, bottom: CHART_BOTTOM_MARGIN, left: 8 }}>
              <SvgLegend entries={legend} visibleWidth={visibleWidth} />
              {axis.bands.map((band, index) => (
                <ReferenceArea
                  key={`band-${index}`}
                  x1={band.from}
                  x2={band.to}
                  fill="currentColor"
                  fillOpacity={index % 2 === 1 ? 0.05 : 0}
                  strokeOpacity={0}
                  ifOverflow="visible"
                  label={band.label ? { value: band.label, position: "top", fontSize: 11, className: "recharts-label" } : undefined}
                />
              ))}
              {axis.bands.slice(1).map((band, index) => (
                <ReferenceLine key={`separator-${index}`} x={band.from} stroke="currentColor" strokeOpacity={0.35} strokeDasharray="3 3" />
              ))}
              <CartesianGrid vertical={false} />
              <XAxis
                type="number"
                dataKey="x"
                domain={axis.domain}
                ticks={axis.ticks.map((tick) => tick.x)}
                interval={0}
                tickFormatter={tickLabel(axis.ticks)}
                angle={angle}
                textAnchor={angle === 0 ? "middle" : "end"}
                height={xAxisHeight}
                tick={{ fontSize: 11 }}
                allowDataOverflow
                label={{ value: axis.xLabel, position: "insideBottom", offset: 0 }}
              />
              <TopTickLabels ticks={axis.topTicks} />
              <YAxis
                type="number"
                dataKey="y"
                domain={[0, yMax]}
                ticks={yTicks}
                tickFormatter={(value: number) => `${Math.round(value * 100)}%`}
                tick={{ fontSize: 11 }}
                width={Y_AXIS_WIDTH}
                // room for a whole marker at 0% and at the top (they were cut in half at the plot's edge)
                padding={{ top: Y_PADDING, bottom: Y_PADDING }}
                allowDataOverflow
                label={{ value: "P(misaligned answer)", angle: -90, position: "insideLeft", offset: 10, style: { textAnchor: "middle" } }}
              />
              {/* by touch the tapped point's card replaces the hover tooltip (both would show after a tap) */}
              <Tooltip content={PointTooltip} cursor={false} isAnimationActive={false} active={touching ? false : undefined} />
              {series.map(({ group, means, seeds }) => [
                <Scatter
                  key={`${group.name}-seeds`}
                  name={`${group.label} seeds`}
                  data={seeds}
                  fill={group.color}
                  isAnimationActive={false}
                  onClick={onClick}
                  shape={SeedShape}
                />,
                <Scatter
                  key={`${group.name}-means`}
                  name={group.label}
                  data={means.map((mean) => ({ ...mean, error: mean.error ?? undefined }))}
                  fill={group.color}
                  isAnimationActive={false}
                  onClick={onClick}
                  shape={MeanShape}
                >
                  <ErrorBar dataKey="error" direction="y" width={4} stroke={group.color} strokeWidth={1.5} isAnimationActive={false} />
                </Scatter>,
              ])}
            </ScatterChart>
          </ChartSurface>
        </div>
      </div>
      {overflowing && (
        <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-300" data-testid={`${chartId}-scroll-hint`}>
          The chart is wider than the screen: swipe or scroll sideways for every question (the percentage axis stays in view).
        </p>
      )}
    </div>
  );
}

const Y_AXIS_WIDTH = 64;
const Y_PADDING = 8;
const CHART_BOTTOM_MARGIN = 10;

/**
 * The chart's y axis, drawn again over the left edge of a chart scrolled sideways (phones), at the
 * same pixel positions as Recharts' own: plot area from `top` to `bottom`, padded by Y_PADDING.
 */
function StickyYAxis({ ticks, yMax, top, bottom, height }: { ticks: number[]; yMax: number; top: number; bottom: number; height: number }) {
  const y = (value: number) => top + Y_PADDING + (1 - value / yMax) * (bottom - top - 2 * Y_PADDING);
  const width = Y_AXIS_WIDTH + 8;
  return (
    <svg className="pointer-events-none absolute top-0 left-0 z-10" width={width} height={height} aria-hidden data-testid="sticky-y-axis">
      <rect x={0} y={top - 4} width={width} height={bottom - top + 8} fill="var(--chart-surface)" fillOpacity={0.92} />
      <line x1={width - 0.5} x2={width - 0.5} y1={top} y2={bottom} stroke="currentColor" strokeOpacity={0.5} />
      {ticks.map((tick) => (
        <text key={tick} x={width - 6} y={y(tick)} dy="0.32em" textAnchor="end" fontSize={11} fill="currentColor">
          {`${Math.round(tick * 100)}%`}
        </text>
      ))}
    </svg>
  );
}
