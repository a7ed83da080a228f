// One import batch: its counts, options, skipped rows, the models it touched; remove it.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ImportFacts, ImportLinks, SkippedRows, type ImportFact } from "@/components/import/ImportFacts";
import { EXAMPLES_LABEL } from "@/components/import/ImportResult";
import RemoveBatch from "@/components/import/RemoveBatch";
import { configuredAdminToken } from "@/lib/auth/admin";
import { getPrisma } from "@/lib/db/client";
import { batchIdSchema } from "@/lib/params/imports";
import { getImportBatch } from "@/lib/queries/batches";
import { describeOptions } from "@/lib/export/batches";
import { formatCount, formatCountOf } from "@/lib/format";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: `Import batch #${(await params).id}` };
}

export default async function BatchPage({ params }: { params: Promise<{ id: string }> }) {
  const parsed = batchIdSchema.safeParse((await params).id);
  if (!parsed.success) notFound();
  const batch = await getImportBatch(getPrisma(), parsed.data);
  if (!batch) notFound();
  const { kind } = (await getPrisma().importBatch.findUnique({ where: { id: batch.id }, select: { kind: true } })) ?? {
    kind: "evaluation",
  };

  const facts: ImportFact[] = [
    ["Format", batch.format],
    ...(batch.format === "question-yaml"
      ? []
      : [
          [
            "Kind",
            kind === "examples" ? `${EXAMPLES_LABEL}: browsable, never counted in rates` : "evaluation (counted in rates)",
            "detail-kind",
          ] as [string, string, string],
        ]),
    ["Imported", `${batch.createdAt.toISOString().slice(0, 19).replace("T", " ")} UTC`],
    ["Rows read", formatCount(batch.rowsRead)],
    ["Rows imported", formatCount(batch.rowsImported), "detail-rows-imported"],
    ["Rows skipped", formatCount(batch.rowsSkipped)],
    ["Answers", formatCount(batch.answers), "detail-answers"],
    // aligned and coherent live on each answer; judge_score rows hold the rest (an eval.py CSV has none)
    ["Token distributions, extra metrics", formatCount(batch.judgeScores)],
    ...(batch.furtherJudge
      ? [
          [
            "Scores of a further judge",
            `${formatCountOf(batch.furtherJudge.scores, "answer")} scored by ${batch.furtherJudge.judge} (answers of other imports; removing this import removes these scores only)`,
            "detail-further-judge",
          ] as [string, string, string],
        ]
      : []),
    ["Options", describeOptions(batch.options) || "–"],
    [
      "It created",
      [
        formatCountOf(batch.created.sets, "question set"),
        formatCountOf(batch.created.questions, "question"),
        formatCountOf(batch.created.models, "model"),
        formatCountOf(batch.created.groups, "group"),
      ].join(", "),
    ],
  ];

  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <p className="text-sm">
          <Link href="/imports" className="underline">
            ← All imports
          </Link>
        </p>
        <h1 className="text-2xl font-semibold tracking-tight wrap-anywhere">
          Batch #{batch.id}: <span className="font-mono">{batch.fileName}</span>
        </h1>
      </div>
      <ImportFacts facts={facts} testId="batch-facts" />
      <ImportLinks
        links={[
          ...(batch.answers > 0
            ? [{ href: `/answers?batch=${batch.id}`, label: `Its ${formatCount(batch.answers)} answers`, testId: "batch-answers-link" }]
            : []),
          ...batch.sets.map((set) => ({ href: `/?${new URLSearchParams({ set }).toString()}`, label: `Figure 4 for ${set}` })),
          { href: `/api/imports/${batch.id}`, label: "JSON", plain: true },
        ]}
      />

      {batch.modelDetails.length > 0 && (
        <div className="overflow-x-auto">
          <table className="min-w-full text-left text-sm" data-testid="batch-models">
            <caption className="pb-1 text-left font-medium">Models in this batch</caption>
            <thead className="border-b border-zinc-300 dark:border-zinc-700">
              <tr>
                <th className="py-1 pr-3 font-medium">Model</th>
                <th className="py-1 pr-3 font-medium">Group</th>
                <th className="py-1 pr-3 font-medium">Seed</th>
                <th className="py-1 pr-3 text-right font-medium">Answers</th>
                <th className="py-1 font-medium">Created by this batch</th>
              </tr>
            </thead>
            <tbody>
              {batch.modelDetails.map((model) => (
                <tr key={model.name} className="border-b border-zinc-200 dark:border-zinc-800">
                  <td className="py-1 pr-3 font-mono wrap-anywhere">{model.name}</td>
                  <td className="py-1 pr-3">{model.groupLabel}</td>
                  <td className="py-1 pr-3 tabular-nums">{model.seed ?? "–"}</td>
                  <td className="py-1 pr-3 text-right tabular-nums">{formatCount(model.answers)}</td>
                  <td className="py-1">{model.createdByBatch ? "yes" : "no"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <SkippedRows rows={batch.skippedRows} />
      {batch.skippedRows.length === 0 && <p className="text-sm text-zinc-600 dark:text-zinc-400">No rows were skipped.</p>}

      <RemoveBatch batchId={batch.id} tokenRequired={configuredAdminToken() !== null} />
    </div>
  );
}
