#!/usr/bin/env bash
# `npm test`: every check, in order, stopping at the first failure. Needs PostgreSQL at
# 127.0.0.1:5432 (user postgres, trust auth), Chromium, and the real data in ../shared/data.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

started=$SECONDS
# Each section's duration (and its runner's JSON report, if any) goes to $layers, one line per
# section: name, seconds, report file. The closing table (scripts/test-summary.mjs) reads it.
layers=$(mktemp)
current_section=""
current_report=""
current_started=$SECONDS
end_section() {
  if [ -n "$current_section" ]; then
    printf '%s\t%s\t%s\n' "$current_section" "$((SECONDS - current_started))" "$current_report" >>"$layers"
  fi
  current_section=""
}
# section TITLE [REPORT]: starts a section; REPORT is the JSON report its test runner writes
section() {
  end_section
  current_section=$1
  current_report=${2:-}
  current_started=$SECONDS
  echo
  echo "=================================================================="
  echo "== $1   (at $((SECONDS - started)) s)"
  echo "=================================================================="
}
trap 'status=$?; if [ $status -ne 0 ]; then end_section; echo; node scripts/test-summary.mjs --layers "$layers" --table-only || true; echo "npm test: FAILED (exit $status) after $((SECONDS - started)) s — see the section above."; fi' EXIT

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

section "format (prettier --check: the Tailwind plugin sorts classes)"
npm run format:check

# Each runner also writes a JSON report, summed up in the closing line.
reports=$(mktemp -d)

section "3/6 unit tests (vitest project unit: files in parallel)" "$reports/unit.json"
npx vitest run --project unit --reporter=default --reporter=json --outputFile.json="$reports/unit.json"

section "4/6 integration tests (vitest project integration: real PostgreSQL, files one at a time)" "$reports/integration.json"
npx vitest run --project integration --reporter=default --reporter=json --outputFile.json="$reports/integration.json"

section "5/6 production build (next build)"
npx next build

# Not timings: a small benchmark whose fast paths must give exactly the direct counts (exit 1 if not).
section "benchmark check (npm run bench -- --check-only: 20,000 answers, fresh database)"
npx tsx --conditions=react-server scripts/bench/run.ts --check-only --answers 20000

section "6/6 browser tests (playwright, production server on port ${E2E_PORT:-3100})" "$reports/e2e.json"
PLAYWRIGHT_JSON_OUTPUT_FILE="$reports/e2e.json" npx playwright test --reporter=list,json
end_section

echo
echo "npm test: ALL PASSED (typecheck, unit, integration, build, browser) in $((SECONDS - started)) s"
node scripts/test-summary.mjs --layers "$layers" "$reports/unit.json" "$reports/integration.json" "$reports/e2e.json"
