// Shared prelude of the answer-browser API routes (/api/answers and /api/answers/csv): the same
// full-text check and the same filters, so both endpoints mean the same answers. (The params are
// parsed by the route wrapper, lib/api/route.ts, with answerBrowserParamsSchema.)
import "server-only";
import { ApiError } from "@/lib/api/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { filtersFromParams, type AnswerBrowserParams, type AnswerFilters } from "@/lib/params/answers";
import { checkJudge } from "@/lib/queries/judges";
import { searchHasTerms } from "@/lib/queries/answer-browser";

/** The filters of an answer-browser request; 400 invalid-parameter for a search of only stop words. */
export async function answerBrowserFilters(prisma: PrismaClient, params: AnswerBrowserParams): Promise<AnswerFilters> {
  if (params.q !== undefined && !(await searchHasTerms(prisma, params.q))) {
    const message = `q "${params.q}" has only words full-text search ignores`;
    throw new ApiError("invalid-parameter", `Invalid query: ${message}`, { issues: [{ parameter: "q", message: message.slice(2) }] });
  }
  const filters = filtersFromParams(params);
  // judge=<name> without scores: 400 naming it (lib/api/route.ts), not an empty list
  await checkJudge(prisma, filters.thresholds.source);
  return filters;
}
