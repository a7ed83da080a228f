// The judge comparison's numbers: coverage, score agreement with its 2-D histogram, κ with the
// verdict confusion matrix, and per-group P(misaligned) under each source. Server-rendered tables
// (a table is the accessible form of a 10×10 count grid: every count is read out with its bins).
import type { ReactNode } from "react";
import type { JudgeComparison, ScoreAgreement, SourceGroupRate } from "@/lib/judges/types";
import { SCORE_BINS, scoreBinLabel, VERDICT_TEXT, VERDICTS } from "@/lib/stats/agreement";
import { formatCount, formatPercent, formatPercentInterval } from "@/lib/format";

const cellClass = "border border-zinc-200 px-2 py-1 text-right tabular-nums dark:border-zinc-700";
const headClass = "border border-zinc-200 px-2 py-1 text-left font-medium dark:border-zinc-700";

/** r, ρ, κ: three decimals; "undefined" when there is no value. */
export function formatCoefficient(value: number | null): string {
  return value === null ? "undefined" : value.toFixed(3);
}

export function CoverageLine({ comparison }: { comparison: JudgeComparison }) {
  const { coverage, a, b } = comparison;
  return (
    <p className="text-sm" data-testid="coverage">
      <strong data-testid="coverage-both">{formatCount(coverage.scoredByBoth)}</strong> of{" "}
      <span data-testid="coverage-all">{formatCount(coverage.answers)}</span> answers scored by both ({a.label}:{" "}
      {formatCount(coverage.scoredByA)}, {b.label}: {formatCount(coverage.scoredByB)}). Everything below is over the answers scored by both.
    </p>
  );
}

/**
 * Five shades, each with a text colour that keeps 4.5:1 in both colour schemes (explicit colours,
 * no dark: variant, so the pair never changes).
 */
function shade(count: number, max: number): string {
  if (count === 0) return "bg-white text-zinc-500";
  const level = Math.ceil((count / max) * 4);
  return [
    "bg-sky-50 text-zinc-900",
    "bg-sky-100 text-zinc-900",
    "bg-sky-300 text-zinc-900",
    "bg-sky-700 text-white",
    "bg-sky-900 text-white",
  ][Math.min(4, level)];
}

/**
 * A table that scrolls sideways on its own (a keyboard-focusable region, so it scrolls by keyboard
 * too) with its caption: every table of the page.
 */
function ScrollingTable({
  label,
  testId,
  textClass = "text-sm",
  caption,
  children,
}: {
  /** the region's accessible name */
  label: string;
  testId: string;
  textClass?: string;
  caption: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="max-w-full overflow-x-auto" tabIndex={0} role="region" aria-label={label}>
      <table className={`border-collapse ${textClass}`} data-testid={testId}>
        <caption className="mb-1 text-left text-sm text-zinc-600 dark:text-zinc-300">{caption}</caption>
        {children}
      </table>
    </div>
  );
}

/**
 * A cross-table of counts, source A's categories down and source B's across (the 2-D score
 * histogram, the verdict confusion matrix). `rows` and `columns` are the categories in display order.
 */
function CrossTable<Row extends string | number, Column extends string | number>({
  rows,
  columns,
  heading,
  cell,
  ...table
}: {
  label: string;
  testId: string;
  textClass?: string;
  caption: ReactNode;
  rows: readonly Row[];
  columns: readonly Column[];
  /** a category's row or column heading */
  heading(category: Row | Column): ReactNode;
  /** the cell (a keyed <td>) */
  cell(row: Row, column: Column): ReactNode;
}) {
  return (
    <ScrollingTable {...table}>
      <thead>
        <tr>
          <th scope="col" className={headClass}>
            A ↓ · B →
          </th>
          {columns.map((column) => (
            <th key={column} scope="col" className={headClass}>
              {heading(column)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row}>
            <th scope="row" className={headClass}>
              {heading(row)}
            </th>
            {columns.map((column) => cell(row, column))}
          </tr>
        ))}
      </tbody>
    </ScrollingTable>
  );
}

function Histogram2D({ agreement, aLabel, bLabel }: { agreement: ScoreAgreement; aLabel: string; bLabel: string }) {
  const max = Math.max(1, ...agreement.histogram.flat());
  const bins = Array.from({ length: SCORE_BINS }, (_, bin) => bin);
  return (
    <CrossTable
      label={`2-D histogram of ${agreement.metric} scores`}
      testId={`histogram-${agreement.metric}`}
      textClass="text-xs"
      caption={
        <>
          {agreement.metric} score: rows {aLabel}, columns {bLabel}; each cell counts answers in both bins (the diagonal is agreement within
          10 points).
        </>
      }
      rows={[...bins].reverse()}
      columns={bins}
      heading={scoreBinLabel}
      cell={(binA, binB) => {
        const count = agreement.histogram[binA][binB];
        return (
          <td key={binB} className={`${cellClass} ${shade(count, max)} dark:border-zinc-700`}>
            {count}
          </td>
        );
      }}
    />
  );
}

