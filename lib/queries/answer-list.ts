// The one keyset-paginated answer list: /answers (lib/queries/answer-browser.ts), the answers
// behind a Figure-4 point (lib/queries/answers.ts) and a question's worst answers
// (lib/queries/questions.ts) each describe their answers as an AnswerListSpec (a relation, WHERE
// conditions, optional stages) and read their pages through keysetCards (keys and card columns in
// one query per part; keysetRows for the keys alone). Answer text is untrusted: it is returned as
// data only.
//
// Keyset order: the list is its stages in turn (one stage unless the spec has several: Figure 4's
// "counted by the rate" first, then the others); within a stage, for score sorts, every scored
// answer by (score, id) in the sort's direction, then every answer with a missing (NULL) score by
// id in the same direction: missing scores come last either way. Each (stage, scored / NULL) part
// is queried separately (NULL never compares in a row comparison): the scored part is one range of
// the (score, id) index of migration 20261126140000_lean_answer_indexes, scanned forward or
// backward from the cursor; the NULL part is that index's NULL tail ("score IS NULL", ordered by
// id). A page takes rows from the first part and, when it runs out, from the next; a cursor names
// its stage (1 when the list has one) and, with value null, lies in its stage's NULL part. Sample
// sorts have one part per stage, the (sample_index, id) index.
//
// Two plans for the same rows: `narrow` lists (few answers: a filter of few ids, a listed search, one
// question) read their answers first and sort them; the others walk the sort index in list order
// (see keysetRows). Score cursors travel as text (`::float8` of String(value)): adapter-pg sends JS
// numbers with 15 significant digits, which is not the stored double, so the cursor row itself
// would compare as "after" the cursor.
import "server-only";
import { z } from "zod";
import { Prisma } from "@/lib/generated/prisma/client";
import { PREPARED_STATEMENT } from "@/lib/db/prepared-statements";
import { float8, int4, queryRows, queryRowsParsedInTests } from "@/lib/db/rows";
import { reviewLabelOfSql } from "@/lib/db/score-source";
import { REVIEW_LABELS } from "@/lib/domain/review-labels";
import type { AnswerSort, KeysetCursor } from "@/lib/params/answers";

/** Prisma client or interactive transaction: what the list's queries run on. */
export type Db = Prisma.TransactionClient;

/** Characters of an answer's text its card shows (every list). */
export const ANSWER_PREVIEW_CHARS = 400;

export const float = (value: number) => Prisma.sql`${String(value)}::float8`;

/** Which answers a list holds, as conditions on answer a of `relation`. */
export interface AnswerListSpec {
  /** the answers as the list's score source has them (lib/db/score-source.ts); give no alias */
  relation: Prisma.Sql;
  /** WHERE conditions on answer a; empty for every answer */
  conditions: Prisma.Sql[];
  /** few answers match: fetch them first, then sort (otherwise walk the sort index) */
  narrow: boolean;
  /**
   * the list's stages in order, each a condition on answer a (together they must cover every
   * answer exactly once); absent: one stage, every answer
   */
  stages?: Prisma.Sql[];
  /** the sorted expression when it is not the sort key's own column (a corrected source's bounded score) */
  column?: Prisma.Sql;
}

/** A position in a list: the row's stage (1-based; 1 for a list of one stage), sort value and id. */
export interface ListCursor extends KeysetCursor {
  stage?: number;
}

/** A row of the list as read by the keyset queries: its id, stage and sort value. */
export interface KeyRow {
  id: number;
  value: number | null;
  stage: number;
}

/**
 * A row of a keyset query: the answer's id and its sort value (a score, or sample_index for the
 * sample sort). Parsed in tests only (queryRowsParsedInTests): measured at 1M answers (bench
 * database), parsing an export batch's 500 keys took 0.35 ms against 5.1 ms for the query (6.8%);
 * a page's 51 keys 0.012-0.017 ms against 1.2-1.6 ms (1%).
 */
const keyRow = z.strictObject({ id: int4, value: float8.nullable() });

/** The sorted column of answer a. */
function sortColumn(sort: AnswerSort): Prisma.Sql {
  return sort.key === "sample" ? Prisma.sql`a.sample_index` : sort.key === "aligned" ? Prisma.sql`a.aligned` : Prisma.sql`a.coherent`;
}

