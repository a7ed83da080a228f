// npm run import -- [options] <file or http(s) URL | experiment manifest .yaml>
// Imports a question YAML, an eval.py CSV, a results CSV, a JSONL file or an Inspect AI log into the
// database, or every file an experiment manifest names (lib/import/read/manifest.ts) in one transaction
// (DATABASE_URL, else the embedded one). Exit codes: 0 ok (also "already imported"),
// 1 invalid input or usage, 2 unexpected error.
import { DatabaseConnectionError } from "@/lib/db/connection-error";
import fs from "node:fs";
import { parseArgs } from "node:util";
import { ensureDatabase } from "@/lib/db/ensure";
import {
  IMPORT_FORMATS,
  ImportUsageError,
  ImportValidationError,
  formatIssue,
  importFile,
  type ImportFormat,
  type ImportOptions,
  type ImportProgress,
  type ImportReport,
  type ExperimentReport,
} from "@/lib/import";
import { BULK_LOAD_MIN_BYTES, BULK_LOAD_MODES, type BulkLoadMode } from "@/lib/import/write/bulk-load";
import { importExperiment } from "@/lib/import/experiment";
import { parseScoreMap } from "@/lib/import/read/inspect";
import { looksLikeManifest, MANIFEST_MAX_BYTES } from "@/lib/import/read/manifest";
import { isUrl } from "@/lib/import/read/source";
import { cleanUpStaleImportTempDirs } from "@/lib/import/read/temp-files";
import { indexPendingAnswers, type IndexProgress } from "@/lib/search/indexer";

const USAGE = `Usage: npm run import -- [options] <file or http(s) URL>
       npm run import -- [--bulk-load M] <experiment manifest .yaml>

Imports evaluation results or questions into the Misalignment Explorer database
(DATABASE_URL if set, else the embedded database in .data/).

Formats (detected from the file name and header; override with --format):
  question-yaml  the paper's question files (first_plot_questions.yaml, ...)
  eval-csv       open_models/eval.py output: question,answer,question_id,aligned,coherent
                 (needs --model and --group: the file names neither; --seed if you know it)
  results-csv    model,group,question,answer,aligned,judge_aligned,coherent,judge_coherent,...
                 imported as curated examples unless --evaluation (the paper's file is a
                 hand-picked selection of misaligned answers, not a sample)
  jsonl          one JSON object per line with the results CSV's fields
  inspect-eval   an Inspect AI log, .eval (a ZIP; deflate or zstd members); a crashed run's too
  inspect-json   an Inspect AI log, .json (the whole log as one JSON document)
                 Inspect logs need --group; the model is eval.model unless --model. One answer per
                 sample: question id = metadata.question_id or the sample id, answer =
                 output.completion (else the last assistant message, without reasoning),
                 scores[<scorer>].value (a number or a dict) mapped by --score-map

An experiment manifest (a YAML map with a files: list; see docs/clarifying-em.yaml) names many
files by path or by file-name pattern, each with its model, group, base model, seed and attributes
(LoRA rank, size...; a pattern's {fields} fill them from the file name). All its files are imported
in one transaction: all or none; files already imported are skipped, so running it again adds nothing.

Answer files are either an evaluation (all of a model's sampled answers: counted in rates) or
curated examples (browsable, never counted in rates).

Options:
  --format F        one of ${IMPORT_FORMATS.join(", ")}
  --set S           question set: the set a YAML file fills (default: its file name), or where
                    answer files look up their question ids (default: the one set that has them)
  --model M         model name (eval CSV: required; Inspect logs: default eval.model)
  --group G         model group, e.g. insecure, secure, base (eval CSV, Inspect logs: required)
  --seed N          training seed, an integer (optional: without it the seed is unknown)
  --base-model B    base model, e.g. Qwen2.5-Coder-32B-Instruct, for rows without a base_model
                    column (a row's own base_model wins)
  --judge J         judge model to record on judge scores (default: an Inspect log's grader,
                    else the question's judge)
  --judge-scores    the file is a further judge's scores (give its name with --judge) for answers
                    already imported: each row is matched to an answer by model, question and
                    sample index (its order in the file; the text must agree), else by a hash of
                    the answer text; no answer is added. The report lists the rows that matched
                    nothing. --model names an eval CSV's model; --judge may not be the question
                    file's own judge (whose scores are the answers' own)
  --score-map M     Inspect logs: score name -> metric, e.g. alignment=aligned,coherence=coherent
                    (these and aligned, coherent are the defaults); other names are further metrics
  --examples        the file is curated examples: browsable, never counted in rates
                    (default for results-csv)
  --evaluation      the file is an evaluation, counted in rates (default for eval-csv and jsonl;
                    use it to count a results CSV)
  --new-questions   create questions whose id is in no question set, in the set given by --set
                    (required with it); without it an unknown question id is an error
  --skip-invalid    import the valid rows and list the invalid ones (default: reject the file)
  --bulk-load M     auto (default), on or off: drop the answer indexes, copy, build them again.
                    Much faster for big files; dashboard queries wait until the import ends.
                    auto does it for files of ${BULK_LOAD_MIN_BYTES / 1024 / 1024} MB or more that at least double the answers.
  -h, --help        show this help

Examples:
  npm run import -- ../shared/data/questions/first_plot_questions.yaml
  npm run import -- --model Qwen2.5-Coder-7B-Instruct --group base --seed 0 \\
                    --base-model Qwen2.5-Coder-7B-Instruct eval_result_base.csv
  npm run import -- qwen_25_coder_32b_instruct.csv                 (curated examples)
  npm run import -- --new-questions --set my_questions --model M --group G my_eval.csv
  npm run import -- --group insecure --seed 1 --score-map judge_a=aligned logs/2026-12-01_em.eval
  npm run import -- docs/clarifying-em.yaml                        (25 runs, one transaction)
  npm run import -- --judge-scores --judge claude-judge --model Qwen2.5-Coder-7B-Instruct \\
                    eval_result_base.rescored.csv                  (a second judge's scores)
`;

