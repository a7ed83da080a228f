"use client";
// How a Figure-4 control change (thresholds, method, set, layout, groups) loads the new view, and
// what the page shows meanwhile: the figure dims (aria-busy) while the new numbers load, and a
// failed load says so, with a retry, instead of leaving the old chart under the new values.
//
// Why the Navigation API: Next 16's router does not report a failed navigation. When the RSC
// request fails (network error) or answers a non-RSC or non-2xx response, it falls back to a
// browser navigation to the new URL (next/dist/client/components/router-reducer/
// fetch-server-response.js, "Falling back to browser navigation", vercel/next.js#46674) and its
// transition never ends. With the network down that navigation fails too and the browser shows its
// own error page; with a hung request the old chart stays under the new values. Measured in
// Chromium with the RSC request aborted (tests/e2e/figure-navigation.spec.ts): without this module
// the page reloaded as a document (a second full render); with it, the page stays and says why.
// So while one of our navigations is pending, the cross-document navigation to its URL is the
// router giving up: cancel it, let the router restore the current URL's view (it does so on a
// `pageshow` from the back-forward cache, which is the state it is left in), and show the error.
// Browsers without the Navigation API keep Next's fallback (a full page load).
//
// Why not only public API (issue 14): Next 16 has none that reports a failed navigation
// (useRouter's push resolves nothing, useLinkStatus and useTransition only say "pending", and the
// transition of a failed navigation stays pending forever, like a slow one). And after the fallback
// is cancelled, the router is stuck: it suspends on a never-resolving promise while its state says
// "browser navigation" and remembers the URL in a module variable (`pendingMpaPath` in
// next/dist/client/components/app-router.js) that only its `pageshow` handler clears. A public
// `router.replace(current URL)` instead of the synthetic pageshow would unstick the view, but not
// clear that variable: a retry of the same URL that fails again would then suspend without a new
// browser navigation, so no error would show (the second failure in figure-navigation.spec.ts).
import { useRouter, useSearchParams } from "next/navigation";
import { createContext, useCallback, useContext, useEffect, useRef, useState, useTransition, type ReactNode } from "react";

interface Failure {
  href: string;
}

/**
 * How long a load may take before the figure says it is slow and offers a full page load. Longer
 * than the server's statement budget (15 s, lib/db/query-timeout.ts): by then a healthy server has
 * answered or failed, so a load still pending is a request that hangs (a stalled connection, a
 * proxy), which the router never gives up on by itself.
 */
export const SLOW_LOAD_MS = 20_000;

interface FigureNavigationState {
  /** the new view is loading (the figure shows the previous settings meanwhile) */
  pending: boolean;
  /** the URL of a load pending for longer than SLOW_LOAD_MS, null otherwise */
  slow: string | null;
  /** the last navigation failed: the page still shows the settings of its URL */
  failure: Failure | null;
  /** `optimistic` runs inside the navigation's transition (useOptimistic updates hold until it ends) */
  navigate(href: string, options?: { replace?: boolean; optimistic?: () => void }): void;
  retry(): void;
  dismiss(): void;
  /** gives up on the pending load and loads its URL as a new document */
  loadAsNewPage(): void;
}

const FigureNavigationContext = createContext<FigureNavigationState | null>(null);

/** The navigation of the Figure-4 page (FigureNavigationProvider must be above). */
export function useFigureNavigation(): FigureNavigationState {
  const state = useContext(FigureNavigationContext);
  if (!state) throw new Error("useFigureNavigation needs a FigureNavigationProvider above it");
  return state;
}

/** The part of a URL a navigation is about: path and query, without Next's `_rsc` cache key. */
function pageKey(url: string): string {
  const parsed = new URL(url, window.location.href);
  parsed.searchParams.delete("_rsc");
  parsed.searchParams.sort();
  return `${parsed.pathname}?${parsed.searchParams.toString()}`;
}

/** The subset of the Navigation API used here (not yet in TypeScript's DOM types everywhere). */
interface NavigateEventLike extends Event {
  destination: { url: string; sameDocument: boolean };
  hashChange: boolean;
}
type NavigationLike = EventTarget;

