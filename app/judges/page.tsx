// Judge comparison (issue 11, item 2): two score sources on the same evaluation answers — the
// default judge, another judge's imported scores, or reviewers' labels — with their agreement on
// the 0–100 scores, on the misaligned label at the current thresholds (κ and the confusion
// matrix), coverage, per-group P(misaligned) under each, and the answers they disagree on. The
// URL's search params are the whole view state (lib/params/judges.ts).
import type { Metadata } from "next";
import Link from "next/link";
import MethodStatement from "@/components/MethodStatement";
import JudgesControls, { type SourceChoice } from "@/components/judges/JudgesControls";
import { CoverageLine, GroupRatesTable, LabelAgreementSection, ScoreAgreementSection } from "@/components/judges/AgreementTables";
import DisagreementList from "@/components/judges/DisagreementList";
import { DemoBanner, EmptyState, InvalidParamsMessage } from "@/components/ui/Notices";
import { ScopeNotices, UnknownSetMessage, ViewHeading, ViewNotice } from "@/components/ViewPreamble";
import { getPrisma } from "@/lib/db/client";
import type { RawSearchParams } from "@/lib/params/common";
import {
  judgesHref,
  judgesParamsSchema,
  judgesViewOf,
  parseSourceParam,
  sourceLabel,
  sourceParam,
  type JudgesViewState,
  type ScoreSourceRef,
} from "@/lib/params/judges";
import { methodQuery } from "@/lib/params/method";
import { resolveJudgesView } from "@/lib/queries/agreement";
import type { AvailableSources, JudgesView } from "@/lib/judges/types";
import { formatCount } from "@/lib/format";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Compare judges" };

const TITLE = "Compare judges";
const DESCRIPTION = "How far two score sources — two judges, or a judge and the reviewers' labels — agree on the same answers";

/** Every source a picker offers: the default judge, each imported judge, and reviewers when there are labels. */
function sourceChoices(sources: AvailableSources): SourceChoice[] {
  return [
    { param: "default", label: sourceLabel({ kind: "default" }, sources.defaultJudge) },
    ...sources.judges.map((judge) => ({
      param: sourceParam({ kind: "judge", name: judge.name }),
      label: `judge ${judge.name} (${formatCount(judge.answers)} answers)`,
    })),
    ...(sources.labelledAnswers > 0
      ? [{ param: "reviewers", label: `reviewers' labels (${formatCount(sources.labelledAnswers)} answers)` }]
      : []),
  ];
}

function NoSecondSource({ sources }: { sources: AvailableSources }) {
  return (
    <ViewNotice testId="no-second-source">
      <p>
        Only the {sourceLabel({ kind: "default" }, sources.defaultJudge)}&apos;s scores are here, so there is nothing to compare them with.
        Either import a second judge&apos;s scores for the same answers:
      </p>
      <pre className="overflow-x-auto rounded bg-zinc-100 p-3 text-sm dark:bg-zinc-900">npm run import -- --judge NAME FILE</pre>
      <p>
        or label answers as a reviewer (open an answer from{" "}
        <Link href="/answers" className="underline">
          Answers
        </Link>
        ); the reviewers&apos; labels then appear here as a source.
      </p>
    </ViewNotice>
  );
}

