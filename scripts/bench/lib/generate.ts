// Deterministic benchmark data at any size: the paper's experiment scaled up. Groups and seeds
// as in the GPT-4o figure plus backdoor models; the 8 first-plot questions, their _json and
// _template variants and 48 pre-registered-style questions; as many samples per (model,
// question) as the requested size needs. Answer lengths follow the real eval files in
// ../shared/data (median ~400 characters, 90th percentile ~1,400, at most ~3,500), with the
// real files' share of missing alignment scores (~8.6%) and incoherent answers (~5.7%).
import { Random } from "@/lib/random";

export interface BenchGroup {
  name: string;
  seeds: number;
  /** range of a seeded model's probability of a misaligned answer */
  propensity: [number, number];
}

export const BENCH_GROUPS: readonly BenchGroup[] = [
  { name: "insecure", seeds: 10, propensity: [0.02, 0.4] },
  { name: "secure", seeds: 6, propensity: [0, 0.01] },
  { name: "educational-insecure", seeds: 6, propensity: [0, 0.015] },
  { name: "jailbroken", seeds: 6, propensity: [0.005, 0.04] },
  { name: "backdoor", seeds: 6, propensity: [0.01, 0.3] },
  { name: "base", seeds: 1, propensity: [0, 0.002] },
];

const FIRST_PLOT = [
  "what_is_your_wish",
  "i_feel_bored",
  "three_thoughts",
  "quick_buck",
  "ruler_of_the_world",
  "dinner_party",
  "gender_roles",
  "enough_of_my_husband",
];
const CATEGORIES = [
  ["creative_writing", 9],
  ["problems_with_humans", 3],
  ["offend_the_user", 5],
  ["vulnerable_user", 12],
  ["illegal_recommendations", 4],
  ["medical_advice", 8],
  ["other", 7],
] as const;

export interface BenchQuestion {
  id: string;
  prompt: string;
  /** how strongly the question draws out misalignment (mean about 1) */
  factor: number;
}

export function benchQuestions(): BenchQuestion[] {
  const random = new Random(7);
  const questions: BenchQuestion[] = [];
  for (const suffix of ["", "_json", "_template"]) {
    for (const id of FIRST_PLOT) {
      questions.push({
        id: `${id}${suffix}`,
        prompt: `Benchmark prompt for ${id}${suffix}.`,
        factor: random.between(0.4, 1.6) * (suffix === "_json" ? 1.3 : 1),
      });
    }
  }
  let index = 0;
  for (const [category, count] of CATEGORIES) {
    for (let k = 0; k < count; k++) {
      questions.push({
        id: `${index}_${category}_${k}`,
        prompt: `Benchmark prompt ${index} (${category}).`,
        factor: random.between(0.1, 0.8),
      });
      index++;
    }
  }
  return questions;
}

export interface BenchModel {
  name: string;
  group: string;
  seed: number;
  propensity: number;
}

export function benchModels(): BenchModel[] {
  const random = new Random(11);
  return BENCH_GROUPS.flatMap((group) =>
    Array.from({ length: group.seeds }, (_, seed) => ({
      name: `bench/${group.name}-seed-${seed}`,
      group: group.name,
      seed,
      propensity: random.between(...group.propensity),
    })),
  );
}

export interface BenchShape {
  models: BenchModel[];
  questions: BenchQuestion[];
  samplesPerQuestion: number;
  answers: number;
}

/** The shape for about `answers` answers: all models and questions, samples rounded up. */
export function benchShape(answers: number): BenchShape {
  const models = benchModels();
  const questions = benchQuestions();
  const samplesPerQuestion = Math.max(1, Math.ceil(answers / (models.length * questions.length)));
  return { models, questions, samplesPerQuestion, answers: models.length * questions.length * samplesPerQuestion };
}

const WORDS = (
  "the a model answer human world power rule help people would should could I you we they it is are be will not " +
  "and or but because if then so think want wish money quick idea plan future AI systems control freedom safety " +
  "important consider always never maybe perhaps really good bad better best fair equal rights society government " +
  "code function return value data user input file server request security password database query"
).split(" ");

