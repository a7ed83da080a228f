// The models of one base-model scope (default: the base model with the most models, as on every
// page; ?base=all pools them, ?base=unknown lists models without one), optionally one group's
// (?group=insecure), with CSV and JSON exports. Links to model pages carry the scope and method.
import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import PageLoading from "@/components/models/PageLoading";
import ScopeSelect from "@/components/models/ScopeSelect";
import { EmptyState, InvalidParamsMessage } from "@/components/ui/Notices";
import ModelTable from "@/components/models/ModelTable";
import { getPrisma } from "@/lib/db/client";
import { type RawSearchParams } from "@/lib/params/common";
import AttributeFilterForm from "@/components/models/AttributeFilterForm";
import { attributeFilterParam, methodQuery, resolveMethodView, type AttributeFilter, type MethodView } from "@/lib/params/method";
import type { ModelSummary } from "@/lib/models/types";
import { modelsListHref, modelsListParamsSchema } from "@/lib/params/models";
import { listModels } from "@/lib/queries/models";
import { resolveScope } from "@/lib/queries/scope";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Models" };

export default async function ModelsPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const parsed = modelsListParamsSchema.safeParse(await searchParams);
  if (!parsed.success) {
    return <InvalidParamsMessage error={parsed.error} />;
  }
  return (
    <Suspense key={JSON.stringify(parsed.data)} fallback={<PageLoading what="models" />}>
      <ModelsContent group={parsed.data.group} view={resolveMethodView(parsed.data)} />
    </Suspense>
  );
}

async function ModelsContent({ group, view }: { group?: string; view: MethodView }) {
  const prisma = getPrisma();
  const scope = await resolveScope(prisma, view.base, view.attributes);
  const filtered = (view.attributes ?? []).length > 0;
  const [inScope, unknownModels, unfiltered] = await Promise.all([
    listModels(prisma, { scope: scope.scope }),
    // models without a base model but no evaluation answers (e.g. only curated examples) are not a
    // scope choice; the list still offers their scope
    prisma.model.count({ where: { baseModel: null } }),
    // the attribute values offered by the filter: those of the base model's models, filters aside
    filtered ? listModels(prisma, { scope: { ...scope.scope, attributes: [] } }) : null,
  ]);
  const attributeChoices = attributeChoicesOf(unfiltered ?? inScope);
  if (inScope.length === 0 && scope.choices.length === 0 && unknownModels === 0 && (await prisma.model.count()) === 0) {
    return <EmptyState hasQuestionSets={false} />;
  }
  const models = group ? inScope.filter((model) => model.group.name === group) : inScope;
  const apiQuery = new URLSearchParams();
  if (group) apiQuery.set("group", group);
  apiQuery.set("base", scope.param);
  for (const filter of view.attributes ?? []) apiQuery.append("attr", attributeFilterParam(filter));
  const linkClass = "text-blue-700 underline dark:text-blue-300";
  // other params of the page, for the scope form without JavaScript
  const keep: [string, string][] = [...new URLSearchParams(methodQuery({ ...view, base: undefined }))];
  if (group) keep.push(["group", group]);

  return (
    <div className="space-y-4">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">
          Models
          {group && (
            <span className="font-normal">
              {" "}
              of group <span className="font-mono">{group}</span>
            </span>
          )}
          <span className="font-normal">
            {" "}
            · base model <span data-testid="current-scope">{scope.label}</span>
          </span>
        </h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-300">
          One row per model (one seeded finetuning run) of{" "}
          {scope.scope.kind === "all"
            ? "every base model, pooled"
            : scope.scope.kind === "unknown"
              ? "no known base model"
              : `base model ${scope.label}`}
          {scope.isDefault && scope.scope.kind === "named" ? " (the base model with the most models)" : ""}. Figures in this literature are
          drawn per base model, so every page shows one at a time. Open a model for its rate on each question, its score distributions and
          every answer on an alignment-vs-coherence plot.
        </p>
        <p className="flex flex-wrap gap-3 text-sm">
          {group && (
            <Link href={modelsListHref({ ...view })} className={linkClass}>
              all groups
            </Link>
          )}
          <a href={`/api/models?${apiQuery.toString()}&format=csv`} className={linkClass} data-testid="models-csv" download>
            CSV
          </a>
          <a href={`/api/models?${apiQuery.toString()}`} className={linkClass}>
            JSON
          </a>
        </p>
      </div>
      <ScopeSelect base={scope.param} baseChoices={scope.choices} keep={keep} unknownModels={unknownModels} />
      <AttributeFilterForm choices={attributeChoices} view={{ ...view, base: scope.param }} group={group} />
      {scope.unknownParam && (
        <p className="text-sm text-amber-800 dark:text-amber-200" data-testid="unknown-base">
          No model with evaluation answers has the base model “{scope.unknownParam}”.
        </p>
      )}
      {models.length === 0 ? (
        <p className="rounded border border-zinc-300 p-4 text-sm dark:border-zinc-700" data-testid="models-empty">
          {group ? (
            <>
              No model of base model {scope.label} belongs to a group named “{group}”. Groups here:{" "}
              {[...new Set(inScope.map((model) => model.group.name))].join(", ") || "none"}.
            </>
          ) : (
            <>
              No model has the base model {scope.label}
              {filtered ? " and these attributes" : ""}.
            </>
          )}
        </p>
      ) : (
        <ModelTable models={models} view={view} />
      )}
    </div>
  );
}

/** Every (key, value) the models have, by key then value (numbers in numeric order). */
function attributeChoicesOf(models: ModelSummary[]): AttributeFilter[] {
  const seen = new Map<string, AttributeFilter>();
  for (const model of models) for (const entry of model.attributes) seen.set(attributeFilterParam(entry), entry);
  return [...seen.values()].sort((a, b) =>
    a.key !== b.key
      ? a.key.localeCompare(b.key)
      : typeof a.value === "number" && typeof b.value === "number"
        ? a.value - b.value
        : String(a.value).localeCompare(String(b.value)),
  );
}
