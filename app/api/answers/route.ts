// GET /api/answers?<the browser's params>: one page of the answer browser as JSON.
// { items: [...], nextCursor, prevCursor, total, totalCapped, pageSize }. Pass nextCursor back as
// `cursor` for the next page (prevCursor as `before` for the previous one).
import { encodeKeysetCursor } from "@/lib/params/answers";
import { parseAnswerBrowserRequest, searchBusyResponse } from "@/lib/answers/api";
import { BROWSER_PAGE_SIZE, browseAnswers, countAnswers, SearchBusyError } from "@/lib/queries/answer-browser";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  const parsed = await parseAnswerBrowserRequest(request);
  if (!parsed.ok) return parsed.response;
  const { prisma, params, filters } = parsed;
  const sort = { key: params.sort, dir: params.dir };
  let page, total;
  try {
    [page, total] = await Promise.all([
      browseAnswers(prisma, { filters, sort, after: params.cursor, before: params.before }),
      countAnswers(prisma, filters),
    ]);
  } catch (error) {
    if (error instanceof SearchBusyError) return searchBusyResponse(error);
    throw error;
  }
  return Response.json(
    {
      items: page.items.map(({ snippet, ...item }) => ({ ...item, snippet: snippet && snippet.map((s) => ({ text: s.text, match: s.highlighted })) })),
      nextCursor: page.nextCursor && encodeKeysetCursor(page.nextCursor),
      prevCursor: page.prevCursor && encodeKeysetCursor(page.prevCursor),
      total: total.count,
      totalCapped: total.capped,
      pageSize: BROWSER_PAGE_SIZE,
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}
