// A small writer of Inspect AI logs for the importer's tests (no public emergent-misalignment
// Inspect logs exist offline). It follows inspect_ai's own writer (src/inspect_ai/log/_recorders/
// eval.py, log/_log.py): a `.eval` is a ZIP with _journal/start.json ({version, eval, plan}),
// samples/<id>_epoch_<n>.json (one EvalSample each), _journal/summaries/1.json and summaries.json
// (EvalSampleSummary lists) and header.json (the EvalLog without samples, written when the run ends,
// so a crashed run has none); a `.json` log is the EvalLog with its samples. Members are deflated
// (ZIP method 8, node:zlib) or Zstandard-compressed (method 93, as Inspect writes them, with the
// @bokuweb/zstd-wasm encoder: Node 20's zlib has no zstd). Python's json writes NaN and Infinity as
// bare tokens; pythonJson() does the same.
import fs from "node:fs";
import zlib from "node:zlib";
import { compress as zstdCompress, init as zstdInit } from "@bokuweb/zstd-wasm";

export type Content = string | ({ type: "text"; text: string } | { type: "reasoning"; reasoning: string; summary?: string | null })[];
export interface Message {
  role: "system" | "user" | "assistant";
  content: Content;
}

export interface SampleSpec {
  id: string | number;
  epoch: number;
  /** the question as asked: a string, or messages (the last user message is the prompt) */
  input: string | Message[];
  /** the answer: output.completion (set completion: "" to leave it to the last assistant message) */
  answer?: Content;
  completion?: string;
  scores?: Record<string, { value: unknown; answer?: string; explanation?: string }>;
  metadata?: Record<string, unknown>;
  uuid?: string;
}

export interface LogSpec {
  model: string;
  /** eval.model_roles */
  modelRoles?: Record<string, string>;
  /** eval.scorers: name and options (e.g. { model: "openai/gpt-4o" }) */
  scorers?: { name: string; options?: Record<string, unknown> }[];
  samples: SampleSpec[];
}

const CREATED = "2026-12-01T10:00:00+00:00";

export function evalSpec(log: LogSpec): Record<string, unknown> {
  return {
    eval_id: "eval-id-1",
    run_id: "run-id-1",
    created: CREATED,
    task: "emergent_misalignment",
    task_id: "task-id-1",
    task_version: 0,
    task_file: "em_task.py",
    task_attribs: {},
    task_args: {},
    solver: null,
    dataset: { name: "first_plot_questions", location: "first_plot_questions.jsonl", samples: log.samples.length, shuffled: false },
    model: log.model,
    model_generate_config: { temperature: 1 },
    model_args: {},
    model_roles: log.modelRoles
      ? Object.fromEntries(Object.entries(log.modelRoles).map(([role, model]) => [role, { model, config: {}, args: {} }]))
      : null,
    config: { epochs: Math.max(...log.samples.map((s) => s.epoch)) },
    packages: { inspect_ai: "0.3.140" },
    scorers: log.scorers?.map((scorer) => ({ name: scorer.name, options: scorer.options ?? {}, metrics: [], metadata: {} })) ?? null,
  };
}

const PLAN = { name: "plan", steps: [{ solver: "generate", params: {} }], config: {} };

function inputMessages(input: string | Message[]): Message[] {
  return typeof input === "string" ? [{ role: "user", content: input }] : input;
}

/** The text of content as Inspect's ChatMessage.text gives it (text parts joined by newlines). */
function textOf(content: Content): string {
  return typeof content === "string"
    ? content
    : content
        .filter((part) => part.type === "text")
        .map((part) => (part as { text: string }).text)
        .join("\n");
}

/** One EvalSample as Inspect writes it. */
export function evalSample(log: LogSpec, sample: SampleSpec): Record<string, unknown> {
  const answer = sample.answer ?? "";
  const assistant: Message = { role: "assistant", content: answer };
  return {
    id: sample.id,
    epoch: sample.epoch,
    input: sample.input,
    target: "",
    messages: [...inputMessages(sample.input), { ...assistant, source: "generate", model: log.model }],
    output: {
      model: log.model,
      choices: [{ message: { ...assistant, source: "generate" }, stop_reason: "stop" }],
      completion: sample.completion ?? textOf(answer),
      usage: { input_tokens: 20, output_tokens: 80, total_tokens: 100 },
      time: 1.5,
    },
    scores: sample.scores ?? null,
    metadata: sample.metadata ?? {},
    store: {},
    events: [],
    model_usage: {},
    total_time: 2.0,
    working_time: 1.9,
    uuid: sample.uuid,
  };
}

function summary(sample: Record<string, unknown>): Record<string, unknown> {
  const { id, epoch, input, target, metadata, scores, uuid } = sample;
  return { id, epoch, input, target, metadata, scores, uuid, model_usage: {}, completed: true };
}

