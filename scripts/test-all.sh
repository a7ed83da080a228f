#!/usr/bin/env bash
# `npm test`: every check, in order, stopping at the first failure. Needs PostgreSQL at
# 127.0.0.1:5432 (user postgres, trust auth), Chromium, and the real data in ../shared/data.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

started=$SECONDS
section() {
  echo
  echo "=================================================================="
  echo "== $1   (at $((SECONDS - started)) s)"
  echo "=================================================================="
}
trap 'status=$?; if [ $status -ne 0 ]; then echo; echo "npm test: FAILED (exit $status) after $((SECONDS - started)) s — see the section above."; fi' EXIT

if [ ! -d ../shared/data ] || [ ! -f ../shared/data/questions/first_plot_questions.yaml ]; then
  echo "npm test: ../shared/data is missing (expected beside this project, at $(cd .. && pwd)/shared/data)." >&2
  echo "The tests run against the paper's real result files; see ../shared/data/MANIFEST.md." >&2
  exit 1
fi

section "1/6 prisma generate"
npx prisma generate

section "2/6 typecheck (tsc --noEmit)"
npx tsc --noEmit

section "3/6 unit tests (vitest tests/unit)"
npx vitest run tests/unit

section "4/6 integration tests (vitest tests/integration, real PostgreSQL)"
npx vitest run tests/integration

section "5/6 production build (next build)"
npx next build

section "6/6 browser tests (playwright, production server on port 3100)"
npx playwright test

echo
echo "npm test: ALL PASSED (typecheck, unit, integration, build, browser) in $((SECONDS - started)) s"
