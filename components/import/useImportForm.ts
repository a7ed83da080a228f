"use client";
// The state and rules of the upload form (ImportForm): the chosen file and its detected format,
// the fields the file lacks and which of them are required, and the upload itself (XMLHttpRequest,
// for upload progress) to POST /api/import. The form's parts only render what this hook holds.
import { useEffect, useRef, useState, type FormEvent } from "react";
import { detectFormat } from "@/lib/import/read/detect";
import { ImportValidationError } from "@/lib/import/errors";
import { errorMessageOf } from "@/lib/api/errors";
import { localFailure, parameterErrors, type ImportResponse } from "@/lib/import/responses";
import { defaultBatchKind, type ImportFormat } from "@/lib/import/types";
import { authorizationHeaders, useAdminToken } from "./AdminToken";
import { formatBytes } from "@/lib/format";

/** Same amount the server's detection reads (lib/import/read/source.ts readHead). */
const HEAD_BYTES = 64 * 1024;

export type Detection = { format: ImportFormat } | { error: string } | null;

export type UploadPhase =
  | { name: "idle" }
  | { name: "uploading"; loaded: number; total: number }
  | { name: "importing" }
  | { name: "done"; response: ImportResponse };

export const IMPORT_FIELDS = ["model", "group", "seed", "baseModel", "set", "judge"] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** What the file holds: answers with their scores, or a further judge's scores for answers already imported. */
export type ImportMode = "answers" | "judge-scores";

/** The message of a required field left empty, by field and mode. */
function requiredMessage(field: ImportField, judgeScores: boolean): string {
  if (field === "judge") return "is required: the further judge whose scores the file holds";
  if (field === "set") return "is required to create new questions (they go into this set)";
  return judgeScores
    ? "is required for an eval.py CSV (the model whose answers the judge scored)"
    : "is required for an eval.py CSV (the file names no model or group)";
}

export function useImportForm({ tokenRequired, maxBytes }: { tokenRequired: boolean; maxBytes: number }) {
  const [file, setFile] = useState<File | null>(null);
  const [detection, setDetection] = useState<Detection>(null);
  const [formatOverride, setFormatOverride] = useState<ImportFormat | "">("");
  const [values, setValues] = useState<Record<ImportField, string>>({ model: "", group: "", seed: "", baseModel: "", set: "", judge: "" });
  const [skipInvalid, setSkipInvalid] = useState(false);
  /** the user's choice of "curated examples"; null: the format's default (results CSV: examples) */
  const [examplesChoice, setExamplesChoice] = useState<boolean | null>(null);
  const [newQuestions, setNewQuestions] = useState(false);
  const [mode, setMode] = useState<ImportMode>("answers");
  const [phase, setPhase] = useState<UploadPhase>({ name: "idle" });
  const [formError, setFormError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<string, string>>>({});
  const [token, setToken] = useAdminToken();
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
  const required = new Set<ImportField>(
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
  const sentFields: readonly ImportField[] = judgeScores ? ["model", "set", "judge"] : showModelFields ? IMPORT_FIELDS : ["set"];
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

  function validate(): Partial<Record<string, string>> {
    const errors: Partial<Record<string, string>> = {};
    if (showModelFields) {
      for (const field of required) if (!values[field].trim()) errors[field] = requiredMessage(field, judgeScores);
      if (!judgeScores && values.seed.trim() && !/^[+-]?\d+$/.test(values.seed.trim())) errors.seed = "must be a whole number";
    }
    return errors;
  }

  /** The query of POST /api/import: the file name, the fields this mode sends, and the choices. */
  function uploadQuery(chosen: File): URLSearchParams {
    const query = new URLSearchParams({ fileName: chosen.name });
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
    return query;
  }

  function upload(chosen: File, query: URLSearchParams) {
    const request = new XMLHttpRequest();
    request.open("POST", `/api/import?${query.toString()}`);
    request.setRequestHeader("Content-Type", "application/octet-stream");
    for (const [name, value] of Object.entries(authorizationHeaders(token))) request.setRequestHeader(name, value);
    request.upload.onprogress = (progress) =>
      setPhase({ name: "uploading", loaded: progress.loaded, total: progress.lengthComputable ? progress.total : chosen.size });
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
    setPhase({ name: "uploading", loaded: 0, total: chosen.size });
    request.send(chosen);
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
    const onlyMissing = names.every((name) => required.has(name as ImportField) && !values[name as ImportField].trim());
    if (names.length && !onlyMissing) {
      setFormError(`Fill in ${names.join(", ")}.`);
      return;
    }
    setFormError(names.length ? `Fill in ${names.join(", ")}. The file is checked meanwhile; nothing is imported.` : null);
    upload(file, uploadQuery(file));
  }

  return {
    inputRef,
    file,
    choose,
    detection,
    detected,
    format,
    formatOverride,
    setFormatOverride,
    mode,
    setMode,
    judgeScores,
    values,
    setValue: (field: ImportField, value: string) => setValues((current) => ({ ...current, [field]: value })),
    required,
    fieldErrors,
    showModelFields,
    examples,
    setExamplesChoice,
    newQuestions,
    setNewQuestions,
    skipInvalid,
    setSkipInvalid,
    token,
    setToken,
    busy,
    phase,
    formError,
    onSubmit,
  };
}

export type ImportFormState = ReturnType<typeof useImportForm>;
