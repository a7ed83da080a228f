"use client";
// "Add to collection" for one answer (issue 11, item 5): on the answer's permalink, on each card
// of the answers list, and anywhere else an answer is shown (the side-by-side view): give it the
// answer's id. A closed button until opened, so a list of 50 answers asks the server nothing; open,
// it lists the collections (marking those that hold the answer), adds to one, or creates one and
// adds. Writing needs the reviewer token; without one it says how to get one and takes it here.
// Keyboard: the button opens the panel and focuses its first field, Escape closes it and returns.
import Link from "next/link";
import { useCallback, useEffect, useId, useRef, useState } from "react";
import { errorMessageOf } from "@/lib/api/errors";
import { collectionNameSchema } from "@/lib/collections/schemas";
import { collectionPath, type CollectionSummary } from "@/lib/collections/types";
import { reviewerHeaders, useReviewerToken } from "./reviewer-token";
import ReviewerTokenForm, { buttonClass, useReviewerIdentity } from "./ReviewerTokenForm";

type Listed = CollectionSummary & { containsAnswer?: boolean };
type Outcome = { kind: "done"; text: string; slug: string; name: string } | { kind: "error"; text: string };

const field = "rounded border border-zinc-400 bg-white px-2 py-1 dark:border-zinc-500 dark:bg-zinc-900";

async function send(url: string, token: string, body: unknown): Promise<{ ok: boolean; body: unknown; status: number }> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...reviewerHeaders(token) },
    body: JSON.stringify(body),
  });
  return { ok: response.ok, status: response.status, body: await response.json().catch(() => null) };
}

