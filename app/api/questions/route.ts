// GET /api/questions[?format=csv]: every set with its questions and answer counts.
import { getPrisma } from "@/lib/db/client";
import { csvResponse, toCsv } from "@/lib/export/csv";
import { QUESTION_LIST_COLUMNS } from "@/lib/export/questions";
import { parseQuery } from "@/lib/params/common";
import { questionsListApiParamsSchema } from "@/lib/params/questions";
import { listQuestionsBySet } from "@/lib/queries/questions";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  const parsed = parseQuery(request, questionsListApiParamsSchema);
  if (!parsed.ok) return parsed.response;
  const sets = await listQuestionsBySet(getPrisma());
  if (parsed.data.format === "csv") {
    const rows = sets.flatMap((set) => set.questions.map((question) => ({ ...question, set })));
    return csvResponse("questions.csv", toCsv(rows, QUESTION_LIST_COLUMNS));
  }
  return Response.json(sets, { headers: { "Cache-Control": "no-store" } });
}
