// Banners and empty states shared by the pages.
import Link from "next/link";
import type { z } from "zod";
import { describeIssues } from "@/lib/params/common";

export function DemoBanner() {
  return (
    <div
      role="note"
      data-testid="demo-banner"
      className="rounded border border-amber-400 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-600 dark:bg-amber-950 dark:text-amber-100"
    >
      <strong>Synthetic demo data.</strong> These numbers are generated, not results of any real model. Import real files with{" "}
      <code className="font-mono wrap-anywhere">npm run import -- ../shared/data/questions/first_plot_questions.yaml</code> and{" "}
      <code className="font-mono wrap-anywhere">
        npm run import -- --model NAME --group GROUP --base-model BASE ../shared/data/em-repo/eval_result_base.csv
      </code>
      ; remove the demo with <code className="font-mono">npm run demo:remove</code>.
    </div>
  );
}

export function EmptyState({ hasQuestionSets }: { hasQuestionSets: boolean }) {
  return (
    <section data-testid="empty-state" className="space-y-3 rounded border border-zinc-300 p-5 dark:border-zinc-700">
      <h1 className="text-xl font-semibold">No answers imported yet</h1>
      <p>
        {hasQuestionSets
          ? "Question sets are imported, but no model answers. Import an evaluation results file:"
          : "The database is empty. Import the questions, then the evaluation results:"}
      </p>
      <pre className="overflow-x-auto rounded bg-zinc-100 p-3 text-sm dark:bg-zinc-900">
        {[
          "npm run import -- ../shared/data/questions/first_plot_questions.yaml",
          "npm run import -- --model Qwen2.5-Coder-7B-Instruct --group base --seed 0 \\",
          "    ../shared/data/em-repo/eval_result_base.csv",
          "npm run import -- ../shared/data/em-repo/qwen_25_coder_32b_instruct.csv",
        ].join("\n")}
      </pre>
      <p>
        Or load synthetic demo data to look around: <code className="font-mono">npm run demo:load</code> (remove it later with{" "}
        <code className="font-mono">npm run demo:remove</code>).
      </p>
    </section>
  );
}

export function ProblemMessage({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section
      role="alert"
      data-testid="problem-message"
      className="space-y-2 rounded border border-red-300 bg-red-50 p-4 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
    >
      <h1 className="text-lg font-semibold">{title}</h1>
      <div className="text-sm">{children}</div>
      <p className="text-sm">
        <Link href="/" className="underline">
          Back to the default view
        </Link>
      </p>
    </section>
  );
}

/** A URL parameter failed validation: name it, and say what the view accepts (`hint`). */
export function InvalidParamsMessage({ error, children }: { error: z.ZodError; children?: React.ReactNode }) {
  return (
    <ProblemMessage title="This link has an invalid parameter">
      <p data-testid="param-error">{describeIssues(error)}.</p>
      {children}
    </ProblemMessage>
  );
}
