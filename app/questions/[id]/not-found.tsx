import Link from "next/link";

export default function QuestionNotFound() {
  return (
    <section className="space-y-2" data-testid="not-found">
      <h1 className="text-xl font-semibold">No such question</h1>
      <p>Question ids are the numbers in the links of the questions list.</p>
      <p>
        <Link href="/questions" className="underline">
          All questions
        </Link>
      </p>
    </section>
  );
}
