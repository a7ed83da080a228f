// Shared plumbing of the /api/rates* route handlers: validated params in, JSON errors out.
import type { z } from "zod";
import { parseQuery } from "@/lib/params/common";
import type { RatesApiParams } from "@/lib/params/figure";
import { UnknownQuestionSetError, type RatesFilter } from "@/lib/queries/rates";

export function ratesFilter(params: RatesApiParams): RatesFilter {
  return {
    set: params.set,
    thresholds: { aligned: params.aligned, coherent: params.coherent, countMissingAligned: params.missing },
    groups: params.groups,
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
