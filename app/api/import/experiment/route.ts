// POST /api/import/experiment: several files and a manifest in one multipart/form-data request (the
// import page's experiment form, or `curl -F manifest=@experiment.yaml -F file=@a.csv -F file=@b.csv`).
// The manifest (field `manifest`, YAML or JSON: lib/import/read/manifest.ts) says what each file is; its
// paths and patterns are matched against the uploaded files' names. Every file is imported in one
// transaction (lib/import/experiment.ts): all or nothing; files already imported are skipped.
// Answers 200 {ok, report} or the one error body: 400 invalid-file (a file's or the manifest's
// problems as issues naming file, row, column) / invalid-parameter, 401 without the admin token,
// 413 over the upload limit (for the whole body), 415 when the body is not multipart, 503 busy.
import { ApiError, type ApiIssue } from "@/lib/api/errors";
import { apiRoute, jsonResponse } from "@/lib/api/route";
import { databaseUrl } from "@/lib/db/client";
import { ImportUsageError, ImportValidationError } from "@/lib/import";
import { importManifestFiles } from "@/lib/import/experiment";
import { experimentReportToJson, type ExperimentResponse } from "@/lib/import/responses";
import { isConcurrencyConflict } from "@/lib/import/write/locks";
import { expandParsedManifest, namedFileSet, parseManifest } from "@/lib/import/read/manifest";
import { storeMultipartUpload } from "@/lib/import/multipart";
import { maxUploadBytes, UploadTooLargeError } from "@/lib/import/upload";
import { indexSearchInBackground } from "@/lib/search/background";

export const dynamic = "force-dynamic";
export const maxDuration = 3600;

type ExperimentErrorCode = "invalid-file" | "invalid-parameter" | "payload-too-large" | "unsupported-media-type" | "busy";

function experimentError(code: ExperimentErrorCode, message: string, issues: ApiIssue[] = []): ApiError {
  return new ApiError(code, message, { issues });
}

export const POST = apiRoute({
  admin: true,
  cache: "no-store",
  async handler({ request }) {
    const contentType = request.headers.get("content-type") ?? "";
    if (!/^multipart\/form-data/i.test(contentType)) {
      throw experimentError(
        "unsupported-media-type",
        "Send multipart/form-data: a manifest field (YAML or JSON) and one file field per file, " +
          "e.g. curl -F manifest=@experiment.yaml -F file=@a.csv -F file=@b.csv /api/import/experiment",
      );
    }
    const limit = maxUploadBytes();
    const declared = Number(request.headers.get("content-length"));
    if (Number.isFinite(declared) && declared > limit) throw experimentError("payload-too-large", new UploadTooLargeError(limit).message);
    if (!request.body)
      throw experimentError("invalid-parameter", "the request has no body", [{ parameter: "manifest", message: "is required" }]);

    let stored;
    try {
      stored = await storeMultipartUpload(request.body, contentType, limit);
    } catch (error) {
      if (error instanceof UploadTooLargeError) throw experimentError("payload-too-large", error.message);
      if (error instanceof ImportValidationError) throw experimentError("invalid-file", "The upload was refused.", error.issues);
      if (error instanceof ImportUsageError) throw experimentError("invalid-parameter", error.message);
      throw error;
    }
    try {
      const manifestText = stored.fields.get("manifest");
      if (!manifestText?.trim()) {
        throw experimentError("invalid-parameter", "A manifest is required: it says what each file is (model, group, attributes).", [
          { parameter: "manifest", message: "is required" },
        ]);
      }
      if (stored.files.length === 0) {
        throw experimentError("invalid-parameter", "No files were uploaded.", [{ parameter: "file", message: "is required" }]);
      }
      const manifestName = stored.fields.get("manifestName")?.trim() || "manifest";
      const manifest = parseManifest(manifestText, manifestName);
      const expanded = expandParsedManifest(manifest, manifestName, namedFileSet(stored.files));
      // an uploaded file no entry names would be silently left out: the user meant to import it
      const named = new Set(expanded.files.map((file) => file.relativePath));
      const unnamed = stored.files.filter((file) => !named.has(file.name));
      if (unnamed.length) {
        throw new ImportValidationError(
          unnamed.map((file) => ({ file: file.name, message: "no entry of the manifest names this file: add it, or leave the file out" })),
        );
      }
      const report = await importManifestFiles(databaseUrl(), expanded.name, expanded.files);
      if (report.rowsImported > 0) void indexSearchInBackground(databaseUrl());
      return jsonResponse({ ok: true, report: experimentReportToJson(report) } satisfies ExperimentResponse);
    } catch (error) {
      if (error instanceof ImportValidationError) {
        const count = error.issues.length;
        throw experimentError(
          "invalid-file",
          `Nothing was imported: ${count} problem${count === 1 ? "" : "s"}${error.truncated ? " (stopped early)" : ""}.`,
          error.issues,
        );
      }
      if (error instanceof ImportUsageError) throw experimentError("invalid-parameter", `Nothing was imported: ${error.message}`);
      if (isConcurrencyConflict(error)) {
        throw experimentError("busy", "Nothing was imported: another change to the database got in the way. Try again in a moment.");
      }
      throw error;
    } finally {
      await stored.cleanup();
    }
  },
});
