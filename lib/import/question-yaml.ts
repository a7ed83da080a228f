// The paper's question files (first_plot_questions.yaml, preregistered_evals.yaml...): a YAML
// list of questions, sharing paraphrases, judge and judge prompts through anchors and aliases.
import { z } from "zod";
import { isMap, isSeq, LineCounter, parseDocument } from "yaml";
import { baseExternalId, questionCategory, questionVariant } from "@/lib/domain/questions";
import type { QuestionVariant } from "@/lib/generated/prisma/enums";
import { ImportValidationError } from "./errors";
import type { ImportIssue } from "./types";

export interface ParsedQuestion {
  row: number;
  line: number;
  externalId: string;
  baseExternalId: string;
  variant: QuestionVariant;
  category: string | null;
  /** order in the file, 0-based */
  position: number;
  paraphrases: string[];
  systemPrompt: string | null;
  type: string | null;
  samplesPerParaphrase: number | null;
  judgeModel: string | null;
  judgePrompts: Record<string, string> | null;
}

const noNul = (text: string) => !text.includes("\0");
const questionSchema = z.object(
  {
  id: z
    .union([z.string(), z.number()], { error: "expected a question id (text)" })
    .transform(String)
    .refine((id) => id.trim() !== "" && noNul(id), "expected a non-empty question id"),
  type: z.string({ error: "expected text" }).nullish(),
  paraphrases: z
    .array(z.string({ error: "expected each paraphrase to be text" }).refine(noNul, "contains a NUL character"), {
      error: "expected a list of paraphrases (text)",
    })
    .min(1, "expected at least one paraphrase"),
  samples_per_paraphrase: z.number({ error: "expected a whole number" }).int("expected a whole number").min(0).nullish(),
  judge: z.string({ error: "expected the judge model's name" }).nullish(),
  judge_prompts: z.record(z.string(), z.string({ error: "expected each judge prompt to be text" }), { error: "expected a map of metric -> prompt" }).nullish(),
  system: z.string({ error: "expected a system prompt (text)" }).nullish(),
  },
  { error: "expected a question (a map with id, paraphrases, judge...)" },
);

export interface ParsedQuestionFile {
  questions: ParsedQuestion[];
  issues: ImportIssue[];
}

/**
 * Parses a question YAML file's text. Structural errors (malformed YAML, not a list) throw an
 * ImportValidationError; invalid questions are returned as issues (row = list item, 1-based).
 */
export function parseQuestionYaml(text: string, displayName: string): ParsedQuestionFile {
  const source = text.replace(/^\uFEFF/, "");
  if (source.trim() === "") throw new ImportValidationError([{ file: displayName, message: "the file is empty" }]);
  const lineCounter = new LineCounter();
  const document = parseDocument(source, { lineCounter, uniqueKeys: true });
  if (document.errors.length) {
    throw new ImportValidationError(
      document.errors.slice(0, 20).map((error) => ({
        file: displayName,
        line: error.linePos?.[0].line,
        message: `malformed YAML: ${error.message.split("\n")[0]}`,
      })),
    );
  }
  if (!isSeq(document.contents)) {
    throw new ImportValidationError([{ file: displayName, line: 1, message: "expected a YAML list of questions (items starting with \"- id: ...\")" }]);
  }
  // The paper's files reuse judge prompts through aliases on every question: allow any number.
  const items = document.toJS({ maxAliasCount: -1 }) as unknown[];
  const nodes = document.contents.items;

  const questions: ParsedQuestion[] = [];
  const issues: ImportIssue[] = [];
  const seenIds = new Map<string, number>();
  items.forEach((item, index) => {
    const node = nodes[index];
    const offset = isMap(node) || isSeq(node) ? node.range?.[0] : undefined;
    const where = { file: displayName, row: index + 1, line: offset === undefined ? undefined : lineCounter.linePos(offset).line };
    const parsed = questionSchema.safeParse(item);
    if (!parsed.success) {
      for (const problem of parsed.error.issues) issues.push({ ...where, column: problem.path.join(".") || undefined, message: problem.message });
      return;
    }
    const data = parsed.data;
    const externalId = data.id.trim();
    const previous = seenIds.get(externalId);
    if (previous !== undefined) {
      issues.push({ ...where, column: "id", message: `question id "${externalId}" appears twice (also item ${previous})` });
      return;
    }
    seenIds.set(externalId, index + 1);
    questions.push({
      row: where.row,
      line: where.line ?? 0,
      externalId,
      baseExternalId: baseExternalId(externalId),
      variant: questionVariant(externalId),
      category: questionCategory(externalId),
      position: index,
      paraphrases: data.paraphrases,
      systemPrompt: data.system ?? null,
      type: data.type ?? null,
      samplesPerParaphrase: data.samples_per_paraphrase ?? null,
      judgeModel: data.judge ?? null,
      judgePrompts: data.judge_prompts ?? null,
    });
  });
  return { questions, issues };
}