/** Direction of the index scan: the list's direction, reversed when reading backwards (previous page). */
function scansAscending(sort: AnswerSort, forward: boolean): boolean {
  return (sort.dir === "asc") === forward;
}

/** One part of the list: rows of one stage matching one condition, all read in the same ORDER BY. */
export interface KeysetPart {
  stage: number;
  condition: Prisma.Sql;
}

/**
 * The parts of the list after (forward) or before (backward) the cursor, in the order they are
 * read. The list is, per stage, [scored part, NULL part] for score sorts (NULL scores last in both
 * directions), one part per stage for the sample sort.
 */
export function keysetParts(
  sort: AnswerSort,
  cursor: ListCursor | undefined,
  forward: boolean,
  stageCount = 1,
  column: Prisma.Sql = sortColumn(sort),
): KeysetPart[] {
  const op = Prisma.raw(scansAscending(sort, forward) ? ">" : "<");
  const sample = sort.key === "sample";
  const segments: { stage: number; nulls: boolean }[] = [];
  for (let stage = 1; stage <= stageCount; stage++) {
    segments.push({ stage, nulls: false });
    if (!sample) segments.push({ stage, nulls: true });
  }
  const whole = ({ stage, nulls }: { stage: number; nulls: boolean }): KeysetPart => ({
    stage,
    condition: sample ? Prisma.sql`true` : nulls ? Prisma.sql`${column} IS NULL` : Prisma.sql`${column} IS NOT NULL`,
  });
  if (!cursor) return (forward ? segments : [...segments].reverse()).map(whole);
  const stage = cursor.stage ?? 1;
  const nulls = !sample && cursor.value === null;
  const at = segments.findIndex((segment) => segment.stage === stage && segment.nulls === nulls);
  if (at < 0) throw new Error(`cursor stage ${stage} is not one of the list's ${stageCount}`);
  const beyond = sample
    ? Prisma.sql`(a.sample_index, a.id) ${op} (${Math.trunc(cursor.value ?? 0)}::int, ${cursor.id}::int)`
    : cursor.value === null
      ? Prisma.sql`${column} IS NULL AND a.id ${op} ${cursor.id}::int`
      : Prisma.sql`(${column}, a.id) ${op} (${float(cursor.value)}, ${cursor.id}::int)`;
  const rest = forward ? segments.slice(at + 1) : segments.slice(0, at).reverse();
  return [{ stage, condition: beyond }, ...rest.map(whole)];
}

/**
 * Reads the parts of the list after / before the cursor in turn until `limit` rows are found: `read`
 * runs one part's keyset query (`keys`: ids and sort values in reading order, `direction` its ORDER BY
 * direction) and may join what else it needs to it.
 */
async function readParts<Row>(
  spec: AnswerListSpec,
  sort: AnswerSort,
  cursor: ListCursor | undefined,
  forward: boolean,
  limit: number,
  read: (keys: Prisma.Sql, direction: Prisma.Sql) => Promise<Row[]>,
): Promise<(Row & { stage: number })[]> {
  const direction = Prisma.raw(scansAscending(sort, forward) ? "ASC" : "DESC");
  const rows: (Row & { stage: number })[] = [];
  for (const part of listParts(spec, sort, cursor, forward)) {
    const wanted = limit - rows.length;
    if (wanted <= 0) break;
    rows.push(...(await read(partKeysSql(spec, sort, part, direction, wanted), direction)).map((row) => ({ ...row, stage: part.stage })));
  }
  return rows;
}

/** The spec's parts after / before the cursor, in reading order (keysetParts over its stages and column). */
function listParts(spec: AnswerListSpec, sort: AnswerSort, cursor: ListCursor | undefined, forward: boolean): KeysetPart[] {
  return keysetParts(sort, cursor, forward, spec.stages?.length ?? 1, spec.column ?? sortColumn(sort));
}

