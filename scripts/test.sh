#!/usr/bin/env bash
# Sets everything up and runs every test:
#   1. native build + Catch2 tests (ctest)
#   2. the core's Catch2 tests under ASan + UBSan (clang, build/fuzz/) and a ~20 s libFuzzer smoke
#      run of every target in tests/fuzz/ (scripts/fuzz.sh; FUZZ_SECONDS=0 skips the smoke)
#   3. web build (dist/) + offline single file (dist-offline/), and the core's Catch2 tests
#      compiled to wasm and run under node (build/web/tmx_core_tests_wasm.js)
#   4. browser tests in Debian's Chromium (tests/browser/*.test.mjs, by tests/browser/run.mjs)
# Single-process runs use both cores: the core's Catch2 suites (ASan and wasm) run as $JOBS shards
# (every test case in exactly one), the fuzz targets $JOBS at a time, the browser test files
# BROWSER_JOBS at a time (default 2; they mostly wait for frames), the longest first.
# Prints a table of the stages (wall and CPU seconds, load average; build/test-logs/stages.tsv) and
# ends with one line "N passed, M failed"; exits non-zero if anything failed.
# Screenshots of every browser test: build/screenshots/.
set -uo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
passed=0
failed=0
logdir="$ROOT/build/test-logs"
mkdir -p "$logdir"
export TMX_TIMING_FILE="$logdir/stages.tsv"  # stage_begin/stage_end (env.sh), bootstrap.sh's steps too
rm -f "$TMX_TIMING_FILE"
t_start=$SECONDS

finish() {  # the stage table and the last line
  echo "stages ($(nproc) cores; CPU = user + sys of the stage's processes; load = 1-min load average at its end):"
  stage_table
  log "total: $((SECONDS - t_start)) s"
  echo "$passed passed, $failed failed"
}

stage_fail() {  # a build step failed: count it, show the log tail, and stop
  stage_end
  log "FAILED: $1 (log: $2)"
  tail -40 "$2" >&2
  failed=$((failed + 1))
  finish
  exit 1
}

# Adds a Catch2 run's test-case counts to the totals ("All tests passed (A assertions in N test
# cases)" or "test cases: N | P passed | F failed"); a run without a summary (a crash) is 1 failure.
# Sets catch_ran to the number of test cases the run reported (empty without a summary).
add_catch_counts() {  # LOG NAME
  local line p f
  catch_ran=""
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
  catch_ran=$((p + f))
  log "$2: $p passed, $f failed"
  [ "$f" = 0 ] || grep -B2 -A8 -E "FAILED:" "$1" | head -60 >&2
  passed=$((passed + p))
  failed=$((failed + f))
}

