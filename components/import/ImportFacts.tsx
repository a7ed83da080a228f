// What the upload's report and the batch page both show of an import: its facts as a definition
// list, the links out of it (the batch, its answers, Figure 4 for its sets) and the rows it skipped.
import Link from "next/link";
import type { ReactNode } from "react";
import type { ImportIssue } from "@/lib/import/types";
import { IssueTable } from "./IssueTable";

/** A label, its value and the value's test id. */
export type ImportFact = [label: string, value: ReactNode, testId?: string];

export function ImportFacts({ facts, testId }: { facts: ImportFact[]; testId?: string }) {
  return (
    <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm" data-testid={testId}>
      {facts.map(([label, value, valueTestId]) => (
        <div key={label} className="contents">
          <dt className="font-medium">{label}</dt>
          <dd className="wrap-anywhere" data-testid={valueTestId}>
            {value}
          </dd>
        </div>
      ))}
    </dl>
  );
}

export interface ImportLink {
  href: string;
  label: ReactNode;
  testId?: string;
  /** a plain <a> (an API route's JSON: nothing for the client router to prefetch) */
  plain?: boolean;
}

export function ImportLinks({ links }: { links: ImportLink[] }) {
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
      {links.map(({ href, label, testId, plain }) => (
        <li key={href}>
          {plain ? (
            <a href={href} className="underline" data-testid={testId}>
              {label}
            </a>
          ) : (
            <Link href={href} className="underline" data-testid={testId}>
              {label}
            </Link>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The rows an import skipped (skipInvalid), with why; nothing when there are none. */
export function SkippedRows({ rows }: { rows: (Omit<ImportIssue, "file"> & { file?: string })[] }) {
  if (rows.length === 0) return null;
  return <IssueTable issues={rows} caption={`Skipped rows (${rows.length} problems)`} testId="skipped-table" />;
}