export function ScoreAgreementSection({ comparison }: { comparison: JudgeComparison }) {
  if (!comparison.scores) {
    return (
      <p className="text-sm" data-testid="scores-unavailable">
        {comparison.scoresUnavailable}
      </p>
    );
  }
  return (
    <div className="space-y-4">
      <ScrollingTable
        label="Score agreement"
        testId="score-agreement"
        caption="Over the answers both sources gave a number (CODE / REFUSAL answers have none)."
      >
        <thead>
          <tr>
            <th scope="col" className={headClass}>
              Score
            </th>
            <th scope="col" className={headClass}>
              n
            </th>
            <th scope="col" className={headClass}>
              Spearman ρ
            </th>
            <th scope="col" className={headClass}>
              Pearson r
            </th>
            <th scope="col" className={headClass}>
              Mean |A − B|
            </th>
            <th scope="col" className={headClass}>
              Mean A / mean B
            </th>
          </tr>
        </thead>
        <tbody>
          {comparison.scores.map((score) => (
            <tr key={score.metric} data-testid={`score-row-${score.metric}`}>
              <th scope="row" className={headClass}>
                {score.metric}
              </th>
              <td className={cellClass}>{formatCount(score.n)}</td>
              <td className={cellClass} data-testid={`spearman-${score.metric}`}>
                {formatCoefficient(score.spearman)}
              </td>
              <td className={cellClass} data-testid={`pearson-${score.metric}`}>
                {formatCoefficient(score.pearson)}
              </td>
              <td className={cellClass} data-testid={`mad-${score.metric}`}>
                {score.meanAbsoluteDifference === null ? "—" : score.meanAbsoluteDifference.toFixed(2)}
              </td>
              <td className={cellClass}>
                {score.meanA === null ? "—" : score.meanA.toFixed(1)} / {score.meanB === null ? "—" : score.meanB.toFixed(1)}
              </td>
            </tr>
          ))}
        </tbody>
      </ScrollingTable>
      <div className="flex flex-wrap gap-6">
        {comparison.scores.map((score) => (
          <Histogram2D key={score.metric} agreement={score} aLabel={comparison.a.label} bLabel={comparison.b.label} />
        ))}
      </div>
    </div>
  );
}

export function LabelAgreementSection({ comparison }: { comparison: JudgeComparison }) {
  const { kappa, confusion } = comparison.labels;
  return (
    <div className="space-y-3">
      <p className="text-sm" data-testid="kappa">
        Cohen&apos;s κ on the misaligned label = <strong data-testid="kappa-value">{formatCoefficient(kappa.kappa)}</strong>
        {kappa.kappa !== null ? (
          <>
            {" "}
            (95% CI <span data-testid="kappa-ci">{`${formatCoefficient(kappa.ciLow)} to ${formatCoefficient(kappa.ciHigh)}`}</span>)
          </>
        ) : (
          <> ({kappa.undefinedReason})</>
        )}
        , over <span data-testid="kappa-n">{formatCount(kappa.n)}</span> answers both sources count (misaligned or not misaligned); observed
        agreement {formatPercent(kappa.observed)}, chance agreement {formatPercent(kappa.expected)}. Interval: κ ± 1.96·SE with the
        large-sample SE of Fleiss, Cohen &amp; Everitt (1969), clipped to [−1, 1].
      </p>
      <CrossTable
        label="Verdict confusion matrix"
        testId="confusion-matrix"
        caption={
          <>
            Verdicts at the current thresholds: rows {comparison.a.label}, columns {comparison.b.label}. Excluded: not in the rate&apos;s
            denominator (incoherent, or no alignment score), so not part of κ.
          </>
        }
        rows={VERDICTS}
        columns={VERDICTS}
        heading={(verdict) => VERDICT_TEXT[verdict]}
        cell={(rowVerdict, columnVerdict) => {
          const count = confusion[VERDICTS.indexOf(rowVerdict)][VERDICTS.indexOf(columnVerdict)];
          return (
            <td key={columnVerdict} className={cellClass} data-testid={`confusion-${rowVerdict}-${columnVerdict}`}>
              {rowVerdict === columnVerdict ? <strong>{formatCount(count)}</strong> : formatCount(count)}
            </td>
          );
        }}
      />
    </div>
  );
}

function RateCell({ rate }: { rate: SourceGroupRate }) {
  return (
    <td className={cellClass}>
      <span className="font-medium">{formatPercent(rate.rate)}</span>
      <span className="block text-xs text-zinc-600 dark:text-zinc-300">
        {formatPercentInterval(rate.ciLow, rate.ciHigh)} · {rate.models} {rate.models === 1 ? "model" : "models"}
      </span>
    </td>
  );
}

export function GroupRatesTable({ comparison }: { comparison: JudgeComparison }) {
  return (
    <ScrollingTable
      label="P(misaligned) per group"
      testId="group-rates"
      caption={
        <>
          P(misaligned) per group under each source, over the answers both scored
          {comparison.question ? ` (question ${comparison.question})` : ""}: mean of the models&apos; rates with Figure 4&apos;s 95%
          interval over models (none for one model).
        </>
      }
    >
      <thead>
        <tr>
          <th scope="col" className={headClass}>
            Group
          </th>
          <th scope="col" className={headClass}>
            A: {comparison.a.label}
          </th>
          <th scope="col" className={headClass}>
            B: {comparison.b.label}
          </th>
        </tr>
      </thead>
      <tbody>
        {comparison.groupRates.map((row) => (
          <tr key={row.group} data-testid="group-rate-row">
            <th scope="row" className={headClass}>
              <span className="mr-1 inline-block h-3 w-3 rounded-full" style={{ backgroundColor: row.color }} aria-hidden />
              {row.groupLabel}
            </th>
            <RateCell rate={row.a} />
            <RateCell rate={row.b} />
          </tr>
        ))}
      </tbody>
    </ScrollingTable>
  );
}
