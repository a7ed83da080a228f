// Shared prelude of the answer-browser API routes (/api/answers and /api/answers/csv): the same
// params, the same full-text check and the same filters, so both endpoints mean the same answers.
import "server-only";
import { getPrisma } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { parseQuery } from "@/lib/params/common";
import { answerBrowserParamsSchema, filtersFromParams, type AnswerBrowserParams, type AnswerFilters } from "@/lib/params/answers";
import { searchHasTerms, type SearchBusyError } from "@/lib/queries/answer-browser";

/** 503 for a search that found no free connection in time (SearchBusyError): busy, not broken. */
export function searchBusyResponse(error: SearchBusyError): Response {
  return Response.json({ error: error.message }, { status: 503, headers: { "Cache-Control": "no-store", "Retry-After": "5" } });
}

export type AnswerBrowserRequest =
  | { ok: true; prisma: PrismaClient; params: AnswerBrowserParams; filters: AnswerFilters }
  | { ok: false; response: Response };

/** Validated params and filters of an answer-browser API request, or the 400 response. */
export async function parseAnswerBrowserRequest(request: Request): Promise<AnswerBrowserRequest> {
  const parsed = parseQuery(request, answerBrowserParamsSchema);
  if (!parsed.ok) return parsed;
  const params = parsed.data;
  const prisma = getPrisma();
  if (params.q !== undefined && !(await searchHasTerms(prisma, params.q))) {
    const response = Response.json(
      { error: `Invalid query: q "${params.q}" has only words full-text search ignores` },
      { status: 400 },
    );
    return { ok: false, response };
  }
  return { ok: true, prisma, params, filters: filtersFromParams(params) };
}
