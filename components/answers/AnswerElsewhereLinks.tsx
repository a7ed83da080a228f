// Where to go from an answer link that shows no answer (never here, or removed with its batch).
import Link from "next/link";

export default function AnswerElsewhereLinks() {
  return (
    <p className="flex flex-wrap gap-4">
      <Link href="/answers" className="underline">
        All answers
      </Link>
      <Link href="/" className="underline">
        Back to Figure 4
      </Link>
    </p>
  );
}