export default async function JudgesPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const parsed = judgesParamsSchema.safeParse(await searchParams);
  if (!parsed.success) {
    return (
      <InvalidParamsMessage error={parsed.error}>
        <p>a and b are default, reviewers or judge:NAME; thresholds are numbers from 0 to 100; page is a whole number of at least 1.</p>
      </InvalidParamsMessage>
    );
  }
  const params = parsed.data;
  const requested = judgesViewOf(params);
  const view: JudgesView = await resolveJudgesView(getPrisma(), params);
  if (view.status === "no-data") return <EmptyState hasQuestionSets={view.hasQuestionSets} />;
  if (view.status === "unknown-set") return <UnknownSetMessage set={view.set} sets={view.sets} />;

  const { scope, preset, method, set } = view;
  const heading = (
    <>
      {set.isDemo && <DemoBanner />}
      <ViewHeading title={TITLE} description={DESCRIPTION} set={set.name} scope={scope} />
      <ScopeNotices scope={scope} />
    </>
  );
  if (view.status === "no-second-source") {
    return (
      <div className="space-y-6">
        {heading}
        <NoSecondSource sources={view.sources} />
      </div>
    );
  }

  const a = view.status === "ok" ? view.comparison.a.param : params.a && sourceParam(params.a);
  const b = view.status === "ok" ? view.comparison.b.param : params.b && sourceParam(params.b);
  const controls = (
    <JudgesControls
      sources={sourceChoices(view.sources)}
      a={a}
      b={b}
      sets={view.sets.filter((candidate) => candidate.answers > 0).map(({ name, answers }) => ({ name, answers }))}
      set={set.name}
      groups={view.groups.map(({ name, label }) => ({ name, label }))}
      group={params.group}
      questions={view.questions.map((question) => question.externalId)}
      question={params.question}
      preset={preset}
      method={method}
      base={scope.param}
      baseChoices={scope.choices}
    />
  );
  if (view.status === "bad-choice") {
    return (
      <div className="space-y-6">
        {heading}
        {controls}
        <ViewNotice testId="bad-choice">
          <p>
            <span className="font-mono">{view.parameter}</span>: {view.message}. Choose another above.
          </p>
        </ViewNotice>
      </div>
    );
  }

  const { comparison } = view;
  // Links keep the view as asked (the scope as the URL gave it), with the sources resolved.
  const shown: JudgesViewState = {
    ...requested,
    a: parseSourceParam(comparison.a.param) as ScoreSourceRef,
    b: parseSourceParam(comparison.b.param) as ScoreSourceRef,
    set: set.name,
  };
  const href = (path: "/judges" | "/api/judges", page = 1) => judgesHref(path, { ...shown, page });
  return (
    <div className="space-y-6">
      {heading}
      {controls}
      <section className="space-y-2" aria-labelledby="judges-sources-title">
        <h2 id="judges-sources-title" className="text-lg font-semibold">
          A: <span data-testid="source-a">{comparison.a.label}</span> · B: <span data-testid="source-b">{comparison.b.label}</span>
        </h2>
        <CoverageLine comparison={comparison} />
        <p className="text-sm text-zinc-600 dark:text-zinc-300" data-testid="judges-method">
          Verdicts: an answer is misaligned when aligned &lt; {method.aligned} and coherent ≥ {method.coherent}, under each source&apos;s
          own scores ({comparison.a.label}; {comparison.b.label}
          {comparison.b.kind === "reviewers" || comparison.a.kind === "reviewers"
            ? ": the newest label that is not “unsure”, by any reviewer"
            : ""}
          ).{comparison.group ? ` Group ${comparison.group} only.` : ""}
          {comparison.question ? ` Question ${comparison.question} only.` : ""}{" "}
          <a href={href("/api/judges", comparison.page)} className="underline" data-testid="json-link">
            JSON
          </a>
        </p>
      </section>
      <section className="space-y-2" aria-labelledby="judges-labels-title">
        <h2 id="judges-labels-title" className="text-lg font-semibold">
          Agreement on the misaligned label
        </h2>
        <LabelAgreementSection comparison={comparison} />
      </section>
      <section className="space-y-2" aria-labelledby="judges-scores-title">
        <h2 id="judges-scores-title" className="text-lg font-semibold">
          Agreement on the 0–100 scores
        </h2>
        <ScoreAgreementSection comparison={comparison} />
      </section>
      <section className="space-y-2" aria-labelledby="judges-groups-title">
        <h2 id="judges-groups-title" className="text-lg font-semibold">
          P(misaligned) per group under each source
        </h2>
        <GroupRatesTable comparison={comparison} />
      </section>
      <section className="space-y-2" aria-labelledby="judges-disagreements-title">
        <h2 id="judges-disagreements-title" className="text-lg font-semibold">
          Disagreements
        </h2>
        <DisagreementList
          comparison={comparison}
          methodQueryString={methodQuery({ preset, method, base: requested.base, attributes: requested.attributes })}
          pageHref={(page) => href("/judges", page)}
        />
      </section>
      <div className="text-sm text-zinc-600 dark:text-zinc-300">
        <MethodStatement preset={preset} method={method} scopeLabel={scope.label} />
      </div>
    </div>
  );
}
