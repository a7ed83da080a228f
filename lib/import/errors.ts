// Errors an import can end with. ImportValidationError: the input is wrong (the user can fix
// it; exit code 1); nothing was written. Anything else is unexpected (exit code 2).
import type { ImportIssue } from "./types";

/** How many issues an aborted import collects before it stops reading. */
export const MAX_REPORTED_ISSUES = 20;

export function formatIssue(issue: ImportIssue): string {
  let where = issue.file;
  if (issue.row !== undefined) where += `, row ${issue.row}`;
  if (issue.line !== undefined) where += issue.row !== undefined ? ` (line ${issue.line})` : `, line ${issue.line}`;
  if (issue.column !== undefined) where += `, column "${issue.column}"`;
  return `${where}: ${issue.message}`;
}

export class ImportValidationError extends Error {
  readonly issues: ImportIssue[];
  /** true when reading stopped early because too many issues were found */
  readonly truncated: boolean;

  constructor(issues: ImportIssue[], options: { truncated?: boolean } = {}) {
    const lines = issues.map(formatIssue);
    if (options.truncated) lines.push(`(stopped after ${issues.length} errors)`);
    super(lines.join("\n"));
    this.name = "ImportValidationError";
    this.issues = issues;
    this.truncated = options.truncated ?? false;
  }
}

/** A wrong command line (missing or malformed options); also exit code 1. */
export class ImportUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ImportUsageError";
  }
}
