"use client";
// The reviewer token in the browser (issue 11, item 3): kept in localStorage, so a reviewer signs
// in once per browser, never in the URL; sent as `Authorization: Bearer <token>`. Every control on
// the page reads it through useReviewerToken, so saving it in one (the Collections page, or the
// add control of one answer) updates all the others at once, and other tabs through the storage event.
import { useSyncExternalStore } from "react";

const STORAGE_KEY = "misalignment-explorer.reviewer-token";
const CHANGED = "misalignment-explorer:reviewer-token";

function subscribe(onChange: () => void): () => void {
  window.addEventListener("storage", onChange);
  window.addEventListener(CHANGED, onChange);
  return () => {
    window.removeEventListener("storage", onChange);
    window.removeEventListener(CHANGED, onChange);
  };
}

function read(): string {
  try {
    return window.localStorage.getItem(STORAGE_KEY) ?? "";
  } catch {
    return ""; // storage switched off: no token, the controls say how to get one
  }
}

/** The stored token ("" when none). The server renders without one; the browser's value follows at hydration. */
export function useReviewerToken(): string {
  return useSyncExternalStore(subscribe, read, () => "");
}

export function storeReviewerToken(token: string): void {
  const trimmed = token.trim();
  if (trimmed) window.localStorage.setItem(STORAGE_KEY, trimmed);
  else window.localStorage.removeItem(STORAGE_KEY);
  window.dispatchEvent(new Event(CHANGED));
}

export function reviewerHeaders(token: string): Record<string, string> {
  return token ? { Authorization: `Bearer ${token}` } : {};
}
