"use client";
// Keyboard navigation of the answer list: j / k move a visible focus ring between answers,
// Enter opens the focused answer's permalink, / focuses the search field. Keys typed into a
// form field are left alone. "/" is handled by public/answer-keys.js alone, a plain script in the
// server's HTML, so that it works from the first paint and not only after hydration (on a loaded
// machine the page hydrates seconds after it shows); this component renders that script. That
// script also keeps j / k pressed before hydration (window.__answerKeysPending), and this component
// replays them when it mounts, so a key pressed while the page hydrates is not lost.
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";

declare global {
  interface Window {
    /** j / k pressed before the list hydrated (public/answer-keys.js) */
    __answerKeysPending?: string[];
  }
}

function typingInField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

export default function KeyboardList({ children, searchInputId }: { children: React.ReactNode; searchInputId: string }) {
  const router = useRouter();
  const listRef = useRef<HTMLOListElement>(null);
  const activeRef = useRef(-1);

  useEffect(() => {
    activeRef.current = -1;
    const items = () => [...(listRef.current?.querySelectorAll<HTMLElement>("[data-testid='answer-item']") ?? [])];
    const activate = (index: number) => {
      const all = items();
      if (all.length === 0) return;
      const next = Math.max(0, Math.min(all.length - 1, index));
      all.forEach((item, i) => item.setAttribute("data-active", String(i === next)));
      activeRef.current = next;
      all[next].focus({ preventScroll: true });
      all[next].scrollIntoView({ block: "nearest" });
    };
    const move = (key: "j" | "k") => activate(key === "j" ? activeRef.current + 1 : activeRef.current < 0 ? 0 : activeRef.current - 1);
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey || typingInField(event.target)) return;
      if (event.key === "j" || event.key === "k") {
        event.preventDefault();
        move(event.key);
      } else if (event.key === "Enter" && activeRef.current >= 0) {
        const item = items()[activeRef.current];
        // Enter on a focused link or button already does its own thing
        if (!item || (event.target instanceof HTMLElement && event.target.closest("a,button") && event.target !== item)) return;
        const link = item.querySelector<HTMLAnchorElement>("a[data-testid='answer-link']");
        if (link) {
          event.preventDefault();
          router.push(link.getAttribute("href") ?? "/answers");
        }
      }
    };
    // a click inside the list moves the ring there too
    const onFocusIn = (event: FocusEvent) => {
      const item = event.target instanceof HTMLElement ? event.target.closest<HTMLElement>("[data-testid='answer-item']") : null;
      if (!item) return;
      const index = items().indexOf(item);
      if (index >= 0 && index !== activeRef.current) {
        items().forEach((other, i) => other.setAttribute("data-active", String(i === index)));
        activeRef.current = index;
      }
    };
    document.addEventListener("keydown", onKeyDown);
    const list = listRef.current;
    list?.addEventListener("focusin", onFocusIn);
    for (const key of window.__answerKeysPending?.splice(0) ?? []) if (key === "j" || key === "k") move(key);
    list?.setAttribute("data-keys-ready", "true"); // lets tests wait for hydration
    return () => {
      document.removeEventListener("keydown", onKeyDown);
      list?.removeEventListener("focusin", onFocusIn);
    };
  }, [router, searchInputId, children]);

  return (
    <>
      {/* React hoists an async script into <head> and loads it once, also on client navigations */}
      <script src="/answer-keys.js" async data-search-input={searchInputId} />
      <ol ref={listRef} className="space-y-3" data-testid="answer-results">
        {children}
      </ol>
    </>
  );
}
