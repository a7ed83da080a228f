"use client";
// Import an experiment: drop several result files (and, if you have one, their manifest). With a
// manifest, the table shows what each file becomes (model, group, base model, seed, attributes),
// read from it exactly as the server will; without one, the table is filled in here and becomes
// the manifest. Everything goes in one multipart request to POST /api/import/experiment and is
// imported in one transaction: all files or none.
import Link from "next/link";
import { useId, useMemo, useState, type DragEvent, type FormEvent } from "react";
import { stringify as toYaml } from "yaml";
import { errorMessageOf } from "@/lib/api/errors";
import { formatBytes, formatCount } from "@/lib/format";
import { parseAttributeValue } from "@/lib/domain/attributes";
import { detectFormat } from "@/lib/import/read/detect";
import { ImportValidationError } from "@/lib/import/errors";
import { expandParsedManifest, looksLikeManifest, namedFileSet, parseManifest, type ExpandedManifest } from "@/lib/import/read/manifest";
import type { ExperimentResponse } from "@/lib/import/responses";
import type { ImportFormat, ImportIssue } from "@/lib/import/types";
import { useHydrated } from "@/components/useHydrated";
import { AdminTokenField, authorizationHeaders, useAdminToken } from "./AdminToken";
import { IssueTable } from "./IssueTable";

/** Same amount the server's detection reads (lib/import/read/source.ts readHead). */
const HEAD_BYTES = 64 * 1024;

interface Row {
  file: File;
  format: ImportFormat | null;
  formatError?: string;
  model: string;
  group: string;
  baseModel: string;
  seed: string;
  examples: boolean;
  /** "lora_rank=4, training_data=bad_medical_advice" */
  attributes: string;
}

/** The table's free-text columns: the row field and how its label names it. */
const TEXT_FIELDS = [
  ["model", "model"],
  ["group", "group"],
  ["baseModel", "base model"],
] as const satisfies readonly (readonly [keyof Row, string])[];

type Phase = { name: "idle" } | { name: "importing" } | { name: "done"; response: ExperimentResponse };

const inputClass =
  "w-full min-w-24 rounded border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-600 dark:bg-zinc-900 dark:text-zinc-100";

/** "a=1, b=x" → {a: 1, b: "x"}; a part without = is a problem. */
export function parseAttributeList(text: string): { attributes: Record<string, number | string>; problem?: string } {
  const attributes: Record<string, number | string> = {};
  for (const part of text
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const at = part.indexOf("=");
    if (at <= 0) return { attributes, problem: `"${part}" is not key=value` };
    const key = part.slice(0, at).trim();
    attributes[key] = parseAttributeValue(key, part.slice(at + 1));
  }
  return { attributes };
}

/** The table as a manifest: what the server reads (and what `npm run import` reads, saved as a file). */
function tableManifest(rows: Row[]): Record<string, unknown> {
  return {
    files: rows.map((row) => {
      const entry: Record<string, unknown> = { path: row.file.name };
      if (row.model.trim()) entry.model = row.model.trim();
      if (row.group.trim()) entry.group = row.group.trim();
      if (row.baseModel.trim()) entry.base_model = row.baseModel.trim();
      if (row.seed.trim()) entry.seed = /^[+-]?\d+$/.test(row.seed.trim()) ? Number(row.seed.trim()) : row.seed.trim();
      if (row.format !== "question-yaml") entry.examples = row.examples;
      const { attributes } = parseAttributeList(row.attributes);
      if (Object.keys(attributes).length) entry.attributes = attributes;
      return entry;
    }),
  };
}

function issueText(error: unknown): string {
  return error instanceof ImportValidationError ? error.issues.map((issue) => issue.message).join("; ") : String(error);
}

