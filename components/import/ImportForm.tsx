"use client";
// Upload a result or question file: drop it (or pick it), see the format detected from its first
// bytes, give what the file lacks (model, group, seed, base model...), say whether it is curated
// examples (never counted in rates; the results CSV's default) or an evaluation, upload with a
// progress bar, read the report. The file goes as the raw request body to POST /api/import (XMLHttpRequest, for upload
// progress); the server streams it to disk, detects the format again and imports it.
// State and rules: useImportForm; the parts: FileDropZone, ImportFormFields, UploadStatus.
import { useId } from "react";
import { useHydrated } from "@/components/useHydrated";
import { AdminTokenField } from "./AdminToken";
import FileDropZone from "./FileDropZone";
import { FormatAndMode, ImportChoices, ImportFields, type ImportFormSuggestions } from "./ImportFormFields";
import UploadStatus from "./UploadStatus";
import { useImportForm } from "./useImportForm";

export type { ImportFormSuggestions } from "./ImportFormFields";

export default function ImportForm({
  tokenRequired,
  maxBytes,
  suggestions,
}: {
  tokenRequired: boolean;
  maxBytes: number;
  suggestions: ImportFormSuggestions;
}) {
  const id = useId();
  const hydrated = useHydrated();
  const form = useImportForm({ tokenRequired, maxBytes });
  const { file, busy, format, formError } = form;

  return (
    <form onSubmit={form.onSubmit} className="space-y-5" data-testid="import-form" data-hydrated={hydrated ? "true" : undefined} noValidate>
      <FileDropZone form={form} maxBytes={maxBytes} />

      {file && (
        <div className="space-y-4">
          <FormatAndMode form={form} id={id} />
          <ImportFields form={form} id={id} suggestions={suggestions} />
          <ImportChoices form={form} />
          {tokenRequired && <AdminTokenField token={form.token} onChange={form.setToken} />}
          <div className="flex flex-wrap items-center gap-3">
            <button
              type="submit"
              disabled={busy || !format}
              data-testid="import-submit"
              className="rounded bg-sky-700 px-4 py-2 text-sm font-medium text-white hover:bg-sky-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 disabled:opacity-50"
            >
              Import {file.name}
            </button>
            {formError && (
              <p role="alert" className="text-sm text-red-700 dark:text-red-400" data-testid="form-error">
                {formError}
              </p>
            )}
          </div>
        </div>
      )}

      <UploadStatus phase={form.phase} />
    </form>
  );
}
