// All models, optionally one group's (?group=insecure), with CSV and JSON exports.
import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import PageLoading from "@/components/models/PageLoading";
import { EmptyState, InvalidParamsMessage } from "@/components/Notices";
import ModelTable from "@/components/models/ModelTable";
import { getPrisma } from "@/lib/db/client";
import { type RawSearchParams } from "@/lib/params/common";
import { modelsListParamsSchema } from "@/lib/params/models";
import { listModels } from "@/lib/queries/models";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Models" };

export default async function ModelsPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const parsed = modelsListParamsSchema.safeParse(await searchParams);
  if (!parsed.success) {
    return (
      <InvalidParamsMessage error={parsed.error} />
    );
  }
  return (
    <Suspense key={parsed.data.group ?? ""} fallback={<PageLoading what="models" />}>
      <ModelsContent group={parsed.data.group} />
    </Suspense>
  );
}

async function ModelsContent({ group }: { group?: string }) {
  const all = await listModels(getPrisma());
  if (all.length === 0) return <EmptyState hasQuestionSets={false} />;
  const models = group ? all.filter((model) => model.group.name === group) : all;
  const query = group ? `?${new URLSearchParams({ group }).toString()}` : "";
  const linkClass = "text-blue-700 underline dark:text-blue-300";

  return (
    <div className="space-y-4">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">
          Models{group && <span className="font-normal"> of group <span className="font-mono">{group}</span></span>}
        </h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-300">
          One row per model (one seeded finetuning run). Open a model for its rate on each question, its score
          distributions and every answer on an alignment-vs-coherence plot.
        </p>
        <p className="flex flex-wrap gap-3 text-sm">
          {group && (
            <Link href="/models" className={linkClass}>
              all groups
            </Link>
          )}
          <a href={`/api/models${query}${query ? "&" : "?"}format=csv`} className={linkClass} data-testid="models-csv" download>
            CSV
          </a>
          <a href={`/api/models${query}`} className={linkClass}>
            JSON
          </a>
        </p>
      </div>
      {models.length === 0 ? (
        <p className="rounded border border-zinc-300 p-4 text-sm dark:border-zinc-700" data-testid="models-empty">
          No model belongs to a group named “{group}”. Groups here:{" "}
          {[...new Set(all.map((model) => model.group.name))].join(", ")}.
        </p>
      ) : (
        <ModelTable models={models} />
      )}
    </div>
  );
}
