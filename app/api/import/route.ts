// POST /api/import?fileName=<name>&model=&group=&seed=&baseModel=&set=&judge=&format=&skipInvalid=1&examples=1|0&newQuestions=1&judgeScores=1
// examples=1: curated examples (browsable, never counted in rates), examples=0: an evaluation; absent:
// the format's default (the results CSV is examples). newQuestions=1 creates unknown question ids in `set`.
// judgeScores=1&judge=NAME: the file holds a further judge's scores for answers already imported
// (the CLI's --judge-scores, same function: lib/import/judge-scores.ts); the report's
// judgeScoresImport says how many rows matched, which did not and which were ambiguous.
// The file is the raw request body (e.g. `curl --data-binary @file.csv`), streamed to a temporary
// file and imported with importFile(). Answers JSON (lib/import/responses.ts): 200 with the report;
// errors in the one error body (lib/api/errors.ts) with `issues` (the file's problems and the bad or
// missing parameters), `truncated` and `format`: 400 invalid-file / invalid-parameter, 401 without
// the admin token (ADMIN_TOKEN), 413 when the file is over the limit, 415 for multipart bodies, 503
// busy when a concurrent writer got in the way (deadlock, lock timeout). The same file uploaded twice at once: one imports it, the other
// answers 200 "already imported" with that batch (lib/import/write/locks.ts). Missing form fields (an
// eval.py CSV without model or group, newQuestions without set) answer 400 with those parameters AND
// the file's row problems, found by checkFile() without writing anything.
import { ApiError, type ApiIssue, type ParameterIssue } from "@/lib/api/errors";
import type { ImportUsageResponse } from "@/lib/api/contracts";
import { apiRoute, jsonResponse } from "@/lib/api/route";
import { configuredAdminToken } from "@/lib/auth/admin";
import { databaseUrl } from "@/lib/db/client";
import { formatBytes } from "@/lib/format";
import { importFile, ImportUsageError, ImportValidationError, type ImportFormat, type ImportOptions } from "@/lib/import";
import { isConcurrencyConflict } from "@/lib/import/write/locks";
import { reportToJson, type ImportErrorExtra, type ImportResponse } from "@/lib/import/responses";
import {
  checkUploadRows,
  detectUploadFormat,
  maxUploadBytes,
  missingUploadFields,
  requireUploadOptions,
  storeUpload,
  UploadTooLargeError,
} from "@/lib/import/upload";
import { indexSearchInBackground } from "@/lib/search/background";
import { importUploadParamsSchema, uploadParamsToOptions } from "@/lib/params/imports";

export const dynamic = "force-dynamic";
// Big files take a while; the import runs in one transaction either way.
export const maxDuration = 3600;

type ImportErrorCode = "invalid-file" | "invalid-parameter" | "payload-too-large" | "unsupported-media-type" | "busy";

function importError(
  code: ImportErrorCode,
  message: string,
  details: { issues?: ApiIssue[] } & ImportErrorExtra = {},
): ApiError<ImportErrorExtra> {
  const { issues, ...extra } = details;
  return new ApiError(code, message, { issues: issues ?? [], extra });
}

/** The form fields (query parameters) the upload lacks for its format, as issues. */
function missingParameterIssues(format: ImportFormat | undefined, options: ImportOptions): ParameterIssue[] {
  return Object.entries(missingUploadFields(format, options)).map(([parameter, message]) => ({ parameter, message }));
}

