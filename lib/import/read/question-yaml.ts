// The paper's question files (first_plot_questions.yaml, preregistered_evals.yaml...): a YAML
// list of questions, sharing paraphrases, judge and judge prompts through anchors and aliases.
import { z } from "zod";
import { isMap, isSeq, LineCounter, parseDocument } from "yaml";
import { baseExternalId, questionCategory, questionVariant } from "@/lib/domain/questions";
import type { QuestionVariant } from "@/lib/generated/prisma/enums";
import { ImportValidationError } from "../errors";
import type { ImportIssue } from "../types";

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
    judge_prompts: z
      .record(z.string(), z.string({ error: "expected each judge prompt to be text" }), { error: "expected a map of metric -> prompt" })
      .nullish(),
    system: z.string({ error: "expected a system prompt (text)" }).nullish(),
  },
  { error: "expected a question (a map with id, paraphrases, judge...)" },
);

// Aliases are bounded twice. A 1 MB file aliasing one 1 MB string 3,000 times (with no alias
// limit) stalled the server 53 s and grew it from 0.2 to 3.3 GB.
// 1. Uses of an anchor, as the yaml library counts them (uses x the aliases nested inside the
//    anchored node; this is what stops "billion laughs" nesting). The paper's files need at most
//    48 (preregistered_evals.yaml: 141 aliases, 47 of one judge prompt; first_plot_questions.yaml
//    24, deception_sit_aware.yaml 8, deception_factual.yaml 5); 1000 leaves room for files twenty
//    times longer. The library's default, 100, would reject a file of ~100 questions sharing one
//    judge prompt.
const MAX_ALIAS_COUNT = 1000;
// 2. The size of the expanded data (characters of text plus one per value and key): aliased text
//    is stored once per question, so this is what reaches the database. The paper's files expand
//    1.7-5.9 times (preregistered_evals.yaml: 19 KB -> 113 KB); allow 10 times plus 1 MB.
const MAX_EXPANSION_RATIO = 10;
const EXPANSION_ALLOWANCE = 1_000_000;

/**
 * The expanded size of a parsed value, counted only until it passes `budget` (an alias bomb's
 * expansion is never walked in full: the walk stops after about `budget` steps).
 */
function expandedSize(value: unknown, budget: number): number {
  let total = 0;
  const pending: unknown[] = [value];
  while (pending.length > 0 && total <= budget) {
    const next = pending.pop();
    total += 1;
    if (typeof next === "string") total += next.length;
    else if (Array.isArray(next)) {
      // counted when queued, so the queue never holds more than the budget plus one list
      total += next.length;
      for (const item of next) pending.push(item);
    } else if (next !== null && typeof next === "object") {
      for (const [key, item] of Object.entries(next)) {
        total += 1 + key.length;
        pending.push(item);
      }
    }
  }
  return total;
}

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
    throw new ImportValidationError([
      { file: displayName, line: 1, message: 'expected a YAML list of questions (items starting with "- id: ...")' },
    ]);
  }
  // The paper's files reuse judge prompts through aliases on every question (bounds above).
  let items: unknown[];
  try {
    items = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown[];
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    const message = error.message.startsWith("Excessive alias count")
      ? `too many aliases: an anchor is used more than ${MAX_ALIAS_COUNT} times (counting aliases nested inside it); write the text out or split the file`
      : `malformed YAML: ${error.message}`;
    throw new ImportValidationError([{ file: displayName, message }]);
  }
  const budget = MAX_EXPANSION_RATIO * source.length + EXPANSION_ALLOWANCE;
  if (expandedSize(items, budget) > budget) {
    throw new ImportValidationError([
      {
        file: displayName,
        message: `aliases expand the file too much: its ${source.length} characters expand to more than ${budget} (at most ${MAX_EXPANSION_RATIO} times the file plus ${EXPANSION_ALLOWANCE}); write the text out or split the file`,
      },
    ]);
  }
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
      for (const problem of parsed.error.issues)
        issues.push({ ...where, column: problem.path.join(".") || undefined, message: problem.message });
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
