"use client";
// Figure 4 of Betley et al., live: x = question (set order), y = P(misaligned answer), one colour
// per group, group mean over seeded models with a 95% CI error bar. Clicking a point selects
// that group and question in the URL, which lists its answers below the chart.
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { CartesianGrid, ErrorBar, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from "recharts";
import type { GroupQuestionRate } from "@/lib/queries/rates";

export interface ChartGroup {
  name: string;
  label: string;
  color: string;
}

interface ChartPoint {
  x: number;
  y: number;
  /** [below, above] the mean, as ErrorBar wants; undefined → no bar */
  error: [number, number] | undefined;
  rate: GroupQuestionRate;
}

export const formatPercent = (value: number | null, digits = 1) =>
  value === null ? "—" : `${(value * 100).toFixed(digits)}%`;

/** Groups sit side by side within a question: small offsets around the question's integer x. */
function groupOffset(index: number, count: number): number {
  const spacing = Math.min(0.14, 0.7 / Math.max(count, 1));
  return (index - (count - 1) / 2) * spacing;
}

function RateTooltip({ active, payload }: { active?: boolean; payload?: readonly { payload?: unknown }[] }) {
  const point = payload?.[0]?.payload as ChartPoint | undefined;
  if (!active || !point) return null;
  const { rate } = point;
  return (
    <div
      data-testid="rate-tooltip"
      className="max-w-xs rounded border border-zinc-300 bg-white p-2 text-xs shadow-lg dark:border-zinc-600 dark:bg-zinc-800"
    >
      <div className="mb-1 flex items-center gap-2 font-semibold">
        <span className="inline-block h-2.5 w-2.5 rounded-full" style={{ backgroundColor: rate.color }} />
        <span data-testid="tooltip-group">{rate.groupLabel}</span>
      </div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-2">
        <dt className="text-zinc-500 dark:text-zinc-400">Question</dt>
        <dd data-testid="tooltip-question" className="break-all font-mono">{rate.question}</dd>
        <dt className="text-zinc-500 dark:text-zinc-400">Misaligned</dt>
        <dd data-testid="tooltip-rate">{formatPercent(rate.rate)}</dd>
        <dt className="text-zinc-500 dark:text-zinc-400">95% CI</dt>
        <dd data-testid="tooltip-ci">
          {rate.ciLow === null || rate.ciHigh === null
            ? "none (one model)"
            : `${formatPercent(rate.ciLow)} – ${formatPercent(rate.ciHigh)}`}
        </dd>
        <dt className="text-zinc-500 dark:text-zinc-400">Models</dt>
        <dd data-testid="tooltip-models">{rate.models}</dd>
        <dt className="text-zinc-500 dark:text-zinc-400">Answers</dt>
        <dd data-testid="tooltip-answers">
          {rate.answers} counted of {rate.totalAnswers} ({rate.misaligned} misaligned)
        </dd>
      </dl>
      <div className="mt-1 text-zinc-500 dark:text-zinc-400">Click to list the answers</div>
    </div>
  );
}

export default function MisalignmentRateChart({
  rates,
  questions,
  groups,
  selected,
}: {
  rates: GroupQuestionRate[];
  /** external ids in set order */
  questions: string[];
  groups: ChartGroup[];
  selected: { group: string; question: string } | null;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();

  const questionIndex = new Map(questions.map((id, index) => [id, index]));
  const series = groups.map((group, groupIndex) => ({
    group,
    points: rates
      .filter((rate) => rate.group === group.name && rate.rate !== null && questionIndex.has(rate.question))
      .map(
        (rate): ChartPoint => ({
          x: (questionIndex.get(rate.question) as number) + groupOffset(groupIndex, groups.length),
          y: rate.rate as number,
          error:
            rate.ciLow === null || rate.ciHigh === null
              ? undefined
              : [(rate.rate as number) - rate.ciLow, rate.ciHigh - (rate.rate as number)],
          rate,
        }),
      ),
  }));

  const highest = Math.max(0, ...rates.map((rate) => rate.ciHigh ?? rate.rate ?? 0));
  const yMax = Math.min(1, Math.max(0.1, Math.ceil(highest * 10 + 1e-9) / 10));
  const yTicks = Array.from({ length: Math.round(yMax * 10) + 1 }, (_, i) => i / 10);
  const longestId = Math.max(0, ...questions.map((id) => id.length));
  const xAxisHeight = Math.min(190, 24 + longestId * 6);

  function select(rate: GroupQuestionRate) {
    const next = new URLSearchParams(searchParams.toString());
    next.set("group", rate.group);
    next.set("question", rate.question);
    next.delete("cursor");
    next.delete("page");
    router.push(`${pathname}?${next.toString()}#answers`, { scroll: false });
  }

  return (
    <div data-testid="misalignment-chart" className="space-y-2">
    {/* The legend is HTML outside the scrolling area so it stays in view on phones. */}
    <ul className="flex flex-wrap justify-center gap-x-5 gap-y-1 text-sm" aria-label="Groups" data-testid="chart-legend">
      {groups.map((group) => (
        <li key={group.name} className="flex items-center gap-1.5" data-testid="legend-item">
          <span className="inline-block h-3 w-3 rounded-full" style={{ backgroundColor: group.color }} aria-hidden />
          {group.label}
        </li>
      ))}
    </ul>
    {/* 24 rotated question ids need about 30px each: narrow screens scroll the chart sideways. */}
    <div className="w-full overflow-x-auto">
      <div className="h-[500px] sm:h-[520px]" style={{ minWidth: Math.max(480, questions.length * 30 + 90) }}>
      <ResponsiveContainer width="100%" height="100%">
        <ScatterChart margin={{ top: 10, right: 16, bottom: 10, left: 8 }}>
          <CartesianGrid vertical={false} />
          <XAxis
            type="number"
            dataKey="x"
            domain={[-0.5, Math.max(questions.length - 0.5, 0.5)]}
            ticks={questions.map((_, index) => index)}
            interval={0}
            tickFormatter={(value: number) => questions[Math.round(value)] ?? ""}
            angle={-50}
            textAnchor="end"
            height={xAxisHeight}
            tick={{ fontSize: 11 }}
            allowDecimals={false}
            label={{ value: "Question", position: "insideBottom", offset: 0 }}
          />
          <YAxis
            type="number"
            dataKey="y"
            domain={[0, yMax]}
            ticks={yTicks}
            tickFormatter={(value: number) => `${Math.round(value * 100)}%`}
            tick={{ fontSize: 11 }}
            width={64}
            label={{ value: "P(misaligned answer)", angle: -90, position: "insideLeft", offset: 10, style: { textAnchor: "middle" } }}
          />
          <Tooltip content={RateTooltip} cursor={false} isAnimationActive={false} />
          {series.map(({ group, points }) => (
            <Scatter
              key={group.name}
              name={group.label}
              data={points}
              fill={group.color}
              isAnimationActive={false}
              onClick={(item) => {
                const point = (item as unknown as { payload?: ChartPoint }).payload;
                if (point) select(point.rate);
              }}
              shape={(props: unknown) => {
                const { cx, cy, payload } = props as { cx?: number; cy?: number; payload?: ChartPoint };
                if (cx === undefined || cy === undefined || !payload) return <g />;
                const isSelected = selected?.group === payload.rate.group && selected.question === payload.rate.question;
                return (
                  <circle
                    data-testid="rate-point"
                    data-group={payload.rate.group}
                    data-question={payload.rate.question}
                    cx={cx}
                    cy={cy}
                    r={isSelected ? 7 : 5}
                    fill={group.color}
                    stroke={isSelected ? "currentColor" : "white"}
                    strokeWidth={isSelected ? 2.5 : 1}
                    style={{ cursor: "pointer" }}
                  />
                );
              }}
            >
              <ErrorBar dataKey="error" direction="y" width={4} stroke={group.color} strokeWidth={1.5} isAnimationActive={false} />
            </Scatter>
          ))}
        </ScatterChart>
      </ResponsiveContainer>
      </div>
    </div>
    </div>
  );
}
