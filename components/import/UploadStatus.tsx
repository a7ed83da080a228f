"use client";
// The upload's progress, then the import's, then the report (ImportForm).
import { formatBytes } from "@/lib/format";
import ImportResult from "./ImportResult";
import type { UploadPhase } from "./useImportForm";

export default function UploadStatus({ phase }: { phase: UploadPhase }) {
  const fraction = phase.name === "uploading" && phase.total > 0 ? Math.min(1, phase.loaded / phase.total) : 0;
  return (
    <div aria-live="polite">
      {phase.name === "uploading" && (
        <div className="space-y-1" data-testid="upload-progress">
          <p className="text-sm">
            Uploading… {formatBytes(phase.loaded)} of {formatBytes(phase.total)} ({Math.round(fraction * 100)}%)
          </p>
          <progress max={1} value={fraction} className="h-2 w-full" aria-label="Upload progress" />
        </div>
      )}
      {phase.name === "importing" && (
        <p className="flex items-center gap-2 text-sm" data-testid="importing-status">
          <span className="inline-block h-3 w-3 animate-spin rounded-full border-2 border-sky-600 border-t-transparent" aria-hidden />
          Uploaded; importing… (the server validates every row and writes them in one transaction)
        </p>
      )}
      {phase.name === "done" && <ImportResult response={phase.response} />}
    </div>
  );
}