export const POST = apiRoute({
  admin: true,
  query: importUploadParamsSchema,
  cache: "no-store",
  async handler({ request, query }) {
    const contentType = request.headers.get("content-type") ?? "";
    if (/^multipart\//i.test(contentType)) {
      throw importError(
        "unsupported-media-type",
        "Send the file as the raw request body (not multipart form data) and the options as query parameters, " +
          "e.g. curl --data-binary @results.csv '/api/import?fileName=results.csv&model=M&group=G'.",
      );
    }
    const { fileName } = query;
    const options = uploadParamsToOptions(query);

    const limit = maxUploadBytes();
    const declared = Number(request.headers.get("content-length"));
    if (Number.isFinite(declared) && declared > limit) throw importError("payload-too-large", new UploadTooLargeError(limit).message);
    if (!request.body)
      throw importError("invalid-file", `${fileName}: the file is empty`, { issues: [{ file: fileName, message: "the file is empty" }] });

    let stored;
    try {
      stored = await storeUpload(request.body, limit);
    } catch (error) {
      if (error instanceof UploadTooLargeError) throw importError("payload-too-large", error.message);
      throw error;
    }
    let format: ImportFormat | undefined;
    try {
      format = await detectUploadFormat(stored, fileName, options);
      await checkRequiredFields(stored, fileName, format, options);
      const report = await importFile(databaseUrl(), { path: stored.path, fileName }, options);
      // committed: index the new answers for search in the background (not awaited; search is exact meanwhile)
      if (!report.alreadyImported && report.rowsImported > 0) void indexSearchInBackground(databaseUrl());
      return jsonResponse({ ok: true, report: reportToJson(report) } satisfies ImportResponse);
    } catch (error) {
      if (error instanceof ImportValidationError) {
        const count = error.issues.length;
        throw importError(
          "invalid-file",
          `${fileName} was not imported (nothing was written): ${count} problem${count === 1 ? "" : "s"}${error.truncated ? " (stopped early)" : ""}.`,
          { issues: error.issues, truncated: error.truncated, format },
        );
      }
      if (error instanceof ImportUsageError) {
        throw importError("invalid-parameter", error.message, {
          issues: missingParameterIssues(format, options),
          truncated: false,
          format,
        });
      }
      // a deadlock or lock timeout with another writer: nothing was written, and trying again works
      if (isConcurrencyConflict(error)) {
        throw importError(
          "busy",
          `${fileName} was not imported (nothing was written): another change to the database got in the way. Try again in a moment.`,
          { format },
        );
      }
      throw error;
    } finally {
      await stored.cleanup();
    }
  },
});

/**
 * Form fields are missing: the error names them AND the file's own problems (rows, columns),
 * checked without writing anything, so that one round trip shows everything there is to fix.
 */
async function checkRequiredFields(
  stored: Parameters<typeof checkUploadRows>[1],
  fileName: string,
  format: ImportFormat,
  options: ImportOptions,
): Promise<void> {
  try {
    requireUploadOptions(fileName, format, options);
  } catch (error) {
    if (!(error instanceof ImportUsageError)) throw error;
    // a further judge's rows are checked by matching them to stored answers, which needs the model
    // and the judge: nothing to check with stand-ins
    if (options.judgeScores) {
      throw importError("invalid-parameter", error.message, { issues: missingParameterIssues(format, options), truncated: false, format });
    }
    const check = await checkUploadRows(databaseUrl(), stored, fileName, format, options);
    const count = check.issues.length;
    const rows =
      count === 0
        ? " Its rows were checked and have no problems."
        : ` The file also has ${count} problem${count === 1 ? "" : "s"}${check.truncated ? " (stopped early)" : ""}, listed below: fix both, then upload again.`;
    throw importError("invalid-parameter", `${error.message}${rows}`, {
      issues: [...missingParameterIssues(format, options), ...check.issues],
      truncated: check.truncated,
      format,
    });
  }
}

/** GET explains how to use the endpoint (and the size limit) instead of a bare 405. */
export const GET = apiRoute({
  cache: "no-store",
  handler: () =>
    jsonResponse({
      usage:
        "POST the file as the raw body to /api/import?fileName=<name>[&model=&group=&seed=&baseModel=&set=&judge=&format=&skipInvalid=1&examples=1|0&newQuestions=1&judgeScores=1]",
      maxBytes: maxUploadBytes(),
      maxSize: formatBytes(maxUploadBytes()),
      adminTokenRequired: configuredAdminToken() !== null,
    } satisfies ImportUsageResponse),
});
