// The permalink of an answer that was never here (or a link that names none). A removed answer's
// link is not a not-found: the page says when and with which file it was removed, with its labels
// (components/answers/RemovedAnswer.tsx), and proxy.ts answers it 410 Gone.
import AnswerElsewhereLinks from "@/components/answers/AnswerElsewhereLinks";

export default function AnswerNotFound() {
  return (
    <section className="space-y-2" data-testid="not-found">
      <h1 className="text-xl font-semibold">Not found</h1>
      <p>There is no such answer. Answer links are the ones the answers list and the copy-link button give.</p>
      <AnswerElsewhereLinks />
    </section>
  );
}
