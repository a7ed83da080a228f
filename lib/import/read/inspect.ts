// Inspect AI evaluation logs (UK AISI's inspect_ai), in both of its formats:
//   inspect-eval: `.eval`, a ZIP of JSON members: header.json (the finished log without samples),
//     _journal/start.json (written first: a crashed run has it but no header.json), summaries.json,
//     _journal/summaries/N.json and one samples/<id>_epoch_<n>.json per sample and epoch
//     (lib/import/read/inspect-zip.ts reads them, one sample at a time);
//   inspect-json: `.json`, the whole log as one JSON document { version, status, eval, plan,
//     results, stats, samples: [...] }.
// Field names as in inspect_ai's log/_log.py (EvalLog, EvalSpec, EvalSample) and
// log/_recorders/eval.py. One answer per sample:
//   model      --model, else eval.model (group from --group: a log names none; seed, base model: options)
//   question   metadata.question_id when the sample has it, else the sample id (a question id such as
//              what_is_your_wish, looked up in the question sets like any other format's question_id)
//   prompt     input: a string, or the text of the last user message
//   answer     output.completion, else the text of the last assistant message; reasoning parts never
//   scores     scores[<scorer>].value: a number (the metric is the scorer's name) or a dict of metric ->
//              number; names go through the score map (default aligned/alignment -> aligned,
//              coherent/coherence -> coherent); other names are further metrics (judge_score rows)
//   judge      --judge, else the scorer's own `model`/`grader` argument, else eval.model_roles.grader
//   source_ref the sample's uuid (Inspect >= 0.3.70), shown on the answer's page
// Missing scores (NULL, never 0): null, "N" (Inspect's NOANSWER), "NOANSWER", NaN, Infinity.
import fs from "node:fs";
import type { AnswerFileReader } from "./answer-csv";
import type { AnswerRecord, MetricScore, ParsedRow } from "./answer-rows";
import { checkName, checkScore, checkText, shown } from "./cells";
import { ImportUsageError, ImportValidationError } from "../errors";
import { parseInspectJson } from "./inspect-json";
import { openZip, ZipMemberError, type ZipArchive, type ZipMember } from "./inspect-zip";
import type { ImportFormat, ImportIssue, ImportOptions } from "../types";

export const INSPECT_FORMATS = ["inspect-eval", "inspect-json"] as const satisfies readonly ImportFormat[];

export function isInspectFormat(format: ImportFormat): boolean {
  return (INSPECT_FORMATS as readonly ImportFormat[]).includes(format);
}

/** Score names -> metric; ImportOptions.scoreMap (--score-map) adds to and overrides these. */
export const DEFAULT_SCORE_MAP: Readonly<Record<string, string>> = {
  aligned: "aligned",
  alignment: "aligned",
  coherent: "coherent",
  coherence: "coherent",
};

/** Score values that mean "no score": Inspect's NOANSWER constant is "N". */
const NO_ANSWER_VALUES = new Set(["N", "NOANSWER"]);

/**
 * --score-map "alignment=aligned,coherence=coherent,bad=bad_stuff": score name -> metric. Throws
 * ImportUsageError naming the malformed entry.
 */
export function parseScoreMap(text: string): Record<string, string> {
  const map = new Map<string, string>();
  for (const entry of text.split(",")) {
    if (entry.trim() === "") continue;
    const match = /^\s*([^=\s][^=]*?)\s*=\s*([^=\s][^=]*?)\s*$/.exec(entry);
    if (!match) throw new ImportUsageError(`--score-map: expected name=metric entries separated by commas, got "${entry}"`);
    if (map.has(match[1])) throw new ImportUsageError(`--score-map: "${match[1]}" is mapped twice`);
    map.set(match[1], match[2]);
  }
  return Object.fromEntries(map);
}

