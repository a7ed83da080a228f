// A base-model scope's URL value, label and default: pure, no database.
import { ALL_BASE_MODELS, attributeFiltersLabel, UNKNOWN_BASE_MODEL } from "@/lib/params/method";
import type { BaseModelChoice, BaseScope, ModelScope, ResolvedScope } from "@/lib/scope/types";

/** "Qwen2.5-14B-Instruct", or with attribute filters "Qwen2.5-14B-Instruct, models with LoRA rank 4" */
export function scopeLabel(scope: BaseScope): string {
  const base = scope.kind === "all" ? "all base models (pooled)" : scope.kind === "unknown" ? "base model unknown" : scope.name;
  const attributes = attributeFiltersLabel(scope.attributes);
  return attributes ? `${base}, ${attributes}` : base;
}

export function scopeParam(scope: BaseScope): string {
  return scope.kind === "all" ? ALL_BASE_MODELS : scope.kind === "unknown" ? UNKNOWN_BASE_MODEL : scope.name;
}

/** The default scope: the named base model with the most models; unknown when none is named. */
export function defaultScope(choices: readonly BaseModelChoice[]): BaseScope {
  const named = choices.find((choice) => choice.baseModel !== null);
  if (named) return { kind: "named", name: named.baseModel as string };
  return choices.length > 0 ? { kind: "unknown" } : { kind: "all" };
}

/** The scope a model belongs to: its base model, or "base model unknown". */
export function ownScope(baseModel: string | null): BaseScope {
  return baseModel === null ? { kind: "unknown" } : { kind: "named", name: baseModel };
}

/** Whether a scope holds a model of this base model. */
export function scopeHolds(scope: BaseScope, baseModel: string | null): boolean {
  if (scope.kind === "all") return true;
  if (scope.kind === "unknown") return baseModel === null;
  return scope.name === baseModel;
}

/**
 * A model is compared with its group within a base model that holds it: the requested scope (the
 * default, a named one, or all pooled) when it does, else the model's own base model — a group
 * mean of other base models' models says nothing about this one.
 */
export function scopeForModel(requested: ResolvedScope, baseModel: string | null): ModelScope {
  if (scopeHolds(requested.scope, baseModel)) {
    return { ...requested, linkBase: requested.isDefault ? undefined : requested.param };
  }
  const own: BaseScope = { ...ownScope(baseModel), attributes: requested.scope.attributes };
  return {
    ...requested,
    scope: own,
    param: scopeParam(own),
    label: scopeLabel(own),
    isDefault: false,
    unknownParam: undefined,
    replaced: requested.label,
    linkBase: scopeParam(own),
  };
}