# Runs a Catch2 binary's test cases as $JOBS processes at once, each test case in exactly one shard
# (ctest already runs the native test cases side by side), then adds up the counts; a shard total
# that differs from the list is a failure. The cases are dealt longest first, each to the shard
# with the least time so far, by their seconds in the last run (build/test-logs/PREFIX.seconds.tsv,
# from Catch2's --durations) or else in the committed tests/catch_seconds.tsv (a fresh clone; the
# cases over 0.5 s: refresh it from the former); a case in neither counts 0.05 s. A few cases take
# most of the time (ASan: 4 of 248 take 68 of 112 s), and dealt round robin they ended the
# shards 20 s apart.
run_catch_sharded() {  # NAME LOG_PREFIX CMD... (the binary, with its runner and environment)
  local name=$1 pre=$2 i n=$JOBS listed ran=0 ok=1 key
  shift 2
  key="$(basename "$pre")"
  "$@" --list-test-names-only 2>"$pre.list.err" | grep -v '^$' >"$pre.names"
  listed=$(wc -l <"$pre.names")
  if [ "$listed" = 0 ]; then
    log "FAILED: $name lists no test cases (log: $pre.list.err)"
    failed=$((failed + 1))
    return
  fi
  local seconds="$pre.seconds.tsv"
  if [ ! -s "$seconds" ]; then
    seconds="$pre.seconds.committed.tsv"
    awk -F'\t' -v k="$key" '$1 == k { print $2 "\t" $3 }' "$ROOT/tests/catch_seconds.tsv" >"$seconds"
  fi
  # test specs: a backslash makes , [ ] * " ~ and itself literal
  awk -F'\t' -v n="$n" -v out="$pre" '
    FILENAME == ARGV[1] { t[$2] += $1; next }  # a case with sections ran once per leaf: a line per run
    { m++; name[m] = $0; s[m] = ($0 in t) ? t[$0] : 0.05; order[m] = m }
    END {
      for (a = 2; a <= m; a++) {  # longest first (insertion sort: a few hundred names)
        x = order[a]; for (b = a - 1; b >= 1 && s[order[b]] < s[x]; b--) order[b + 1] = order[b]; order[b + 1] = x
      }
      for (k = 1; k <= n; k++) { load[k] = 0; printf "" > (out "." k ".spec") }
      for (a = 1; a <= m; a++) {
        best = 1; for (k = 2; k <= n; k++) if (load[k] < load[best]) best = k
        load[best] += s[order[a]]
        spec = name[order[a]]; gsub(/[],[*\\"~]/, "\\\\&", spec)
        print spec > (out "." best ".spec")
      }
    }' "$seconds" "$pre.names"
  for ((i = 1; i <= n; i++)); do
    "$@" -f "$pre.$i.spec" --durations yes --use-colour no >"$pre.$i.log" 2>&1 &
  done
  wait
  for ((i = 1; i <= n; i++)); do
    add_catch_counts "$pre.$i.log" "$name [shard $i/$n]"
    if [ -n "$catch_ran" ]; then ran=$((ran + catch_ran)); else ok=0; fi
  done
  if [ $ok = 1 ] && [ "$ran" != "$listed" ]; then
    log "FAILED: $name: the shards ran $ran test cases, the binary lists $listed"
    failed=$((failed + 1))
  fi
  # This run's seconds per case, for the next run's deal ("1.234 s: name" lines).
  sed -nE 's/^([0-9]+\.[0-9]+) s: (.*)$/\1\t\2/p' "$pre".[0-9]*.log >"$pre.seconds.tsv.new" &&
    [ -s "$pre.seconds.tsv.new" ] && mv "$pre.seconds.tsv.new" "$pre.seconds.tsv"
}

stage_begin "bootstrap (apt, sources, SDL2 wasm, npm)"
"$ROOT/scripts/bootstrap.sh" || { stage_end; failed=1; finish; exit 1; }
stage_end

stage_begin "native build"
"$ROOT/scripts/build.sh" native >"$logdir/native-build.log" 2>&1 || stage_fail "native build" "$logdir/native-build.log"
stage_end

stage_begin "native tests (ctest)"
ctest --test-dir "$ROOT/build/native" -j "$JOBS" --output-on-failure >"$logdir/ctest.log" 2>&1
grep -E "tests passed|FAILED|Failed|\*\*\*" "$logdir/ctest.log" | tail -25 >&2
line="$(grep -E '[0-9]+% tests passed, [0-9]+ tests failed out of [0-9]+' "$logdir/ctest.log" | tail -1)"
[ -n "$line" ] || stage_fail "ctest produced no summary" "$logdir/ctest.log"
n_total="$(sed -E 's/.*out of ([0-9]+).*/\1/' <<<"$line")"
n_fail="$(sed -E 's/.* ([0-9]+) tests failed.*/\1/' <<<"$line")"
passed=$((passed + n_total - n_fail))
failed=$((failed + n_fail))
stage_end

stage_begin "ASan + UBSan build (clang, build/fuzz)"
mapfile -t fuzz_targets < <("$ROOT/scripts/fuzz.sh" list)
(cmake -S "$ROOT" -B "$ROOT/build/fuzz" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang \
   -DCMAKE_CXX_COMPILER=clang++ -DTMX_CORE_ONLY=ON -DTMX_FUZZ=ON -DTMX_ARCH="${TMX_ARCH:-native}" \
   $(command -v ccache >/dev/null && echo -DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache) &&
 cmake --build "$ROOT/build/fuzz" -j "$JOBS" --target tmx_core_tests "${fuzz_targets[@]/#/fuzz_}") \
  >"$logdir/asan-build.log" 2>&1 || stage_fail "ASan + UBSan build" "$logdir/asan-build.log"
stage_end

stage_begin "core tests under ASan + UBSan"
run_catch_sharded "core tests (ASan + UBSan)" "$logdir/asan-core-tests" \
  env ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 "$ROOT/build/fuzz/tmx_core_tests"
stage_end

if [ "${FUZZ_SECONDS:-20}" != 0 ]; then
  stage_begin "fuzz smoke (${#fuzz_targets[@]} targets x ${FUZZ_SECONDS:-20} s, $JOBS at once)"
  "$ROOT/scripts/fuzz.sh" all "${FUZZ_SECONDS:-20}" >"$logdir/fuzz.log" 2>"$logdir/fuzz-stderr.log"
  cat "$logdir/fuzz.log" >&2
  f_pass="$(awk 'NR > 1 && $5 == "0"' "$logdir/fuzz.log" | wc -l)"
  f_fail=$(( ${#fuzz_targets[@]} - f_pass ))
  [ "$f_fail" = 0 ] || tail -20 "$logdir/fuzz-stderr.log" >&2
  passed=$((passed + f_pass))
  failed=$((failed + f_fail))
  stage_end
fi

# One ninja run for the app, its offline file and the wasm core tests: their links (single-threaded
# wasm-ld + wasm-opt) overlap with each other and with compiles.
stage_begin "web build (dist, dist-offline, wasm core tests)"
"$ROOT/scripts/build.sh" web offline wasm-tests >"$logdir/web-build.log" 2>&1 || stage_fail "web build" "$logdir/web-build.log"
stage_end

stage_begin "core tests as wasm (node)"
run_catch_sharded "core tests (wasm)" "$logdir/wasm-core-tests" node --no-experimental-fetch "$ROOT/build/web/tmx_core_tests_wasm.js"
stage_end

export BROWSER_JOBS="${BROWSER_JOBS:-2}"
stage_begin "browser tests (Chromium, $BROWSER_JOBS files at once)"
rm -rf "$ROOT/build/screenshots"
# (under subreaper.py: Chromium's processes outlive their parents, and their CPU counts only so)
/usr/bin/python3 "$ROOT/scripts/subreaper.py" node tests/browser/run.mjs >"$logdir/browser.log" 2>&1
grep -E "^[✔✖]|^ *[✔✖] |ℹ (pass|fail)" "$logdir/browser.log" >&2
head -n 11 "$logdir/browser-times.txt" >&2 2>/dev/null  # the 10 slowest files (all files and the slowest tests: that file)
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
stage_end

finish
[ "$failed" = 0 ]
