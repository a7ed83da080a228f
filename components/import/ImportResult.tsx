// The outcome of an upload, as the command line reports it: the summary of an import (with what kind
// of batch it is: an evaluation, or curated examples never counted in rates, and why; and any
// warnings), "already imported as batch #N", or every problem with its file, row, line and column.
import Link from "next/link";
import type { JudgeScoresOutcome, JudgeScoresRowNote } from "@/lib/import/types";
import { fileIssues, type ImportReportJson, type ImportResponse } from "@/lib/import/responses";
import { formatCount, formatSeconds } from "@/lib/format";
import { ImportFacts, ImportLinks, SkippedRows, type ImportFact } from "./ImportFacts";
import { IssueTable } from "./IssueTable";

/** The link to the batch page an import wrote. */
const batchLink = (batchId: number) => ({ href: `/imports/${batchId}`, label: `Batch #${batchId}`, testId: "batch-link" });

/** Shown on pages for a batch of kind "examples". */
export const EXAMPLES_LABEL = "curated examples";

/** Why a batch is the kind it is, in the import page's words. */
export function kindExplanation(report: Pick<ImportReportJson, "kind" | "kindFrom" | "format">): string {
  if (report.kind === "examples") {
    return report.kindFrom === "option"
      ? "because “Curated examples” was ticked (or examples=1 was sent)."
      : `because that is the default for the ${report.format} format (a hand-picked selection, not a sample): untick “Curated examples” to import it as an evaluation.`;
  }
  return report.kindFrom === "option"
    ? "as an evaluation (all sampled answers, counted in rates), because “Curated examples” was unticked (or examples=0 was sent)."
    : "as an evaluation (all sampled answers, counted in rates).";
}

export function Warnings({ warnings }: { warnings: string[] }) {
  if (warnings.length === 0) return null;
  return (
    <div
      data-testid="import-warnings"
      className="space-y-1 rounded border border-amber-400 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-600 dark:bg-amber-950 dark:text-amber-100"
    >
      <p className="font-medium">{warnings.length === 1 ? "Warning" : `${warnings.length} warnings`} (imported anyway):</p>
      <ul className="list-disc space-y-1 pl-5">
        {warnings.map((warning) => (
          <li key={warning} data-testid="import-warning">
            {warning}
          </li>
        ))}
      </ul>
    </div>
  );
}

