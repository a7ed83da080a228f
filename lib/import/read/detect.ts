// Format detection from the file name's extension and the first bytes of the content.
import { parse as parseCsvSync } from "csv-parse/sync";
import { canonicalHeader } from "./answer-rows";
import { ImportValidationError } from "../errors";
import type { ImportFormat } from "../types";

/** The first bytes of a ZIP archive (a local file header): an Inspect AI .eval log. */
const ZIP_MAGIC = "PK\u0003\u0004";

/**
 * An Inspect AI JSON log (without a .json name): an object whose first keys are version and status,
 * the order EvalLog always writes them in; a JSONL answer object has neither.
 */
function looksLikeInspectJson(text: string): boolean {
  return /^\{\s*"version"\s*:\s*\d+\s*,\s*"status"\s*:/.test(text);
}

/** Columns that make a CSV (or JSON object) the paper's results format rather than eval.py's. */
const RESULTS_MARKERS = ["model", "group"];
const EVAL_COLUMNS = ["question", "answer", "question_id"];

/** Classifies a CSV by its header columns; null when it is neither known CSV format. */
export function csvFormatFromHeader(columns: string[]): ImportFormat | null {
  const set = new Set(canonicalHeader(columns.map((c) => c.trim())));
  if (!EVAL_COLUMNS.every((c) => set.has(c))) return null;
  return RESULTS_MARKERS.some((c) => set.has(c)) ? "results-csv" : "eval-csv";
}

function firstCsvRecord(head: string): string[] | null {
  const firstLine = head.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0];
  try {
    const records = parseCsvSync(firstLine, { relax_quotes: true }) as string[][];
    return records[0] ?? null;
  } catch {
    return null;
  }
}

/**
 * Detects the format of a file from its name and its first bytes (`head`). Throws an
 * ImportValidationError saying what was seen and suggesting --format when it cannot tell.
 */
export function detectFormat(fileName: string, head: string): ImportFormat {
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? "";
  const text = head.replace(/^\uFEFF/, "");
  if (text.trim() === "") throw new ImportValidationError([{ file: fileName, message: "the file is empty" }]);

  if (extension === "yaml" || extension === "yml") return "question-yaml";
  if (extension === "jsonl" || extension === "ndjson") return "jsonl";
  if (extension === "eval" || text.startsWith(ZIP_MAGIC)) return "inspect-eval";
  if (extension !== "csv") {
    const start = text.trimStart();
    if (extension === "json" || (start.startsWith("{") && looksLikeInspectJson(start))) return "inspect-json";
    if (start.startsWith("{")) return "jsonl";
    if (/^(-\s|#|---)/.test(start)) return "question-yaml";
  }
  const header = firstCsvRecord(text);
  const format = header ? csvFormatFromHeader(header) : null;
  if (format) return format;
  throw new ImportValidationError([
    {
      file: fileName,
      line: 1,
      message:
        `cannot tell the format: expected a CSV header with columns ${EVAL_COLUMNS.join(", ")} (eval.py CSV) ` +
        `plus model, group (results CSV), a .jsonl file, an Inspect AI log (.eval or .json) or a question .yaml file; ` +
        `found ${JSON.stringify(text.split(/\r?\n/, 1)[0].slice(0, 120))}. Use --format to say which it is.`,
    },
  ]);
}