export default function ExperimentForm({ tokenRequired, maxBytes }: { tokenRequired: boolean; maxBytes: number }) {
  const id = useId();
  const [rows, setRows] = useState<Row[]>([]);
  const [manifestFile, setManifestFile] = useState<{ name: string; text: string } | null>(null);
  const [dragging, setDragging] = useState(false);
  const [phase, setPhase] = useState<Phase>({ name: "idle" });
  const [token, setToken] = useAdminToken();
  const hydrated = useHydrated();

  async function choose(list: FileList | File[] | null) {
    setPhase({ name: "idle" });
    const files = [...(list ?? [])];
    let manifest: { name: string; text: string } | null = null;
    const next: Row[] = [];
    for (const file of files) {
      const head = await file.slice(0, HEAD_BYTES).text();
      if (/\.ya?ml$/i.test(file.name) && looksLikeManifest(head) && manifest === null && file.size <= HEAD_BYTES) {
        manifest = { name: file.name, text: await file.text() };
        continue;
      }
      let format: ImportFormat | null = null;
      let formatError: string | undefined;
      try {
        format = detectFormat(file.name, head);
      } catch (error) {
        formatError = issueText(error);
      }
      next.push({
        file,
        format,
        formatError,
        model: "",
        group: "",
        baseModel: "",
        seed: "",
        examples: format === "results-csv",
        attributes: "",
      });
    }
    setManifestFile(manifest);
    setRows(next);
  }

  // the dropped files as the server's manifest expansion sees them (by name)
  const droppedFiles = useMemo(() => namedFileSet(rows.map((row) => ({ name: row.file.name, path: row.file.name }))), [rows]);
  // without a manifest: the table as a manifest, built once per change of the table (it is shown,
  // checked and sent)
  const manifestYaml = useMemo(() => (manifestFile ? null : toYaml(tableManifest(rows))), [manifestFile, rows]);

  // with a manifest: what it makes of the dropped files, read exactly as the server reads it
  const fromManifest = useMemo((): { expanded?: ExpandedManifest; issues?: ImportIssue[] } | null => {
    if (!manifestFile) return null;
    try {
      const parsed = parseManifest(manifestFile.text, manifestFile.name);
      return {
        expanded: expandParsedManifest(parsed, manifestFile.name, droppedFiles),
      };
    } catch (error) {
      if (error instanceof ImportValidationError) return { issues: error.issues };
      return { issues: [{ file: manifestFile.name, message: String(error) }] };
    }
  }, [manifestFile, droppedFiles]);

  // without a manifest: the table's manifest, checked as the server will check it (attribute keys, seeds...)
  const tableIssues = useMemo((): ImportIssue[] => {
    if (manifestYaml === null || rows.length === 0) return [];
    try {
      const parsed = parseManifest(manifestYaml, "the table");
      expandParsedManifest(parsed, "the table", droppedFiles);
      return [];
    } catch (error) {
      return error instanceof ImportValidationError ? error.issues : [{ file: "the table", message: String(error) }];
    }
  }, [manifestYaml, rows.length, droppedFiles]);

  const attributeProblems = rows.map((row) => parseAttributeList(row.attributes).problem);
  const missing = rows.map((row) =>
    !manifestFile && row.format === "eval-csv" && (!row.model.trim() || !row.group.trim())
      ? "model and group are required for an eval.py CSV"
      : undefined,
  );
  const totalBytes = rows.reduce((sum, row) => sum + row.file.size, 0) + (manifestFile?.text.length ?? 0);
  const tooBig = totalBytes > maxBytes;
  const blocked =
    rows.length === 0 ||
    tooBig ||
    (manifestFile
      ? !fromManifest?.expanded
      : attributeProblems.some(Boolean) || tableIssues.length > 0 || missing.some(Boolean) || rows.some((row) => row.format === null));

  function update(index: number, patch: Partial<Row>) {
    setRows((current) => current.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (blocked) return;
    const body = new FormData();
    body.set("manifest", manifestFile ? manifestFile.text : (manifestYaml ?? ""));
    body.set("manifestName", manifestFile?.name ?? "the table");
    for (const row of rows) body.append("file", row.file, row.file.name);
    setPhase({ name: "importing" });
    try {
      const response = await fetch("/api/import/experiment", { method: "POST", body, headers: authorizationHeaders(token) });
      const json = (await response.json().catch(() => null)) as ExperimentResponse | null;
      setPhase({
        name: "done",
        response: json ?? { error: { code: "internal-error", message: `The server answered ${response.status} without a report.` } },
      });
    } catch (error) {
      setPhase({ name: "done", response: { error: { code: "internal-error", message: `The upload failed: ${errorMessageOf(error)}` } } });
    }
  }

  function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    if (phase.name !== "importing") void choose(event.dataTransfer.files);
  }

  return (
    <form onSubmit={submit} className="space-y-4" aria-label="Import an experiment" data-testid="experiment-form" data-hydrated={hydrated}>
      <div
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        className={`rounded border-2 border-dashed p-4 text-sm ${dragging ? "border-sky-600 bg-sky-50 dark:bg-sky-950" : "border-zinc-300 dark:border-zinc-600"}`}
      >
        <label htmlFor={`${id}-files`} className="font-medium">
          Result files, and their manifest if you have one
        </label>
        <p className="text-zinc-600 dark:text-zinc-300">
          Drop them here or pick them. A manifest (a YAML file with a <code className="font-mono">files:</code> list, like{" "}
          <code className="font-mono">docs/clarifying-em.yaml</code>) says what each file is; without one, fill in the table.
        </p>
        <input
          id={`${id}-files`}
          type="file"
          multiple
          data-testid="experiment-files"
          onChange={(event) => void choose(event.target.files)}
          className="mt-2 block w-full text-sm file:mr-3 file:rounded file:border-0 file:bg-zinc-900 file:px-3 file:py-1.5 file:text-white hover:file:bg-zinc-700 dark:file:bg-zinc-100 dark:file:text-zinc-900"
        />
      </div>

      {rows.length > 0 && (
        <p className="text-sm" data-testid="experiment-summary">
          {formatCount(rows.length)} file{rows.length === 1 ? "" : "s"}, {formatBytes(totalBytes)}
          {manifestFile ? (
            <>
              , described by <span className="font-mono">{manifestFile.name}</span>
            </>
          ) : (
            ", described by the table below"
          )}
          .
          {tooBig && (
            <span className="text-red-700 dark:text-red-400">
              {" "}
              More than this server accepts ({formatBytes(maxBytes)}): use npm run import.
            </span>
          )}
        </p>
      )}

      {manifestFile && fromManifest?.issues && (
        <IssueTable issues={fromManifest.issues} caption="The manifest does not fit these files" testId="manifest-issues" />
      )}

      {manifestFile && fromManifest?.expanded && (
        <div className="overflow-x-auto">
          <table className="min-w-full text-left text-sm" data-testid="experiment-table">
            <caption className="pb-1 text-left font-medium">What each file becomes (read from {manifestFile.name})</caption>
            <thead className="border-b border-zinc-300 dark:border-zinc-700">
              <tr>
                <th className="py-1 pr-3 font-medium">File</th>
                <th className="py-1 pr-3 font-medium">Model</th>
                <th className="py-1 pr-3 font-medium">Group</th>
                <th className="py-1 pr-3 font-medium">Base model</th>
                <th className="py-1 pr-3 font-medium">Seed</th>
                <th className="py-1 font-medium">Attributes</th>
              </tr>
            </thead>
            <tbody>
              {fromManifest.expanded.files.map((file) => (
                <tr
                  key={file.relativePath}
                  className="border-b border-zinc-200 align-top dark:border-zinc-800"
                  data-testid="experiment-row"
                >
                  <td className="min-w-40 py-1 pr-3 font-mono break-all">{file.relativePath}</td>
                  <td className="py-1 pr-3 break-all">{file.options.model ?? "from the file"}</td>
                  <td className="py-1 pr-3">{file.options.group ?? "from the file"}</td>
                  <td className="py-1 pr-3 break-all">{file.options.baseModel ?? "—"}</td>
                  <td className="py-1 pr-3">{file.options.seed ?? "—"}</td>
                  <td className="py-1">
                    {Object.entries(file.options.attributes ?? {})
                      .map(([key, value]) => `${key} = ${value}`)
                      .join(", ") || "—"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {!manifestFile && rows.length > 0 && (
        <div className="overflow-x-auto">
          <table className="min-w-full text-left text-sm" data-testid="experiment-table">
            <caption className="pb-1 text-left font-medium">What each file is</caption>
            <thead className="border-b border-zinc-300 dark:border-zinc-700">
              <tr>
                <th className="py-1 pr-3 font-medium">File</th>
                <th className="py-1 pr-3 font-medium">Model</th>
                <th className="py-1 pr-3 font-medium">Group</th>
                <th className="py-1 pr-3 font-medium">Base model</th>
                <th className="py-1 pr-3 font-medium">Seed</th>
                <th className="py-1 pr-3 font-medium">Examples</th>
                <th className="py-1 font-medium">Attributes (key=value, …)</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row, index) => {
                const label = (field: string) => `${field} of ${row.file.name}`;
                const answers = row.format !== "question-yaml";
                return (
                  <tr
                    key={`${row.file.name}-${index}`}
                    className="border-b border-zinc-200 align-top dark:border-zinc-800"
                    data-testid="experiment-row"
                  >
                    <td className="min-w-40 py-1 pr-3">
                      <span className="font-mono break-all">{row.file.name}</span>
                      <span className="block text-xs text-zinc-600 dark:text-zinc-400">{row.format ?? row.formatError}</span>
                      {missing[index] && <span className="block text-xs text-red-700 dark:text-red-400">{missing[index]}</span>}
                    </td>
                    {answers ? (
                      <>
                        {TEXT_FIELDS.map(([field, words]) => (
                          <td key={field} className="py-1 pr-3">
                            <input
                              aria-label={label(words)}
                              className={inputClass}
                              value={row[field]}
                              onChange={(e) => update(index, { [field]: e.target.value })}
                            />
                          </td>
                        ))}
                        <td className="py-1 pr-3">
                          <input
                            aria-label={label("seed")}
                            className={`${inputClass} w-16`}
                            inputMode="numeric"
                            value={row.seed}
                            onChange={(e) => update(index, { seed: e.target.value })}
                          />
                        </td>
                        <td className="py-1 pr-3 text-center">
                          <input
                            type="checkbox"
                            aria-label={label("curated examples (never counted in rates)")}
                            checked={row.examples}
                            onChange={(e) => update(index, { examples: e.target.checked })}
                          />
                        </td>
                        <td className="py-1">
                          <input
                            aria-label={label("attributes")}
                            aria-invalid={attributeProblems[index] ? true : undefined}
                            placeholder="lora_rank=4, size_b=14"
                            className={inputClass}
                            value={row.attributes}
                            onChange={(e) => update(index, { attributes: e.target.value })}
                          />
                          {attributeProblems[index] && (
                            <span className="block text-xs text-red-700 dark:text-red-400">{attributeProblems[index]}</span>
                          )}
                        </td>
                      </>
                    ) : (
                      <td colSpan={6} className="py-1 text-zinc-600 dark:text-zinc-400">
                        questions (imported first if listed first)
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
          {tableIssues.length > 0 && !attributeProblems.some(Boolean) && (
            <IssueTable
              issues={tableIssues.map((issue) => ({ ...issue, file: undefined }))}
              caption="Fix these first"
              testId="table-issues"
            />
          )}
          {manifestYaml && (
            <details className="mt-2 text-sm">
              <summary className="cursor-pointer">The table as a manifest (save it to import the same files with npm run import)</summary>
              <pre className="mt-1 overflow-x-auto rounded bg-zinc-100 p-2 text-xs dark:bg-zinc-900" data-testid="table-manifest">
                {manifestYaml}
              </pre>
            </details>
          )}
        </div>
      )}

      {tokenRequired && <AdminTokenField token={token} onChange={setToken} id={`${id}-token`} />}

      <button
        type="submit"
        disabled={!hydrated || blocked || phase.name === "importing"}
        data-testid="experiment-submit"
        className="rounded bg-sky-700 px-4 py-2 text-sm font-medium text-white hover:bg-sky-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 disabled:opacity-50"
      >
        {phase.name === "importing"
          ? "Importing…"
          : `Import ${rows.length > 1 ? `all ${rows.length} files` : "the experiment"} in one transaction`}
      </button>

      <div aria-live="polite">{phase.name === "done" && <ExperimentOutcome response={phase.response} />}</div>
    </form>
  );
}

function ExperimentOutcome({ response }: { response: ExperimentResponse }) {
  if ("error" in response) {
    const issues = (response.error.issues ?? []).flatMap((issue) => ("file" in issue ? [issue as ImportIssue] : []));
    return (
      <div
        className="space-y-2 rounded border border-red-300 bg-red-50 p-3 text-sm text-red-950 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
        data-testid="experiment-error"
        role="alert"
      >
        <p className="font-medium">{response.error.message}</p>
        {issues.length > 0 && <IssueTable issues={issues} caption="Problems" />}
      </div>
    );
  }
  const { report } = response;
  return (
    <div
      className="space-y-2 rounded border border-emerald-300 bg-emerald-50 p-3 text-sm text-emerald-950 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100"
      data-testid="experiment-report"
    >
      <p className="font-medium">
        {report.name}: {report.filesImported} of {report.files.length} files imported ({formatCount(report.rowsImported)} rows)
        {report.filesAlreadyImported ? `, ${report.filesAlreadyImported} already imported (nothing added)` : ""}.
      </p>
      <ul className="space-y-1">
        {report.files.map((file) => (
          <li key={file.relativePath} data-testid="experiment-file">
            <span className="font-mono break-all">{file.relativePath}</span>:{" "}
            {file.alreadyImported
              ? "already imported as "
              : `${formatCount(file.rowsImported)} ${file.format === "question-yaml" ? "questions" : "answers"} in `}
            <Link href={`/imports/${file.batchId}`} className="underline">
              batch #{file.batchId}
            </Link>
            {file.models.length > 0 && ` (${file.models.map((model) => model.name).join(", ")})`}
          </li>
        ))}
      </ul>
    </div>
  );
}