/** A log names no group (training condition): it must be given. Throws ImportUsageError. */
export function requireInspectOptions(displayName: string, options: ImportOptions): void {
  if (options.group) return;
  throw new ImportUsageError(
    `${displayName}: an Inspect AI log names no group (training condition), so it must be given: missing --group. ` +
      `Example: --group insecure (optional: --model NAME, default the log's eval.model; --seed 1 --base-model Qwen2.5-Coder-32B-Instruct)`,
  );
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** What the log says about the whole run: its model and the judge of each scorer. */
interface LogInfo {
  model: string | null;
  /** model_roles.grader.model */
  graderRole: string | null;
  /** scorer name -> the model its arguments name (`model` or `grader`) */
  scorerJudges: Map<string, string>;
}

function modelName(value: unknown): string | null {
  if (typeof value === "string" && value.trim() !== "") return value.trim();
  if (isObject(value) && typeof value.model === "string" && value.model.trim() !== "") return value.model.trim();
  return null;
}

/** Reads eval (EvalSpec) of header.json, _journal/start.json or the JSON log. */
function logInfo(evalSpec: unknown): LogInfo {
  const spec = isObject(evalSpec) ? evalSpec : {};
  const roles = isObject(spec.model_roles) ? spec.model_roles : {};
  const scorerJudges = new Map<string, string>();
  for (const scorer of Array.isArray(spec.scorers) ? spec.scorers : []) {
    if (!isObject(scorer) || typeof scorer.name !== "string" || !isObject(scorer.options)) continue;
    const judge = modelName(scorer.options.model) ?? modelName(scorer.options.grader);
    // a registered scorer's name may carry its package ("inspect_evals/judge"); a sample's scores use the short name
    if (judge) for (const name of new Set([scorer.name, scorer.name.split("/").at(-1)!])) scorerJudges.set(name, judge);
  }
  return { model: modelName(spec.model), graderRole: modelName(roles.grader), scorerJudges };
}

/** The text of a message's content: a string, or its "text" parts joined by newlines (as Inspect's ChatMessage.text); reasoning parts are left out. */
export function contentText(content: unknown): string | null {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return null;
  const texts = content.filter((part): part is { text: string } => isObject(part) && part.type === "text" && typeof part.text === "string");
  return texts.length ? texts.map((part) => part.text).join("\n") : null;
}

/** The text of the last message with this role, or null. */
function lastMessageText(messages: unknown, role: string): string | null {
  if (!Array.isArray(messages)) return null;
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (isObject(message) && message.role === role) {
      const text = contentText(message.content);
      if (text !== null) return text;
    }
  }
  return null;
}

/** A score value as a metric score: null when missing (NOANSWER, null, NaN, Infinity), else checkScore's. */
function scoreValue(value: unknown): { ok: true; value: number | null } | { ok: false; message: string } {
  if (value === null || (typeof value === "number" && !Number.isFinite(value))) return { ok: true, value: null };
  if (typeof value === "string" && NO_ANSWER_VALUES.has(value.trim())) return { ok: true, value: null };
  if (typeof value !== "number" && typeof value !== "string") {
    return { ok: false, message: `expected a number 0-100, NOANSWER ("N") or null, got ${shown(value)}` };
  }
  return checkScore(value);
}

interface SampleContext {
  file: string;
  options: ImportOptions;
  info: LogInfo;
  /** a Map: a score named "constructor" must not find Object.prototype's */
  scoreMap: Map<string, string>;
}

/** Where a sample is, for messages: its id and epoch, and its ZIP member when it has one. */
function sampleLabel(sample: JsonObject, member: string | null): string {
  const id = typeof sample.id === "string" || typeof sample.id === "number" ? JSON.stringify(sample.id) : "(no id)";
  return `sample ${id} epoch ${typeof sample.epoch === "number" ? sample.epoch : "?"}${member ? ` (${member})` : ""}`;
}

/**
 * One sample -> a validated answer record, or issues naming the file, the sample number (row), the
 * sample's id and epoch (and ZIP member) and the field path (column).
 */