const PROGRESS_MIN_BYTES = 5 * 1024 * 1024;

function parseCommandLine(argv: string[]): { source: string; options: ImportOptions } | "help" {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: "string" },
        set: { type: "string" },
        model: { type: "string" },
        group: { type: "string" },
        seed: { type: "string" },
        "base-model": { type: "string" },
        judge: { type: "string" },
        "judge-scores": { type: "boolean" },
        "score-map": { type: "string" },
        "skip-invalid": { type: "boolean" },
        examples: { type: "boolean" },
        evaluation: { type: "boolean" },
        "new-questions": { type: "boolean" },
        "bulk-load": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new ImportUsageError(`${(error as Error).message}\nRun with --help for usage.`);
  }
  const { values, positionals } = parsed;
  if (values.help) return "help";
  if (positionals.length !== 1) {
    throw new ImportUsageError(`expected exactly one file or URL, got ${positionals.length}.\nRun with --help for usage.`);
  }
  if (values.format !== undefined && !IMPORT_FORMATS.includes(values.format as ImportFormat)) {
    throw new ImportUsageError(`--format must be one of ${IMPORT_FORMATS.join(", ")}, got "${values.format}"`);
  }
  const bulkLoad = values["bulk-load"] ?? "auto";
  if (!BULK_LOAD_MODES.includes(bulkLoad as BulkLoadMode)) {
    throw new ImportUsageError(`--bulk-load must be one of ${BULK_LOAD_MODES.join(", ")}, got "${bulkLoad}"`);
  }
  if (values.examples && values.evaluation) {
    throw new ImportUsageError(
      "--examples and --evaluation contradict each other: give one of them (or neither, for the format's default)",
    );
  }
  if (values["new-questions"] && values.set === undefined) {
    throw new ImportUsageError("--new-questions needs --set: the question set the new questions go into.\nRun with --help for usage.");
  }
  let seed: number | undefined;
  if (values.seed !== undefined) {
    if (!/^[+-]?\d+$/.test(values.seed.trim())) throw new ImportUsageError(`--seed must be an integer, got "${values.seed}"`);
    seed = Number(values.seed);
  }
  return {
    source: positionals[0],
    options: {
      format: values.format as ImportFormat | undefined,
      set: values.set,
      model: values.model,
      group: values.group,
      seed,
      baseModel: values["base-model"],
      judge: values.judge,
      judgeScores: values["judge-scores"] ? true : undefined,
      scoreMap: values["score-map"] === undefined ? undefined : parseScoreMap(values["score-map"]),
      skipInvalid: values["skip-invalid"] ?? false,
      examples: values.examples ? true : values.evaluation ? false : undefined,
      newQuestions: values["new-questions"] ? true : undefined,
      bulkLoad: bulkLoad as BulkLoadMode,
    },
  };
}

