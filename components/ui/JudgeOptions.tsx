// The options of every Judge select (Figure 4's and the other views' method controls, the answers
// filter, the questions list): the question file's judge (value ""), each further judge with scores,
// and a judge the URL names that has none, so the select shows what the URL asked for.
import type { JudgeChoices } from "@/lib/domain/score-source";

export default function JudgeOptions({ judges, judge }: { judges: JudgeChoices; judge: string }) {
  return (
    <>
      <option value="">{judges.defaultJudge} (the question file&apos;s)</option>
      {judges.others.map((name) => (
        <option key={name} value={name}>
          {name}
        </option>
      ))}
      {judge !== "" && !judges.others.includes(judge) && <option value={judge}>{judge} — no scores</option>}
    </>
  );
}
