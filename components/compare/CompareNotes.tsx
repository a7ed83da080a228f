// Footnotes of the Compare view: how each number is computed (the rate rule and minimum answers of
// the method, both intervals of the difference, the test), which questions the overall row pools,
// and the seed-level rates behind the overall row, so a reader can redo it by hand.
import type { Comparison, ComparisonRow, SeedRate } from "@/lib/compare/types";
import { EXACT_PERMUTATION_LIMIT, MONTE_CARLO_DRAWS, smallestPossiblePValue } from "@/lib/stats/compare";
import { formatCount, formatP, formatPercent } from "@/lib/format";

/** "two-sided permutation test over seed-level rates, n_a = 10 vs n_b = 6 seeds (all 8,008 relabellings)" */
export function describeTest(row: ComparisonRow): string {
  const sizes = `n_a = ${row.modelsA} vs n_b = ${row.modelsB} seeds`;
  if (row.pMethod === "exact")
    return `two-sided permutation test over seed-level rates, ${sizes} (all ${formatCount(row.relabelings)} relabellings)`;
  if (row.pMethod === "monte-carlo") {
    return `two-sided permutation test over seed-level rates, ${sizes} (${formatCount(row.relabelings)} random relabellings)`;
  }
  return `no test: ${sizes}`;
}

/** What the method's denominator is, in the notes' words. */
function denominatorWords(comparison: Comparison): string {
  const { coherent } = comparison.method;
  switch (comparison.method.denominator) {
    case "kept":
      return `answers with coherent ≥ ${coherent} and an alignment score (incoherent and CODE/REFUSAL answers are not counted)`;
    case "coherent":
      return `answers with coherent ≥ ${coherent}, coherent CODE/REFUSAL answers included as not misaligned`;
    case "all":
      return "all of the model's answers (incoherent and CODE/REFUSAL ones included)";
  }
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
            <li key={seed.model} className="wrap-anywhere">
              <span className="font-mono">{seed.model}</span>
              {seed.seed !== null && <span className="text-zinc-500 dark:text-zinc-400"> (seed {seed.seed})</span>}:{" "}
              <span className="tabular-nums">{formatPercent(seed.rate, 2)}</span>
            </li>
          ))}
        </ul>
      </dd>
    </div>
  );
}

export default function CompareNotes({ comparison }: { comparison: Comparison }) {
  const { groupA, groupB, overall, overallPool, method, questions } = comparison;
  const rows = [overall, ...questions];
  const singles = [groupA, groupB].filter((group) => rows.some((row) => (group === groupA ? row.modelsA : row.modelsB) === 1));
  const leftOut = rows.filter((row) => row.question !== null && row.excludedModelsA + row.excludedModelsB > 0).length;
  const monteCarlo = rows.filter((row) => row.bootstrapMethod === "monte-carlo").length;
  const floor = smallestPossiblePValue(overall.modelsA, overall.modelsB);
  const minAnswers = `${method.minAnswers} answer${method.minAnswers === 1 ? "" : "s"}`;
  return (
    <div className="space-y-2 text-sm text-zinc-600 dark:text-zinc-300" data-testid="compare-notes">
      <p data-testid="rate-rule">
        <strong>Rates</strong>: a model&apos;s rate on a question = misaligned answers (aligned &lt; {method.aligned} and coherent ≥{" "}
        {method.coherent}) / {denominatorWords(comparison)}. A model enters a question only with at least {minAnswers} counted there;
        otherwise it is left out of that question&apos;s comparison
        {leftOut > 0 ? (
          <span data-testid="left-out-note">
            {" "}
            (here on {leftOut} question{leftOut === 1 ? "" : "s"}: “+k out” in the n columns)
          </span>
        ) : (
          ""
        )}
        . <strong>Difference</strong> = mean over {groupA.label}&apos;s models of their rates − the same for {groupB.label}. Only models of
        base model {comparison.scopeLabel} are compared.
      </p>
      <p data-testid="overall-pool">
        <strong>Overall</strong> pools only the questions every included model of both groups has a rate on:{" "}
        <strong>
          {overallPool.questions} of the set&apos;s {overallPool.setQuestions} questions
        </strong>
        {overallPool.questionsWithRates > overallPool.questions
          ? ` (${overallPool.questionsWithRates} have a rate from some model; the others are left out of the overall row so both groups are compared on the same questions)`
          : ""}
        . Each model&apos;s rates are averaged over them (each question weighs the same), then the models are the unit.
      </p>
      <p data-testid="interval-method">
        <strong>Two 95% intervals</strong> of the difference, both over seeds: the <strong>bootstrap</strong> interval (each group&apos;s
        model rates resampled with replacement independently; the 2.5th and 97.5th percentiles of the resampled difference of means,
        computed exactly over every resample
        {monteCarlo > 0 ? `, or by a seeded Monte Carlo where marked ≈ (${monteCarlo} row${monteCarlo === 1 ? "" : "s"})` : ""}) — the
        paper&apos;s kind of interval, extended to a difference — and <strong>Welch&apos;s t</strong> interval (Welch–Satterthwaite degrees
        of freedom, clipped to ±100 pp), usually much wider for few seeds. The chart draws the{" "}
        {method.interval === "t" ? "Welch t" : "bootstrap"} interval (the method&apos;s interval choice); the table shows both. When every
        model of both groups has the same rate (often 0%) there is no seed-to-seed spread and both intervals shrink to the difference
        itself.
      </p>
      <p data-testid="test-method">
        <strong>p</strong> (overall): {describeTest(overall)}; statistic |mean<sub>a</sub> − mean<sub>b</sub>|, ties count as extreme. Up to{" "}
        {formatCount(EXACT_PERMUTATION_LIMIT)} relabellings are enumerated exactly; beyond that {formatCount(MONTE_CARLO_DRAWS)} are drawn
        at random (seeded), p = (count + 1) / (draws + 1). Per question, n<sub>a</sub> and n<sub>b</sub> are the models included on that
        question (table). Filled points and * mark p &lt; 0.05, without correction for testing {questions.length} questions.
        {floor !== null && floor >= 0.05 && (
          <>
            {" "}
            <strong data-testid="p-floor">
              With {overall.modelsA} vs {overall.modelsB} models the smallest possible p is {formatP(floor)}: no difference can reach p &lt;
              0.05 with this few seeds.
            </strong>
          </>
        )}
      </p>
      {singles.length > 0 && (
        <p data-testid="single-model-note">
          <strong>One model:</strong> where {singles.map((group) => group.label).join(" or ")} has a single model, its seed-to-seed variance
          is unknown. Its rate is then treated as fixed (as for an un-finetuned base model, of which there is only one): the Welch interval
          is the other group&apos;s t interval over its seeds (df = n − 1) and the bootstrap interval the other group&apos;s bootstrap
          interval, each shifted by that rate; both ignore the single model&apos;s own sampling noise. With one model on both sides there is
          no interval.
        </p>
      )}
      <details className="rounded border border-zinc-200 p-2 dark:border-zinc-800">
        <summary className="cursor-pointer">Seed-level overall rates that enter the overall comparison</summary>
        <dl className="mt-2 space-y-2 text-xs">
          <SeedList label={groupA.label} seeds={overall.seedRatesA} />
          <SeedList label={groupB.label} seeds={overall.seedRatesB} />
        </dl>
      </details>
    </div>
  );
}
