// What a view shows when its URL names a judge without scores (judge=<name>): a notice, never the
// question file's judge's numbers in its place. One component for every view.
import Link from "next/link";
import { ProblemMessage } from "@/components/ui/Notices";
import type { JudgeChoices } from "@/lib/domain/score-source";

export default function UnknownJudgeNotice({ judge, judges, href }: { judge: string; judges: JudgeChoices; href: string }) {
  return (
    <ProblemMessage title={`No scores by the judge “${judge}”`}>
      <p data-testid="unknown-judge">
        No judge-scores import holds scores by “{judge}”.{" "}
        {judges.others.length ? `Further judges with scores: ${judges.others.join(", ")}.` : "Only the question file's judge has scores."}{" "}
        <Link className="underline" href={href}>
          Show the question file&apos;s judge ({judges.defaultJudge})
        </Link>
      </p>
    </ProblemMessage>
  );
}
