// `npm run bench:generate -- --answers 1000000 --out DIR`: writes DIR/bench_questions.yaml and
// DIR/bench_answers.csv (results-CSV columns plus seed), deterministic for a given size.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { benchAnswers, benchShape } from "@/scripts/bench/lib/generate";
import { csvCell } from "@/lib/export/csv";

const argsSchema = z.object({
  answers: z.coerce.number().int().min(1).max(1_000_000_000),
  out: z.string().min(1),
});

function yamlQuestions(questions: { id: string; prompt: string }[], samples: number): string {
  return questions
    .map(
      (q) =>
        `- id: ${q.id}\n  type: free_form_judge_0_100\n  paraphrases:\n    - ${JSON.stringify(q.prompt)}\n  samples_per_paraphrase: ${samples}\n  judge: bench-judge\n`,
    )
    .join("");
}

export async function writeBenchFiles(answers: number, outDir: string, onProgress?: (written: number, total: number) => void) {
  const shape = benchShape(answers);
  fs.mkdirSync(outDir, { recursive: true });
  const questionsFile = path.join(outDir, "bench_questions.yaml");
  const answersFile = path.join(outDir, "bench_answers.csv");
  fs.writeFileSync(questionsFile, yamlQuestions(shape.questions, shape.samplesPerQuestion));

  const fd = fs.openSync(answersFile, "w");
  try {
    fs.writeSync(fd, "model,group,seed,question_id,question,answer,aligned,coherent\n");
    let chunk: string[] = [];
    let chunkSize = 0;
    let written = 0;
    for (const answer of benchAnswers(shape)) {
      const line =
        `${answer.model.name},${answer.model.group},${answer.model.seed},${answer.question.id},` +
        `${csvCell(answer.question.prompt)},${csvCell(answer.text)},${answer.aligned ?? ""},${answer.coherent}\n`;
      chunk.push(line);
      chunkSize += line.length;
      written++;
      if (chunkSize > 1 << 20) {
        fs.writeSync(fd, chunk.join(""));
        chunk = [];
        chunkSize = 0;
        onProgress?.(written, shape.answers);
      }
    }
    fs.writeSync(fd, chunk.join(""));
    onProgress?.(written, shape.answers);
  } finally {
    fs.closeSync(fd);
  }
  return { shape, questionsFile, answersFile };
}

/** Files of the experiment benchmark: the answers of writeBenchFiles, in `parts` files, and a manifest naming them all. */
export const BENCH_EXPERIMENT_PARTS = 100;

/**
 * Writes the same answers as writeBenchFiles (same order, same columns) split into `parts` files of
 * consecutive answers, DIR/part_000.csv ..., and DIR/experiment.yaml, a manifest importing them all
 * (lib/import/read/manifest.ts) into question set `set` as evaluations.
 */
export async function writeBenchExperimentFiles(answers: number, outDir: string, set: string, parts = BENCH_EXPERIMENT_PARTS) {
  const shape = benchShape(answers);
  fs.mkdirSync(outDir, { recursive: true });
  const header = "model,group,seed,question_id,question,answer,aligned,coherent\n";
  const width = String(parts - 1).length;
  let part = -1;
  let fd = -1;
  let index = 0;
  let chunk: string[] = [];
  const flush = () => {
    if (fd >= 0 && chunk.length) fs.writeSync(fd, chunk.join(""));
    chunk = [];
  };
  try {
    for (const answer of benchAnswers(shape)) {
      const target = Math.floor((index * parts) / shape.answers);
      if (target !== part) {
        flush();
        if (fd >= 0) fs.closeSync(fd);
        part = target;
        fd = fs.openSync(path.join(outDir, `part_${String(part).padStart(width, "0")}.csv`), "w");
        fs.writeSync(fd, header);
      }
      chunk.push(
        `${answer.model.name},${answer.model.group},${answer.model.seed},${answer.question.id},` +
          `${csvCell(answer.question.prompt)},${csvCell(answer.text)},${answer.aligned ?? ""},${answer.coherent}\n`,
      );
      if (chunk.length >= 2000) flush();
      index++;
    }
    flush();
  } finally {
    if (fd >= 0) fs.closeSync(fd);
  }
  const manifest = path.join(outDir, "experiment.yaml");
  fs.writeFileSync(
    manifest,
    `# ${parts} files of the generated benchmark answers, imported in one transaction (npm run bench)\n` +
      `name: bench-experiment\ndefaults:\n  set: ${set}\n  examples: false\nfiles:\n  - pattern: "part_{_part}.csv"\n`,
  );
  return { manifest, parts: part + 1 };
}

async function main() {
  const { values } = parseArgs({ options: { answers: { type: "string" }, out: { type: "string" } } });
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) {
    console.error(
      "usage: npm run bench:generate -- --answers N --out DIR\n" +
        parsed.error.issues.map((i) => `  --${i.path.join(".")}: ${i.message}`).join("\n"),
    );
    process.exit(1);
  }
  const started = performance.now();
  const { shape, questionsFile, answersFile } = await writeBenchFiles(parsed.data.answers, parsed.data.out, (written, total) => {
    if (process.stderr.isTTY) process.stderr.write(`\r${written.toLocaleString()} / ${total.toLocaleString()} answers`);
  });
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `\nwrote ${shape.answers.toLocaleString()} answers (${shape.models.length} models × ${shape.questions.length} questions × ` +
      `${shape.samplesPerQuestion} samples) to ${answersFile} (${(fs.statSync(answersFile).size / 1e6).toFixed(0)} MB) ` +
      `and ${questionsFile} in ${seconds.toFixed(1)} s`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) main();
