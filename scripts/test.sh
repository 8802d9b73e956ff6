#!/usr/bin/env bash
# `npm test`: Jest (every unit and integration test) with the checks (type-check, ESLint, Prettier) running beside it in
# the idle scheduling class (SCHED_IDLE, `chrt --idle 0`; `nice -n 19` where chrt is missing): they get a core only when
# Jest leaves one idle (PostgreSQL starting, a worker waiting, the last file alone) and finish after Jest otherwise. At
# `nice 10` they took about a tenth of the CPU throughout, and on the 2-core reference machine a fresh clone's run took
# 174 s instead of 128 s (measured). The checks' output is shown after Jest's; the run fails when either fails. Arguments
# go to Jest.
set -u
if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
  echo "usage: npm test [-- <jest arguments>]"
  echo "Runs Jest (unit and integration tests on real PostgreSQL) and, beside it, the checks (scripts/checks.sh: tsc, ESLint, Prettier)."
  exit 0
fi
cd "$(dirname "$0")/.."
log="$(mktemp "${TMPDIR:-/tmp}/ipvi-checks.XXXXXX")"
trap 'rm -f "$log"' EXIT
if command -v chrt >/dev/null 2>&1 && chrt --idle 0 true 2>/dev/null; then idle=(chrt --idle 0); else idle=(nice -n 19); fi
"${idle[@]}" bash scripts/checks.sh >"$log" 2>&1 &
checks=$!
# A 64 MB young generation for Jest's workers: the hub allocates briskly, and fewer scavenges cut the run's CPU by about 8%.
NODE_OPTIONS="${NODE_OPTIONS:-} --max-semi-space-size=64" jest "$@"
tests=$?
wait "$checks"
checked=$?
cat "$log"
if [ "$checked" -ne 0 ]; then echo "npm test: the checks failed (type-check, ESLint or Prettier; their output is above)" >&2; fi
if [ "$tests" -ne 0 ] || [ "$checked" -ne 0 ]; then exit 1; fi