export default function ImportResult({ response }: { response: ImportResponse }) {
  if ("error" in response) {
    const issues = fileIssues(response);
    return (
      <section
        role="alert"
        data-testid="import-failed"
        className="space-y-3 rounded border border-red-300 bg-red-50 p-4 text-red-950 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
      >
        <h2 className="text-lg font-semibold">Not imported</h2>
        <p data-testid="import-error">{response.error.message}</p>
        {issues.length > 0 && (
          <IssueTable
            issues={issues}
            caption={`${issues.length} problem${issues.length === 1 ? "" : "s"}${response.error.truncated ? " (reading stopped after these)" : ""}`}
          />
        )}
        {issues.length > 0 && (
          <p className="text-sm">
            Fix the file and upload it again, or tick “skip invalid rows” to import the valid rows and list the others.
          </p>
        )}
      </section>
    );
  }

  const report = response.report;
  if (report.alreadyImported) {
    return (
      <section
        role="status"
        data-testid="already-imported"
        className="space-y-2 rounded border border-amber-400 bg-amber-50 p-4 text-amber-950 dark:border-amber-600 dark:bg-amber-950 dark:text-amber-100"
      >
        <h2 className="text-lg font-semibold">Already imported as batch #{report.batchId}</h2>
        <p>
          This exact content was imported on {new Date(report.batchCreatedAt).toLocaleString("en-GB")} as{" "}
          <span className="font-mono">{report.batchFileName}</span>
          {report.kind === "examples" ? ` (${EXAMPLES_LABEL})` : ""}. Nothing was added.
        </p>
        <p>
          <Link href={`/imports/${report.batchId}`} className="underline" data-testid="batch-link">
            See batch #{report.batchId}
          </Link>
        </p>
      </section>
    );
  }

  if (report.judgeScoresImport) return <JudgeScoresResult report={report} outcome={report.judgeScoresImport} />;

  const rate = report.seconds > 0 ? Math.round(report.rowsImported / report.seconds) : null;
  const facts: ImportFact[] = [
    ["Format", report.format],
    ...(report.format === "question-yaml"
      ? []
      : [
          [
            "Kind",
            report.kind === "examples" ? "curated examples (never counted in rates)" : "evaluation (counted in rates)",
            "report-kind",
          ] as [string, string, string],
        ]),
    ["Rows read", formatCount(report.rowsRead), "rows-read"],
    ["Rows imported", formatCount(report.rowsImported), "rows-imported"],
    ["Rows skipped", formatCount(report.rowsSkipped), "rows-skipped"],
    ["Question sets", report.sets.join(", ") || "–"],
    [
      "Models",
      report.models.length
        ? report.models
            .map(
              (m) =>
                `${m.name} (group ${m.group}${m.seed === null ? "" : `, seed ${m.seed}`}` +
                `${m.baseModel ? `, base model ${m.baseModel}` : ""}${m.created ? ", new" : ""})`,
            )
            .join("; ")
        : "–",
    ],
    [
      "Questions created",
      `${formatCount(report.questionsCreated)}${report.questionsUpdated ? ` (${formatCount(report.questionsUpdated)} updated)` : ""}`,
    ],
    // aligned and coherent live on each answer; judge_score rows hold the rest (an eval.py CSV has none)
    ["Token distributions, extra metrics", formatCount(report.judgeScores)],
    ["Time", `${formatSeconds(report.seconds)}${rate !== null ? ` (${formatCount(rate)} rows/s)` : ""}`],
  ];
  // Figure 4 shows one base model (the one with the most models unless the URL names one): the
  // link names the imported models' base model, so it shows them whatever the default is
  const baseModels = [...new Set(report.models.map((model) => model.baseModel))];
  const figureBase = baseModels.length === 1 ? baseModels[0] : null;
  return (
    <section
      role="status"
      data-testid="import-report"
      className="space-y-3 rounded border border-emerald-400 bg-emerald-50 p-4 text-emerald-950 dark:border-emerald-700 dark:bg-emerald-950 dark:text-emerald-50"
    >
      <h2 className="text-lg font-semibold">
        Imported <span className="font-mono wrap-anywhere">{report.file}</span> as batch #{report.batchId}
      </h2>
      {report.kind === "examples" ? (
        <p
          data-testid="examples-notice"
          className="rounded border border-amber-400 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-600 dark:bg-amber-950 dark:text-amber-100"
        >
          <strong>Imported as curated examples: browsable, never counted in rates</strong> — {kindExplanation(report)}
        </p>
      ) : (
        report.format !== "question-yaml" && (
          <p className="text-sm" data-testid="evaluation-notice">
            Imported {kindExplanation(report)}
          </p>
        )
      )}
      <Warnings warnings={report.warnings} />
      <ImportFacts facts={facts} />
      <ImportLinks
        links={[
          batchLink(report.batchId),
          ...report.sets.map((set) => ({
            href: `/?${new URLSearchParams(figureBase ? { set, base: figureBase } : { set }).toString()}`,
            label: `Figure 4 for ${set}${figureBase ? `, ${figureBase}` : ""}`,
            testId: "figure-link",
          })),
          ...(report.rowsImported > 0 && report.format !== "question-yaml"
            ? [{ href: `/answers?batch=${report.batchId}`, label: "This batch's answers" }]
            : []),
        ]}
      />
      <SkippedRows rows={report.skipped} />
    </section>
  );
}

