"use client";
// The upload form's fields (ImportForm): the format (detected or chosen), what the file holds,
// the fields the file lacks for its format and mode, and the import's choices.
import type { ReactNode } from "react";
import { IMPORT_FORMATS, type ImportFormat } from "@/lib/import/types";
import type { ImportField, ImportFormState } from "./useImportForm";

const FORMAT_LABELS: Record<ImportFormat, string> = {
  "question-yaml": "question YAML (the paper's question files)",
  "eval-csv": "eval.py CSV (question, answer, question_id, aligned, coherent)",
  "results-csv": "results CSV (model, group, question, answer, aligned, coherent, …)",
  jsonl: "JSONL (one JSON object per line, the results CSV's fields)",
  "inspect-eval": "Inspect AI log, .eval (a ZIP of samples; give the group)",
  "inspect-json": "Inspect AI log, .json (the whole log as one JSON document; give the group)",
};

export interface ImportFormSuggestions {
  groups: string[];
  sets: string[];
  models: string[];
}

const inputClass =
  "w-full rounded border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-600 dark:bg-zinc-900 dark:text-zinc-100 aria-[invalid=true]:border-red-500";

/** The detected format, the Format select, and what the file holds (answers or a further judge's scores). */
export function FormatAndMode({ form, id }: { form: ImportFormState; id: string }) {
  const { detection, detected, formatOverride, setFormatOverride, judgeScores, setMode, busy } = form;
  return (
    <>
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
    </>
  );
}

/** One text field with its required/optional mark, hint or error, and suggestions. */
function TextField({
  form,
  id,
  name,
  label,
  hint,
  list,
}: {
  form: ImportFormState;
  id: string;
  name: ImportField;
  label: string;
  hint: string;
  list?: string[];
}) {
  const inputId = `${id}-${name}`;
  const error = form.fieldErrors[name];
  return (
    <div className="flex flex-col gap-1 text-sm">
      <label htmlFor={inputId} className="font-medium">
        {label}
        {form.required.has(name) ? (
          <span className="text-red-700 dark:text-red-400"> (required)</span>
        ) : (
          <span className="font-normal text-zinc-600 dark:text-zinc-400"> (optional)</span>
        )}
      </label>
      <input
        id={inputId}
        name={name}
        value={form.values[name]}
        inputMode={name === "seed" ? "numeric" : undefined}
        list={list ? `${inputId}-list` : undefined}
        onChange={(event) => form.setValue(name, event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${inputId}-hint`}
        data-testid={`field-${name}`}
        className={inputClass}
        disabled={form.busy}
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
}

/** The fields the file lacks, for its format and mode: a further judge's, a model's, or a question file's. */
export function ImportFields({ form, id, suggestions }: { form: ImportFormState; id: string; suggestions: ImportFormSuggestions }) {
  const { format, judgeScores, showModelFields } = form;
  const field = (name: ImportField, label: string, hint: string, list?: string[]): ReactNode => (
    <TextField form={form} id={id} name={name} label={label} hint={hint} list={list} />
  );
  return (
    <>
      {format === "eval-csv" && !judgeScores && (
        <p className="rounded border border-sky-300 bg-sky-50 p-3 text-sm text-sky-950 dark:border-sky-800 dark:bg-sky-950 dark:text-sky-100">
          An eval.py CSV names no model, group, seed or base model: give the model and group here, and the seed and base model if you know
          them. One seed is one finetuned model; models of the same training condition share a group (e.g. insecure, secure, base).
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
    </>
  );
}

/** One checkbox choice with its explanation. */
function Choice({
  checked,
  onChange,
  disabled,
  testId,
  children,
}: {
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled: boolean;
  testId: string;
  children: ReactNode;
}) {
  return (
    <label className="flex items-start gap-2 text-sm">
      <input
        type="checkbox"
        checked={checked}
        onChange={(event) => onChange(event.target.checked)}
        disabled={disabled}
        className="mt-0.5"
        data-testid={testId}
      />
      <span>{children}</span>
    </label>
  );
}

/** Curated examples or an evaluation, new questions, and skipping invalid rows. */
export function ImportChoices({ form }: { form: ImportFormState }) {
  const { format, busy, showModelFields, judgeScores } = form;
  const answers = showModelFields && !judgeScores;
  return (
    <>
      {answers && (
        <Choice checked={form.examples} onChange={form.setExamplesChoice} disabled={busy} testId="examples">
          Curated examples (not a sample: never counted in rates){" "}
          <span className="text-zinc-600 dark:text-zinc-400">
            — a hand-picked selection, browsable on the answers page; untick for an evaluation (all of a model&apos;s sampled answers).
            {format === "results-csv" ? " Ticked by default: the paper's results CSV is a selection of striking answers." : ""}
          </span>
        </Choice>
      )}
      {answers && (
        <Choice checked={form.newQuestions} onChange={form.setNewQuestions} disabled={busy} testId="new-questions">
          Create new questions{" "}
          <span className="text-zinc-600 dark:text-zinc-400">
            — question ids in no question set are created in the question set above (default: such ids are an error)
          </span>
        </Choice>
      )}
      <Choice checked={form.skipInvalid} onChange={form.setSkipInvalid} disabled={busy} testId="skip-invalid">
        Skip invalid rows{" "}
        <span className="text-zinc-600 dark:text-zinc-400">
          — import the valid rows and list the others (default: reject the whole file)
        </span>
      </Choice>
    </>
  );
}