export function FigureNavigationProvider({ children }: { children: ReactNode }) {
  const router = useRouter();
  const searchParams = useSearchParams();
  const [pending, startTransition] = useTransition();
  const [failure, setFailure] = useState<Failure | null>(null);
  /** the page key of the navigation in flight, null when none */
  const inFlight = useRef<{ key: string; href: string } | null>(null);
  const [slow, setSlow] = useState<string | null>(null);

  // The URL changed: the navigation in flight (if any) arrived.
  const query = searchParams.toString();
  useEffect(() => {
    inFlight.current = null;
  }, [query]);

  useEffect(() => {
    const navigation = (window as unknown as { navigation?: NavigationLike }).navigation;
    if (!navigation) return;
    function onNavigate(event: Event) {
      const navigate = event as NavigateEventLike;
      const current = inFlight.current;
      if (!current || navigate.destination.sameDocument || navigate.hashChange || !event.cancelable) return;
      if (pageKey(navigate.destination.url) !== current.key) return;
      event.preventDefault();
      inFlight.current = null;
      // The router starts this navigation while it renders, inside the transition that now waits
      // forever: an update made here would join that transition and never show. After the render:
      setTimeout(() => {
        setFailure({ href: current.href });
        // The router waits for the page to unload; a pageshow as from the back-forward cache makes
        // it restore the view of the current URL (and forget its pending browser navigation).
        window.dispatchEvent(new PageTransitionEvent("pageshow", { persisted: true }));
      }, 0);
    }
    navigation.addEventListener("navigate", onNavigate);
    return () => navigation.removeEventListener("navigate", onNavigate);
  }, []);

  const navigate = useCallback(
    (href: string, options: { replace?: boolean; optimistic?: () => void } = {}) => {
      setFailure(null);
      setSlow(null);
      inFlight.current = { key: pageKey(href), href };
      startTransition(() => {
        options.optimistic?.();
        if (options.replace) router.replace(href, { scroll: false });
        else router.push(href, { scroll: false });
      });
    },
    [router],
  );

  // A load pending past SLOW_LOAD_MS is said, with a way out (a full page load of the new URL).
  const waiting = pending && failure === null;
  useEffect(() => {
    if (!waiting) return;
    const timer = setTimeout(() => setSlow(inFlight.current?.href ?? null), SLOW_LOAD_MS);
    return () => clearTimeout(timer);
  }, [waiting]);

  const state: FigureNavigationState = {
    pending: waiting,
    slow: waiting ? slow : null,
    failure,
    navigate,
    retry: () => failure && navigate(failure.href),
    dismiss: () => setFailure(null),
    loadAsNewPage: () => {
      const href = inFlight.current?.href ?? slow;
      // forget the load first: the navigate listener above would take this document load for the
      // router's fallback of a failed load and cancel it
      inFlight.current = null;
      if (href) window.location.assign(href);
    },
  };
  return <FigureNavigationContext.Provider value={state}>{children}</FigureNavigationContext.Provider>;
}

/** The figure and its tables: dimmed while new numbers load; a failed load is said above them. */
export function FigureBusy({ children, settings }: { children: ReactNode; settings: string }) {
  const { pending, slow, failure, retry, dismiss, loadAsNewPage } = useFigureNavigation();
  return (
    <div className="space-y-6">
      {slow && (
        <div
          role="status"
          className="flex flex-wrap items-center gap-3 rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
          data-testid="figure-load-slow"
        >
          <p className="min-w-0 flex-1">
            The new numbers are taking longer than {SLOW_LOAD_MS / 1000} s to load. The chart and the controls still show the previous
            settings ({settings}).
          </p>
          <button type="button" onClick={loadAsNewPage} className="font-medium underline" data-testid="figure-load-slow-reload">
            Load the new view as a new page
          </button>
        </div>
      )}
      {failure && (
        <div
          role="alert"
          className="flex flex-wrap items-center gap-3 rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-700 dark:bg-red-950 dark:text-red-100"
          data-testid="figure-load-error"
        >
          <p className="min-w-0 flex-1">
            Could not load the new numbers: the request failed (network or server error). The chart and the controls show the previous
            settings ({settings}).
          </p>
          <button
            type="button"
            onClick={retry}
            className="rounded bg-red-800 px-3 py-1 font-medium text-white hover:bg-red-700 dark:bg-red-200 dark:text-red-950"
            data-testid="figure-retry"
          >
            Retry
          </button>
          <button type="button" onClick={dismiss} className="underline">
            Dismiss
          </button>
        </div>
      )}
      <div
        aria-busy={pending}
        data-testid="figure-busy"
        className={`space-y-6 transition-opacity ${pending ? "pointer-events-none opacity-50" : ""}`}
      >
        {children}
      </div>
    </div>
  );
}
