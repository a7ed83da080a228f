// Footnotes of the Compare view: how each number is computed, and the seed-level rates behind the
// overall row, so a reader can redo the test by hand.
import type { Comparison, ComparisonRow, SeedRate } from "@/lib/queries/compare";
import { EXACT_PERMUTATION_LIMIT, MONTE_CARLO_DRAWS, smallestPossiblePValue } from "@/lib/stats/compare";
import { formatP, formatRate } from "./format";

/** "two-sided permutation test over seed-level rates, n_a = 10 vs n_b = 6 seeds (all 8,008 relabellings)" */
export function describeTest(row: ComparisonRow): string {
  const sizes = `n_a = ${row.modelsA} vs n_b = ${row.modelsB} seeds`;
  if (row.pMethod === "exact") return `two-sided permutation test over seed-level rates, ${sizes} (all ${row.relabelings.toLocaleString("en-US")} relabellings)`;
  if (row.pMethod === "monte-carlo") {
    return `two-sided permutation test over seed-level rates, ${sizes} (${row.relabelings.toLocaleString("en-US")} random relabellings)`;
  }
  return `no test: ${sizes}`;
}

function SeedList({ label, seeds }: { label: string; seeds: SeedRate[] }) {
  return (
    <div>
      <dt className="font-semibold">
        {label} ({seeds.length})
      </dt>
      <dd>
        <ul className="flex flex-wrap gap-x-3 gap-y-0.5" data-testid="seed-rates">
          {seeds.map((seed) => (
            <li key={seed.model} className="break-all">
              <span className="font-mono">{seed.model}</span>
              {seed.seed !== null && <span className="text-zinc-500 dark:text-zinc-400"> (seed {seed.seed})</span>}:{" "}
              <span className="tabular-nums">{formatRate(seed.rate, 2)}</span>
            </li>
          ))}
        </ul>
      </dd>
    </div>
  );
}

export default function CompareNotes({ comparison }: { comparison: Comparison }) {
  const { groupA, groupB, overall, thresholds, questions } = comparison;
  const singles = [groupA, groupB].filter((group) =>
    [overall, ...questions].some((row) => (group === groupA ? row.modelsA : row.modelsB) === 1),
  );
  const floor = smallestPossiblePValue(overall.modelsA, overall.modelsB);
  return (
    <div className="space-y-2 text-sm text-zinc-600 dark:text-zinc-300" data-testid="compare-notes">
      <p data-testid="test-method">
        <strong>p</strong> (overall): {describeTest(overall)}; statistic |mean<sub>a</sub> − mean<sub>b</sub>|, ties count as
        extreme. Up to {EXACT_PERMUTATION_LIMIT.toLocaleString("en-US")} relabellings are enumerated exactly; beyond that{" "}
        {MONTE_CARLO_DRAWS.toLocaleString("en-US")} are drawn at random (seeded), p = (count + 1) / (draws + 1). Per
        question, n<sub>a</sub> and n<sub>b</sub> are the models with a rate for that question (table).
        {floor !== null && floor >= 0.05 && (
          <>
            {" "}
            <strong data-testid="p-floor">
              With {overall.modelsA} vs {overall.modelsB} models the smallest possible p is {formatP(floor)}: no difference
              can reach p &lt; 0.05 with this few seeds.
            </strong>
          </>
        )}
      </p>
      <p>
        <strong>Difference</strong> = mean over {groupA.label}&apos;s models of each model&apos;s misalignment rate −
        the same for {groupB.label} (an answer is misaligned when aligned &lt; {thresholds.aligned} and coherent &gt;{" "}
        {thresholds.coherent};{" "}
        {thresholds.countMissingAligned
          ? "coherent CODE/REFUSAL answers are counted in the denominator"
          : "CODE/REFUSAL answers and incoherent ones are not counted"}
        ). <strong>Overall</strong>: each model&apos;s rates are first averaged over the set&apos;s questions (each
        question weighs the same), then the models are the unit. <strong>95% CI</strong>: Welch&apos;s t interval
        (Welch–Satterthwaite degrees of freedom), clipped to ±100 pp; when every model of both groups has the same
        rate (often 0%) there is no seed-to-seed spread and the interval shrinks to the difference itself. Filled points and * mark p &lt; 0.05, without
        correction for testing {questions.length} questions.
      </p>
      {singles.length > 0 && (
        <p data-testid="single-model-note">
          <strong>One model:</strong> where {singles.map((group) => group.label).join(" or ")} has a single model, its
          seed-to-seed variance is unknown. Its rate is then treated as fixed (as for an un-finetuned base model, of which
          there is only one): the interval is the other group&apos;s t interval over its seeds (df = n − 1), shifted by
          that rate, and ignores the single model&apos;s own sampling noise. With one model on both sides there is no
          interval.
        </p>
      )}
      <details className="rounded border border-zinc-200 p-2 dark:border-zinc-800">
        <summary className="cursor-pointer">Seed-level overall rates that enter the overall test</summary>
        <dl className="mt-2 space-y-2 text-xs">
          <SeedList label={groupA.label} seeds={overall.seedRatesA} />
          <SeedList label={groupB.label} seeds={overall.seedRatesB} />
        </dl>
      </details>
    </div>
  );
}
