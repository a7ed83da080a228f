// POST /api/import?fileName=<name>&model=&group=&seed=&baseModel=&set=&judge=&format=&skipInvalid=1&examples=1|0&newQuestions=1
// examples=1: curated examples (browsable, never counted in rates), examples=0: an evaluation; absent:
// the format's default (the results CSV is examples). newQuestions=1 creates unknown question ids in `set`.
// The file is the raw request body (e.g. `curl --data-binary @file.csv`), streamed to a temporary
// file and imported with importFile(). Answers JSON (lib/import/responses.ts): 200 with the report,
// 400 with the file's problems or the bad parameters, 401 without the admin token (ADMIN_TOKEN),
// 413 when the file is over the limit, 415 for multipart bodies, 503 when a concurrent writer got in
// the way (deadlock, lock timeout). The same file uploaded twice at once: one imports it, the other
// answers 200 "already imported" with that batch (lib/import/locks.ts). Missing form fields (an
// eval.py CSV without model or group, newQuestions without set) answer 400 with those fields AND
// the file's row problems, found by checkFile() without writing anything.
import { formatBytes } from "@/lib/format";
import { checkAdminToken, configuredAdminToken, unauthorizedResponse } from "@/lib/auth/admin";
import { databaseUrl } from "@/lib/db/client";
import { importFile, ImportUsageError, ImportValidationError, type ImportFormat, type ImportOptions } from "@/lib/import";
import { isConcurrencyConflict } from "@/lib/import/locks";
import { reportToJson, type ImportResponse } from "@/lib/import/responses";
import {
  checkUploadRows,
  detectUploadFormat,
  maxUploadBytes,
  missingUploadFields,
  requireUploadOptions,
  storeUpload,
  UploadTooLargeError,
} from "@/lib/import/upload";
import { searchParamsToRecord } from "@/lib/params";
import { indexSearchInBackground } from "@/lib/search/background";
import { importUploadParamsSchema, uploadParamsToOptions } from "@/lib/params/imports";

export const dynamic = "force-dynamic";
// Big files take a while; the import runs in one transaction either way.
export const maxDuration = 3600;

type Failure = Extract<ImportResponse, { ok: false }>;

function failure(status: number, body: Partial<Failure> & { error: string }): Response {
  const payload: Failure = { ok: false, issues: [], truncated: false, fields: {}, ...body };
  return Response.json(payload, { status, headers: { "Cache-Control": "no-store" } });
}

export async function POST(request: Request): Promise<Response> {
  const auth = checkAdminToken(request.headers);
  if (!auth.ok) return unauthorizedResponse(auth);

  const contentType = request.headers.get("content-type") ?? "";
  if (/^multipart\//i.test(contentType)) {
    return failure(415, {
      error:
        "Send the file as the raw request body (not multipart form data) and the options as query parameters, " +
        "e.g. curl --data-binary @results.csv '/api/import?fileName=results.csv&model=M&group=G'.",
    });
  }

  const parsed = importUploadParamsSchema.safeParse(searchParamsToRecord(new URL(request.url).searchParams));
  if (!parsed.success) {
    const fields = Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0] ?? "parameter"), issue.message]));
    return failure(400, {
      error: `Invalid ${Object.keys(fields).join(", ")}: ${Object.entries(fields).map(([name, message]) => `${name} ${message}`).join("; ")}.`,
      fields,
    });
  }
  const { fileName } = parsed.data;
  const options = uploadParamsToOptions(parsed.data);

  const limit = maxUploadBytes();
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) return failure(413, { error: new UploadTooLargeError(limit).message });
  if (!request.body) return failure(400, { error: `${fileName}: the file is empty`, issues: [{ file: fileName, message: "the file is empty" }] });

  let stored;
  try {
    stored = await storeUpload(request.body, limit);
  } catch (error) {
    if (error instanceof UploadTooLargeError) return failure(413, { error: error.message });
    throw error;
  }
  let format: ImportFormat | undefined;
  try {
    format = await detectUploadFormat(stored, fileName, options);
    const missing = await missingFieldsFailure(stored, fileName, format, options);
    if (missing) return missing;
    const report = await importFile(databaseUrl(), { path: stored.path, fileName }, options);
    // committed: index the new answers for search in the background (not awaited; search is exact meanwhile)
    if (!report.alreadyImported && report.rowsImported > 0) void indexSearchInBackground(databaseUrl());
    return Response.json({ ok: true, report: reportToJson(report) } satisfies ImportResponse, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    if (error instanceof ImportValidationError) {
      const count = error.issues.length;
      return failure(400, {
        error: `${fileName} was not imported (nothing was written): ${count} problem${count === 1 ? "" : "s"}${error.truncated ? " (stopped early)" : ""}.`,
        issues: error.issues,
        truncated: error.truncated,
        format,
      });
    }
    if (error instanceof ImportUsageError) {
      return failure(400, { error: error.message, fields: missingUploadFields(format, options), format });
    }
    // a deadlock or lock timeout with another writer: nothing was written, and trying again works
    if (isConcurrencyConflict(error)) {
      return failure(503, {
        error: `${fileName} was not imported (nothing was written): another change to the database got in the way. Try again in a moment.`,
        format,
      });
    }
    throw error;
  } finally {
    await stored.cleanup();
  }
}

/**
 * Form fields are missing: the answer names them AND the file's own problems (rows, columns),
 * checked without writing anything, so that one round trip shows everything there is to fix.
 */
async function missingFieldsFailure(
  stored: Parameters<typeof checkUploadRows>[1],
  fileName: string,
  format: ImportFormat,
  options: ImportOptions,
): Promise<Response | null> {
  try {
    requireUploadOptions(fileName, format, options);
    return null;
  } catch (error) {
    if (!(error instanceof ImportUsageError)) throw error;
    const check = await checkUploadRows(databaseUrl(), stored, fileName, format, options);
    const count = check.issues.length;
    const rows =
      count === 0
        ? " Its rows were checked and have no problems."
        : ` The file also has ${count} problem${count === 1 ? "" : "s"}${check.truncated ? " (stopped early)" : ""}, listed below: fix both, then upload again.`;
    return failure(400, {
      error: `${error.message}${rows}`,
      fields: missingUploadFields(format, options),
      issues: check.issues,
      truncated: check.truncated,
      format,
    });
  }
}

/** GET explains how to use the endpoint (and the size limit) instead of a bare 405. */
export function GET(): Response {
  return Response.json(
    {
      usage:
        "POST the file as the raw body to /api/import?fileName=<name>[&model=&group=&seed=&baseModel=&set=&judge=&format=&skipInvalid=1&examples=1|0&newQuestions=1]",
      maxBytes: maxUploadBytes(),
      maxSize: formatBytes(maxUploadBytes()),
      adminTokenRequired: configuredAdminToken() !== null,
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}
