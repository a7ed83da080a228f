"use client";
// Where a file is dropped or picked (ImportForm); the chosen file's name and size.
import { useState, type DragEvent } from "react";
import { formatBytes } from "@/lib/format";
import type { ImportFormState } from "./useImportForm";

export default function FileDropZone({ form, maxBytes }: { form: ImportFormState; maxBytes: number }) {
  const [dragging, setDragging] = useState(false);
  const { file, busy, choose, inputRef } = form;

  function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    if (busy) return;
    const dropped = event.dataTransfer.files?.[0];
    if (dropped) void choose(dropped);
  }

  return (
    <div
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
      data-testid="drop-zone"
      className={`rounded-lg border-2 border-dashed p-6 text-center transition-colors ${
        dragging ? "border-sky-500 bg-sky-50 dark:bg-sky-950" : "border-zinc-300 dark:border-zinc-700"
      }`}
    >
      <p className="mb-3 text-sm text-zinc-700 dark:text-zinc-300">Drop a result or question file here, or</p>
      <label className="inline-block cursor-pointer rounded bg-zinc-900 px-4 py-2 text-sm font-medium text-white focus-within:ring-2 focus-within:ring-sky-500 focus-within:ring-offset-2 hover:bg-zinc-700 dark:bg-zinc-100 dark:text-zinc-900 dark:focus-within:ring-offset-zinc-950 dark:hover:bg-zinc-300">
        Choose a file…
        <input
          ref={inputRef}
          type="file"
          accept=".csv,.jsonl,.ndjson,.yaml,.yml,.eval,.json,text/csv,application/x-ndjson,application/yaml,application/json"
          className="sr-only"
          data-testid="file-input"
          disabled={busy}
          onChange={(event) => void choose(event.target.files?.[0] ?? null)}
        />
      </label>
      <p className="mt-3 text-xs text-zinc-600 dark:text-zinc-400">
        .csv (eval.py output or the paper&apos;s results CSV), .jsonl, an Inspect AI log (.eval or .json), or a question .yaml — up to{" "}
        {formatBytes(maxBytes)}
      </p>
      {file && (
        <p className="mt-3 text-sm" data-testid="chosen-file">
          <span className="font-mono wrap-anywhere">{file.name}</span> · {formatBytes(file.size)}
        </p>
      )}
    </div>
  );
}