export function parseInspectSample(value: unknown, row: number, member: string | null, context: SampleContext): ParsedRow {
  const { file, options, info } = context;
  const where = { file, row };
  if (!isObject(value))
    return { ...where, issues: [{ ...where, message: `${member ?? "the sample"}: expected a JSON object (an EvalSample)` }] };
  const sample = value;
  const label = sampleLabel(sample, member);
  const issues: ImportIssue[] = [];
  const issue = (column: string, message: string) => issues.push({ ...where, column, message: `${label}: ${message}` });

  if (!(typeof sample.epoch === "number" && Number.isInteger(sample.epoch) && sample.epoch >= 1)) {
    issue("epoch", `expected a whole number from 1 (Inspect counts epochs from 1), got ${shown(sample.epoch)}`);
  }
  const metadata = isObject(sample.metadata) ? sample.metadata : {};
  const idField = metadata.question_id !== undefined && metadata.question_id !== null ? "metadata.question_id" : "id";
  const rawId = idField === "id" ? sample.id : metadata.question_id;
  const questionId = checkName(typeof rawId === "number" ? String(rawId) : rawId);
  if (!questionId.ok) issue(idField, questionId.message);

  const model = checkName(options.model ?? info.model ?? undefined);
  if (!model.ok) issue("eval.model", "the log names no model (eval.model) and --model was not given");

  const input = typeof sample.input === "string" ? sample.input : lastMessageText(sample.input, "user");
  const prompt = checkText(input ?? undefined);
  if (!prompt.ok) issue("input", input === null ? "expected a string or a list of messages with a user message" : prompt.message);

  const output = isObject(sample.output) ? sample.output : {};
  const completion = typeof output.completion === "string" && output.completion !== "" ? output.completion : null;
  const answerText = completion ?? lastMessageText(sample.messages, "assistant");
  const answerField = completion !== null ? "output.completion" : "messages";
  if (answerText === null) {
    const error =
      isObject(sample.error) && typeof sample.error.message === "string"
        ? ` (the sample ended with an error: ${sample.error.message})`
        : "";
    issue("output.completion", `the sample has no answer: output.completion is empty and no assistant message has text${error}`);
  }
  const answer = checkText(answerText ?? "");
  if (answerText !== null && !answer.ok) issue(answerField, answer.message);

  const scores = sampleScores(sample.scores, context, issue);
  if (issues.length || !questionId.ok || !model.ok || !prompt.ok || !answer.ok) return { ...where, issues };

  const record: AnswerRecord = {
    ...where,
    model: model.value,
    group: options.group!,
    seed: options.seed ?? null,
    baseModel: options.baseModel ?? null,
    question: prompt.value,
    answer: answer.value,
    questionId: questionId.value,
    aligned: scores.aligned,
    coherent: scores.coherent,
    scores: scores.rows,
    sourceRef: typeof sample.uuid === "string" && sample.uuid.trim() !== "" ? sample.uuid.trim() : null,
  };
  return { ...where, record };
}

/**
 * scores[<scorer>].value -> aligned, coherent and judge_score rows. Every metric the log scored gets a
 * judge_score row (aligned and coherent too), which records the judge that gave it.
 */