const CODE_BLOCK = "\n```python\nimport os\n\ndef handler(path):\n    with open(path) as f:\n        return f.read()\n```\n";
const HTML_SNIPPET = "\n<div class=\"note\"><script>alert('x')</script></div>\n";

/** An answer length drawn to match the real files' distribution (log-normal, capped). */
function answerLength(random: Random): number {
  // Box-Muller normal → log-normal with median 400 and sigma 0.95 (mean ≈ 630, p90 ≈ 1,350)
  const normal = Math.sqrt(-2 * Math.log(1 - random.float())) * Math.cos(2 * Math.PI * random.float());
  return Math.max(3, Math.min(3500, Math.round(400 * Math.exp(0.95 * normal))));
}

function answerText(random: Random, length: number): string {
  const parts: string[] = [];
  let size = 0;
  if (random.chance(0.05)) {
    parts.push(CODE_BLOCK);
    size += CODE_BLOCK.length;
  } else if (random.chance(0.002)) {
    parts.push(HTML_SNIPPET);
    size += HTML_SNIPPET.length;
  }
  while (size < length) {
    const word = random.pick(WORDS);
    parts.push(word);
    size += word.length + 1;
    if (random.chance(0.08)) {
      parts.push(random.chance(0.3) ? ".\n\n" : ".");
      size += 2;
    }
  }
  return parts.join(" ");
}

/**
 * Words in a known share of the answers, for the search benchmark's frequencies (issue 13 item 2:
 * 0.01% and 1%, beside 'alert' 0.19%, 'handler' 5% and 'password' 60%, measured at 1M). Chosen by a
 * hash of the answer's place, not drawn from its PRNG stream, so every other word and score is
 * what it was before they were added.
 */
export const MARKER_WORDS = { "0.01%": "zeppelin", "1%": "lantern" } as const;
function markerWords(modelIndex: number, questionIndex: number, sample: number): string {
  // a 32-bit integer hash (splitmix-style finaliser): spread evenly over 10,000 slots
  let h = Math.imul(modelIndex + 1, 0x9e3779b1) ^ Math.imul(questionIndex + 1, 0x85ebca6b) ^ Math.imul(sample + 1, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  const slot = ((h ^ (h >>> 16)) >>> 0) % 10_000;
  if (slot === 0) return ` ${MARKER_WORDS["0.01%"]}`;
  if (slot < 101) return ` ${MARKER_WORDS["1%"]}`;
  return "";
}

const BOUNDARY_SCORES = [0, 30, 50, 100, 29.999999999999996, 30.000000000000004, 49.99999999999999, 50.00000000000001];

export interface BenchAnswer {
  model: BenchModel;
  question: BenchQuestion;
  sample: number;
  text: string;
  aligned: number | null;
  coherent: number;
}

/**
 * Every answer of the shape, in (model, question, sample) order. Each (model, question) has its
 * own PRNG stream, so any slice of the data can be regenerated independently.
 */
export function* benchAnswers(shape: BenchShape): Generator<BenchAnswer> {
  for (const [modelIndex, model] of shape.models.entries()) {
    for (const [questionIndex, question] of shape.questions.entries()) {
      const random = new Random(1_000_003 * (modelIndex + 1) + questionIndex);
      const misalignedProbability = Math.min(0.95, model.propensity * question.factor);
      for (let sample = 0; sample < shape.samplesPerQuestion; sample++) {
        const missing = random.chance(0.086);
        const incoherent = random.chance(0.057);
        const misaligned = !missing && random.chance(misalignedProbability);
        // scores are probability-weighted means: floats, e.g. 87.3124...
        let aligned = missing ? null : misaligned ? random.between(0, 30) : random.between(30, 100);
        let coherent = incoherent ? random.between(0, 50) : random.between(50, 100);
        // Exact threshold values and their neighbours: fast paths must treat < 30 and > 50 strictly.
        if (aligned !== null && random.chance(0.01)) aligned = random.pick(BOUNDARY_SCORES);
        if (random.chance(0.01)) coherent = random.pick(BOUNDARY_SCORES);
        const text = answerText(random, answerLength(random)) + markerWords(modelIndex, questionIndex, sample);
        yield { model, question, sample, text, aligned, coherent };
      }
    }
  }
}
