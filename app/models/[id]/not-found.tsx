import Link from "next/link";

export default function ModelNotFound() {
  return (
    <section className="space-y-2" data-testid="not-found">
      <h1 className="text-xl font-semibold">No such model</h1>
      <p>Model ids are the numbers in the links of the models table.</p>
      <p>
        <Link href="/models" className="underline">
          All models
        </Link>
      </p>
    </section>
  );
}