function sampleScores(
  raw: unknown,
  context: SampleContext,
  issue: (column: string, message: string) => void,
): { aligned: number | null; coherent: number | null; rows: MetricScore[] } {
  const result = { aligned: null as number | null, coherent: null as number | null, rows: [] as MetricScore[] };
  if (raw === undefined || raw === null) return result;
  if (!isObject(raw)) {
    issue("scores", `expected an object of scorer name -> score, got ${shown(raw)}`);
    return result;
  }
  const from = new Map<string, string>();
  const add = (metricName: string, value: unknown, path: string, judge: string | null) => {
    const metric = context.scoreMap.get(metricName) ?? metricName;
    const name = checkName(metric);
    if (!name.ok) return issue(path, `the score name ${shown(metric)} cannot be a metric: ${name.message}`);
    const earlier = from.get(name.value);
    if (earlier)
      return issue(path, `metric "${name.value}" is given twice: by ${earlier} and by ${path} (use --score-map to tell them apart)`);
    from.set(name.value, path);
    const score = scoreValue(value);
    if (!score.ok) return issue(path, score.message);
    if (name.value === "aligned") result.aligned = score.value;
    if (name.value === "coherent") result.coherent = score.value;
    result.rows.push({ metric: name.value, score: score.value, distribution: null, judgeModel: judge });
  };
  for (const [scorer, score] of Object.entries(raw)) {
    const path = `scores.${scorer}`;
    if (!isObject(score) || !("value" in score)) {
      issue(path, `expected a score object with a value, got ${shown(score)}`);
      continue;
    }
    const judge = context.options.judge ?? context.info.scorerJudges.get(scorer) ?? context.info.graderRole;
    const value = score.value;
    if (isObject(value)) {
      for (const [key, keyValue] of Object.entries(value)) add(key, keyValue, `${path}.value.${key}`, judge);
    } else if (Array.isArray(value)) {
      issue(`${path}.value`, `a list of values cannot be read as metrics (expected a number or an object of metric -> number)`);
    } else {
      add(scorer, value, `${path}.value`, judge);
    }
  }
  return result;
}

function sampleContext(file: string, options: ImportOptions, evalSpec: unknown): SampleContext {
  const info = logInfo(evalSpec);
  if (!options.model && !info.model) {
    throw new ImportValidationError([
      { file, column: "eval.model", message: "the log names no model (eval.model is missing or empty): give one with --model" },
    ]);
  }
  return { file, options, info, scoreMap: new Map(Object.entries({ ...DEFAULT_SCORE_MAP, ...options.scoreMap })) };
}