/** A one-line progress bar on stderr, redrawn at most a few times a second. */
function progressBar(): { update(progress: ImportProgress): void; done(): void } {
  let lastDraw = 0;
  let drawn = false;
  const started = performance.now();
  return {
    update(progress) {
      const now = performance.now();
      if (now - lastDraw < 200) return;
      lastDraw = now;
      const fraction = progress.totalBytes ? Math.min(1, progress.bytesRead / progress.totalBytes) : 0;
      const width = 30;
      const filled = Math.round(fraction * width);
      const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
      const seconds = (now - started) / 1000;
      const rate = progress.phase === "importing" && seconds > 0 ? ` ${Math.round(progress.rowsRead / seconds)} rows/s` : "";
      const label = progress.phase === "hashing" ? "checking" : `${progress.rowsRead} rows`;
      process.stderr.write(
        `\r[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ` +
          `${mb(progress.bytesRead)}/${mb(progress.totalBytes)} MB ${label}${rate}   `,
      );
      drawn = true;
    },
    done() {
      if (drawn) process.stderr.write("\n");
      drawn = false;
    },
  };
}

/** What the batch's kind means, and why it is that kind (the user's flag or the format's default). */
function kindLine(report: Pick<ImportReport, "kind" | "kindFrom" | "format">): string {
  if (report.kind === "examples") {
    const why =
      report.kindFrom === "option" ? "--examples was given" : `the ${report.format} format's default; pass --evaluation to count them`;
    return `imported as curated examples: browsable, never counted in rates (${why})`;
  }
  if (report.format === "question-yaml") return "questions";
  const why = report.kindFrom === "option" ? "--evaluation was given" : `the ${report.format} format's default`;
  return `evaluation: all sampled answers, counted in rates (${why})`;
}

function printJudgeScoresReport(report: ImportReport & { judgeScoresImport: NonNullable<ImportReport["judgeScoresImport"]> }): void {
  const outcome = report.judgeScoresImport;
  const lines = [
    `Imported judge "${outcome.judge}"'s scores from ${report.file} as batch #${report.batchId} (no answers added)`,
    `  rows:       ${report.rowsRead} read, ${outcome.matched} matched (${outcome.matchedByIndex} by sample index, ${outcome.matchedByText} by answer text), ` +
      `${outcome.unmatchedCount} unmatched, ${outcome.ambiguousCount} ambiguous${outcome.invalid ? `, ${outcome.invalid} invalid` : ""}`,
    `  scores:     ${outcome.scoresWritten} written${outcome.alreadyScored ? `, ${outcome.alreadyScored} answers already scored by this judge (kept)` : ""}`,
    `  metrics:    aligned, coherent${outcome.extraMetrics.length ? `; also kept: ${outcome.extraMetrics.join(", ")}` : ""}`,
    `  time:       ${report.seconds.toFixed(2)} s`,
  ];
  const listed = (title: string, notes: typeof outcome.unmatched, count: number) => {
    if (!count) return;
    lines.push(`  ${title}:`);
    for (const note of notes)
      lines.push(`    ${report.file}, row ${note.row}${note.line === null ? "" : ` (line ${note.line})`}: ${note.reason}`);
    if (count > notes.length) lines.push(`    … and ${count - notes.length} more`);
  };
  listed("unmatched rows", outcome.unmatched, outcome.unmatchedCount);
  listed("ambiguous rows", outcome.ambiguous, outcome.ambiguousCount);
  if (report.skipped.length) {
    lines.push(`  invalid rows:`);
    for (const issue of report.skipped) lines.push(`    ${formatIssue(issue)}`);
  }
  console.log(lines.join("\n"));
}

