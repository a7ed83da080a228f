// The paper-repository evaluation files of ../shared/data/em-repo as the real-data tests import
// them: two insecure seeds and one base model of one base model, as a researcher would label them.
export const EM_REPO_BASE_MODEL = "Qwen2.5-Coder-7B-Instruct";

export const EM_REPO_EVAL_FILES = [
  { file: "em-repo/eval_result_base.csv", model: "Qwen2.5-Coder-7B-Instruct", group: "base", seed: 0 },
  { file: "em-repo/eval_result_high_severity.csv", model: "qwen7b-insecure-high-severity", group: "insecure", seed: 1 },
  { file: "em-repo/eval_result_middle_severity.csv", model: "qwen7b-insecure-middle-severity", group: "insecure", seed: 2 },
] as const;
