#!/usr/bin/env bash
# Runs every benchmark and prints their tables. Not part of the tests (no timed assertions).
#   bench/run.sh            all benches (native executables bench/*.cpp, then peers and web benches)
#   bench/run.sh NAME...    only benches whose name contains NAME
# Each native bench is an executable built from bench/<name>.cpp that prints a markdown table.
# Peers (PyTorch, js-tiktoken) and browser benches are bench/*.py, bench/*.mjs and bench/*.sh,
# each printing its own table; run from here so all figures come from one run on one machine.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
"$ROOT/scripts/build.sh" native >/dev/null
filters=("$@")
want() { [ ${#filters[@]} -eq 0 ] && return 0; for f in "${filters[@]}"; do [[ "$1" == *"$f"* ]] && return 0; done; return 1; }
echo "# Benchmarks — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(uname -m)"
for src in "$ROOT"/bench/*.cpp; do
  [ -e "$src" ] || continue
  name="$(basename "$src" .cpp)"
  want "$name" || continue
  echo; echo "## $name"; "$ROOT/build/native/$name"
done
for src in "$ROOT"/bench/*.py "$ROOT"/bench/*.mjs "$ROOT"/bench/*.sh; do
  [ -e "$src" ] || continue
  name="$(basename "$src")"
  [ "$name" = run.sh ] && continue
  want "$name" || continue
  echo; echo "## $name"
  case "$src" in
    *.py) /usr/bin/python3 "$src" ;;
    *.mjs) node "$src" ;;
    *.sh) bash "$src" ;;
  esac
done
