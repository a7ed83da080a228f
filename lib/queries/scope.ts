// Base model as a scope: every figure in this literature is drawn per base model, so every view is
// scoped to one base model (default: the one with the most models with evaluation answers) or,
// when asked, to all of them pooled (and labelled so). Models without a base model are their own
// scope, "base model unknown", never mixed silently into a named one.
import "server-only";
import { cachedPerDataVersion } from "@/lib/cache/data-version";
import { z } from "zod";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { int4, queryRows } from "@/lib/db/rows";
import { ALL_BASE_MODELS, UNKNOWN_BASE_MODEL, type AttributeFilter } from "@/lib/params/method";
import type { BaseScope, BaseModelChoice, ResolvedScope } from "@/lib/scope/types";
import { scopeLabel, scopeParam, defaultScope } from "@/lib/scope/scope";

/** SQL condition on a model row (alias `m`) for the scope: its base model, and each attribute filter. */
export function modelInScopeSql(scope: BaseScope, alias = "m"): Prisma.Sql {
  const column = Prisma.raw(`${alias}.base_model`);
  const base =
    scope.kind === "all"
      ? Prisma.sql`true`
      : scope.kind === "unknown"
        ? Prisma.sql`${column} IS NULL`
        : Prisma.sql`${column} = ${scope.name}`;
  const attributes = (scope.attributes ?? []).map((filter) => modelHasAttributeSql(filter, alias));
  return attributes.length === 0 ? base : Prisma.sql`(${Prisma.join([base, ...attributes], " AND ")})`;
}

/**
 * The model has the attribute: one probe of model_attribute's primary key (model_id, key). A
 * number compares as a number (lora_rank:4 matches 4.0), as text otherwise; values travel as text
 * (Prisma rounds some double parameters).
 */
function modelHasAttributeSql(filter: AttributeFilter, alias: string): Prisma.Sql {
  const value =
    typeof filter.value === "number"
      ? Prisma.sql`ma.num_value = ${String(filter.value)}::float8`
      : Prisma.sql`ma.text_value = ${filter.value}`;
  return Prisma.sql`EXISTS (SELECT 1 FROM model_attribute ma WHERE ma.model_id = ${Prisma.raw(`${alias}.id`)} AND ma.key = ${filter.key} AND ${value})`;
}

const baseModelChoiceRow = z.strictObject({ baseModel: z.string().nullable(), models: int4 }) satisfies z.ZodType<BaseModelChoice>;

/** Base models with evaluation answers (the histogram holds evaluation answers only), most models first. */
export const listBaseModels = cachedPerDataVersion("listBaseModels", async function listBaseModels(prisma: PrismaClient): Promise<
  BaseModelChoice[]
> {
  return queryRows(
    prisma,
    "listBaseModels",
    baseModelChoiceRow,
    Prisma.sql`
    SELECT m.base_model AS "baseModel", count(*)::int AS models
      FROM model m
     WHERE EXISTS (SELECT 1 FROM answer_score_block h WHERE h.model_id = m.id)
     GROUP BY m.base_model
     ORDER BY count(*) DESC, m.base_model NULLS LAST`,
  );
});

/** The scope a `base` URL value names (undefined: the default), narrowed by the `attr` filters. */
export const resolveScope = cachedPerDataVersion(
  "resolveScope",
  async function resolveScope(prisma: PrismaClient, param: string | undefined, attributes: AttributeFilter[] = []): Promise<ResolvedScope> {
    const choices = await listBaseModels(prisma);
    let scope: BaseScope;
    let unknownParam: string | undefined;
    if (param === undefined) scope = defaultScope(choices);
    else if (param === ALL_BASE_MODELS) scope = { kind: "all" };
    else if (param === UNKNOWN_BASE_MODEL) scope = { kind: "unknown" };
    else {
      scope = { kind: "named", name: param };
      if (!choices.some((choice) => choice.baseModel === param)) unknownParam = param;
    }
    if (attributes.length > 0) scope = { ...scope, attributes };
    return { scope, param: scopeParam(scope), label: scopeLabel(scope), isDefault: param === undefined, choices, unknownParam };
  },
);
