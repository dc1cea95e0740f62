#!/usr/bin/env bash
# Sets everything up and runs every test:
#   1. native build + Catch2 tests (ctest)
#   2. the core's Catch2 tests under ASan + UBSan (clang, build/fuzz/) and a ~20 s libFuzzer smoke
#      run of every target in tests/fuzz/ (scripts/fuzz.sh; FUZZ_SECONDS=0 skips the smoke)
#   3. web build (dist/) + offline single file (dist-offline/), and the core's Catch2 tests
#      compiled to wasm and run under node (build/web/tmx_core_tests_wasm.js)
#   4. browser tests in Debian's Chromium (tests/browser/*.test.mjs)
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

# Adds a Catch2 run's test-case counts to the totals ("All tests passed (A assertions in N test
# cases)" or "test cases: N | P passed | F failed"); a run without a summary (a crash) is 1 failure.
add_catch_counts() {  # LOG NAME
  local line p f
  line="$(grep -E '^(All tests passed|test cases:)' "$1" | tail -1)"
  if [ -z "$line" ]; then
    log "FAILED: $2 ended without a Catch2 summary (log: $1)"
    tail -30 "$1" >&2
    failed=$((failed + 1))
    return
  fi
  if [[ "$line" == All* ]]; then
    p="$(sed -E 's/.* in ([0-9]+) test case.*/\1/' <<<"$line")"; f=0
  else
    p="$(sed -E 's/.*\| *([0-9]+) passed.*/\1/' <<<"$line")"
    f="$(sed -nE 's/.*\| *([0-9]+) failed.*/\1/p' <<<"$line")"; f="${f:-0}"
  fi
  log "$2: $p passed, $f failed"
  [ "$f" = 0 ] || grep -B2 -A8 -E "FAILED:" "$1" | head -60 >&2
  passed=$((passed + p))
  failed=$((failed + f))
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

log "core tests under ASan + UBSan (clang, build/fuzz)"
t0=$SECONDS
mapfile -t fuzz_targets < <("$ROOT/scripts/fuzz.sh" list)
(cmake -S "$ROOT" -B "$ROOT/build/fuzz" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang \
   -DCMAKE_CXX_COMPILER=clang++ -DTMX_CORE_ONLY=ON -DTMX_FUZZ=ON \
   $(command -v ccache >/dev/null && echo -DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache) &&
 cmake --build "$ROOT/build/fuzz" -j "$JOBS" --target tmx_core_tests "${fuzz_targets[@]/#/fuzz_}") \
  >"$logdir/asan-build.log" 2>&1 || stage_fail "ASan + UBSan build" "$logdir/asan-build.log"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  "$ROOT/build/fuzz/tmx_core_tests" --use-colour no >"$logdir/asan-core-tests.log" 2>&1
add_catch_counts "$logdir/asan-core-tests.log" "core tests (ASan + UBSan)"

if [ "${FUZZ_SECONDS:-20}" != 0 ]; then
  log "fuzz smoke (${FUZZ_SECONDS:-20} s per target)"
  "$ROOT/scripts/fuzz.sh" all "${FUZZ_SECONDS:-20}" >"$logdir/fuzz.log" 2>"$logdir/fuzz-stderr.log"
  cat "$logdir/fuzz.log" >&2
  f_pass="$(awk 'NR > 1 && $5 == "0"' "$logdir/fuzz.log" | wc -l)"
  f_fail=$(( ${#fuzz_targets[@]} - f_pass ))
  [ "$f_fail" = 0 ] || tail -20 "$logdir/fuzz-stderr.log" >&2
  passed=$((passed + f_pass))
  failed=$((failed + f_fail))
fi
log "sanitizers + fuzzing took $((SECONDS - t0)) s"

log "web build"
"$ROOT/scripts/build.sh" web >"$logdir/web-build.log" 2>&1 || stage_fail "web build" "$logdir/web-build.log"
"$ROOT/scripts/build.sh" offline >"$logdir/offline-build.log" 2>&1 || stage_fail "offline build" "$logdir/offline-build.log"

log "core tests as wasm (node)"
t0=$SECONDS
cmake --build "$ROOT/build/web" -j "$JOBS" --target tmx_core_tests_wasm >"$logdir/wasm-tests-build.log" 2>&1 ||
  stage_fail "wasm core tests build" "$logdir/wasm-tests-build.log"
node --no-experimental-fetch "$ROOT/build/web/tmx_core_tests_wasm.js" --use-colour no >"$logdir/wasm-core-tests.log" 2>&1
add_catch_counts "$logdir/wasm-core-tests.log" "core tests (wasm)"
log "wasm core tests took $((SECONDS - t0)) s"

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
