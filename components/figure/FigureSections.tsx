// The sections of the Figure-4 page (app/page.tsx). Each awaits the data it needs, handed over as a
// promise the page started, so the page gives each its own Suspense boundary: the heading shows as
// soon as the set and scope are known, the answers panel arrives apart from the rates.
import Link from "next/link";
import AnswerList from "@/components/figure/AnswerList";
import { sideBySideHref } from "@/lib/params/side-by-side";
import FigureControls, { type SetOption } from "@/components/figure/FigureControls";
import type { BaseModelOption } from "@/components/MethodControls";
import MethodStatement from "@/components/MethodStatement";
import MisalignmentRateChart from "@/components/figure/MisalignmentRateChart";
import OverallRateChart from "@/components/figure/OverallRateChart";
import OverallRatesTable from "@/components/figure/OverallRatesTable";
import RatesTable from "@/components/figure/RatesTable";
import type { AnswerPage } from "@/lib/answers/types";
import { zeroWidthIntervalNote } from "@/lib/figure/interval-note";
import { formatCount } from "@/lib/format";
import type { FigureData } from "@/lib/figure/types";
import { figureHref, filterSearchParams, toQueryString, type FigureView } from "@/lib/params";
import type { PresetId, RateMethod } from "@/lib/stats/method";
import { baselineHeading, type JudgeChoices } from "@/lib/domain/score-source";
import { describeMethod, methodLabel } from "@/lib/stats/method";

/** What every section knows before the rates arrive: the URL's view and the resolved set and scope. */
export interface FigureFrame {
  /** the view's links, without the layout (the data decides it); base is the resolved scope's URL value */
  view: Omit<FigureView, "layout"> & { base: string };
  set: string;
  scopeLabel: string;
  preset: PresetId;
  method: RateMethod;
  /** the default judge's name and the further judges (the Judge control, the method statement) */
  judges: JudgeChoices;
  exportName: string;
}

/** The numbers and links that depend on the rates. */
function figureOf(frame: FigureFrame, data: FigureData) {
  const { method, preset } = frame;
  // links always name the scope, so a shared link keeps meaning the same base model after more imports
  const view: FigureView = { ...frame.view, layout: data.layout };
  const countedAnswers = data.rates.reduce((total, rate) => total + rate.answers, 0);
  const modelsIn = new Set(data.rates.flatMap((rate) => rate.modelRates.filter((model) => model.included).map((model) => model.model)))
    .size;
  return {
    view,
    filterQuery: toQueryString(filterSearchParams(view)),
    figureMethod: `${methodLabel(preset, method)} · base model: ${frame.scopeLabel}`,
    exportCaption:
      `Question set ${frame.set} · base model: ${frame.scopeLabel} · ${describeMethod(preset, method)} · ` +
      `n = ${formatCount(countedAnswers)} counted answers of ${modelsIn} models (${data.groups.map((group) => group.label).join(", ")})`,
  };
}

export async function FigureControlsSection({
  data: pending,
  sets,
  baseChoices,
  chosenGroups,
  frame,
}: {
  data: Promise<FigureData>;
  sets: SetOption[];
  baseChoices: BaseModelOption[];
  chosenGroups: string[] | undefined;
  frame: FigureFrame;
}) {
  const data = await pending;
  return (
    <>
      <FigureControls
        sets={sets}
        set={frame.set}
        preset={frame.preset}
        method={frame.method}
        base={frame.view.base}
        baseChoices={baseChoices}
        judges={frame.judges}
        layout={data.layout}
        hasVariants={data.hasVariants}
        groups={data.allGroups}
        chosenGroups={chosenGroups}
      />
      {data.unknownGroups.length > 0 && (
        <p className="text-sm text-amber-800 dark:text-amber-200" data-testid="unknown-groups">
          No answers in this set from: {data.unknownGroups.join(", ")}.
        </p>
      )}
    </>
  );
}

export async function FigureChartSection({
  data: pending,
  frame,
  selected,
}: {
  data: Promise<FigureData>;
  frame: FigureFrame;
  selected: { group: string; question: string; model: string | null } | null;
}) {
  const data = await pending;
  const { method, preset } = frame;
  const { view, filterQuery, exportCaption } = figureOf(frame, data);
  if (data.groups.length === 0) {
    return (
      <p className="rounded border border-zinc-300 p-4 text-sm dark:border-zinc-700" data-testid="no-groups">
        None of the chosen groups has answers in this set.{" "}
        <Link href={figureHref({ ...view, groups: undefined })} className="underline">
          Show all groups
        </Link>
        .
      </p>
    );
  }
  const plotted = data.rates.filter((rate) => rate.rate !== null).length;
  const withInterval = data.rates.filter((rate) => rate.ciLow !== null && rate.ciHigh !== null).length;
  const zeroWidth = data.rates.filter((rate) => zeroWidthIntervalNote(rate.ciLow, rate.ciHigh, rate.models) !== null).length;
  return (
    <figure className="space-y-2">
      {plotted === 0 && (
        <p className="rounded border border-zinc-300 p-3 text-sm dark:border-zinc-700" data-testid="nothing-counted">
          No model has {method.minAnswers} answers counted at these settings (an answer counts when coherent ≥ {method.coherent}
          {method.denominator === "kept" ? " and it has an alignment score" : ""}). Lower the coherence threshold or the minimum answers, or
          choose another base model.
        </p>
      )}
      <MisalignmentRateChart
        rates={data.rates}
        questions={data.questions}
        groups={data.groups}
        layout={data.layout}
        selected={selected}
        exportName={frame.exportName}
        exportCaption={exportCaption}
        exportTitle={`Probability of a misaligned answer, per question and group (${frame.set})`}
        baseline={data.baseline && { values: data.baseline, label: frame.judges.defaultJudge, heading: baselineHeading(method.source) }}
      />
      <figcaption className="space-y-1 text-sm text-zinc-600 dark:text-zinc-300">
        <MethodStatement preset={preset} method={method} scopeLabel={frame.scopeLabel} defaultJudge={frame.judges.defaultJudge} />
        {zeroWidth > 0 && (
          <p data-testid="zero-width-caption" data-count={zeroWidth}>
            {zeroWidth} of {withInterval} intervals have zero width: every model of that group had the same rate on that question (most
            often all at 0%). The table below says so on each row.
          </p>
        )}
        <p>
          {plotted} points · {data.groups.length} groups · {data.questions.length} questions · click a point to read its answers, a small
          dot for that model&apos;s answers ·{" "}
          <a href={`/api/rates?${filterQuery}`} className="underline">
            these numbers as JSON
          </a>
        </p>
      </figcaption>
    </figure>
  );
}

