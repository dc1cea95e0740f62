#!/usr/bin/env bash
# Debian's OpenBLAS for one benchmark process only, never for the machine.
#   bench/lib/openblas.sh pin          set the BLAS/LAPACK alternatives to manual at their current
#                                       value, so installing OpenBLAS cannot switch them (the tests'
#                                       PyTorch goldens rely on the machine's BLAS as it is)
#   bench/lib/openblas.sh ensure       pin, then install libopenblas0-pthread if missing
#   bench/lib/openblas.sh exec CMD...  run CMD with OpenBLAS (pthread build) in front of the machine's
#                                       BLAS (LD_LIBRARY_PATH), OPENBLAS_NUM_THREADS (default 1) threads,
#                                       and OPENBLAS_CORETYPE (unless set) to
#                                       a kernel this CPU supports (OpenBLAS 0.3.21 does not recognise
#                                       newer CPUs, e.g. family 6 model 207, and falls back to SSE3)
#   bench/lib/openblas.sh coretype     print the core type `exec` would choose
set -euo pipefail
ARCH_DIR=/usr/lib/$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)
OPENBLAS_DIR=$ARCH_DIR/openblas-pthread
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

pin() {
  local name value
  for name in libblas.so.3 liblapack.so.3; do
    name=$name-$(basename "$ARCH_DIR")
    update-alternatives --query "$name" >/dev/null 2>&1 || continue
    update-alternatives --query "$name" | grep -q '^Status: manual' && continue
    value=$(update-alternatives --query "$name" | sed -n 's/^Value: //p')
    [ -n "$value" ] || continue
    echo "openblas.sh: pinning $name to $value (manual) before installing OpenBLAS" >&2
    as_root update-alternatives --set "$name" "$value" >/dev/null
  done
}

ensure() {
  pin
  if ! dpkg-query -W -f='${Status}' libopenblas0-pthread 2>/dev/null | grep -q "install ok installed"; then
    echo "openblas.sh: installing libopenblas0-pthread (for benchmark processes only)" >&2
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libopenblas0-pthread >/dev/null
  fi
  [ -e "$OPENBLAS_DIR/libblas.so.3" ] || { echo "openblas.sh: $OPENBLAS_DIR/libblas.so.3 missing" >&2; exit 1; }
}

# The widest OpenBLAS 0.3.21 kernel whose instructions /proc/cpuinfo lists.
coretype() {
  local flags
  flags=" $(grep -m1 '^flags' /proc/cpuinfo | cut -d: -f2) "
  has() { local f; for f in "$@"; do [[ "$flags" == *" $f "* ]] || return 1; done; }
  if has avx512f avx512vl avx512bw avx512dq avx512cd avx512_bf16; then echo Cooperlake
  elif has avx512f avx512vl avx512bw avx512dq avx512cd; then echo SkylakeX
  elif has avx2 fma; then echo Haswell
  elif has avx; then echo SandyBridge
  else echo Nehalem; fi
}

case "${1:-}" in
  pin) pin ;;
  ensure) ensure ;;
  coretype) coretype ;;
  exec)
    shift
    [ $# -gt 0 ] || { echo "usage: $0 exec CMD..." >&2; exit 2; }
    ensure
    export LD_LIBRARY_PATH=$OPENBLAS_DIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
    export OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1} OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-$(coretype)}
    exec "$@" ;;
  *) echo "usage: $0 pin|ensure|coretype|exec CMD..." >&2; exit 2 ;;
esac
