// GET /api/questions/<id>?base=&preset=&aligned=&coherent=&denominator=&min=&ci=&bin=: the numbers
// of the question page as JSON (question, each group's rate = the Figure-4 rows of this question,
// histograms per group, worst answers), for one base-model scope and method; format=csv with
// table=rates (default) or table=worst gives that table. The method and scope travel with the
// numbers as on /api/rates: preset, methodLabel, method, baseModel, methodDescription at the top
// level and on every rate row; the rates CSV ends with the same method columns as the rates CSV.
import { getPrisma } from "@/lib/db/client";
import { csvResponse, toCsv } from "@/lib/export/csv";
import { methodProvenance, NO_STORE, provenanceHeaders } from "@/lib/figure/api";
import { groupRateColumns, worstAnswerColumns } from "@/lib/export/questions";
import { ratesFileName } from "@/lib/export/rates";
import { parseQuery } from "@/lib/params/common";
import { resolveMethodView } from "@/lib/params/method";
import { parseEntityId } from "@/lib/params/models";
import { questionApiParamsSchema } from "@/lib/params/questions";
import { loadQuestionView } from "@/lib/queries/questions";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const rawId = (await params).id;
  const id = parseEntityId(rawId);
  if (id === null) return Response.json({ error: `Question id "${rawId}" is not a positive whole number` }, { status: 404 });
  const parsed = parseQuery(request, questionApiParamsSchema);
  if (!parsed.ok) return parsed.response;
  const view = await loadQuestionView(getPrisma(), id, { view: resolveMethodView(parsed.data), binWidth: parsed.data.bin });
  if (!view) return Response.json({ error: `No question with id ${id}` }, { status: 404 });
  const { question } = view;
  const provenance = methodProvenance(view, view.scope);
  const headers = provenanceHeaders(provenance);
  if (parsed.data.format === "csv") {
    const name = `${question.set.name}-${question.externalId}`;
    const response =
      parsed.data.table === "worst"
        ? csvResponse(`${name}-worst-answers_base-${view.scope.param}.csv`, toCsv(view.worst, worstAnswerColumns(question, view.scope.param)))
        : csvResponse(ratesFileName(`group-rates_${question.externalId}`, question.set.name, provenance), toCsv(view.rates, groupRateColumns(question, provenance)));
    for (const [key, value] of Object.entries(headers)) response.headers.set(key, value);
    return response;
  }
  return Response.json(
    {
      ...provenance,
      scopeLabel: view.scope.label,
      question,
      scopeAnswers: view.scoped.answers,
      scopeModels: view.scoped.models,
      rates: view.rates.map((rate) => ({ ...rate, ...provenance })),
      histograms: view.histograms,
      worstAnswers: view.worst,
    },
    { headers: { ...NO_STORE, ...headers } },
  );
}