/** The rows of a judge-scores import that were not written, with why (the first LISTED_ROWS; the count is complete). */
function RowNotes({ notes, count, title, testId }: { notes: JudgeScoresRowNote[]; count: number; title: string; testId: string }) {
  if (count === 0) return null;
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full text-left text-sm" data-testid={testId}>
        <caption className="pb-1 text-left font-medium">
          {title} ({formatCount(count)}
          {count > notes.length ? `, the first ${formatCount(notes.length)} listed` : ""})
        </caption>
        <thead className="border-b border-zinc-300 dark:border-zinc-700">
          <tr>
            <th className="py-1 pr-3 font-medium">Row</th>
            <th className="py-1 pr-3 font-medium">Line</th>
            <th className="py-1 font-medium">Why</th>
          </tr>
        </thead>
        <tbody>
          {notes.map((note) => (
            <tr key={note.row} className="border-b border-zinc-200 align-top dark:border-zinc-800" data-testid="row-note">
              <td className="py-1 pr-3 tabular-nums">{note.row}</td>
              <td className="py-1 pr-3 tabular-nums">{note.line ?? "–"}</td>
              <td className="py-1 wrap-anywhere">{note.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * A further judge's scores imported (lib/import/judge-scores.ts): the command line's report in the
 * page's words. No answer was added: rows matched to answers already here, the rest listed.
 */
function JudgeScoresResult({ report, outcome }: { report: ImportReportJson; outcome: JudgeScoresOutcome }) {
  const facts: ImportFact[] = [
    ["Judge", outcome.judge, "report-judge"],
    ["Rows read", formatCount(report.rowsRead), "rows-read"],
    [
      "Matched",
      `${formatCount(outcome.matched)} (${formatCount(outcome.matchedByIndex)} by sample index, ${formatCount(outcome.matchedByText)} by answer text)`,
      "judge-matched",
    ],
    ["Unmatched", formatCount(outcome.unmatchedCount), "judge-unmatched"],
    ["Ambiguous", formatCount(outcome.ambiguousCount), "judge-ambiguous"],
    ...(outcome.invalid ? [["Invalid rows skipped", formatCount(outcome.invalid), "judge-invalid"] as [string, string, string]] : []),
    [
      "Scores written",
      `${formatCount(outcome.scoresWritten)}${outcome.alreadyScored ? `; ${formatCount(outcome.alreadyScored)} answers already scored by this judge (kept)` : ""}`,
      "judge-scores-written",
    ],
    [
      "Further metrics kept",
      outcome.extraMetrics.length ? outcome.extraMetrics.join(", ") : "none (the file has aligned and coherent only)",
      "judge-extra-metrics",
    ],
    ["Time", formatSeconds(report.seconds), "report-time"],
  ];
  return (
    <section
      role="status"
      data-testid="import-report"
      data-judge-scores="true"
      className="space-y-3 rounded border border-emerald-400 bg-emerald-50 p-4 text-emerald-950 dark:border-emerald-700 dark:bg-emerald-950 dark:text-emerald-50"
    >
      <h2 className="text-lg font-semibold">
        Imported judge <span className="font-mono wrap-anywhere">{outcome.judge}</span>&apos;s scores from{" "}
        <span className="font-mono wrap-anywhere">{report.file}</span> as batch #{report.batchId}
      </h2>
      <p className="text-sm">
        No answers were added: each row was matched to an answer already imported, and gives it this judge&apos;s scores.
      </p>
      <Warnings warnings={report.warnings} />
      <ImportFacts facts={facts} />
      <ImportLinks
        links={[
          batchLink(report.batchId),
          {
            href: `/?${new URLSearchParams({ judge: outcome.judge }).toString()}`,
            label: `Figure 4 by ${outcome.judge}`,
            testId: "figure-link",
          },
        ]}
      />
      <RowNotes notes={outcome.unmatched} count={outcome.unmatchedCount} title="Unmatched rows" testId="unmatched-table" />
      <RowNotes notes={outcome.ambiguous} count={outcome.ambiguousCount} title="Ambiguous rows" testId="ambiguous-table" />
      <SkippedRows rows={report.skipped} />
    </section>
  );
}