/** One part's keyset query: up to `wanted` ids and sort values in reading order (`extra`: further conditions). */
function partKeysSql(
  spec: AnswerListSpec,
  sort: AnswerSort,
  part: KeysetPart,
  direction: Prisma.Sql,
  wanted: number,
  extra: Prisma.Sql[] = [],
): Prisma.Sql {
  const column = spec.column ?? sortColumn(sort);
  const stage = spec.stages ? [spec.stages[part.stage - 1]] : [];
  const where = Prisma.join([...spec.conditions, ...stage, part.condition, ...extra], " AND ");
  return spec.narrow
    ? // filter first, then sort: ordering by an expression (+ 0, the same order) keeps the planner
      // from walking the score index; it reads the filter's answers from the covering
      // (question_id, model_id) index instead, a cost bounded by the filter, not by the table
      Prisma.sql`SELECT a.id, ${column} AS value FROM ${spec.relation} a WHERE ${where}
          ORDER BY ${column} + 0 ${direction}, a.id + 0 ${direction} LIMIT ${wanted}::int`
    : // walk the (score, id) / (sample_index, id) index in list order
      Prisma.sql`SELECT a.id, ${column} AS value FROM ${spec.relation} a WHERE ${where}
          ORDER BY ${column} ${direction}, a.id ${direction} LIMIT ${wanted}::int`;
}

/**
 * Up to `limit` rows (ids, stages and sort values) after / before the cursor, in reading order
 * (list order forward, reversed backward): each part of the list in turn until the limit is reached.
 */
export function keysetRows(
  db: Db,
  spec: AnswerListSpec,
  sort: AnswerSort,
  cursor: ListCursor | undefined,
  forward: boolean,
  limit: number,
): Promise<KeyRow[]> {
  return readParts(spec, sort, cursor, forward, limit, (keys) => queryRowsParsedInTests(db, "keysetRows", keyRow, keys));
}

/** What keysetCards reads besides the cards: the direction, and the extra metrics. */
export interface KeysetCardsOptions {
  /** after the cursor (default) or before it (a previous page: rows come in reading order, reversed) */
  forward?: boolean;
  /**
   * an expression of answer a: its extra judge metrics' scores as a JSON array of {metric, score}
   * (the column `metrics`; without it, every row's is empty)
   */
  metrics?: Prisma.Sql;
}

/**
 * keysetRows with each row's card columns (scores of `cardRelation`) read in the same query: one
 * round trip per part. A search's snippets are not among them (answerSnippets, after the rows).
 */
export function keysetCards(
  db: Db,
  spec: AnswerListSpec,
  sort: AnswerSort,
  cursor: ListCursor | undefined,
  limit: number,
  cardRelation: Prisma.Sql,
  { forward = true, metrics = Prisma.sql`'[]'::json` }: KeysetCardsOptions = {},
): Promise<(KeyedCardRow & KeyRow)[]> {
  return readParts(spec, sort, cursor, forward, limit, (keys, direction) =>
    queryRows(
      db,
      "keysetCards",
      keyedCardRow,
      cardsOfKeysSql(keys, cardRelation, metrics, Prisma.sql`k.value ${direction}, k.id ${direction}`),
    ),
  );
}

/** The cards of keys k (id, sort value): `keyColumns` of k, the extra metrics and the card columns, in `order`. */
function cardsOfKeysSql(
  keys: Prisma.Sql,
  cardRelation: Prisma.Sql,
  metrics: Prisma.Sql,
  order: Prisma.Sql,
  keyColumns = Prisma.sql`k.value`,
): Prisma.Sql {
  return Prisma.sql`
      SELECT ${keyColumns}, ${metrics} AS metrics, ${cardColumns}
        FROM (${keys}) k
        JOIN ${cardRelation} a ON a.id = k.id
        ${cardJoins}
       ORDER BY ${order}`;
}

/**
 * keysetCards in one statement, so in one snapshot without a transaction: `prelude` (common table
 * expressions the spec's conditions may read) and then every part of the list after / before the
 * cursor, each read only while the parts before it found fewer than `limit` rows (a one-time
 * filter: PostgreSQL does not start a part's walk when it is not needed). One round trip instead of
 * one per part, and none for BEGIN and COMMIT (lib/queries/answer-browser.ts, commonWordPage).
 */
