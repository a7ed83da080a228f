// The sweep view: P(misaligned) — or mean coherence, mean alignment, or a judge metric's share
// above a threshold — against a numeric model attribute (LoRA rank, size, epochs, checkpoint
// step), one line per group or base model, within one base-model scope and question set. The route
// reads the URL (lib/params/sweep.ts), computes the sweep (lib/queries/sweep.ts) and hands plain
// values to the chart and the table. The URL's search params are the whole view state.
import type { Metadata } from "next";
import MethodStatement from "@/components/MethodStatement";
import UnknownJudgeNotice from "@/components/ui/UnknownJudgeNotice";
import { isDefaultSource, pointKey, withoutJudge, unknownJudgeOf } from "@/lib/domain/score-source";
import { listJudges } from "@/lib/queries/judges";
import { DemoBanner, EmptyState, InvalidParamsMessage } from "@/components/ui/Notices";
import { ScopeNotices, UnknownSetMessage, ViewHeading, ViewNotice } from "@/components/ViewPreamble";
import SweepChart from "@/components/sweep/SweepChart";
import SweepControls from "@/components/sweep/SweepControls";
import SweepTable from "@/components/sweep/SweepTable";
import { getPrisma } from "@/lib/db/client";
import { attributeInfo } from "@/lib/domain/attributes";
import type { RawSearchParams } from "@/lib/params/common";
import { sweepHref, sweepParamsSchema, sweepViewOf, type SweepViewState } from "@/lib/params/sweep";
import { resolveSweepView, type SweepView } from "@/lib/queries/sweep";
import type { ResolvedScope } from "@/lib/scope/types";
import { isScoreY } from "@/lib/sweep/points";
import { sweepModelAnswersHref } from "@/lib/sweep/links";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Sweep: misalignment against a model attribute" };

const TITLE = "Sweep";
const DESCRIPTION =
  "A value per model against a numeric model attribute (LoRA rank, model size, epochs, checkpoint step), one line per group or base model";

/** How models get attributes: shown when no model of the scope has a numeric one. */
function NoAttributes({ scope }: { scope: ResolvedScope }) {
  return (
    <ViewNotice testId="no-numeric-attributes">
      <p>
        No model of base model {scope.label} with answers in this set has a numeric attribute, so there is nothing to plot against. A sweep
        needs models that say what varies between them: give each model its attributes when you import its file (for example{" "}
        <code className="font-mono">lora_rank: 4</code>, <code className="font-mono">size_b: 14</code>,{" "}
        <code className="font-mono">epochs</code>, <code className="font-mono">checkpoint_step</code>), through an import manifest that
        lists the files with their attributes, or the <code className="font-mono">attributes</code> option of the importer. See the section
        “Importing the paper&apos;s files” of the project&apos;s <code className="font-mono">README.md</code>.
      </p>
      {scope.scope.kind === "named" && scope.choices.length > 1 && <p>Other base models may have some: choose one above, or all.</p>}
    </ViewNotice>
  );
}

