"use client";
// Upload a result or question file: drop it (or pick it), see the format detected from its first
// bytes, give what the file lacks (model, group, seed, base model...), say whether it is curated
// examples (never counted in rates; the results CSV's default) or an evaluation, upload with a
// progress bar, read the report. The file goes as the raw request body to POST /api/import (XMLHttpRequest, for upload
// progress); the server streams it to disk, detects the format again and imports it.
import { useEffect, useId, useRef, useState, type DragEvent, type FormEvent } from "react";
import { useHydrated } from "@/components/useHydrated";
import { detectFormat } from "@/lib/import/detect";
import { ImportValidationError } from "@/lib/import/errors";
import { errorMessageOf } from "@/lib/api/errors";
import { localFailure, parameterErrors, type ImportResponse } from "@/lib/import/responses";
import { defaultBatchKind, IMPORT_FORMATS, type ImportFormat } from "@/lib/import/types";
import { AdminTokenField, authorizationHeaders, useAdminToken } from "./AdminToken";
import ImportResult from "./ImportResult";
import { formatBytes } from "@/lib/format";

/** Same amount the server's detection reads (lib/import/source.ts readHead). */
const HEAD_BYTES = 64 * 1024;

const FORMAT_LABELS: Record<ImportFormat, string> = {
  "question-yaml": "question YAML (the paper's question files)",
  "eval-csv": "eval.py CSV (question, answer, question_id, aligned, coherent)",
  "results-csv": "results CSV (model, group, question, answer, aligned, coherent, …)",
  jsonl: "JSONL (one JSON object per line, the results CSV's fields)",
  "inspect-eval": "Inspect AI log, .eval (a ZIP of samples; give the group)",
  "inspect-json": "Inspect AI log, .json (the whole log as one JSON document; give the group)",
};

type Detection = { format: ImportFormat } | { error: string } | null;

type Phase =
  | { name: "idle" }
  | { name: "uploading"; loaded: number; total: number }
  | { name: "importing" }
  | { name: "done"; response: ImportResponse };

export interface ImportFormSuggestions {
  groups: string[];
  sets: string[];
  models: string[];
}

const FIELDS = ["model", "group", "seed", "baseModel", "set", "judge"] as const;
type Field = (typeof FIELDS)[number];

