// GET /api/answers/csv?<the browser's params>: every answer matching the filters, in the list's
// order, as CSV streamed in keyset batches (memory stays flat). Paging params are ignored.
// Cells are formula-safe (lib/export/csv.ts): answers are untrusted.
import { answerBrowserFilters } from "@/lib/api/answer-filters";
import { apiRoute } from "@/lib/api/route";
import { getPrisma } from "@/lib/db/client";
import { answerCsvHeader, answerCsvLine } from "@/lib/export/answers-csv";
import { metricsInAnswers, walkAnswers } from "@/lib/queries/answer-browser";
import type { ExportAnswer } from "@/lib/answers/types";
import { answerBrowserParamsSchema } from "@/lib/params/answers";

export const dynamic = "force-dynamic";

export const GET = apiRoute({
  query: answerBrowserParamsSchema,
  cache: "no-store",
  handler: async ({ query: params }) => {
    const prisma = getPrisma();
    const filters = await answerBrowserFilters(prisma, params);
    // the extra metric columns (medical, bad_stuff…) are those of the listed answers: known before the header goes out
    const metrics = await metricsInAnswers(prisma, filters);
    const rows = walkAnswers(prisma, filters, { key: params.sort, dir: params.dir });
    // the first row before the headers go out: a search that finds no free connection throws
    // SearchBusyError here, a 503 (lib/api/route.ts), not a broken download
    let first: IteratorResult<ExportAnswer> | null = await rows.next();
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(`${answerCsvHeader(metrics)}\r\n`));
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
          chunk.push(`${answerCsvLine(next.value, filters.thresholds, metrics)}\r\n`);
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
  },
});