/** What to say when the view cannot be computed (besides the whole-page problems); null when it can. */
function problem(view: SweepView): React.ReactNode {
  switch (view.status) {
    case "set-without-answers":
      return (
        <ViewNotice testId="set-without-answers">
          <p>
            Set <span className="font-mono">{view.set.name}</span> has {view.set.questions} questions but no imported answers yet.
          </p>
        </ViewNotice>
      );
    case "no-numeric-attributes":
      return <NoAttributes scope={view.scope} />;
    case "unknown-x":
      return (
        <ViewNotice testId="unknown-x">
          <p>
            No model here has the numeric attribute <span className="font-mono">{view.x}</span>. Numeric attributes of these models:{" "}
            {view.numericKeys.map((key) => key.key).join(", ") || "none"}.
          </p>
        </ViewNotice>
      );
    case "unknown-metric":
      return (
        <ViewNotice testId="unknown-metric">
          <p>
            No answer has a <span className="font-mono">{view.metric}</span> score. Judge metrics in the data besides aligned and coherent:{" "}
            {view.metrics.join(", ") || "none"}.
          </p>
        </ViewNotice>
      );
    default:
      return null;
  }
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

export default async function SweepPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const parsed = sweepParamsSchema.safeParse(await searchParams);
  if (!parsed.success) {
    return (
      <InvalidParamsMessage error={parsed.error}>
        <p>
          x is a numeric model attribute (e.g. lora_rank); y is misaligned, coherence, alignment or metric:&lt;judge metric&gt; (with
          above=0 to 100); by is group or base; logx is 1 or 0; thresholds are numbers from 0 to 100; preset is betley, betley-qwen-coder or
          model-organisms; denominator is kept, coherent or all; min is a whole number of at least 1; ci is bootstrap or t.
        </p>
      </InvalidParamsMessage>
    );
  }
  const params = parsed.data;
  const requested = sweepViewOf(params);
  const prisma = getPrisma();
  const judges = await listJudges(prisma, params.set);
  const judge = unknownJudgeOf(judges, requested.method.source);
  if (judge) {
    return (
      <UnknownJudgeNotice
        judge={judge}
        judges={judges}
        href={sweepHref("/sweep", { ...requested, method: withoutJudge(requested.method) })}
      />
    );
  }
  const view = await resolveSweepView(prisma, params);
  // a non-default source on the misalignment rate: the default judge's value beside each point (the shift)
  const baselineView =
    !isDefaultSource(requested.method.source) && requested.y.kind === "misaligned"
      ? await resolveSweepView(prisma, { ...params, judge: undefined, corrected: undefined })
      : null;
  const baseline =
    baselineView?.status === "ok"
      ? {
          label: judges.defaultJudge,
          values: Object.fromEntries(
            baselineView.sweep.lines.flatMap((line) => line.points.map((point) => [pointKey(line.key, String(point.x)), point.value])),
          ),
        }
      : undefined;

  if (view.status === "no-data") return <EmptyState hasQuestionSets={view.hasQuestionSets} />;
  if (view.status === "unknown-set") {
    return <UnknownSetMessage set={view.set} sets={view.sets} />;
  }

  const { scope, preset, method, set } = view;
  const numericKeys = "numericKeys" in view ? view.numericKeys : view.status === "ok" ? view.sweep.numericKeys : [];
  const metrics = "metrics" in view ? view.metrics : [];
  const x = view.status === "ok" ? view.sweep.x : params.x;
  // links name the scope they were made in, so a shared link keeps meaning the same base model
  const methodView = { preset, method, base: scope.param };
  const shown: SweepViewState = { ...requested, ...methodView, set: set.name, x };
  const controls = (
    <SweepControls
      sets={view.sets.map(({ name, isDemo, questions, answers }) => ({ name, isDemo, questions, answers }))}
      set={set.name}
      numericKeys={numericKeys}
      metrics={metrics}
      x={x}
      y={requested.y}
      by={requested.by}
      logx={requested.logx}
      preset={preset}
      method={method}
      base={scope.param}
      baseChoices={scope.choices}
      judges={judges}
    />
  );
  const scopeNotices = (
    <ScopeNotices
      scope={scope}
      pooled={
        scope.scope.kind === "all" &&
        scope.choices.length > 1 &&
        requested.by === "group" && (
          <>
            Pooling {scope.choices.length} base models: a group&apos;s line mixes models of different base models (one line per base model:
            “One line per” base model).
          </>
        )
      }
    />
  );

  if (view.status !== "ok") {
    return (
      <div className="space-y-6">
        {set.isDemo && <DemoBanner />}
        <ViewHeading title={TITLE} description={DESCRIPTION} set={set.name} scope={scope} />
        {scopeNotices}
        {controls}
        {problem(view)}
      </div>
    );
  }

  const { sweep } = view;
  const scores = isScoreY(sweep.y);
  const hrefOf = (model: string) => sweepModelAnswersHref(model, { ...methodView, set: set.name });
  const hrefs = Object.fromEntries(
    sweep.lines.map((line) => [line.key, Object.fromEntries(line.points.map((point) => [String(point.x), hrefOf(point.models[0].model)]))]),
  );
  const points = sweep.lines.reduce((sum, line) => sum + line.points.length, 0);
  const xName = attributeInfo(sweep.x).label;
  return (
    <div className="space-y-6">
      {set.isDemo && <DemoBanner />}
      <ViewHeading title={TITLE} description={DESCRIPTION} set={set.name} scope={scope} />
      {scopeNotices}
      {controls}
      <section className="space-y-2" aria-labelledby="sweep-chart-title">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="sweep-chart-title" className="text-lg font-semibold">
            {sweep.yLabel} against {sweep.xLabel}
          </h2>
          <a href={sweepHref("/api/sweep", shown)} className="text-sm underline" data-testid="json-link">
            JSON
          </a>
        </div>
        <ul className="space-y-1 text-sm text-zinc-700 dark:text-zinc-300" data-testid="sweep-notes">
          {sweep.modelsWithoutX.length > 0 && (
            <li data-testid="models-without-x" title={sweep.modelsWithoutX.join(", ")}>
              {plural(sweep.modelsWithoutX.length, "model has", "models have")} no {sweep.x}: left out (
              <span className="wrap-anywhere">{sweep.modelsWithoutX.join(", ")}</span>).
            </li>
          )}
          {sweep.modelsWithoutValue.length > 0 && (
            <li data-testid="models-without-value">
              {plural(sweep.modelsWithoutValue.length, "model has", "models have")} {sweep.x} but no question with at least{" "}
              {method.minAnswers} answers to count: left out (<span className="wrap-anywhere">{sweep.modelsWithoutValue.join(", ")}</span>).
            </li>
          )}
          {sweep.lines.some((line) => line.points.some((point) => point.models.length === 1)) && (
            <li data-testid="one-model-note">A point from one model has no interval (“one model: no interval” in the table).</li>
          )}
        </ul>
        {points === 0 ? (
          <ViewNotice testId="no-points">
            <p>No model with {xName} has a value to plot here.</p>
          </ViewNotice>
        ) : (
          <figure id="sweep-chart" data-testid="sweep-chart" className="space-y-2">
            <SweepChart
              lines={sweep.lines}
              hrefs={hrefs}
              xLabel={sweep.xLabel}
              yLabel={sweep.yLabel}
              scores={scores}
              logx={requested.logx}
            />
            <figcaption className="space-y-1 text-sm text-zinc-600 dark:text-zinc-300">
              <p data-testid="sweep-value-description">
                <strong>{sweep.yLabel}.</strong> {sweep.valueDescription}
              </p>
              {sweep.y.kind === "misaligned" ? (
                <MethodStatement preset={preset} method={method} scopeLabel={scope.label} defaultJudge={judges.defaultJudge} />
              ) : (
                <p data-testid="method-statement" data-preset={preset}>
                  Base model: {scope.label}. The misalignment thresholds and denominator do not enter this value; the minimum answers (
                  {method.minAnswers}) and the interval ({method.interval === "t" ? "Student t" : "bootstrap"}) do.
                </p>
              )}
            </figcaption>
          </figure>
        )}
      </section>
      {points > 0 && (
        <section className="space-y-2" aria-labelledby="sweep-table-title">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <h2 id="sweep-table-title" className="text-lg font-semibold">
              Every point
            </h2>
            <a href={sweepHref("/api/sweep/csv", shown)} className="text-sm underline" data-testid="csv-export" download>
              Download CSV
            </a>
          </div>
          <SweepTable lines={sweep.lines} xLabel={sweep.xLabel} yLabel={sweep.yLabel} scores={scores} hrefOf={hrefOf} baseline={baseline} />
        </section>
      )}
    </div>
  );
}
