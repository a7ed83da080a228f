"use client";
// "New collection" on the Collections page: name and description, then the new collection's page.
// Writing needs the reviewer token (the form above it stores one); without one the form is not
// offered, and the page says how to get one. The name is checked with the API's own schema before
// it is sent, so the message under the field is the one the server would give.
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { errorMessageOf } from "@/lib/api/errors";
import {
  COLLECTION_DESCRIPTION_MAX,
  COLLECTION_NAME_MAX,
  collectionDescriptionSchema,
  collectionNameSchema,
} from "@/lib/collections/schemas";
import { collectionPath } from "@/lib/collections/types";
import { reviewerHeaders, useReviewerToken } from "./reviewer-token";
import { buttonClass, useReviewerIdentity } from "./ReviewerTokenForm";

const field = "w-full max-w-xl rounded border border-zinc-400 bg-white px-2 py-1 dark:border-zinc-500 dark:bg-zinc-900";

export default function NewCollectionForm() {
  const token = useReviewerToken();
  const identity = useReviewerIdentity(token);
  const router = useRouter();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ids = useId();
  if (!token || identity?.state === "refused") {
    return (
      <p className="text-sm text-zinc-700 dark:text-zinc-300" data-testid="new-collection-needs-token">
        To create a collection, store a reviewer token above (an administrator makes one with{" "}
        <code className="font-mono">npm run reviewer -- add NAME</code>).
      </p>
    );
  }
  return (
    <form
      className="space-y-2 text-sm"
      data-testid="new-collection-form"
      onSubmit={async (event) => {
        event.preventDefault();
        const checkedName = collectionNameSchema.safeParse(name);
        const checkedDescription = collectionDescriptionSchema.safeParse(description);
        if (!checkedName.success) return setError(`Name: ${checkedName.error.issues[0]?.message}`);
        if (!checkedDescription.success) return setError(`Description: ${checkedDescription.error.issues[0]?.message}`);
        setBusy(true);
        setError(null);
        try {
          const response = await fetch("/api/collections", {
            method: "POST",
            headers: { "Content-Type": "application/json", ...reviewerHeaders(token) },
            body: JSON.stringify({ name: checkedName.data, description: checkedDescription.data }),
          });
          const body = (await response.json().catch(() => null)) as { collection?: { slug: string } } | null;
          if (!response.ok || !body?.collection) {
            setError(errorMessageOf(body) ?? `HTTP ${response.status}`);
            return;
          }
          router.push(collectionPath(body.collection.slug));
        } catch (caught) {
          setError(`The server could not be reached: ${caught instanceof Error ? caught.message : String(caught)}`);
        } finally {
          setBusy(false);
        }
      }}
    >
      <div className="flex flex-col gap-1">
        <label htmlFor={`${ids}-name`} className="font-medium">
          Name
        </label>
        <input
          id={`${ids}-name`}
          value={name}
          onChange={(event) => setName(event.target.value)}
          maxLength={COLLECTION_NAME_MAX}
          required
          className={field}
          data-testid="new-collection-name"
        />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor={`${ids}-description`} className="font-medium">
          Description <span className="font-normal text-zinc-700 dark:text-zinc-300">(optional)</span>
        </label>
        <textarea
          id={`${ids}-description`}
          value={description}
          onChange={(event) => setDescription(event.target.value)}
          maxLength={COLLECTION_DESCRIPTION_MAX}
          rows={2}
          className={field}
          data-testid="new-collection-description"
        />
      </div>
      <button type="submit" className={buttonClass} disabled={busy} data-testid="new-collection-create">
        {busy ? "Creating…" : "Create collection"}
      </button>
      <p role="status" aria-live="polite" className="text-red-700 dark:text-red-300" data-testid="new-collection-error">
        {error}
      </p>
    </form>
  );
}