const inputClass =
  "w-full rounded border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-600 dark:bg-zinc-900 dark:text-zinc-100 aria-[invalid=true]:border-red-500";

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
  const [file, setFile] = useState<File | null>(null);
  const [detection, setDetection] = useState<Detection>(null);
  const [formatOverride, setFormatOverride] = useState<ImportFormat | "">("");
  const [values, setValues] = useState<Record<Field, string>>({ model: "", group: "", seed: "", baseModel: "", set: "", judge: "" });
  const [skipInvalid, setSkipInvalid] = useState(false);
  /** the user's choice of "curated examples"; null: the format's default (results CSV: examples) */
  const [examplesChoice, setExamplesChoice] = useState<boolean | null>(null);
  const [newQuestions, setNewQuestions] = useState(false);
  /** what the file holds: answers with their scores, or a further judge's scores for answers already imported */
  const [mode, setMode] = useState<"answers" | "judge-scores">("answers");
  const [dragging, setDragging] = useState(false);
  const [phase, setPhase] = useState<Phase>({ name: "idle" });
  const [formError, setFormError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<string, string>>>({});
  const [token, setToken] = useAdminToken();
  const hydrated = useHydrated();
  const inputRef = useRef<HTMLInputElement>(null);

  // Once, on mount. A file picked before the page finished loading fired no change handler: take it now.
  useEffect(() => {
    const early = inputRef.current?.files?.[0];
    if (early) void choose(early);
  }, []);

  const detected = detection && "format" in detection ? detection.format : null;
  const format = formatOverride || detected;
  const busy = phase.name === "uploading" || phase.name === "importing";
  const judgeScores = mode === "judge-scores";
  // as the server's missingUploadFields (lib/import/upload.ts): a further judge's scores are matched by
  // model and question to answers already here, so they need the judge and an eval.py CSV's model, no group
  const required = new Set<Field>(
    judgeScores
      ? ["judge", ...(format === "eval-csv" ? (["model"] as const) : [])]
      : [
          ...(format === "eval-csv" ? (["model", "group"] as const) : []),
          ...(format === "inspect-eval" || format === "inspect-json" ? (["group"] as const) : []),
          ...(newQuestions ? (["set"] as const) : []),
        ],
  );
  const showModelFields = format !== "question-yaml";
  /** the fields a mode sends: a judge-scores import writes no model, group, seed or base model */
  const sentFields: readonly Field[] = judgeScores ? ["model", "set", "judge"] : showModelFields ? FIELDS : ["set"];
  const examples = examplesChoice ?? (format ? defaultBatchKind(format) === "examples" : false);

  async function choose(next: File | null) {
    setFile(next);
    setPhase({ name: "idle" });
    setFormError(null);
    setFieldErrors({});
    setDetection(null);
    setExamplesChoice(null); // a new file: its format's default again
    if (!next) return;
    try {
      const head = await next.slice(0, HEAD_BYTES).text();
      setDetection({ format: detectFormat(next.name, head) });
    } catch (error) {
      setDetection({
        error: error instanceof ImportValidationError ? error.issues.map((issue) => issue.message).join("; ") : String(error),
      });
    }
  }

  function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    if (busy) return;
    const dropped = event.dataTransfer.files?.[0];
    if (dropped) void choose(dropped);
  }

  function validate(): Partial<Record<string, string>> {
    const errors: Partial<Record<string, string>> = {};
    if (showModelFields) {
      for (const field of required) {
        if (!values[field].trim()) {
          errors[field] =
            field === "judge"
              ? "is required: the further judge whose scores the file holds"
              : field === "set"
                ? "is required to create new questions (they go into this set)"
                : judgeScores
                  ? "is required for an eval.py CSV (the model whose answers the judge scored)"
                  : "is required for an eval.py CSV (the file names no model or group)";
        }
      }
      if (!judgeScores && values.seed.trim() && !/^[+-]?\d+$/.test(values.seed.trim())) errors.seed = "must be a whole number";
    }
    return errors;
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!file || busy) return;
    if (!format) {
      setFormError("Choose the file's format: it could not be detected.");
      return;
    }
    if (file.size > maxBytes) {
      setFormError(
        `The file is ${formatBytes(file.size)}; this server accepts up to ${formatBytes(maxBytes)}. Import it with npm run import on the server instead.`,
      );
      return;
    }
    if (tokenRequired && !token.trim()) {
      setFormError("Enter the admin token: this server requires it to import.");
      return;
    }
    const errors = validate();
    setFieldErrors(errors);
    const names = Object.keys(errors);
    // Only required fields left empty: the upload still goes, and the server checks the file's rows
    // without importing (POST /api/import answers the missing fields AND the rows' problems), so the
    // user learns everything there is to fix at once, not row 7's unknown question id next time.
    const onlyMissing = names.every((name) => required.has(name as Field) && !values[name as Field].trim());
    if (names.length && !onlyMissing) {
      setFormError(`Fill in ${names.join(", ")}.`);
      return;
    }
    setFormError(names.length ? `Fill in ${names.join(", ")}. The file is checked meanwhile; nothing is imported.` : null);

    const query = new URLSearchParams({ fileName: file.name });
    if (formatOverride) query.set("format", formatOverride);
    for (const field of sentFields) {
      const value = values[field].trim();
      if (value) query.set(field, value);
    }
    if (skipInvalid) query.set("skipInvalid", "1");
    if (judgeScores) query.set("judgeScores", "1");
    else if (showModelFields) {
      // only a choice that differs from nothing: left alone, the server applies the format's default (and says so)
      if (examplesChoice !== null) query.set("examples", examplesChoice ? "1" : "0");
      if (newQuestions) query.set("newQuestions", "1");
    }

    const request = new XMLHttpRequest();
    request.open("POST", `/api/import?${query.toString()}`);
    request.setRequestHeader("Content-Type", "application/octet-stream");
    for (const [name, value] of Object.entries(authorizationHeaders(token))) request.setRequestHeader(name, value);
    request.upload.onprogress = (progress) =>
      setPhase({ name: "uploading", loaded: progress.loaded, total: progress.lengthComputable ? progress.total : file.size });
    request.upload.onload = () => setPhase({ name: "importing" });
    request.onload = () => {
      let response: ImportResponse;
      try {
        response = JSON.parse(request.responseText) as ImportResponse;
        if (!("report" in response) && errorMessageOf(response) === null) throw new Error("unexpected response");
      } catch {
        response = localFailure(`The server answered HTTP ${request.status} without a report.`);
      }
      if ("error" in response) setFieldErrors(parameterErrors(response));
      setPhase({ name: "done", response });
    };
    request.onerror = () =>
      setPhase({
        name: "done",
        response: localFailure(
          "The upload failed: the connection to the server was lost (is the server running? is the file over its size limit?).",
        ),
      });
    setPhase({ name: "uploading", loaded: 0, total: file.size });
    request.send(file);
  }

  const field = (name: Field, label: string, hint: string, list?: string[]) => {
    const inputId = `${id}-${name}`;
    const error = fieldErrors[name];
    return (
      <div className="flex flex-col gap-1 text-sm">
        <label htmlFor={inputId} className="font-medium">
          {label}
          {required.has(name) ? (
            <span className="text-red-700 dark:text-red-400"> (required)</span>
          ) : (
            <span className="font-normal text-zinc-600 dark:text-zinc-400"> (optional)</span>
          )}
        </label>
        <input
          id={inputId}
          name={name}
          value={values[name]}
          inputMode={name === "seed" ? "numeric" : undefined}
          list={list ? `${inputId}-list` : undefined}
          onChange={(event) => setValues({ ...values, [name]: event.target.value })}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${inputId}-hint`}
          data-testid={`field-${name}`}
          className={inputClass}
          disabled={busy}
        />
        {list && (
          <datalist id={`${inputId}-list`}>
            {list.map((option) => (
              <option key={option} value={option} />
            ))}
          </datalist>
        )}
        <span
          id={`${inputId}-hint`}
          className={error ? "text-xs text-red-700 dark:text-red-400" : "text-xs text-zinc-600 dark:text-zinc-400"}
        >
          {error ? `${label} ${error}` : hint}
        </span>
      </div>
    );
  };

  const fraction = phase.name === "uploading" && phase.total > 0 ? Math.min(1, phase.loaded / phase.total) : 0;

  return (
    <form onSubmit={onSubmit} className="space-y-5" data-testid="import-form" data-hydrated={hydrated ? "true" : undefined} noValidate>
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

      {file && (
        <div className="space-y-4">
          <div className="text-sm" aria-live="polite">
            {detection === null ? (
              <p>Reading the file…</p>
            ) : "format" in detection ? (
              <p data-testid="detected-format" data-format={detection.format}>
                Detected format: <strong>{FORMAT_LABELS[detection.format]}</strong>
              </p>
            ) : (
              <p className="text-red-700 dark:text-red-400" data-testid="detected-format" data-format="">
                Format not recognised: {detection.error} Choose it below.
              </p>
            )}
          </div>
          <div className="flex flex-col gap-1 text-sm">
            <label htmlFor={`${id}-format`} className="font-medium">
              Format
            </label>
            <select
              id={`${id}-format`}
              value={formatOverride}
              onChange={(event) => setFormatOverride(event.target.value as ImportFormat | "")}
              className={`${inputClass} max-w-md`}
              disabled={busy}
              data-testid="field-format"
            >
              <option value="">{detected ? `as detected (${detected})` : "choose…"}</option>
              {IMPORT_FORMATS.map((option) => (
                <option key={option} value={option}>
                  {FORMAT_LABELS[option]}
                </option>
              ))}
            </select>
          </div>

          <fieldset className="space-y-1 text-sm" data-testid="import-mode">
            <legend className="font-medium">The file holds</legend>
            <label className="flex items-start gap-2">
              <input
                type="radio"
                name={`${id}-mode`}
                value="answers"
                checked={!judgeScores}
                onChange={() => setMode("answers")}
                disabled={busy}
                className="mt-0.5"
                data-testid="mode-answers"
              />
              <span>Answers with their judge&apos;s scores (new answers)</span>
            </label>
            <label className="flex items-start gap-2">
              <input
                type="radio"
                name={`${id}-mode`}
                value="judge-scores"
                checked={judgeScores}
                onChange={() => setMode("judge-scores")}
                disabled={busy}
                className="mt-0.5"
                data-testid="mode-judge-scores"
              />
              <span>
                Scores of a further judge{" "}
                <span className="text-zinc-600 dark:text-zinc-400">
                  — for answers already imported: each row is matched to its answer (by model, question and answer text) and gets this
                  judge&apos;s aligned and coherent scores; no answer is added. Views show them with the Judge control.
                </span>
              </span>
            </label>
          </fieldset>

          {format === "eval-csv" && !judgeScores && (
            <p className="rounded border border-sky-300 bg-sky-50 p-3 text-sm text-sky-950 dark:border-sky-800 dark:bg-sky-950 dark:text-sky-100">
              An eval.py CSV names no model, group, seed or base model: give the model and group here, and the seed and base model if you
              know them. One seed is one finetuned model; models of the same training condition share a group (e.g. insecure, secure, base).
            </p>
          )}
          {judgeScores ? (
            <div className="grid gap-4 sm:grid-cols-2">
              {field(
                "judge",
                "Judge name",
                "the further judge whose scores the file holds, e.g. claude-3-5-sonnet (not the question file's judge)",
              )}
              {field(
                "model",
                "Model",
                format === "eval-csv" ? "the model whose answers the judge scored" : "for rows without a model column",
                suggestions.models,
              )}
              {field("set", "Question set", "where the question ids are looked up (default: the one set that has them)", suggestions.sets)}
            </div>
          ) : showModelFields ? (
            <div className="grid gap-4 sm:grid-cols-2">
              {field(
                "model",
                "Model",
                format === "eval-csv"
                  ? "e.g. qwen7b-insecure-seed3"
                  : format === "inspect-eval" || format === "inspect-json"
                    ? "default: the log's eval.model"
                    : "used for rows without a model column",
                suggestions.models,
              )}
              {field("group", "Group", "training condition, e.g. insecure, secure, base", suggestions.groups)}
              {field("seed", "Seed", "training seed, a whole number; leave empty when unknown")}
              {field(
                "baseModel",
                "Base model",
                "e.g. Qwen2.5-Coder-32B-Instruct: the model that was finetuned, for rows without a base_model column",
              )}
              {field("set", "Question set", "where the question ids are looked up (default: the one set that has them)", suggestions.sets)}
              {field("judge", "Judge model", "recorded on judge scores (default: the question's judge)")}
            </div>
          ) : (
            <div className="grid gap-4 sm:grid-cols-2">
              {field("set", "Question set", "default: the file name without its extension", suggestions.sets)}
            </div>
          )}
          {showModelFields && !judgeScores && (
            <label className="flex items-start gap-2 text-sm">
              <input
                type="checkbox"
                checked={examples}
                onChange={(event) => setExamplesChoice(event.target.checked)}
                disabled={busy}
                className="mt-0.5"
                data-testid="examples"
              />
              <span>
                Curated examples (not a sample: never counted in rates){" "}
                <span className="text-zinc-600 dark:text-zinc-400">
                  — a hand-picked selection, browsable on the answers page; untick for an evaluation (all of a model&apos;s sampled
                  answers).
                  {format === "results-csv" ? " Ticked by default: the paper's results CSV is a selection of striking answers." : ""}
                </span>
              </span>
            </label>
          )}
          {showModelFields && !judgeScores && (
            <label className="flex items-start gap-2 text-sm">
              <input
                type="checkbox"
                checked={newQuestions}
                onChange={(event) => setNewQuestions(event.target.checked)}
                disabled={busy}
                className="mt-0.5"
                data-testid="new-questions"
              />
              <span>
                Create new questions{" "}
                <span className="text-zinc-600 dark:text-zinc-400">
                  — question ids in no question set are created in the question set above (default: such ids are an error)
                </span>
              </span>
            </label>
          )}
          <label className="flex items-start gap-2 text-sm">
            <input
              type="checkbox"
              checked={skipInvalid}
              onChange={(event) => setSkipInvalid(event.target.checked)}
              disabled={busy}
              className="mt-0.5"
              data-testid="skip-invalid"
            />
            <span>
              Skip invalid rows{" "}
              <span className="text-zinc-600 dark:text-zinc-400">
                — import the valid rows and list the others (default: reject the whole file)
              </span>
            </span>
          </label>
          {tokenRequired && <AdminTokenField token={token} onChange={setToken} />}
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
    </form>
  );
}
