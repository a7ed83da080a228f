// GET /api/answers?<the browser's params>: one page of the answer browser as JSON.
// { items: [...], nextCursor, prevCursor, total, totalCapped, pageSize }. Pass nextCursor back as
// `cursor` for the next page (prevCursor as `before` for the previous one).
import { getPrisma } from "@/lib/db/client";
import { parseQuery } from "@/lib/params";
import { answerBrowserParamsSchema, encodeKeysetCursor, filtersFromParams } from "@/lib/params/answers";
import { BROWSER_PAGE_SIZE, browseAnswers, countAnswers, searchHasTerms } from "@/lib/queries/answer-browser";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  const parsed = parseQuery(request, answerBrowserParamsSchema);
  if (!parsed.ok) return parsed.response;
  const params = parsed.data;
  const prisma = getPrisma();
  if (params.q !== undefined && !(await searchHasTerms(prisma, params.q))) {
    return Response.json({ error: `Invalid query: q "${params.q}" has only words full-text search ignores` }, { status: 400 });
  }
  const filters = filtersFromParams(params);
  const sort = { key: params.sort, dir: params.dir };
  const [page, total] = await Promise.all([
    browseAnswers(prisma, { filters, sort, after: params.cursor, before: params.before }),
    countAnswers(prisma, filters),
  ]);
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
