// GET /api/questions[?base=<base model>|all|unknown][&format=csv]: every set with its questions, the
// evaluation-answer counts of the scope's models (default scope as on every page) and each group's
// Figure-4 rate by the request's method (preset, thresholds: as on every rates route). Each set
// (JSON) and each row (CSV) names the scope; the X-Rates-Base-Model header too.
import type { QuestionsResponse } from "@/lib/api/contracts";
import { apiRoute, jsonResponse } from "@/lib/api/route";
import { getPrisma } from "@/lib/db/client";
import { csvResponse, toCsv } from "@/lib/export/csv";
import { methodProvenance, provenanceHeaders } from "@/lib/api/provenance";
import { questionListColumns } from "@/lib/export/questions";
import { resolveMethodView } from "@/lib/params/method";
import { questionsListApiParamsSchema } from "@/lib/params/questions";
import { listQuestionsWithRates } from "@/lib/queries/questions";
import { resolveScope } from "@/lib/queries/scope";
import { checkJudge } from "@/lib/queries/judges";

export const dynamic = "force-dynamic";

export const GET = apiRoute({
  query: questionsListApiParamsSchema,
  cache: "no-store",
  async handler({ query }) {
    const prisma = getPrisma();
    const view = resolveMethodView(query);
    await checkJudge(prisma, view.method.source);
    const scope = await resolveScope(prisma, view.base, view.attributes);
    const sets = await listQuestionsWithRates(prisma, { scope: scope.scope, method: view.method });
    const headers = provenanceHeaders(methodProvenance(view, scope));
    if (query.format === "csv") {
      const rows = sets.flatMap((set) => set.questions.map((question) => ({ ...question, set })));
      return csvResponse(`questions_base-${scope.param}.csv`, toCsv(rows, questionListColumns(scope.param)), headers);
    }
    const body: QuestionsResponse = sets.map((set) => ({ ...set, scope: scope.param }));
    return jsonResponse(body, headers);
  },
});
