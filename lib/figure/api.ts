// Shared plumbing of the /api/rates* route handlers: validated params in, JSON errors out, and the
// method and scope behind the numbers stated with them.
import "server-only";
import type { z } from "zod";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { parseQuery } from "@/lib/params/common";
import type { RatesApiParams } from "@/lib/params/figure";
import { resolveMethodView } from "@/lib/params/method";
import { UnknownQuestionSetError } from "@/lib/queries/rates";
import type { RatesFilter } from "@/lib/rates/types";
import { resolveScope } from "@/lib/queries/scope";
import type { ResolvedScope } from "@/lib/scope/types";
import { methodProvenance, type RatesProvenance } from "@/lib/stats/method";

export { methodProvenance, type RatesProvenance } from "@/lib/stats/method";

export async function ratesFilter(
  prisma: PrismaClient,
  params: RatesApiParams,
): Promise<{ filter: RatesFilter; provenance: RatesProvenance; scope: ResolvedScope }> {
  const view = resolveMethodView(params);
  const scope = await resolveScope(prisma, view.base);
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

/** Runs `handle` with the request's parsed query; 400 on invalid params, 404 on an unknown set. */
export async function withRatesParams<Schema extends z.ZodType>(
  request: Request,
  schema: Schema,
  handle: (params: z.infer<Schema>) => Promise<Response>,
): Promise<Response> {
  const parsed = parseQuery(request, schema);
  if (!parsed.ok) return parsed.response;
  try {
    return await handle(parsed.data);
  } catch (error) {
    if (error instanceof UnknownQuestionSetError) {
      return Response.json({ error: `Unknown question set "${error.set}"` }, { status: 404 });
    }
    throw error;
  }
}

export const NO_STORE = { "Cache-Control": "no-store" };
