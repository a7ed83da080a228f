"use client";
// Navigation of a view's controls (Compare, Sweep): a change edits the current URL's params (so
// whatever else the URL holds stays) and goes through router.push inside a transition (no full
// reload, back/forward step through views, `pending` while the new view renders).
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { applyParamChange, type ParamChange } from "@/lib/params/change";

export function useViewNavigation(path: string): { navigate(change: ParamChange): void; pending: boolean } {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  function navigate(change: ParamChange) {
    const query = applyParamChange(new URLSearchParams(window.location.search), change).toString();
    startTransition(() => router.push(query ? `${path}?${query}` : path, { scroll: false }));
  }
  return { navigate, pending };
}
