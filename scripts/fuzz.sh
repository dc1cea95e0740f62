#!/usr/bin/env bash
# scripts/fuzz.sh TARGET|all|list [SECONDS]   (default: all, 60 s per target)
# Builds the libFuzzer targets in tests/fuzz/ with clang + ASan + UBSan (build/fuzz/, core only)
# and runs each for SECONDS, starting from its committed seed corpus tests/fuzz/corpus/NAME/
# (copied to build/fuzz/corpus/NAME/, which keeps growing between runs; the committed seeds are
# never modified). Any crash, sanitizer report, leak, timeout (> 10 s per input) or RSS above
# 2 GB is a finding: its input goes to build/fuzz/findings/NAME/ and the script exits 1.
# Turn each finding into a Catch2 regression test with its input committed.
# Prints one line per target: executions, coverage (libFuzzer's cov/ft), findings. FUZZ_JOBS targets
# run at once (default: JOBS, i.e. one per core), each for SECONDS.
set -uo pipefail
source "$(dirname "$0")/env.sh"
what="${1:-all}"
seconds="${2:-60}"
bdir="$ROOT/build/fuzz"

targets=()
for f in "$ROOT"/tests/fuzz/fuzz_*.cpp; do targets+=("$(basename "$f" .cpp | sed 's/^fuzz_//')"); done
if [ "$what" = list ]; then printf '%s\n' "${targets[@]}"; exit 0; fi
if [ "$what" != all ]; then
  printf '%s\n' "${targets[@]}" | grep -qx "$what" || die "unknown fuzz target '$what' (scripts/fuzz.sh list)"
  targets=("$what")
fi

TMX_TIMING_FILE= "$ROOT/scripts/bootstrap.sh" build >&2 || die "bootstrap failed"
if ! command -v clang++ >/dev/null; then
  log "installing clang (Debian)"
  if [ "$(id -u)" = 0 ]; then apt-get install -y -q --no-install-recommends clang libclang-rt-14-dev >/dev/null; else sudo apt-get install -y -q --no-install-recommends clang libclang-rt-14-dev >/dev/null; fi
fi
command -v clang++ >/dev/null || die "clang++ is missing (apt-get install clang)"

log "fuzz build (clang, ASan + UBSan + libFuzzer) -> build/fuzz"
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S "$ROOT" -B "$bdir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang \
  -DCMAKE_CXX_COMPILER=clang++ -DTMX_CORE_ONLY=ON -DTMX_FUZZ=ON -DTMX_ARCH="${TMX_ARCH:-native}" "${launcher[@]}" >/dev/null || die "cmake failed"
cmake --build "$bdir" -j "$JOBS" --target "${targets[@]/#/fuzz_}" >&2 || die "fuzz build failed"

export ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=0:abort_on_error=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

# One target: SECONDS of fuzzing; writes its table row to $bdir/$t.row (findings column: 0 when clean).
fuzz_one() {
  local t=$1 corpus="$bdir/corpus/$1" findings="$bdir/findings/$1" rc execs covline cov ft n_find
  rm -rf "$findings"  # findings are this run's; fixed ones live on as regression tests and seeds
  mkdir -p "$corpus" "$findings"
  [ -d "$ROOT/tests/fuzz/corpus/$t" ] && cp -n "$ROOT"/tests/fuzz/corpus/"$t"/* "$corpus"/ 2>/dev/null
  log "fuzzing $t for ${seconds}s"
  (cd "$findings" && "$bdir/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
     -max_len=65536 -print_final_stats=1 -artifact_prefix="$findings/" "$corpus") >"$bdir/$t.log" 2>&1
  rc=$?
  execs="$(grep -E '^stat::number_of_executed_units' "$bdir/$t.log" | awk '{print $2}')"
  covline="$(grep -E '#[0-9]+.*(DONE|cov:)' "$bdir/$t.log" | tail -1)"
  cov="$(sed -nE 's/.*cov: ([0-9]+).*/\1/p' <<<"$covline")"
  ft="$(sed -nE 's/.*ft: ([0-9]+).*/\1/p' <<<"$covline")"
  n_find="$(find "$findings" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)"
  if [ "$rc" != 0 ] || [ "$n_find" != 0 ]; then
    log "FINDING in $t (rc $rc): inputs in $findings, log $bdir/$t.log"
    grep -E "ERROR|FUZZ_CHECK|runtime error|SUMMARY" "$bdir/$t.log" | head -5 >&2
    [ "$n_find" != 0 ] || n_find="rc=$rc"
  fi
  printf '%-16s %12s %8s %8s %s\n' "$t" "${execs:-?}" "${cov:-?}" "${ft:-?}" "$n_find" >"$bdir/$t.row"
}

# FUZZ_JOBS targets at once (default JOBS, one per core): each still gets SECONDS of a whole core.
njobs="${FUZZ_JOBS:-$JOBS}"
for t in "${targets[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$njobs" ]; do wait -n; done
  rm -f "$bdir/$t.row"
  fuzz_one "$t" &
done
wait
# The table, in target order; a target is clean when its findings column is 0.
status=0
printf '%-16s %12s %8s %8s %s\n' target executions cov ft findings
for t in "${targets[@]}"; do
  row="$(cat "$bdir/$t.row" 2>/dev/null)" || row="$(printf '%-16s %12s %8s %8s %s' "$t" '?' '?' '?' 'no-result')"
  echo "$row"
  [ "$(awk '{print $5}' <<<"$row")" = 0 ] || status=1
done
exit "$status"
