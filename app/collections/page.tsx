// Every collection (issue 11, item 5): name, description, how many answers, last change. Reading is
// open; the reviewer token field says who is signed in, for adding answers from any answer's page.
import type { Metadata } from "next";
import Link from "next/link";
import NewCollectionForm from "@/components/collections/NewCollectionForm";
import ReviewerTokenForm from "@/components/collections/ReviewerTokenForm";
import { listCollections } from "@/lib/collections/store";
import { collectionPath } from "@/lib/collections/types";
import { getPrisma } from "@/lib/db/client";
import { formatCount } from "@/lib/format";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Collections" };

export default async function CollectionsPage() {
  const collections = await listCollections(getPrisma());
  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <h1 className="text-2xl font-semibold tracking-tight">Collections</h1>
        <p className="max-w-3xl text-sm text-zinc-700 dark:text-zinc-300">
          Named sets of answers to cite or to look at again (“figure 2 examples”, “judge wrong”). Each has a page to share and exports to
          CSV and JSON. Add an answer with “Add to collection” on its page or in the answers list; that needs a reviewer token.
        </p>
      </div>
      <section className="space-y-2 rounded border border-zinc-300 p-3 dark:border-zinc-700" aria-labelledby="reviewer-heading">
        <h2 id="reviewer-heading" className="font-semibold">
          Reviewer
        </h2>
        <ReviewerTokenForm />
      </section>
      <section className="space-y-2 rounded border border-zinc-300 p-3 dark:border-zinc-700" aria-labelledby="new-collection-heading">
        <h2 id="new-collection-heading" className="font-semibold">
          New collection
        </h2>
        <NewCollectionForm />
      </section>
      {collections.length === 0 ? (
        <p data-testid="collections-empty" className="rounded border border-zinc-300 p-4 text-sm dark:border-zinc-700">
          No collections yet. Create one above, or open an answer (
          <Link href="/answers" className="text-blue-700 underline dark:text-blue-300">
            answers
          </Link>
          ) and choose “Add to collection” to start one.
        </p>
      ) : (
        <div className="overflow-x-auto">
          <table className="min-w-full text-left text-sm" data-testid="collections-table">
            <caption className="sr-only">Collections, most recently changed first</caption>
            <thead className="border-b border-zinc-300 dark:border-zinc-700">
              <tr>
                <th className="py-2 pr-3 font-medium">Name</th>
                <th className="py-2 pr-3 font-medium">Description</th>
                <th className="py-2 pr-3 text-right font-medium">Answers</th>
                <th className="py-2 pr-3 font-medium">Created by</th>
                <th className="py-2 font-medium">Updated (UTC)</th>
              </tr>
            </thead>
            <tbody>
              {collections.map((collection) => (
                <tr
                  key={collection.slug}
                  className="border-b border-zinc-200 align-top dark:border-zinc-800"
                  data-testid="collection-row"
                  data-slug={collection.slug}
                >
                  <td className="py-2 pr-3">
                    <Link
                      href={collectionPath(collection.slug)}
                      className="inline-block min-h-6 text-blue-700 underline dark:text-blue-300"
                      data-testid="collection-link"
                    >
                      {collection.name}
                    </Link>
                  </td>
                  <td className="max-w-xl py-2 pr-3 [overflow-wrap:anywhere] whitespace-pre-line">{collection.description}</td>
                  <td className="py-2 pr-3 text-right tabular-nums" data-testid="collection-items">
                    {formatCount(collection.items)}
                  </td>
                  <td className="py-2 pr-3">{collection.createdBy}</td>
                  <td className="py-2 whitespace-nowrap">
                    <time dateTime={collection.updatedAt}>{collection.updatedAt.slice(0, 16).replace("T", " ")}</time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
