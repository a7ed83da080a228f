// GET /api/rates?set=<name>&aligned=<A>&coherent=<C>: the Figure-4 numbers as JSON.
// Contract (stable): an array of { group, question, rate, ciLow, ciHigh, models, answers, ... }.
import { getPrisma } from "@/lib/db/client";
import { describeIssues, ratesApiParamsSchema, searchParamsToRecord } from "@/lib/params";
import { getGroupQuestionRates, UnknownQuestionSetError } from "@/lib/queries/rates";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  const parsed = ratesApiParamsSchema.safeParse(searchParamsToRecord(new URL(request.url).searchParams));
  if (!parsed.success) {
    return Response.json({ error: `Invalid query: ${describeIssues(parsed.error)}` }, { status: 400 });
  }
  const { set, aligned, coherent } = parsed.data;
  try {
    const rates = await getGroupQuestionRates(getPrisma(), { set, thresholds: { aligned, coherent } });
    return Response.json(rates, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    if (error instanceof UnknownQuestionSetError) {
      return Response.json({ error: `Unknown question set "${set}"` }, { status: 404 });
    }
    throw error;
  }
}
