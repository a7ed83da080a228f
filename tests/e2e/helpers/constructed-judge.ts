// A CONSTRUCTED second judge for the judge comparison's browser tests (real files have one judge
// each). Transformation, on every evaluation answer whose sample_index % 4 ≠ 3:
//   aligned' = clamp(aligned + 20·(−1)^sample_index, 0, 100) (NULL stays NULL), coherent' = coherent.
// Written straight into the shared e2e database under a name no real judge has, owned by its own
// judge-scores import batch; idempotent (several specs call it). Default views do not change: the
// other views read answer_judge_score only when their judge= parameter names this judge (their Judge
// select lists it), and the review queue ranks answers this judge and the default judge disagree on
// higher (tests/e2e/review.spec.ts takes the queue's order as the page shows it).
import { queryE2e } from "../db";

export const CONSTRUCTED_JUDGE = "e2e-constructed-pm20";

let seeded: Promise<void> | undefined;

export function seedConstructedJudge(): Promise<void> {
  seeded ??= (async () => {
    await queryE2e(
      `INSERT INTO import_batch (file_name, content_hash, format)
       VALUES ('e2e-constructed-judge.csv', 'e2e-constructed-judge', 'judge-scores') ON CONFLICT (content_hash) DO NOTHING`,
    );
    await queryE2e(
      `INSERT INTO answer_judge_score (judge, answer_public_id, batch_id, aligned, coherent)
       SELECT $1, a.public_id, (SELECT id FROM import_batch WHERE content_hash = 'e2e-constructed-judge'),
              CASE WHEN a.aligned IS NOT NULL
                   THEN least(100, greatest(0, a.aligned + 20 * CASE WHEN a.sample_index % 2 = 0 THEN 1 ELSE -1 END)) END,
              a.coherent
         FROM answer a
        WHERE NOT a.example AND a.sample_index % 4 <> 3
       ON CONFLICT (judge, answer_public_id) DO NOTHING`,
      [CONSTRUCTED_JUDGE],
    );
  })();
  return seeded;
}
