// Base model as a scope (lib/queries/scope.ts resolves it against the database), optionally
// narrowed to the models with some attributes (`attr` URL params).
import type { AttributeFilter } from "@/lib/params/method";

export type BaseScope = ({ kind: "all" } | { kind: "unknown" } | { kind: "named"; name: string }) & {
  /** only the models with all these attributes (absent or empty: every model of the base model) */
  attributes?: AttributeFilter[];
};

export interface BaseModelChoice {
  /** null: models without a base model */
  baseModel: string | null;
  /** models with evaluation answers */
  models: number;
}

export interface ResolvedScope {
  scope: BaseScope;
  /** the URL value of the scope (a name, all or unknown) */
  param: string;
  /** words for headings: "Qwen2.5-Coder-7B-Instruct", "all base models (pooled)", "base model unknown" */
  label: string;
  /** whether the URL named it or it is the default */
  isDefault: boolean;
  /** every base model with evaluation answers, most models first */
  choices: BaseModelChoice[];
  /** the `base` param named a base model that has no evaluation answers */
  unknownParam?: string;
}

/** The scope of a model page: the requested one when it holds the model, else the model's own. */
export interface ModelScope extends ResolvedScope {
  /** the label of the requested scope when it does not hold this model (its own base model is used instead) */
  replaced?: string;
  /** the `base` param links from this page carry (undefined: the default scope, which is this one) */
  linkBase?: string;
}
