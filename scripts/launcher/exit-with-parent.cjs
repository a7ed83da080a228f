// Ends this process when the launcher that started it is gone, even when the launcher was killed
// with SIGKILL and could not stop it: an orphaned `next start` kept the port, so the next
// `npm start` found "a server running" and then failed with EADDRINUSE (issue 15, item 5).
// Preloaded into the server process with `node --require` (plain CommonJS: it runs before any
// TypeScript loader) through NODE_OPTIONS, so processes the server forks (`next dev` runs its
// server in a child) watch too. The launcher's own pid comes in ME_LAUNCHER_PID.
//
// Linux and macOS give no "parent died" signal to Node, so this polls: every 500 ms it checks
// whether its parent changed (an orphan is re-parented to init or a subreaper) or the launcher pid
// is gone. 500 ms: an orphan is gone within about half a second; the check costs microseconds.
"use strict";

const POLL_MS = 500;

/** Calls `onGone` once when this process's parent (or the given launcher pid) is gone. */
function watchParent(onGone, launcherPid = Number(process.env.ME_LAUNCHER_PID) || null) {
  const initialParent = process.ppid;
  const gone = () => {
    if (process.ppid !== initialParent) return true;
    if (launcherPid === null) return false;
    try {
      process.kill(launcherPid, 0);
      return false;
    } catch (error) {
      return error.code === "ESRCH";
    }
  };
  const check = () => {
    if (!gone()) return false;
    clearInterval(timer);
    onGone();
    return true;
  };
  const timer = setInterval(check, POLL_MS);
  timer.unref(); // never keeps a process alive on its own
  check(); // the launcher may have died before this process even started
  return () => clearInterval(timer);
}

function exitNow() {
  // At once, not by SIGTERM: `next start` took 2.5 s to end on SIGTERM (measured), and with the
  // launcher gone its database is gone too, so there is nothing left to finish.
  process.exit(1);
}

if (process.env.ME_LAUNCHER_PID) watchParent(exitNow);

module.exports = { watchParent };
