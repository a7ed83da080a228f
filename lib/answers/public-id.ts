// An answer's public id: its permalink /answers/<public id>, derived from what the answer is (model
// name, question id string, the file's own id for it when it has one, the answer text), so the same
// file imported into two instances, or removed and imported again, gives the same links.
// The JS twin of the SQL functions answer_public_id_base / answer_public_id (migration
// 20261203120000_answer_public_id, which defines the encoding and the reasons for 80 bits); the
// importers compute it here because COPY needs it in each row, and
// tests/integration/answer-public-id.test.ts checks both give the same ids on real rows.
// Server side (node:crypto); the permalink's format check is lib/params/answers.ts (parseAnswerRef).
import { createHash } from "node:crypto";

/** What the id is made of: the answer's content, never a row id. */
export interface PublicIdFields {
  /** the model's name */
  model: string;
  /** the question's id string in its file (question.external_id), not its row id */
  question: string;
  /** the answer's own id in its source file (an Inspect sample uuid); null when the file has none */
  sourceRef: string | null;
  /** the answer text exactly as stored */
  text: string;
}

const VERSION = Buffer.from("me-answer-id/1", "utf8");
const NO_SOURCE_REF = Buffer.from([0xff, 0xff, 0xff, 0xff]);
/** reused: hash.update copies its input at once */
const prefix = Buffer.alloc(4);
const occurrenceBytes = Buffer.alloc(4);

/** sha256 over the length-prefixed UTF-8 fields: the same for every identical answer. */
export function publicIdBase(fields: PublicIdFields): Buffer {
  const hash = createHash("sha256").update(VERSION);
  for (const value of [fields.model, fields.question, fields.sourceRef, fields.text]) {
    if (value === null) {
      hash.update(NO_SOURCE_REF);
      continue;
    }
    // the string is hashed as UTF-8 directly: no copy of the (kB-long) answer text per answer
    prefix.writeUInt32BE(Buffer.byteLength(value, "utf8"));
    hash.update(prefix).update(value, "utf8");
  }
  return hash.digest();
}

/** The id of the `occurrence`-th (0-based) answer with this base. */
export function publicIdFromBase(base: Buffer, occurrence: number): string {
  occurrenceBytes.writeInt32BE(occurrence);
  return createHash("sha256").update(base).update(occurrenceBytes).digest("hex").slice(0, 20);
}

/** The public id of an answer that is the `occurrence`-th (0-based) identical one. */
export function answerPublicId(fields: PublicIdFields, occurrence = 0): string {
  return publicIdFromBase(publicIdBase(fields), occurrence);
}

/**
 * Hands out the ids of one import's answers in file order. Exact duplicates (same model,
 * question, source ref and text twice in the file) get occurrences 0, 1, 2... in the order they
 * appear, so the file alone decides every id. Holds one short key per distinct answer (about
 * 100 bytes each: ~100 MB for a 1M-answer file).
 */
export class PublicIdAssigner {
  private readonly seen = new Map<string, number>();

  next(fields: PublicIdFields): string {
    const base = publicIdBase(fields);
    // 16 of the base's 32 bytes as the key: a clash needs 2^64 answers
    const key = base.toString("latin1", 0, 16);
    const occurrence = this.seen.get(key) ?? 0;
    this.seen.set(key, occurrence + 1);
    return publicIdFromBase(base, occurrence);
  }
}
