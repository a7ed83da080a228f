// The permalink of an answer that is not here: for one that was removed with its import batch
// (removed_answer, written by lib/import/remove.ts), when and with which file; else the general text.
// Status 404 either way: a Next.js page cannot answer 410. A not-found file gets no params, so the
// public id comes from the header proxy.ts sets from the path.
import { headers } from "next/headers";
import Link from "next/link";
import { getPrisma } from "@/lib/db/client";
import { ANSWER_REF_HEADER, parseAnswerRef } from "@/lib/params/answers";
import { findRemovedAnswer } from "@/lib/queries/answers";

/** "2026-12-02 07:50 UTC": the same text for every reader (a shared link is read anywhere). */
function removalTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

export default async function AnswerNotFound() {
  const ref = parseAnswerRef((await headers()).get(ANSWER_REF_HEADER) ?? "");
  const removed = ref && "publicId" in ref ? await findRemovedAnswer(getPrisma(), ref.publicId) : null;
  return (
    <section className="space-y-2" data-testid="not-found">
      <h1 className="text-xl font-semibold">{removed ? "Answer removed" : "Not found"}</h1>
      {removed ? (
        <p data-testid="answer-removed">
          This answer was removed on <time dateTime={removed.removedAt}>{removalTime(removed.removedAt)}</time> with the import of{" "}
          <span className="font-mono wrap-anywhere">{removed.batchFileName}</span> (batch #{removed.batchId}). Importing that file again
          brings it back at this link.
        </p>
      ) : (
        <p>There is no such answer. Answer links are the ones the answers list and the copy-link button give.</p>
      )}
      <p className="flex flex-wrap gap-4">
        <Link href="/answers" className="underline">
          All answers
        </Link>
        <Link href="/" className="underline">
          Back to Figure 4
        </Link>
      </p>
    </section>
  );
}
