#!/usr/bin/env bash
# Sets everything up and runs every test:
#   1. native build + Catch2 tests (ctest)
#   2. web build (dist/) + offline single file (dist-offline/)
#   3. browser tests in Debian's Chromium (tests/browser/*.test.mjs)
# Ends with one line "N passed, M failed"; exits non-zero if anything failed.
# Screenshots of every browser test: build/screenshots/.
set -uo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
passed=0
failed=0
logdir="$ROOT/build/test-logs"

stage_fail() {  # a build step failed: count it, show the log tail, and stop
  log "FAILED: $1 (log: $2)"
  tail -40 "$2" >&2
  failed=$((failed + 1))
  echo "$passed passed, $failed failed"
  exit 1
}

"$ROOT/scripts/bootstrap.sh" || { echo "0 passed, 1 failed"; exit 1; }
mkdir -p "$logdir"

log "native build"
"$ROOT/scripts/build.sh" native >"$logdir/native-build.log" 2>&1 || stage_fail "native build" "$logdir/native-build.log"

log "native tests (ctest)"
ctest --test-dir "$ROOT/build/native" -j "$JOBS" --output-on-failure >"$logdir/ctest.log" 2>&1
grep -E "tests passed|FAILED|Failed|\*\*\*" "$logdir/ctest.log" | tail -25 >&2
line="$(grep -E '[0-9]+% tests passed, [0-9]+ tests failed out of [0-9]+' "$logdir/ctest.log" | tail -1)"
[ -n "$line" ] || stage_fail "ctest produced no summary" "$logdir/ctest.log"
n_total="$(sed -E 's/.*out of ([0-9]+).*/\1/' <<<"$line")"
n_fail="$(sed -E 's/.* ([0-9]+) tests failed.*/\1/' <<<"$line")"
passed=$((passed + n_total - n_fail))
failed=$((failed + n_fail))

log "web build"
"$ROOT/scripts/build.sh" web >"$logdir/web-build.log" 2>&1 || stage_fail "web build" "$logdir/web-build.log"
"$ROOT/scripts/build.sh" offline >"$logdir/offline-build.log" 2>&1 || stage_fail "offline build" "$logdir/offline-build.log"

log "browser tests (Chromium)"
rm -rf "$ROOT/build/screenshots"
node --test --test-reporter=spec tests/browser/*.test.mjs >"$logdir/browser.log" 2>&1
grep -E "^[✔✖]|^ *[✔✖] |ℹ (pass|fail)" "$logdir/browser.log" >&2
b_pass="$(grep -E '^ℹ pass [0-9]+' "$logdir/browser.log" | awk '{print $3}')"
b_fail="$(grep -E '^ℹ fail [0-9]+' "$logdir/browser.log" | awk '{print $3}')"
if [ -z "$b_pass" ] || [ -z "$b_fail" ]; then
  tail -40 "$logdir/browser.log" >&2
  failed=$((failed + 1))
else
  [ "$b_fail" = 0 ] || sed -n '/failing tests:/,$p' "$logdir/browser.log" | head -60 >&2
  passed=$((passed + b_pass))
  failed=$((failed + b_fail))
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
