// What POST /api/import answers (JSON), shared by the route handler and the upload form.
import type { ImportFormat, ImportIssue, ImportReport } from "./types";

/** The import report as JSON (dates as ISO strings). */
export type ImportReportJson = Omit<ImportReport, "batchCreatedAt"> & { batchCreatedAt: string };

export type ImportResponse =
  | { ok: true; report: ImportReportJson }
  | {
      ok: false;
      /** one sentence: what went wrong */
      error: string;
      /** the file's problems (row, line, column, message), as the command line lists them */
      issues: ImportIssue[];
      /** reading stopped early after too many problems */
      truncated: boolean;
      /** a form field (query parameter) -> what is wrong with it */
      fields: Record<string, string>;
      /** the format the server detected, when it got that far */
      format?: ImportFormat;
    };

export function reportToJson(report: ImportReport): ImportReportJson {
  return { ...report, batchCreatedAt: report.batchCreatedAt.toISOString() };
}
