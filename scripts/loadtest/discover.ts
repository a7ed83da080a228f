// The concrete ids the default paths need, found through the server's own public JSON API (so the
// tool needs no database access and works against any running server): a model, a question and
// an answer that exist, and a search word that matches answers.
//
// The few fields read here are checked as the routes' contracts define them (lib/api/contracts.ts),
// picked and not strict: the other fields of a body may differ (a server a version apart still works).
import { z } from "zod";
import { answersResponseSchema, modelsResponseSchema, questionsResponseSchema } from "@/lib/api/contracts";
import type { Placeholder, PlaceholderValues } from "./options";
import { rankSearchWords } from "./search-word";

/** Discovery could not find what a path needs: exit code 2 and one line. */
export class DiscoveryError extends Error {}

const modelsSchema = z.array(z.object(modelsResponseSchema.element.pick({ id: true, name: true, answers: true }).shape));
const questionFields = questionsResponseSchema.element.shape.questions.element.pick({ id: true, externalId: true, answers: true });
const questionSetsSchema = z.array(
  z.object({
    ...questionsResponseSchema.element.pick({ name: true, answers: true }).shape,
    questions: z.array(z.object(questionFields.shape)),
  }),
);
const answerPageSchema = z.object({
  ...answersResponseSchema.pick({ total: true, totalCapped: true }).shape,
  items: z.array(z.object(answersResponseSchema.shape.items.element.pick({ id: true, publicId: true, preview: true }).shape)),
});

/** Discovery requests wait this long: a cold /api/questions at 1M answers takes seconds, not minutes. */
const DISCOVERY_TIMEOUT_MS = 60_000;

async function getJson<T>(baseUrl: string, path: string, schema: z.ZodType<T>): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${baseUrl}${path}`, { signal: AbortSignal.timeout(DISCOVERY_TIMEOUT_MS) });
  } catch (error) {
    throw new DiscoveryError(`GET ${path} failed: ${(error as Error).message}`);
  }
  if (!response.ok) throw new DiscoveryError(`GET ${path} answered ${response.status}`);
  const parsed = schema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) throw new DiscoveryError(`GET ${path} answered an unexpected shape: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

export interface Discovered {
  values: Partial<PlaceholderValues>;
  /** one line per value: what it is and where it came from */
  notes: string[];
}

/** Finds a value for each placeholder in `needed`. */
export async function discoverPlaceholders(baseUrl: string, needed: ReadonlySet<Placeholder>): Promise<Discovered> {
  const values: Partial<PlaceholderValues> = {};
  const notes: string[] = [];
  if (needed.has("model")) {
    const models = await getJson(baseUrl, "/api/models", modelsSchema);
    const model = models.find((entry) => entry.answers > 0) ?? models[0];
    if (!model) throw new DiscoveryError("GET /api/models listed no model: import data first (npm run import)");
    values.model = String(model.id);
    notes.push(`{model} = ${model.id} (${model.name}, ${model.answers} answers)`);
  }
  if (needed.has("question") || needed.has("set")) {
    const sets = await getJson(baseUrl, "/api/questions", questionSetsSchema);
    // the set and the question with the most answers: the most to count and draw
    const set = [...sets].sort((a, b) => b.answers - a.answers)[0];
    if (!set) throw new DiscoveryError("GET /api/questions listed no question set: import data first (npm run import)");
    if (needed.has("set")) {
      values.set = set.name;
      notes.push(`{set} = ${set.name} (${set.answers} answers)`);
    }
    const question = sets
      .flatMap((entry) => entry.questions.map((question) => ({ ...question, set: entry.name })))
      .sort((a, b) => b.answers - a.answers)[0];
    if (needed.has("question")) {
      if (!question) throw new DiscoveryError("GET /api/questions listed no question: import data first (npm run import)");
      values.question = String(question.id);
      notes.push(`{question} = ${question.id} (${question.set}/${question.externalId}, ${question.answers} answers)`);
    }
  }
  if (needed.has("answer") || needed.has("word")) {
    const page = await getJson(baseUrl, "/api/answers", answerPageSchema);
    const first = page.items[0];
    if (!first) throw new DiscoveryError("GET /api/answers listed no answer: import data first (npm run import)");
    if (needed.has("answer")) {
      // the permalink, not the numeric id: /answers/<numeric id> is a 308 redirect to it (stop 24's
      // load test counted 12,232 redirects as the permalink's answers)
      values.answer = first.publicId;
      notes.push(`{answer} = ${first.publicId} (the answer browser's first answer, #${first.id})`);
    }
    if (needed.has("word")) {
      const found = await chooseSearchWord(
        baseUrl,
        page.items.map((item) => item.preview),
      );
      values.word = found.word;
      notes.push(
        `{word} = "${found.word}" (in ${found.inFirstPage} of the first page's ${page.items.length} answers; ` +
          `the search finds ${found.capped ? "at least " : ""}${found.total} of ${page.totalCapped ? "at least " : ""}${page.total} answers)`,
      );
    }
  }
  return { values, notes };
}

/** The best-ranked candidate word that the search really finds (a candidate may stem to nothing). */
async function chooseSearchWord(
  baseUrl: string,
  previews: string[],
): Promise<{ word: string; inFirstPage: number; total: number; capped: boolean }> {
  const candidates = rankSearchWords(previews);
  for (const word of candidates) {
    const result = await getJson(baseUrl, `/api/answers?q=${encodeURIComponent(word)}`, answerPageSchema);
    if (result.total > 0) {
      const inFirstPage = previews.filter((preview) => preview.toLowerCase().includes(word)).length;
      return { word, inFirstPage, total: result.total, capped: result.totalCapped };
    }
  }
  throw new DiscoveryError(
    candidates.length === 0
      ? "the first page of answers has no word of five letters or more to search for: give --paths without {word}"
      : `the search found none of ${candidates.join(", ")}: is the search index built? (give --paths without {word} to skip it)`,
  );
}