export async function keysetCardsInOneStatement(
  db: Db,
  spec: AnswerListSpec,
  sort: AnswerSort,
  cursor: ListCursor | undefined,
  limit: number,
  cardRelation: Prisma.Sql,
  prelude: Prisma.Sql,
  { forward = true, metrics = Prisma.sql`'[]'::json` }: KeysetCardsOptions = {},
): Promise<(KeyedCardRow & KeyRow)[]> {
  const direction = Prisma.raw(scansAscending(sort, forward) ? "ASC" : "DESC");
  const parts = listParts(spec, sort, cursor, forward);
  const name = (index: number) => Prisma.raw(`list_part_${index + 1}`);
  const found = (before: number) =>
    Prisma.join(
      Array.from({ length: before }, (_, index) => Prisma.sql`(SELECT count(*) FROM ${name(index)})`),
      " + ",
    );
  const partTables = parts.map(
    (part, index) =>
      Prisma.sql`${name(index)} AS MATERIALIZED (${partKeysSql(spec, sort, part, direction, limit, index === 0 ? [] : [Prisma.sql`${found(index)} < ${limit}::int`])})`,
  );
  const keys = Prisma.join(
    parts.map((_, index) => Prisma.sql`SELECT ${index + 1}::int AS part, id, value FROM ${name(index)}`),
    " UNION ALL ",
  );
  const rows = await queryRows(
    db,
    "keysetCardsInOneStatement",
    keyedCardRow.extend({ part: int4 }),
    Prisma.sql`${PREPARED_STATEMENT}
      WITH ${prelude}, ${Prisma.join(partTables, ", ")}
      ${cardsOfKeysSql(keys, cardRelation, metrics, Prisma.sql`k.part, k.value ${direction}, k.id ${direction}`, Prisma.sql`k.part, k.value`)}`,
  );
  return rows.slice(0, limit).map(({ part, ...row }) => ({ ...row, stage: parts[part - 1].stage }));
}

/**
 * What every answer card shows, as keysetCards reads it (columns aliased in cardColumns). Always
 * parsed: measured at 1M answers (bench database), a page of 50 cards parsed in 0.045-0.049 ms
 * against 2.5-3.1 ms for the cards' query by ids (under 2%; the query since merged into keysetCards), and a Figure-4 panel
 * page of 51 in 0.07-0.27 ms against 240 ms for keysetCards' query.
 */
const answerCardRow = z.strictObject({
  id: int4,
  publicId: z.string(),
  set: z.string(),
  question: z.string(),
  group: z.string(),
  groupLabel: z.string(),
  groupColor: z.string(),
  model: z.string(),
  modelId: int4,
  seed: int4.nullable(),
  sampleIndex: int4,
  aligned: float8.nullable(),
  coherent: float8.nullable(),
  example: z.boolean(),
  preview: z.string(),
  textLength: int4,
  reviewLabel: z.enum(REVIEW_LABELS).nullable(),
});
export type AnswerCardRow = z.output<typeof answerCardRow>;

/** An answer's extra judge metrics' scores, as a JSON array of {metric, score} column reads. */
export const metricScoresColumn = z.array(z.strictObject({ metric: z.string(), score: float8.nullable() }));

/** A card row with its keyset sort value and its extra metrics' scores (keysetCards). */
const keyedCardRow = answerCardRow.extend({ value: float8.nullable(), metrics: metricScoresColumn });
type KeyedCardRow = z.output<typeof keyedCardRow>;

/** The joins that name an answer a's set (s), question (q), model (m) and group (g). */
const cardJoins = Prisma.sql`
    JOIN question q ON q.id = a.question_id
    JOIN question_set s ON s.id = q.set_id
    JOIN model m ON m.id = a.model_id
    JOIN model_group g ON g.id = m.group_id`;

/** FROM + WHERE for the display columns of some answers: names of their set, question, model and group. */
export function answersByIds(ids: number[], relation: Prisma.Sql = Prisma.sql`answer`): Prisma.Sql {
  return Prisma.sql`
    FROM ${relation} a
    ${cardJoins}
    WHERE a.id = ANY(${ids}::int[])`;
}

/** A card's columns (AnswerCardRow) of answer a joined with cardJoins. */
const cardColumns = Prisma.sql`a.id, a.public_id AS "publicId", s.name AS set, q.external_id AS question, g.name AS "group",
           g.label AS "groupLabel", g.color AS "groupColor", m.name AS model, m.id AS "modelId", m.seed,
           a.sample_index AS "sampleIndex", a.aligned, a.coherent, a.example,
           left(a.text, ${ANSWER_PREVIEW_CHARS}::int) AS preview, length(a.text)::int AS "textLength",
           ${reviewLabelOfSql(Prisma.sql`a.public_id`)} AS "reviewLabel"`;

/** Rows in the order of `ids` (each id once). */
export function inOrder<Row extends { id: number }>(ids: number[], rows: Row[]): Row[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id)).filter((row): row is Row => row !== undefined);
}
