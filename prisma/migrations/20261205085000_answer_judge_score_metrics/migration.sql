-- A further judge's metrics beyond aligned / coherent (issue 11, item 1: a score belongs to
-- (answer, metric, judge)). The Model Organisms files add a `medical` column (and the paper's some
-- a `bad_stuff`); a judge-scores import dropped them silently. They are kept here as one JSON
-- object metric -> score (a number, or null where the judge gave none), NULL when the file had no
-- further metric. aligned / coherent stay columns: every rate under a judge reads them, and
-- no view aggregates a further metric.
ALTER TABLE "answer_judge_score" ADD COLUMN "metrics" JSONB;