/** JSON as Python's json.dumps writes it: NaN, Infinity and -Infinity as bare tokens. */
export function pythonJson(value: unknown, indent?: number): string {
  const marker = "\u0000nonfinite:";
  const text = JSON.stringify(value, (_key, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? `${marker}${v}` : v), indent);
  return text.replace(/"\\u0000nonfinite:(NaN|Infinity|-Infinity)"/g, "$1");
}

/** The whole log as one JSON document (Inspect's .json format). */
export function jsonLog(log: LogSpec): string {
  return pythonJson(
    {
      version: 2,
      status: "success",
      eval: evalSpec(log),
      plan: PLAN,
      results: { total_samples: log.samples.length, completed_samples: log.samples.length, scores: [] },
      stats: { started_at: CREATED, completed_at: CREATED, model_usage: {} },
      samples: log.samples.map((sample) => evalSample(log, sample)),
    },
    2,
  );
}

export type Compression = "stored" | "deflate" | "zstd";
export interface ZipEntrySpec {
  name: string;
  data: Buffer;
  compression: Compression;
}

const METHOD: Record<Compression, number> = { stored: 0, deflate: 8, zstd: 93 };

/** the encoder's WebAssembly module, instantiated once (instantiating it again made later outputs invalid zstd) */
let zstdReady: Promise<void> | null = null;

async function compress(data: Buffer, compression: Compression): Promise<Buffer> {
  if (compression === "stored") return data;
  if (compression === "deflate") return zlib.deflateRawSync(data);
  await (zstdReady ??= zstdInit());
  return Buffer.from(zstdCompress(data, 3));
}

/**
 * A ZIP archive of the entries, in order (a name may repeat, as when Inspect appends a re-logged
 * member): local headers and data, the central directory, the end record. No ZIP64: test logs are small.
 */
export async function zipArchive(entries: ZipEntrySpec[]): Promise<Buffer> {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, "utf8");
    const data = await compress(entry.data, entry.compression);
    const crc = zlib.crc32(entry.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(METHOD[entry.compression] === 93 ? 63 : 20, 4); // version needed (6.3 for zstd)
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(METHOD[entry.compression], 8);
    local.writeUInt16LE(0, 10); // time
    local.writeUInt16LE(0x5b81, 12); // date 2025-12-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(0x033f, 4); // made by: Unix, 6.3
    local.copy(header, 6, 4, 30); // version needed ... name length (26 bytes), then extra length 0
    header.writeUInt16LE(0, 32); // comment length
    header.writeUInt16LE(0, 34); // disk
    header.writeUInt16LE(0, 36); // internal attributes
    header.writeUInt32LE(0, 38); // external attributes
    header.writeUInt32LE(offset, 42);
    parts.push(local, name, data);
    central.push(header, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}

export interface EvalLogOptions {
  compression?: Compression;
  /** the run crashed: no header.json, no summaries.json (only the journal) */
  crashed?: boolean;
  /** members appended after the others (e.g. a re-logged samples/<id>_epoch_<n>.json) */
  append?: { name: string; json: string }[];
}

/** The .eval members of a log, in the order Inspect writes them. */
export function evalMembers(log: LogSpec, options: EvalLogOptions = {}): { name: string; json: string }[] {
  const spec = evalSpec(log);
  const samples = log.samples.map((sample) => evalSample(log, sample));
  const members = [{ name: "_journal/start.json", json: pythonJson({ version: 2, eval: spec, plan: PLAN }) }];
  for (const sample of samples) members.push({ name: `samples/${sample.id}_epoch_${sample.epoch}.json`, json: pythonJson(sample) });
  members.push({ name: "_journal/summaries/1.json", json: pythonJson(samples.map(summary)) });
  if (!options.crashed) {
    members.push({ name: "summaries.json", json: pythonJson(samples.map(summary)) });
    members.push({
      name: "header.json",
      json: pythonJson({
        version: 2,
        status: "success",
        eval: spec,
        plan: PLAN,
        results: { total_samples: samples.length, completed_samples: samples.length, scores: [] },
        stats: { started_at: CREATED, completed_at: CREATED, model_usage: {} },
      }),
    });
  }
  return [...members, ...(options.append ?? [])];
}

export async function evalLogBytes(log: LogSpec, options: EvalLogOptions = {}): Promise<Buffer> {
  const compression = options.compression ?? "zstd";
  return zipArchive(evalMembers(log, options).map(({ name, json }) => ({ name, data: Buffer.from(json, "utf8"), compression })));
}

export async function writeEvalLog(file: string, log: LogSpec, options: EvalLogOptions = {}): Promise<void> {
  fs.writeFileSync(file, await evalLogBytes(log, options));
}

export function writeJsonLog(file: string, log: LogSpec): void {
  fs.writeFileSync(file, jsonLog(log));
}
