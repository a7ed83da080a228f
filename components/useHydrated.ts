// Whether React has hydrated this part of the page: false in the server's HTML and during
// hydration, true once its event handlers run (a re-render right after hydration). A store read
// rather than state set in an effect, which would render once more on every mount.
import { useSyncExternalStore } from "react";

const noSubscription = () => () => undefined;

export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}
