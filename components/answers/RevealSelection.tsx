"use client";
// When a chart point is chosen, its answers open below the chart, often below the fold: bring the
// list into view and move focus to its heading (keyboard and screen-reader users land on what
// they opened instead of staying on the chart). Keyed by the selection, so paging does not jump.
import { useEffect, useRef } from "react";

export default function RevealSelection({ targetId }: { targetId: string }) {
  const done = useRef(false);
  useEffect(() => {
    if (done.current) return;
    done.current = true;
    const target = document.getElementById(targetId);
    if (!target) return;
    const { top, bottom } = target.getBoundingClientRect();
    const visible = top >= 0 && top < window.innerHeight * 0.8 && bottom > 0;
    if (!visible) target.scrollIntoView({ block: "start" });
    target.querySelector<HTMLElement>("[data-reveal-focus]")?.focus({ preventScroll: true });
  }, [targetId]);
  return null;
}
