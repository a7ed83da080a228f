"use client";
// A collection's own controls (needs the reviewer token; shown only with one stored): rename and
// describe it (its link stays the same), delete it, take one answer out (RemoveFromCollection).
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { errorMessageOf } from "@/lib/api/errors";
import { reviewerHeaders, useReviewerToken } from "./reviewer-token";
import { buttonClass } from "./ReviewerTokenForm";

const field = "w-full max-w-xl rounded border border-zinc-400 bg-white px-2 py-1 dark:border-zinc-500 dark:bg-zinc-900";

async function write(method: "PATCH" | "DELETE", url: string, token: string, body?: unknown): Promise<string | null> {
  const response = await fetch(url, {
    method,
    headers: { ...(body === undefined ? {} : { "Content-Type": "application/json" }), ...reviewerHeaders(token) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.ok) return null;
  return errorMessageOf(await response.json().catch(() => null)) ?? `HTTP ${response.status}`;
}

export function CollectionEditor({ slug, name, description }: { slug: string; name: string; description: string }) {
  const token = useReviewerToken();
  const router = useRouter();
  const [draftName, setDraftName] = useState(name);
  const [draftDescription, setDraftDescription] = useState(description);
  const [message, setMessage] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const ids = useId();
  if (!token) return null;
  return (
    <details className="rounded border border-zinc-300 p-3 text-sm dark:border-zinc-700" data-testid="collection-editor">
      <summary className="min-h-6 cursor-pointer font-medium">Edit this collection</summary>
      <form
        className="mt-3 space-y-2"
        onSubmit={async (event) => {
          event.preventDefault();
          const error = await write("PATCH", `/api/collections/${slug}`, token, { name: draftName, description: draftDescription });
          setMessage(error ?? "Saved.");
          if (!error) router.refresh();
        }}
      >
        <div className="flex flex-col gap-1">
          <label htmlFor={`${ids}-name`} className="font-medium">
            Name
          </label>
          <input id={`${ids}-name`} value={draftName} onChange={(e) => setDraftName(e.target.value)} maxLength={120} className={field} />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={`${ids}-description`} className="font-medium">
            Description
          </label>
          <textarea
            id={`${ids}-description`}
            value={draftDescription}
            onChange={(e) => setDraftDescription(e.target.value)}
            maxLength={2000}
            rows={3}
            className={field}
          />
        </div>
        <div className="flex flex-wrap gap-2">
          <button type="submit" className={buttonClass}>
            Save
          </button>
          {confirmDelete ? (
            <button
              type="button"
              className={`${buttonClass} text-red-800 dark:text-red-200`}
              onClick={async () => {
                const error = await write("DELETE", `/api/collections/${slug}`, token);
                if (error) return setMessage(error);
                router.push("/collections");
                router.refresh();
              }}
              data-testid="collection-delete-confirm"
            >
              Delete it with its list (the answers stay)
            </button>
          ) : (
            <button type="button" className={buttonClass} onClick={() => setConfirmDelete(true)} data-testid="collection-delete">
              Delete this collection…
            </button>
          )}
        </div>
        <p role="status" className="min-h-5">
          {message}
        </p>
      </form>
    </details>
  );
}

export function RemoveFromCollection({ slug, answerId }: { slug: string; answerId: number }) {
  const token = useReviewerToken();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  if (!token) return null;
  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        className={buttonClass}
        aria-label={`Remove answer #${answerId} from this collection`}
        onClick={async () => {
          const failed = await write("DELETE", `/api/collections/${slug}/items/${answerId}`, token);
          setError(failed);
          if (!failed) router.refresh();
        }}
        data-testid="collection-remove-item"
      >
        Remove
      </button>
      {error && (
        <span role="alert" className="text-red-800 dark:text-red-200">
          {error}
        </span>
      )}
    </span>
  );
}
