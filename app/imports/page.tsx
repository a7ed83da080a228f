// Every import batch, newest first: what was imported, when, how many rows, with what options.
import type { Metadata } from "next";
import Link from "next/link";
import { getPrisma } from "@/lib/db/client";
import { importsPageParamsSchema } from "@/lib/params/imports";
import type { RawSearchParams } from "@/lib/params";
import { listImportBatches } from "@/lib/queries/batches";
import { describeOptions } from "@/lib/export/batches";
import { EXAMPLES_LABEL } from "@/components/import/ImportResult";
import { formatCount } from "@/lib/format";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Imports" };

export default async function ImportsPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const { removed } = importsPageParamsSchema.parse(await searchParams);
  const prisma = getPrisma();
  const batches = await listImportBatches(prisma);
  // curated-example batches (never counted in rates) are labelled as such
  const exampleBatches = new Set(
    (await prisma.importBatch.findMany({ where: { kind: "examples" }, select: { id: true } })).map((b) => b.id),
  );
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">Imports</h1>
        <p className="flex flex-wrap gap-4 text-sm">
          <Link href="/import" className="underline">
            Import a file
          </Link>
          <a href="/api/imports/csv" className="underline" data-testid="csv-export" download>
            Download CSV
          </a>
          {/* the JSON of an API route, not a page (the rule takes /api/imports for the /imports page): a plain link */}
          {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
          <a href="/api/imports" className="underline">
            JSON
          </a>
        </p>
      </div>
      {removed !== undefined && (
        <p
          role="status"
          data-testid="removed-notice"
          className="rounded border border-emerald-400 bg-emerald-50 p-3 text-sm text-emerald-950 dark:border-emerald-700 dark:bg-emerald-950 dark:text-emerald-50"
        >
          Batch #{removed} was removed with its answers and what it added.
        </p>
      )}
      {batches.length === 0 ? (
        <section data-testid="imports-empty" className="space-y-2 rounded border border-zinc-300 p-5 dark:border-zinc-700">
          <h2 className="text-lg font-semibold">No imports yet</h2>
          <p>
            Drop a file on the{" "}
            <Link href="/import" className="underline">
              import page
            </Link>{" "}
            or run
          </p>
          <pre className="overflow-x-auto rounded bg-zinc-100 p-3 text-sm dark:bg-zinc-900">
            {
              "npm run import -- ../shared/data/questions/first_plot_questions.yaml\nnpm run import -- --model NAME --group GROUP --seed N results.csv"
            }
          </pre>
        </section>
      ) : (
        <div className="overflow-x-auto">
          <table className="min-w-full text-left text-sm" data-testid="batches-table">
            <caption className="sr-only">Import batches, newest first</caption>
            <thead className="border-b border-zinc-300 dark:border-zinc-700">
              <tr>
                <th className="py-2 pr-3 font-medium">Batch</th>
                <th className="py-2 pr-3 font-medium">File</th>
                <th className="py-2 pr-3 font-medium">Format</th>
                <th className="py-2 pr-3 font-medium">Date (UTC)</th>
                <th className="py-2 pr-3 text-right font-medium">Read</th>
                <th className="py-2 pr-3 text-right font-medium">Imported</th>
                <th className="py-2 pr-3 text-right font-medium">Skipped</th>
                <th className="py-2 pr-3 font-medium">Models</th>
                <th className="py-2 pr-3 font-medium">Question sets</th>
                <th className="py-2 font-medium">Options</th>
              </tr>
            </thead>
            <tbody>
              {batches.map((batch) => (
                <tr
                  key={batch.id}
                  className="border-b border-zinc-200 align-top dark:border-zinc-800"
                  data-testid="batch-row"
                  data-batch-id={batch.id}
                >
                  <td className="py-2 pr-3">
                    <Link href={`/imports/${batch.id}`} className="underline">
                      #{batch.id}
                    </Link>
                  </td>
                  <td className="max-w-[16rem] min-w-[10rem] py-2 pr-3 font-mono [overflow-wrap:anywhere]">{batch.fileName}</td>
                  <td className="py-2 pr-3 whitespace-nowrap">
                    {batch.format}
                    {exampleBatches.has(batch.id) && (
                      <span
                        className="block text-xs text-amber-800 dark:text-amber-300"
                        data-testid="batch-kind"
                        title="browsable, never counted in rates"
                      >
                        {EXAMPLES_LABEL}
                      </span>
                    )}
                  </td>
                  <td className="py-2 pr-3 whitespace-nowrap">
                    <time dateTime={batch.createdAt.toISOString()}>{batch.createdAt.toISOString().slice(0, 16).replace("T", " ")}</time>
                  </td>
                  <td className="py-2 pr-3 text-right tabular-nums">{formatCount(batch.rowsRead)}</td>
                  <td className="py-2 pr-3 text-right tabular-nums" data-testid="batch-rows-imported">
                    {formatCount(batch.rowsImported)}
                  </td>
                  <td className="py-2 pr-3 text-right tabular-nums">{formatCount(batch.rowsSkipped)}</td>
                  <td className="max-w-[16rem] min-w-[8rem] py-2 pr-3 [overflow-wrap:anywhere]">
                    {batch.models.length > 1 ? (
                      // long model names: the count here, the names on the batch's page
                      <Link href={`/imports/${batch.id}`} title={batch.models.join("\n")} className="underline">
                        {batch.models.length} models
                      </Link>
                    ) : (
                      (batch.models[0] ?? "–")
                    )}
                  </td>
                  <td className="py-2 pr-3">
                    {batch.sets.length === 0
                      ? "–"
                      : batch.sets.map((set, index) => (
                          <span key={set}>
                            {index > 0 && ", "}
                            <Link href={`/?${new URLSearchParams({ set }).toString()}`} className="underline">
                              {set}
                            </Link>
                          </span>
                        ))}
                  </td>
                  <td className="max-w-[16rem] min-w-[9rem] py-2 text-xs [overflow-wrap:anywhere] text-zinc-600 dark:text-zinc-400">
                    {describeOptions(batch.options) || "–"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="mt-2 text-xs text-zinc-600 dark:text-zinc-400">
            {batches.length} batch{batches.length === 1 ? "" : "es"}.
          </p>
        </div>
      )}
    </div>
  );
}
