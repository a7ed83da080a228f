import Link from "next/link";

export default function NotFound() {
  return (
    <section className="space-y-2" data-testid="not-found">
      <h1 className="text-xl font-semibold">Not found</h1>
      <p>There is no such page or answer. Answer links are the ones the answers list and the copy-link button give.</p>
      <p>
        <Link href="/" className="underline">
          Back to Figure 4
        </Link>
      </p>
    </section>
  );
}
