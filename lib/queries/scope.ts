// Base model as a scope: every figure in this literature is drawn per base model, so every view is
// scoped to one base model (default: the one with the most models with evaluation answers) or,
// when asked, to all of them pooled (and labelled so). Models without a base model are their own
// scope, "base model unknown", never mixed silently into a named one.
import "server-only";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { ALL_BASE_MODELS, UNKNOWN_BASE_MODEL } from "@/lib/params/method";
import type { BaseScope, BaseModelChoice, ResolvedScope } from "@/lib/scope/types";
import { scopeLabel, scopeParam, defaultScope } from "@/lib/scope/scope";

/** SQL condition on a model row (alias `m`) for the scope. */
export function modelInScopeSql(scope: BaseScope, alias = "m"): Prisma.Sql {
  const column = Prisma.raw(`${alias}.base_model`);
  if (scope.kind === "all") return Prisma.sql`true`;
  if (scope.kind === "unknown") return Prisma.sql`${column} IS NULL`;
  return Prisma.sql`${column} = ${scope.name}`;
}

/** Base models with evaluation answers (the histogram holds evaluation answers only), most models first. */
export async function listBaseModels(prisma: PrismaClient): Promise<BaseModelChoice[]> {
  const rows = await prisma.$queryRaw<{ base_model: string | null; models: number }[]>`
    SELECT m.base_model, count(*)::int AS models
      FROM model m
     WHERE EXISTS (SELECT 1 FROM answer_score_block h WHERE h.model_id = m.id)
     GROUP BY m.base_model
     ORDER BY count(*) DESC, m.base_model NULLS LAST`;
  return rows.map((row) => ({ baseModel: row.base_model, models: row.models }));
}

/** The scope a `base` URL value names (undefined: the default). */
export async function resolveScope(prisma: PrismaClient, param: string | undefined): Promise<ResolvedScope> {
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
  return { scope, param: scopeParam(scope), label: scopeLabel(scope), isDefault: param === undefined, choices, unknownParam };
}
