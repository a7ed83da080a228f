// Shared plumbing of the rates route handlers: the filter a request's params mean, and the method
// and scope behind the numbers stated with them. (Parsing and errors: lib/api/route.ts.)
import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { RatesApiParams } from "@/lib/params/figure";
import { resolveMethodView } from "@/lib/params/method";
import type { RatesFilter } from "@/lib/rates/types";
import { resolveScope } from "@/lib/queries/scope";
import { checkJudge } from "@/lib/queries/judges";
import type { ResolvedScope } from "@/lib/scope/types";
import { methodProvenance, type RatesProvenance } from "@/lib/stats/method";

export { methodProvenance, type RatesProvenance } from "@/lib/stats/method";

export async function ratesFilter(
  prisma: PrismaClient,
  params: RatesApiParams,
): Promise<{ filter: RatesFilter; provenance: RatesProvenance; scope: ResolvedScope }> {
  const view = resolveMethodView(params);
  await checkJudge(prisma, view.method.source);
  const scope = await resolveScope(prisma, view.base, view.attributes);
  return {
    filter: { set: params.set, method: view.method, scope: scope.scope, groups: params.groups },
    provenance: methodProvenance(view, scope),
    scope,
  };
}

/** Response headers that state the method of a CSV or JSON body that has no room for it. */
export function provenanceHeaders(provenance: RatesProvenance): Record<string, string> {
  // header values must be ISO-8859-1: the label's ≥ is written >=
  const ascii = (text: string) => text.replace(/≥/g, ">=").replace(/[^\x20-\x7e]/g, "?");
  return {
    "X-Rates-Method": ascii(provenance.methodLabel),
    "X-Rates-Base-Model": ascii(provenance.baseModel),
  };
}
