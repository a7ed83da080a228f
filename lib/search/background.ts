// Search indexing in the background of the server process: after an upload commits
// (POST /api/import) and when the server starts (instrumentation.ts), without delaying any
// response. One run at a time per process; a request during a run makes it go round once more
// (the new queue entries may have been added after the run looked). Errors are logged, never thrown.
import "server-only";
import { indexPendingAnswers, type IndexResult } from "./indexer";

interface State {
  running: Promise<void> | null;
  again: boolean;
}

const STATE = Symbol.for("misalignment-explorer.searchIndexer");
const globalState = globalThis as unknown as Record<symbol, State | undefined>;
const state = (globalState[STATE] ??= { running: null, again: false });

/** Starts indexing the queued answers in the background (no-op while a run is on: it will go again). */
export function indexSearchInBackground(connectionString: string, log: (message: string) => void = console.log): Promise<void> {
  if (state.running) {
    state.again = true;
    return state.running;
  }
  const run = async () => {
    do {
      state.again = false;
      try {
        const result: IndexResult = await indexPendingAnswers(connectionString);
        if (result.indexed > 0) {
          log(
            `[search] indexed ${result.indexed} answers in ${result.seconds.toFixed(1)} s ` +
              `(${Math.round(result.indexed / Math.max(result.seconds, 1e-3))}/s)`,
          );
        }
      } catch (error) {
        console.error(`[search] background indexing failed (search stays exact, only slower; retried at the next import or start):`, error);
      }
    } while (state.again);
  };
  state.running = run().finally(() => {
    state.running = null;
  });
  return state.running;
}
