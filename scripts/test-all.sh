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

section "lint (eslint: Next's rules and the import layers, zero warnings)"
npm run lint

# Each runner also writes a JSON report, summed up in the closing line.
reports=$(mktemp -d)

section "3/6 unit tests (vitest tests/unit)"
npx vitest run tests/unit --reporter=default --reporter=json --outputFile.json="$reports/unit.json"

section "4/6 integration tests (vitest tests/integration, real PostgreSQL)"
npx vitest run tests/integration --reporter=default --reporter=json --outputFile.json="$reports/integration.json"

section "5/6 production build (next build)"
npx next build

# Not timings: a small benchmark whose fast paths must give exactly the direct counts (exit 1 if not).
section "benchmark check (npm run bench -- --check-only: 20,000 answers, fresh database)"
npx tsx --conditions=react-server scripts/bench/run.ts --check-only --answers 20000

section "6/6 browser tests (playwright, production server on port ${E2E_PORT:-3100})"
PLAYWRIGHT_JSON_OUTPUT_FILE="$reports/e2e.json" npx playwright test --reporter=list,json

echo
echo "npm test: ALL PASSED (typecheck, unit, integration, build, browser) in $((SECONDS - started)) s"
node scripts/test-summary.mjs "$reports/unit.json" "$reports/integration.json" "$reports/e2e.json"
