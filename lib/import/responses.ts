// What POST /api/import answers (JSON), shared by the route handler and the upload form.
import type { ExperimentReportResponse, ImportReportResponse } from "@/lib/api/contracts";
import type { ApiErrorBody } from "@/lib/api/errors";
import type { ExperimentReport, ImportFormat, ImportIssue, ImportReport } from "./types";

/** The import report as JSON (dates as ISO strings): the contract's (importResponseSchema, lib/api/contracts.ts). */
export type ImportReportJson = ImportReportResponse["report"];

/** What an import error adds to the one error body (its `issues`: the file's problems and the bad or missing parameters). */
export interface ImportErrorExtra {
  /** reading stopped early after too many problems */
  truncated?: boolean;
  /** the format the server detected, when it got that far */
  format?: ImportFormat;
}

export type ImportResponse = ImportReportResponse | ApiErrorBody<ImportErrorExtra>;

export function reportToJson(report: ImportReport): ImportReportJson {
  return { ...report, batchCreatedAt: report.batchCreatedAt.toISOString() };
}

/** The issues of an error that are places in the file (the others name a parameter). */
export function fileIssues(response: ApiErrorBody<ImportErrorExtra>): ImportIssue[] {
  return (response.error.issues ?? []).filter((issue): issue is ImportIssue => "file" in issue);
}

/** Each parameter (form field) an error names → what is wrong with it. */
export function parameterErrors(response: ApiErrorBody<ImportErrorExtra>): Record<string, string> {
  return Object.fromEntries(
    (response.error.issues ?? []).flatMap((issue) => ("parameter" in issue ? [[issue.parameter, issue.message]] : [])),
  );
}

/** A failure the browser itself saw (no answer, or not a JSON body), shown as the server's are. */
export function localFailure(message: string): ApiErrorBody<ImportErrorExtra> {
  return { error: { code: "internal-error", message, issues: [] } };
}

/** What POST /api/import/experiment answers: the experiment's report (dates as ISO strings; experimentResponseSchema), or the one error body. */
export type ExperimentReportJson = ExperimentReportResponse["report"];

export type ExperimentResponse = ExperimentReportResponse | ApiErrorBody;

export function experimentReportToJson(report: ExperimentReport): ExperimentReportJson {
  return { ...report, files: report.files.map((file) => ({ ...file, batchCreatedAt: file.batchCreatedAt.toISOString() })) };
}
