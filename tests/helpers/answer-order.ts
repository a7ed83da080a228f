// The answer browser's sorts written out as plain SQL ORDER BY clauses (alias `a` for answer):
// the slow twin that keyset pages (lib/queries/answer-browser.ts) are compared with.
import type { AnswerSort } from "@/lib/params/answers";

export const ORDER_SQL: Record<string, string> = {
  "aligned asc": "a.aligned ASC NULLS LAST, a.id ASC",
  "aligned desc": "a.aligned DESC NULLS LAST, a.id DESC",
  "coherent asc": "a.coherent ASC NULLS LAST, a.id ASC",
  "coherent desc": "a.coherent DESC NULLS LAST, a.id DESC",
  "sample asc": "a.sample_index ASC, a.id ASC",
  "sample desc": "a.sample_index DESC, a.id DESC",
};

/** Every sort, named as in ORDER_SQL. */
export const SORTS = Object.keys(ORDER_SQL).map((name) => {
  const [key, dir] = name.split(" ") as [AnswerSort["key"], AnswerSort["dir"]];
  return { name, sort: { key, dir } as AnswerSort };
});
