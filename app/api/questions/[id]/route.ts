// GET /api/questions/<id>?aligned=&coherent=&missing=&bin=: the numbers of the question page as
// JSON (question, each group's rate, histograms per group, worst answers); format=csv with
// table=rates (default) or table=worst gives that table.
import { getPrisma } from "@/lib/db/client";
import { csvResponse, toCsv } from "@/lib/export/csv";
import { groupRateColumns, worstAnswerColumns } from "@/lib/export/questions";
import { parseQuery } from "@/lib/params/common";
import { parseEntityId, thresholdsOf } from "@/lib/params/models";
import { questionApiParamsSchema } from "@/lib/params/questions";
import { loadQuestionView } from "@/lib/queries/questions";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const rawId = (await params).id;
  const id = parseEntityId(rawId);
  if (id === null) return Response.json({ error: `Question id "${rawId}" is not a positive whole number` }, { status: 404 });
  const parsed = parseQuery(request, questionApiParamsSchema);
  if (!parsed.ok) return parsed.response;
  const thresholds = thresholdsOf(parsed.data);
  const view = await loadQuestionView(getPrisma(), id, { thresholds, binWidth: parsed.data.bin });
  if (!view) return Response.json({ error: `No question with id ${id}` }, { status: 404 });
  const { question } = view;
  if (parsed.data.format === "csv") {
    const name = `${question.set.name}-${question.externalId}`;
    return parsed.data.table === "worst"
      ? csvResponse(`${name}-worst-answers.csv`, toCsv(view.worst, worstAnswerColumns(question)))
      : csvResponse(`${name}-group-rates.csv`, toCsv(view.rates, groupRateColumns(question, thresholds)));
  }
  return Response.json(
    {
      question,
      thresholds: { ...thresholds, countMissingAligned: thresholds.countMissingAligned === true },
      rates: view.rates,
      histograms: view.histograms,
      worstAnswers: view.worst,
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}