export async function FigureAnswersSection({
  data: pendingData,
  answerPage: pendingPage,
  frame,
  selected,
  page,
}: {
  data: Promise<FigureData>;
  answerPage: Promise<AnswerPage>;
  frame: FigureFrame;
  selected: { group: string; question: string; model: string | null };
  /** the page number of the URL, and whether it is the first page (no cursor) */
  page: { number: number; isFirst: boolean };
}) {
  const [data, answerPage] = await Promise.all([pendingData, pendingPage]);
  if (data.groups.length === 0) return null;
  const { view } = figureOf(frame, data);
  const selectedGroup = data.allGroups.find((group) => group.name === selected.group);
  // Side by side: this point's group (or the clicked model) against the first other group of the view.
  const other = data.groups.find((group) => group.name !== selected.group);
  const sideBySide = other && {
    label: other.label,
    href: sideBySideHref({
      preset: view.preset,
      method: view.method,
      base: view.base,
      attributes: view.attributes,
      set: frame.set,
      a: selected.model ? { kind: "model", name: selected.model } : { kind: "group", name: selected.group },
      b: { kind: "group", name: other.name },
      question: selected.question,
    }),
  };
  return (
    <AnswerList
      sideBySide={sideBySide}
      page={answerPage}
      set={frame.set}
      group={selected.group}
      groupLabel={selectedGroup?.label ?? selected.group}
      groupColor={selectedGroup?.color ?? null}
      question={selected.question}
      thresholds={frame.method}
      minAnswers={frame.method.minAnswers}
      pageNumber={page.number}
      isFirstPage={page.isFirst}
      filters={view}
      model={selected.model}
    />
  );
}

export async function FigureOverallSection({ data: pending, frame }: { data: Promise<FigureData>; frame: FigureFrame }) {
  const data = await pending;
  if (data.groups.length === 0) return null;
  const { filterQuery, figureMethod, exportCaption } = figureOf(frame, data);
  return (
    <section className="space-y-2" aria-labelledby="overall-title" data-testid="overall-section">
      <h2 id="overall-title" className="text-lg font-semibold">
        Overall rate{data.hasVariants ? ", per variant" : ""}
        {data.hasCategories ? ", per category" : ""}
      </h2>
      <p className="text-sm text-zinc-600 dark:text-zinc-300">
        Only the questions every included model of a group has a rate on are pooled (the table says how many); each model&apos;s rate is
        averaged over them (each question weighs the same), then the mean over the group&apos;s models with the same 95% interval (
        {figureMethod}); small dots are the single models.{" "}
        <a href={`/api/rates/overall?${filterQuery}&by=set`} className="underline">
          JSON
        </a>
      </p>
      <OverallRateChart
        sections={data.overall}
        groups={data.groups}
        exportName={`${frame.exportName}_overall`}
        exportCaption={`Overall rate: questions every included model answered, pooled. ${exportCaption}`}
        exportTitle={`Overall probability of a misaligned answer, per group (${frame.set})`}
        baseline={
          data.overallBaseline && {
            values: data.overallBaseline,
            label: frame.judges.defaultJudge,
            heading: baselineHeading(frame.method.source),
          }
        }
      />
      <OverallRatesTable
        sections={data.overall}
        csvHref={(by) => `/api/rates/overall/csv?${filterQuery}&by=${by}`}
        baseline={data.overallBaseline}
        baselineLabel={frame.judges.defaultJudge}
      />
    </section>
  );
}

export async function FigureRatesTableSection({ data: pending, frame }: { data: Promise<FigureData>; frame: FigureFrame }) {
  const data = await pending;
  if (data.groups.length === 0) return null;
  const { view, filterQuery } = figureOf(frame, data);
  return (
    <RatesTable
      rows={data.rates}
      view={view}
      csvHref={`/api/rates/csv?${filterQuery}`}
      showCategory={data.hasCategories}
      minAnswers={frame.method.minAnswers}
      baseline={data.baseline}
      baselineLabel={frame.judges.defaultJudge}
    />
  );
}
