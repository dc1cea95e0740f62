#!/usr/bin/env bash
# Runs every benchmark and prints their tables. Not part of the tests (no timed assertions).
#   bench/run.sh            all benches (native executables bench/*.cpp, then bench/*.sh and web benches)
#   bench/run.sh NAME...    only benches whose file name contains NAME
# Each native bench is an executable built from bench/<name>.cpp that prints a markdown table
# (gpt_bench also runs its PyTorch+OpenBLAS peer, bench/lib/). Scripts bench/*.sh and browser
# benches bench/*.mjs (which need the web build, made here when one is selected) print their own
# tables; everything runs from here so all figures come from one run on one machine.
# A bench that fails prints its error and the run goes on; the exit code is 1 if any failed.
# BENCH_BUILD=0 skips the builds and uses build/native and dist/ as they are.
# bench/lib/ holds helpers the benches run (peers, the OpenBLAS selector), not benches.
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
filters=("$@")
want() { [ ${#filters[@]} -eq 0 ] && return 0; for f in "${filters[@]}"; do [[ "$1" == *"$f"* ]] && return 0; done; return 1; }

native=() scripts=() web=()
for src in "$ROOT"/bench/*.cpp; do [ -e "$src" ] && want "$(basename "$src")" && native+=("$src"); done
for src in "$ROOT"/bench/*.sh; do
  [ -e "$src" ] && [ "$(basename "$src")" != run.sh ] && want "$(basename "$src")" && scripts+=("$src")
done
for src in "$ROOT"/bench/*.mjs; do [ -e "$src" ] && want "$(basename "$src")" && web+=("$src"); done
if [ $(( ${#native[@]} + ${#scripts[@]} + ${#web[@]} )) -eq 0 ]; then
  echo "bench/run.sh: no bench matches: ${filters[*]}" >&2
  exit 2
fi

failed=()
# run NAME CMD...: prints the bench's section; on failure its exit code, and remembers it.
run() {
  local name=$1; shift
  echo; echo "## $name"
  "$@" 2>&1  # its errors go with its table
  local rc=$?
  if [ $rc -ne 0 ]; then
    echo; echo "**$name failed (exit code $rc); its error is above.**"
    failed+=("$name")
  fi
}

echo "# Benchmarks — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(uname -m), load average $(cut -d' ' -f1-3 /proc/loadavg)"
# This VM's core speed drifts (bench/lib/cpu_ref.mjs): compare runs at a similar reference figure.
cpu_ref() { node "$ROOT/bench/lib/cpu_ref.mjs" || echo "reference loop: node failed"; }
echo "Core speed at the start: $(cpu_ref)"
native_ok=1 web_ok=1
build=${BENCH_BUILD:-1}
if [ "$build" != 0 ] && { [ ${#native[@]} -gt 0 ] || [ ${#scripts[@]} -gt 0 ]; }; then
  "$ROOT/scripts/build.sh" native >/dev/null || { native_ok=0; echo "bench/run.sh: the native build failed" >&2; }
fi
if [ "$build" != 0 ] && [ ${#web[@]} -gt 0 ]; then
  "$ROOT/scripts/build.sh" web >/dev/null || { web_ok=0; echo "bench/run.sh: the web build failed" >&2; }
fi

for src in "${native[@]}"; do
  name="$(basename "$src" .cpp)"
  if [ $native_ok = 1 ]; then run "$name" "$ROOT/build/native/$name"
  else echo; echo "## $name"; echo "**$name not run: the native build failed.**"; failed+=("$name"); fi
done
for src in "${scripts[@]}"; do run "$(basename "$src")" bash "$src"; done
for src in "${web[@]}"; do
  name="$(basename "$src")"
  if [ $web_ok = 1 ]; then run "$name" node "$src"
  else echo; echo "## $name"; echo "**$name not run: the web build failed.**"; failed+=("$name"); fi
done

echo
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); core speed: $(cpu_ref)"
if [ ${#failed[@]} -gt 0 ]; then
  echo "bench/run.sh: ${#failed[@]} bench(es) failed: ${failed[*]}" >&2
  exit 1
fi
