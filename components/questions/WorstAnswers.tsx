// The question's lowest-alignment answers as answer cards, each with its verdict under the page's
// rule and links to its permalink, its group's models and its model in the page's scope and method.
import type { SourcedThresholds } from "@/lib/domain/score-source";
import AnswerCard from "@/components/answers/AnswerCard";
import { methodQuery, type MethodView } from "@/lib/params/method";
import { answerPermalinkHref } from "@/lib/params/answers";
import { modelHref } from "@/lib/params/models";
import type { WorstAnswer } from "@/lib/questions/types";

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
        <AnswerCard
          key={answer.id}
          list="worst"
          answer={answer}
          // an answer's page, judged by the view's method
          href={answerPermalinkHref(answer.publicId, methodQuery(view))}
          thresholds={thresholds}
          group={{ name: answer.group, label: answer.groupLabel, color: answer.color, view }}
          modelHref={modelHref(answer.modelId, view)}
        />
      ))}
    </ol>
  );
}
