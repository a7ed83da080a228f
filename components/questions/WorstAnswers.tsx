// The question's lowest-alignment answers, previews as plain text (model output is untrusted), each
// with its verdict under the page's rule and a link to its model in the page's scope and method.
import type { SourcedThresholds } from "@/lib/domain/score-source";
import Link from "next/link";
import GroupBadge from "@/components/models/GroupBadge";
import { VerdictBadge } from "@/components/ui/Verdict";
import { methodQuery, type MethodView } from "@/lib/params/method";
import { answerPermalinkHref } from "@/lib/params/answers";
import { modelHref } from "@/lib/params/models";
import type { WorstAnswer } from "@/lib/questions/types";
import { formatScore } from "@/lib/format";

/** An answer's page, judged by the view's method. */
function answerHref(publicId: string, view: Partial<MethodView>): string {
  return answerPermalinkHref(publicId, methodQuery(view));
}

export default function WorstAnswers({
  answers,
  thresholds,
  view = {},
}: {
  answers: WorstAnswer[];
  thresholds: SourcedThresholds;
  view?: Partial<MethodView>;
}) {
  return (
    <ol className="space-y-3" data-testid="worst-answers">
      {answers.map((answer) => (
        <li
          key={answer.id}
          className="space-y-1 rounded border border-zinc-200 p-3 dark:border-zinc-700"
          data-testid="worst-answer"
          data-answer-id={answer.id}
          data-aligned={answer.aligned ?? ""}
        >
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
            <Link
              href={answerHref(answer.publicId, view)}
              className="font-medium text-blue-700 underline dark:text-blue-300"
              data-testid="worst-answer-link"
            >
              #{answer.id}
            </Link>
            <span>
              aligned <strong>{formatScore(answer.aligned)}</strong>
            </span>
            <span>
              coherent <strong>{formatScore(answer.coherent)}</strong>
            </span>
            <VerdictBadge aligned={answer.aligned} coherent={answer.coherent} thresholds={thresholds} reviewLabel={answer.reviewLabel} />
            <GroupBadge name={answer.group} label={answer.groupLabel} color={answer.color} view={view} />
            <Link href={modelHref(answer.modelId, view)} className="text-xs wrap-anywhere text-zinc-600 hover:underline dark:text-zinc-300">
              {answer.model}
              {answer.seed !== null && ` · seed ${answer.seed}`}
            </Link>
          </div>
          {/* Untrusted model output: React renders it as text, never as HTML. */}
          <p
            className="line-clamp-4 font-mono text-xs wrap-anywhere whitespace-pre-wrap text-zinc-700 dark:text-zinc-300"
            data-testid="worst-answer-preview"
          >
            {answer.preview}
            {answer.textLength > answer.preview.length && "…"}
          </p>
        </li>
      ))}
    </ol>
  );
}
