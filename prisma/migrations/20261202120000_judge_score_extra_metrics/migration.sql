-- The extra judge metrics (every metric but aligned and coherent: medical, bad_stuff...) of each
-- answer, for their histograms on the model and question pages and the answer browser's columns
-- (lib/queries/histograms.ts, lib/queries/answer-browser.ts). Their queries say
-- `metric NOT IN ('aligned', 'coherent')`, which no index on metric serves: without this index
-- PostgreSQL read the whole judge_score table, where aligned/coherent rows with a distribution are
-- two per answer. Partial, so its size follows the extra metrics only; INCLUDE makes the histogram
-- an index-only scan. Measured on 192,000 answers with 576,000 judge_score rows (96,000 medical),
-- PostgreSQL 15, a loaded 2-core machine (load 13-16), median of 3: a question's medical histogram
-- over a base model's models 16-20 ms with the index against 240-290 ms without, a model's over
-- its set 195-225 ms against 365-430 ms.
CREATE INDEX "judge_score_extra_metric_idx" ON "judge_score" ("answer_id") INCLUDE ("metric", "score", "judge_model")
  WHERE "metric" NOT IN ('aligned', 'coherent');