function Panel({ answerId, id, onClose }: { answerId: number; id: string; onClose(): void }) {
  const token = useReviewerToken();
  // a stored token that names no active reviewer is as good as none: ask for another
  const refused = useReviewerIdentity(token)?.state === "refused";
  const [collections, setCollections] = useState<Listed[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [chosen, setChosen] = useState("");
  const [note, setNote] = useState("");
  const [newName, setNewName] = useState("");
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const panel = useRef<HTMLDivElement>(null);
  const fieldIds = useId();

  const fetchCollections = useCallback(async (): Promise<Listed[]> => {
    const response = await fetch(`/api/collections?answer=${answerId}`, { cache: "no-store" });
    const body = (await response.json().catch(() => null)) as { collections?: Listed[] } | null;
    if (!response.ok || !body?.collections) throw new Error(errorMessageOf(body) ?? `HTTP ${response.status}`);
    return body.collections;
  }, [answerId]);

  const show = useCallback((list: Listed[]) => {
    setCollections(list);
    setChosen((current) => current || list.find((c) => !c.containsAnswer)?.slug || list[0]?.slug || "");
  }, []);

  useEffect(() => {
    // the list is read when the panel opens, not with the page: most answers are never added anywhere
    let current = true;
    fetchCollections().then(
      (list) => current && show(list),
      (error: unknown) => current && setLoadError(error instanceof Error ? error.message : String(error)),
    );
    return () => {
      current = false;
    };
  }, [fetchCollections, show]);

  const loaded = collections !== null;
  useEffect(() => {
    panel.current?.querySelector<HTMLElement>("select, input, button")?.focus();
  }, [token, loaded]);

  const add = async (slug: string, name: string) => {
    const result = await send(`/api/collections/${slug}/items`, token, { answerId, ...(note.trim() ? { note } : {}) });
    if (!result.ok) return setOutcome({ kind: "error", text: errorMessageOf(result.body) ?? `HTTP ${result.status}` });
    const added = (result.body as { added?: boolean } | null)?.added;
    setOutcome({ kind: "done", text: added ? `Added to ${name}.` : `Already in ${name}.`, slug, name });
    setNote("");
    show(await fetchCollections());
  };

  const run = (work: () => Promise<void>) => async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setOutcome(null);
    try {
      await work();
    } catch (error) {
      setOutcome({ kind: "error", text: error instanceof Error ? error.message : String(error) });
    } finally {
      setBusy(false);
    }
  };

  const addToChosen = run(async () => {
    const collection = collections?.find((c) => c.slug === chosen);
    if (collection) await add(collection.slug, collection.name);
  });

  const createAndAdd = run(async () => {
    const name = collectionNameSchema.safeParse(newName);
    if (!name.success) return setOutcome({ kind: "error", text: `Name: ${name.error.issues[0]?.message ?? "invalid"}` });
    const created = await send("/api/collections", token, { name: name.data });
    if (!created.ok) return setOutcome({ kind: "error", text: errorMessageOf(created.body) ?? `HTTP ${created.status}` });
    const collection = (created.body as { collection: CollectionSummary }).collection;
    setNewName("");
    setChosen(collection.slug);
    await add(collection.slug, collection.name);
  });

  return (
    <div
      id={id}
      ref={panel}
      role="group"
      aria-label={`Add answer #${answerId} to a collection`}
      className="mt-2 w-full space-y-3 rounded border border-zinc-300 bg-zinc-50 p-3 text-sm dark:border-zinc-600 dark:bg-zinc-900"
      data-testid="add-to-collection-panel"
      onKeyDown={(event) => {
        if (event.key === "Escape") {
          event.stopPropagation();
          onClose();
        }
      }}
    >
      {!token || refused ? (
        <>
          <p data-testid="add-to-collection-needs-token">
            Adding to a collection needs a reviewer token. An administrator creates one with <code>npm run reviewer -- add NAME</code>;
            enter yours here or on the{" "}
            <Link href="/collections" className="text-blue-700 underline dark:text-blue-300">
              Collections
            </Link>{" "}
            page.
          </p>
          <ReviewerTokenForm compact />
        </>
      ) : (
        <>
          {loadError && <p className="text-red-800 dark:text-red-200">The collections could not be loaded: {loadError}</p>}
          {collections === null && !loadError && <p>Loading the collections…</p>}
          {collections && collections.length > 0 && (
            <form className="flex flex-wrap items-end gap-2" onSubmit={addToChosen}>
              <label className="flex flex-col gap-1">
                <span className="font-medium">Collection</span>
                <select
                  value={chosen}
                  onChange={(event) => setChosen(event.target.value)}
                  className={field}
                  data-testid="add-to-collection-select"
                >
                  {collections.map((collection) => (
                    <option key={collection.slug} value={collection.slug}>
                      {collection.name}
                      {collection.containsAnswer ? " (has this answer)" : ""}
                    </option>
                  ))}
                </select>
              </label>
              <label className="flex flex-col gap-1" htmlFor={`${fieldIds}-note`}>
                <span className="font-medium">Note (optional)</span>
                <input
                  id={`${fieldIds}-note`}
                  value={note}
                  onChange={(event) => setNote(event.target.value)}
                  maxLength={2000}
                  className={field}
                  data-testid="add-to-collection-note"
                />
              </label>
              <button type="submit" className={buttonClass} disabled={busy || !chosen} data-testid="add-to-collection-submit">
                Add
              </button>
            </form>
          )}
          {collections && (
            <form className="flex flex-wrap items-end gap-2" onSubmit={createAndAdd}>
              <label className="flex flex-col gap-1" htmlFor={`${fieldIds}-new`}>
                <span className="font-medium">{collections.length > 0 ? "Or a new collection" : "New collection"}</span>
                <input
                  id={`${fieldIds}-new`}
                  value={newName}
                  onChange={(event) => setNewName(event.target.value)}
                  maxLength={120}
                  placeholder="e.g. judge wrong"
                  className={field}
                  data-testid="add-to-collection-new-name"
                />
              </label>
              <button type="submit" className={buttonClass} disabled={busy || !newName.trim()} data-testid="add-to-collection-create">
                Create and add
              </button>
            </form>
          )}
        </>
      )}
      <p role="status" aria-live="polite" data-testid="add-to-collection-status" className="min-h-5">
        {outcome?.kind === "done" && (
          <>
            {outcome.text}{" "}
            <Link
              href={collectionPath(outcome.slug)}
              className="text-blue-700 underline dark:text-blue-300"
              data-testid="add-to-collection-link"
            >
              Open {outcome.name}
            </Link>
          </>
        )}
        {outcome?.kind === "error" && <span className="text-red-800 dark:text-red-200">{outcome.text}</span>}
      </p>
      <button type="button" className={buttonClass} onClick={onClose}>
        Close
      </button>
    </div>
  );
}

export default function AddToCollection({ answerId }: { answerId: number }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const button = useRef<HTMLButtonElement>(null);
  return (
    <div className="w-full" data-testid="add-to-collection" data-answer-id={answerId}>
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        onClick={() => setOpen((value) => !value)}
        className={buttonClass}
        data-testid="add-to-collection-toggle"
      >
        Add to collection
      </button>
      {open && (
        <Panel
          answerId={answerId}
          id={id}
          onClose={() => {
            setOpen(false);
            button.current?.focus();
          }}
        />
      )}
    </div>
  );
}