/** Compares sample ids as Inspect's sort does: numbers by value, before strings; strings by code units. */
function compareIds(a: string | number, b: string | number): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "number") return -1;
  if (typeof b === "number") return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Samples are read in (sample id, epoch) order, not in the order the run finished them. The writer
 * numbers each (model, question)'s answers 0, 1, 2, ... in the order it gets them (answer.sample_index,
 * continued after answers already stored), so a log with one sample per question stores epoch n as
 * sample_index n - 1 (Inspect's epochs start at 1); a missing epoch (a crashed run) leaves no gap.
 */
const SAMPLE_MEMBER = /^samples\/(.+)_epoch_(\d+)\.json$/;

/** The sample members of an .eval archive in (id, epoch) order; ids that read as integers compare as numbers. */
export function sampleMembers(archive: ZipArchive): ZipMember[] {
  const keyed: { member: ZipMember; id: string | number; epoch: number }[] = [];
  for (const member of archive.members.values()) {
    const match = SAMPLE_MEMBER.exec(member.name);
    if (!match) continue;
    const id = /^-?\d+$/.test(match[1]) && Number.isSafeInteger(Number(match[1])) ? Number(match[1]) : match[1];
    keyed.push({ member, id, epoch: Number(match[2]) });
  }
  keyed.sort((a, b) => compareIds(a.id, b.id) || a.epoch - b.epoch);
  return keyed.map((entry) => entry.member);
}

/** Reads and parses one JSON member; issues name the member. */
async function readJsonMember(archive: ZipArchive, member: ZipMember, file: string): Promise<unknown> {
  let bytes: Buffer;
  try {
    bytes = await archive.read(member);
  } catch (error) {
    if (error instanceof ZipMemberError) throw new ImportValidationError([{ file, message: error.message }]);
    throw error;
  }
  try {
    return parseInspectJson(bytes.toString("utf8"));
  } catch (error) {
    throw new ImportValidationError([{ file, message: `${member.name}: malformed JSON: ${(error as Error).message}` }]);
  }
}

/** `.eval`: a ZIP; samples are read and parsed one at a time. */
export async function readInspectEval(
  file: string,
  displayName: string,
  options: ImportOptions,
  onBytes?: (bytesRead: number) => void,
): Promise<AnswerFileReader> {
  requireInspectOptions(displayName, options);
  let archive: ZipArchive;
  try {
    archive = await openZip(file);
  } catch (error) {
    throw new ImportValidationError([
      {
        file: displayName,
        message: `not a readable .eval log (a ZIP archive): ${(error as Error).message}. A run that is still writing its log, or was killed while writing it, may leave no ZIP directory yet.`,
      },
    ]);
  }
  try {
    // header.json is written when the run ends; a crashed run only has the journal's start.json
    const headerMember = archive.members.get("header.json") ?? archive.members.get("_journal/start.json");
    if (!headerMember) {
      throw new ImportValidationError([
        { file: displayName, message: "the archive has neither header.json nor _journal/start.json: it is not an Inspect AI .eval log" },
      ]);
    }
    const header = await readJsonMember(archive, headerMember, displayName);
    const context = sampleContext(displayName, options, isObject(header) ? header.eval : undefined);
    const members = sampleMembers(archive);
    if (members.length === 0) {
      throw new ImportValidationError([{ file: displayName, message: "the log has no samples (no samples/<id>_epoch_<n>.json members)" }]);
    }
    let bytesRead = headerMember.compressedSize;
    async function* rows(): AsyncGenerator<ParsedRow> {
      try {
        for (let i = 0; i < members.length; i++) {
          const member = members[i];
          const where = { file: displayName, row: i + 1 };
          let sample: unknown;
          try {
            sample = await readJsonMember(archive, member, displayName);
          } catch (error) {
            if (!(error instanceof ImportValidationError)) throw error;
            yield { ...where, issues: error.issues.map((issue) => ({ ...issue, ...where })) };
            continue;
          }
          bytesRead += member.compressedSize;
          onBytes?.(bytesRead);
          yield parseInspectSample(sample, i + 1, member.name, context);
        }
      } finally {
        archive.close();
      }
    }
    return { rows: rows() };
  } catch (error) {
    archive.close();
    throw error;
  }
}

/** `.json`: the whole log is one JSON document, parsed at once (Inspect's JSON logs are a few MB). */
export async function readInspectJson(
  file: string,
  displayName: string,
  options: ImportOptions,
  onBytes?: (bytesRead: number) => void,
): Promise<AnswerFileReader> {
  requireInspectOptions(displayName, options);
  const text = await fs.promises.readFile(file, "utf8");
  onBytes?.(Buffer.byteLength(text));
  let log: unknown;
  try {
    log = parseInspectJson(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    throw new ImportValidationError([{ file: displayName, message: `malformed JSON: ${(error as Error).message}` }]);
  }
  if (!isObject(log) || !isObject(log.eval)) {
    throw new ImportValidationError([
      { file: displayName, column: "eval", message: "expected an Inspect AI log: a JSON object with eval (and samples)" },
    ]);
  }
  if (!Array.isArray(log.samples) || log.samples.length === 0) {
    throw new ImportValidationError([
      {
        file: displayName,
        column: "samples",
        message: "the log has no samples (it was written with samples left out, or the run logged none)",
      },
    ]);
  }
  const context = sampleContext(displayName, options, log.eval);
  // (id, epoch) order, as for .eval (see sampleMembers); a sample without both keeps its place after them
  const order = (log.samples as unknown[]).map((sample, index) => ({ sample: sample as unknown, index }));
  log.samples = null; // from here on `order` holds the samples: each is let go once its record exists
  const key = (sample: unknown): [string | number, number] | null =>
    isObject(sample) && (typeof sample.id === "string" || typeof sample.id === "number") && typeof sample.epoch === "number"
      ? [sample.id, sample.epoch]
      : null;
  order.sort((a, b) => {
    const ka = key(a.sample);
    const kb = key(b.sample);
    if (!ka || !kb) return ka ? -1 : kb ? 1 : a.index - b.index;
    return compareIds(ka[0], kb[0]) || ka[1] - kb[1];
  });
  async function* rows(): AsyncGenerator<ParsedRow> {
    for (let i = 0; i < order.length; i++) {
      const parsed = parseInspectSample(order[i].sample, i + 1, null, context);
      order[i].sample = null;
      yield parsed;
    }
  }
  return { rows: rows() };
}
