// GET /api/answers?<the browser's params>: one page of the answer browser as JSON.
// { items: [...], nextCursor, prevCursor, total, totalCapped, pageSize }. Pass nextCursor back as
// `cursor` for the next page (prevCursor as `before` for the previous one).
import { encodeKeysetCursor } from "@/lib/params/answers";
import { answerBrowserFilters } from "@/lib/api/answer-filters";
import type { AnswersResponse } from "@/lib/api/contracts";
import { apiRoute, jsonResponse } from "@/lib/api/route";
import { getPrisma } from "@/lib/db/client";
import { answerBrowserParamsSchema } from "@/lib/params/answers";
import { answerSnippets, BROWSER_PAGE_SIZE, browseAnswers, countAnswers } from "@/lib/queries/answer-browser";

export const dynamic = "force-dynamic";

export const GET = apiRoute({
  query: answerBrowserParamsSchema,
  cache: "no-store",
  async handler({ query: params }) {
    const prisma = getPrisma();
    const filters = await answerBrowserFilters(prisma, params);
    const sort = { key: params.sort, dir: params.dir };
    // a search that finds no free connection throws SearchBusyError: 503 busy (lib/api/route.ts)
    // a search's snippets are read after the page's rows, while the count runs
    const search = filters.search;
    const [{ page, snippets }, total] = await Promise.all([
      browseAnswers(prisma, { filters, sort, after: params.cursor, before: params.before }).then(async (page) => ({
        page,
        snippets:
          search === undefined
            ? null
            : await answerSnippets(
                prisma,
                search,
                page.items.map((item) => item.id),
              ),
      })),
      countAnswers(prisma, filters),
    ]);
    // one key per extra judge metric present on the page (medical, bad_stuff…) in every item's
    // `metrics`, null where the answer has no number for it
    const metrics = [...new Set(page.items.flatMap((item) => item.metrics.map((entry) => entry.metric)))].sort();
    const body: AnswersResponse = {
      items: page.items.map(({ metrics: scores, ...item }) => ({
        ...item,
        metrics: Object.fromEntries(metrics.map((metric) => [metric, scores.find((entry) => entry.metric === metric)?.score ?? null])),
        snippet: snippets?.[item.id]?.map((segment) => ({ text: segment.text, match: segment.highlighted })) ?? null,
      })),
      metrics,
      nextCursor: page.nextCursor && encodeKeysetCursor(page.nextCursor),
      prevCursor: page.prevCursor && encodeKeysetCursor(page.prevCursor),
      total: total.count,
      totalCapped: total.capped,
      pageSize: BROWSER_PAGE_SIZE,
    };
    return jsonResponse(body);
  },
});