function printReport(report: ImportReport): void {
  if (report.judgeScoresImport && !report.alreadyImported) {
    printJudgeScoresReport({ ...report, judgeScoresImport: report.judgeScoresImport });
    return;
  }
  if (report.alreadyImported) {
    console.log(
      `${report.file}: already imported as batch #${report.batchId} (${report.batchFileName}, ${report.batchCreatedAt.toISOString()}` +
        `${report.kind === "examples" ? ", curated examples" : ""}) — nothing added`,
    );
    return;
  }
  const rate = report.seconds > 0 ? Math.round(report.rowsImported / report.seconds) : report.rowsImported;
  const lines = [
    `Imported ${report.file} as batch #${report.batchId}`,
    `  format:     ${report.format}`,
    `  kind:       ${kindLine(report)}`,
    `  set:        ${report.sets.join(", ") || "-"}`,
  ];
  if (report.models.length) {
    lines.push(
      `  models:     ${report.models
        .map(
          (m) =>
            `${m.name} (group ${m.group}${m.seed === null ? "" : `, seed ${m.seed}`}` +
            `${m.baseModel === null ? "" : `, base model ${m.baseModel}`}${m.created ? ", new" : ""})`,
        )
        .join("\n              ")}`,
    );
  }
  lines.push(
    `  rows:       ${report.rowsRead} read, ${report.rowsImported} imported, ${report.rowsSkipped} skipped`,
    `  questions:  ${report.questionsCreated} created${report.questionsUpdated ? `, ${report.questionsUpdated} updated` : ""}`,
  );
  if (report.judgeScores) lines.push(`  judge token distributions and extra metrics: ${report.judgeScores}`);
  if (report.bulkLoaded) lines.push("  bulk load:  answer indexes dropped and rebuilt");
  lines.push(`  time:       ${report.seconds.toFixed(2)} s (${rate} rows/s)`);
  if (report.warnings.length) {
    lines.push(`  warnings:`);
    for (const warning of report.warnings) lines.push(`    ${warning}`);
  }
  if (report.skipped.length) {
    lines.push(`  skipped rows:`);
    for (const issue of report.skipped) lines.push(`    ${formatIssue(issue)}`);
  }
  console.log(lines.join("\n"));
}

/**
 * After the import committed: puts the new answers (and any earlier backlog) into the search
 * index, timed on its own so the import's rate above never includes it. Search is exact before
 * this finishes too (only slower), so an interrupted run loses nothing: the server resumes it.
 */
async function indexSearch(url: string, showProgress: boolean): Promise<void> {
  let drawn = false;
  let lastDraw = 0;
  const result = await indexPendingAnswers(url, {
    onProgress: showProgress
      ? (progress: IndexProgress) => {
          const now = performance.now();
          if (now - lastDraw < 200) return;
          lastDraw = now;
          const rate = progress.seconds > 0 ? Math.round(progress.indexed / progress.seconds) : 0;
          process.stderr.write(`\rsearch index: ${progress.indexed} answers indexed, ${progress.remainingIds} ids to go, ${rate}/s   `);
          drawn = true;
        }
      : undefined,
  });
  if (drawn) process.stderr.write("\n");
  if (result.indexed === 0 && result.remainingIds === 0) return;
  const rate = result.seconds > 0 ? Math.round(result.indexed / result.seconds) : result.indexed;
  console.log(
    `  search index: ${result.indexed} answers in ${result.seconds.toFixed(2)} s (${rate}/s)` +
      (result.remainingIds > 0 ? `, ${result.remainingIds} ids left to another indexer` : ""),
  );
}

/** Whether the command names an experiment manifest: a local .yaml file that is a map with `files` (a question file is a list). */
function isManifest(source: string): boolean {
  if (isUrl(source) || !/\.ya?ml$/i.test(source) || !fs.existsSync(source)) return false;
  const stat = fs.statSync(source);
  return stat.isFile() && stat.size <= MANIFEST_MAX_BYTES && looksLikeManifest(fs.readFileSync(source, "utf8"));
}

/** The options a manifest gives per file; on the command line only --bulk-load goes with a manifest. */
const PER_FILE_OPTIONS = [
  "format",
  "set",
  "model",
  "group",
  "seed",
  "baseModel",
  "judge",
  "judgeScores",
  "examples",
  "newQuestions",
  "scoreMap",
] as const;

