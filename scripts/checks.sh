#!/usr/bin/env bash
# The static checks: the type-check (tsgo, single-threaded), ESLint and Prettier, each with its cache under
# node_modules/.cache/ipvi. `npm run checks` runs all three at once (each single-threaded: beside Jest in the idle class,
# what is left of them when Jest ends then takes both cores, not one), `npm run typecheck` and `npm run lint` one part
# each; scripts/test.sh calls this file itself, with no npm process per part (about 0.4 s of CPU each on the 2-core
# reference machine). Fails when any check fails; their output is theirs, in that order.
set -u
if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
  echo "usage: scripts/checks.sh [all|typecheck|lint]   (npm run checks | npm run typecheck | npm run lint)"
  echo "Type-checks the whole workspace (tsc --noEmit), lints it (ESLint) and checks its formatting (Prettier)."
  exit 0
fi
cd "$(dirname "$0")/.."
cache=node_modules/.cache/ipvi
bin=node_modules/.bin

typecheck() {
  node node_modules/typescript7/bin/tsc -p tsconfig.json --noEmit --incremental --tsBuildInfoFile "$cache/tsc.tsbuildinfo" --singleThreaded
}

eslint() {
  "$bin/eslint" --cache --cache-strategy content --cache-location "$cache/eslint" .
}

prettier() {
  "$bin/prettier" --check --cache --cache-strategy content --cache-location "$cache/prettier" "**/*.{ts,js,mjs,json}"
}

case "${1:-all}" in
  typecheck) typecheck ;;
  lint) eslint && prettier ;;
  all)
    logs="$(mktemp -d "${TMPDIR:-/tmp}/ipvi-checks.XXXXXX")"
    trap 'rm -rf "$logs"' EXIT
    typecheck >"$logs/typecheck" 2>&1 &
    tc=$!
    eslint >"$logs/eslint" 2>&1 &
    es=$!
    prettier >"$logs/prettier" 2>&1 &
    pr=$!
    failed=0
    for part in "typecheck $tc" "eslint $es" "prettier $pr"; do
      set -- $part
      wait "$2" || failed=1
      cat "$logs/$1"
    done
    exit "$failed"
    ;;
  *)
    echo "scripts/checks.sh: unknown part '$1' (all, typecheck or lint)" >&2
    exit 2
    ;;
esac
