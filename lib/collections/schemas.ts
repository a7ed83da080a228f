// What the collection API accepts (issue 11, item 5): the request bodies as zod schemas, the slug
// rule and the path parameters. Browser-safe: the add-to-collection control checks a name with the
// same schema before it sends it.
import { z } from "zod";

export const COLLECTION_NAME_MAX = 120;
export const COLLECTION_DESCRIPTION_MAX = 2_000;
export const COLLECTION_NOTE_MAX = 2_000;
const SLUG_MAX = 60;

// control characters other than line breaks would garble the pages, the CSV and the CLI
function printable(text: string): boolean {
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    const control = code < 0x20 || (code >= 0x7f && code <= 0x9f);
    if (control && char !== "\n" && char !== "\r" && char !== "\t") return false;
  }
  return true;
}

export const collectionNameSchema = z
  .string()
  .trim()
  .min(1, "a collection needs a name")
  .max(COLLECTION_NAME_MAX, `at most ${COLLECTION_NAME_MAX} characters`)
  .refine((name) => !/\p{Cc}/u.test(name), "no control characters")
  // the slug is made of the name's letters and digits: a name without any would have none
  .refine((name) => slugify(name) !== "", "needs at least one letter or digit");

export const collectionDescriptionSchema = z
  .string()
  .trim()
  .max(COLLECTION_DESCRIPTION_MAX, `at most ${COLLECTION_DESCRIPTION_MAX} characters`)
  .refine(printable, "no control characters");

export const collectionNoteSchema = z
  .string()
  .trim()
  .max(COLLECTION_NOTE_MAX, `at most ${COLLECTION_NOTE_MAX} characters`)
  .refine(printable, "no control characters");

/** An answer's id as the database has it (a PostgreSQL integer). */
export const collectedAnswerIdSchema = z.number().int().positive().max(2_147_483_647);

/** POST /api/collections */
export const createCollectionBodySchema = z.strictObject({
  name: collectionNameSchema,
  description: collectionDescriptionSchema.default(""),
});

/** PATCH /api/collections/<slug>: rename or describe (the slug stays, so shared links keep working) */
export const updateCollectionBodySchema = z
  .strictObject({ name: collectionNameSchema.optional(), description: collectionDescriptionSchema.optional() })
  .refine((body) => body.name !== undefined || body.description !== undefined, "give a name or a description to change");

/** POST /api/collections/<slug>/items; an empty note is no note */
export const addCollectionItemBodySchema = z.strictObject({
  answerId: collectedAnswerIdSchema,
  note: collectionNoteSchema.optional().transform((note) => (note ? note : null)),
});

export type CreateCollectionBody = z.output<typeof createCollectionBodySchema>;
export type UpdateCollectionBody = z.output<typeof updateCollectionBodySchema>;
export type AddCollectionItemBody = z.output<typeof addCollectionItemBodySchema>;

/** A slug in a path: lower-case letters and digits in dash-separated runs (what slugify makes). */
export const collectionSlugSchema = z
  .string()
  .max(SLUG_MAX + 8, "too long")
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "not a collection slug");

/** An answer id in a path (/api/collections/<slug>/items/<answerId>). */
export const answerIdParamSchema = z
  .string()
  .regex(/^[1-9]\d{0,9}$/, "not an answer id")
  .transform(Number)
  .pipe(collectedAnswerIdSchema);

/**
 * The slug made from a name: "Judge wrong (GPT-4o)!" → "judge-wrong-gpt-4o". Letters lose their
 * accents; anything else separates words. Empty when the name has no letter or digit at all.
 */
export function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, SLUG_MAX)
    .replace(/-+$/, "");
}

/** The n-th slug tried for a name whose slug is taken: base, base-2, base-3, ... */
export function numberedSlug(base: string, attempt: number): string {
  return attempt <= 1 ? base : `${base}-${attempt}`;
}