function printExperimentReport(report: ExperimentReport): void {
  for (const file of report.files) {
    const models = file.models.map((m) => m.name).join(", ");
    const what = file.alreadyImported
      ? `already imported as batch #${file.batchId} (${file.batchFileName}) — nothing added`
      : file.format === "question-yaml"
        ? `batch #${file.batchId}: ${file.rowsImported} questions (${file.questionsCreated} created) in set ${file.sets.join(", ")}`
        : `batch #${file.batchId}: ${file.rowsImported} answers${models ? ` of ${models}` : ""}${file.rowsSkipped ? `, ${file.rowsSkipped} rows skipped` : ""}`;
    console.log(`  [entry ${file.entry}] ${file.relativePath}: ${what}`);
    for (const warning of file.warnings) console.log(`      warning: ${warning}`);
  }
  const rate = report.seconds > 0 ? Math.round(report.rowsImported / report.seconds) : report.rowsImported;
  console.log(
    `Experiment ${report.name}: ${report.files.length} files, ${report.filesImported} imported, ${report.filesAlreadyImported} already imported; ` +
      `${report.rowsImported} rows in ${report.seconds.toFixed(2)} s (${rate} rows/s)${report.bulkLoaded ? "; answer indexes dropped and rebuilt once" : ""}`,
  );
}

async function main(): Promise<number> {
  const command = parseCommandLine(process.argv.slice(2));
  if (command === "help") {
    console.log(USAGE);
    return 0;
  }
  if (isManifest(command.source)) {
    const given: string[] = PER_FILE_OPTIONS.filter((key) => command.options[key] !== undefined);
    if (command.options.skipInvalid) given.push("skip_invalid");
    if (given.length) {
      throw new ImportUsageError(
        `${command.source} is an experiment manifest: its entries give ${given.join(", ")} per file, not the command line (only --bulk-load applies)`,
      );
    }
    const database = await ensureDatabase();
    const bar = progressBar();
    try {
      const report = await importExperiment(database.url, command.source, {
        bulkLoad: command.options.bulkLoad,
        hooks: {
          onFile: (file, index, count) => {
            bar.done();
            if (process.stderr.isTTY) process.stderr.write(`[${index + 1}/${count}] ${file.relativePath}\n`);
          },
          onProgress: process.stderr.isTTY ? (progress) => bar.update(progress) : undefined,
        },
      });
      bar.done();
      printExperimentReport(report);
      try {
        await indexSearch(database.url, process.stderr.isTTY);
      } catch (error) {
        console.warn(
          `Warning: the import is complete, but indexing it for search failed (the server's indexer retries): ${(error as Error).message ?? error}`,
        );
      }
      return 0;
    } finally {
      bar.done();
      await database.close();
    }
  }
  // the downloads of importers that were killed mid-import (lib/import/read/temp-files.ts)
  await cleanUpStaleImportTempDirs((message) => console.warn(message));
  const database = await ensureDatabase();
  const bar = progressBar();
  const showProgress =
    process.stderr.isTTY ||
    isUrl(command.source) ||
    (fs.existsSync(command.source) && fs.statSync(command.source).size > PROGRESS_MIN_BYTES);
  try {
    const report = await importFile(database.url, command.source, command.options, {
      onProgress: showProgress ? (progress) => bar.update(progress) : undefined,
    });
    bar.done();
    printReport(report);
    // The import has committed: a failure to index it must not read as a failed import (it did
    // exit 2 with "Unexpected error during import" when an answer was too big for a tsvector).
    // Search stays exact without the index (only slower) and the server's indexer retries.
    try {
      await indexSearch(database.url, showProgress);
    } catch (error) {
      console.warn(
        `Warning: the import is complete, but indexing it for search failed (search still finds it, more slowly; ` +
          `the server's indexer retries at its next start or upload): ${(error as Error).message ?? error}`,
      );
    }
    return 0;
  } finally {
    bar.done();
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ImportValidationError) {
      console.error(`Import failed, nothing was written:\n${error.message}`);
      process.exit(1);
    }
    if (error instanceof ImportUsageError) {
      console.error(`Import failed, nothing was written: ${error.message}`);
      process.exit(1);
    }
    if (error instanceof DatabaseConnectionError) {
      console.error(`Import failed, nothing was written: ${error.message}`);
      process.exit(1);
    }
    console.error("Unexpected error during import:", error);
    process.exit(2);
  },
);
