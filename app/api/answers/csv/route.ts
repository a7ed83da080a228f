// GET /api/answers/csv?<the browser's params>: every answer matching the filters, in the list's
// order, as CSV streamed in keyset batches (memory stays flat). Paging params are ignored.
// Cells are formula-safe (lib/export/csv.ts): answers are untrusted.
import { parseAnswerBrowserRequest, searchBusyResponse } from "@/lib/answers/api";
import { ANSWER_CSV_HEADER, answerCsvLine } from "@/lib/export/answers-csv";
import { SearchBusyError, walkAnswers } from "@/lib/queries/answer-browser";
import type { ExportAnswer } from "@/lib/answers/types";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  const parsed = await parseAnswerBrowserRequest(request);
  if (!parsed.ok) return parsed.response;
  const { prisma, params, filters } = parsed;
  const rows = walkAnswers(prisma, filters, { key: params.sort, dir: params.dir });
  // the first row before the headers go out: a search that finds no free connection is a 503,
  // not a broken download
  let first: IteratorResult<ExportAnswer> | null;
  try {
    first = await rows.next();
  } catch (error) {
    if (error instanceof SearchBusyError) return searchBusyResponse(error);
    throw error;
  }
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`${ANSWER_CSV_HEADER.join(",")}\r\n`));
    },
    async pull(controller) {
      // one database batch per pull, so a slow client slows the queries down instead of filling memory
      const chunk: string[] = [];
      for (let i = 0; i < 500; i += 1) {
        const next = first ?? (await rows.next());
        first = null;
        if (next.done) {
          if (chunk.length > 0) controller.enqueue(encoder.encode(chunk.join("")));
          controller.close();
          return;
        }
        chunk.push(`${answerCsvLine(next.value, filters.thresholds)}\r\n`);
      }
      controller.enqueue(encoder.encode(chunk.join("")));
    },
    async cancel() {
      await rows.return(undefined);
    },
  });
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="answers-${stamp}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
