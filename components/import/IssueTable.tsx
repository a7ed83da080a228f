// Problems with a file, each with its file (when several files are listed), row, line and column:
// an upload's errors, a manifest that does not fit, the rows an import skipped.
import type { ImportIssue } from "@/lib/import/types";

export function IssueTable({
  issues,
  caption,
  testId = "issues-table",
}: {
  issues: (Omit<ImportIssue, "file"> & { file?: string })[];
  caption: string;
  testId?: string;
}) {
  const showFile = issues.some((issue) => issue.file);
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full text-left text-sm" data-testid={testId}>
        <caption className="pb-1 text-left font-medium">{caption}</caption>
        <thead className="border-b border-zinc-300 dark:border-zinc-700">
          <tr>
            {showFile && <th className="py-1 pr-3 font-medium">File</th>}
            <th className="py-1 pr-3 font-medium">Row</th>
            <th className="py-1 pr-3 font-medium">Line</th>
            <th className="py-1 pr-3 font-medium">Column</th>
            <th className="py-1 font-medium">Problem</th>
          </tr>
        </thead>
        <tbody>
          {issues.map((issue, index) => (
            <tr
              key={index}
              className="border-b border-zinc-200 align-top dark:border-zinc-800"
              data-testid="issue-row"
              data-row={issue.row ?? ""}
              data-line={issue.line ?? ""}
              data-column={issue.column ?? ""}
            >
              {showFile && <td className="py-1 pr-3 font-mono wrap-anywhere">{issue.file}</td>}
              <td className="py-1 pr-3 tabular-nums">{issue.row ?? "–"}</td>
              <td className="py-1 pr-3 tabular-nums">{issue.line ?? "–"}</td>
              <td className="py-1 pr-3 font-mono">{issue.column ?? "–"}</td>
              <td className="py-1 wrap-anywhere">{issue.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
