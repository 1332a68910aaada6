#!/usr/bin/env bash
# The exact gallery scan with the SIMD kernel (with and without the int8 pre-scan) against the
# scalar one, on one machine, in alternating runs (SIMD int8, SIMD float32, scalar, SIMD int8, ...)
# so that load from other work falls on all. Prints each run's `likeness bench gallery --exact-only
# --threads 1` table; the kernel is chosen with -Dlikeness.scan.kernel and -Dlikeness.scan.int8
# (see org.likeness.gallery.search.ScanKernel). Compare medians.
#
#   bench/scan-kernels.sh [ROUNDS=2] [DIMS=128,512] [SIZES=10000,100000,1000000] [QUERIES=100]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-2}"; dims="${2:-128,512}"; sizes="${3:-10000,100000,1000000}"; queries="${4:-100}"
for round in $(seq 1 "$rounds"); do
  for d in ${dims//,/ }; do
    for variant in "simd -Dlikeness.scan.int8=true" "simd -Dlikeness.scan.int8=false" scalar; do
      echo "== round $round, $d-d, -Dlikeness.scan.kernel=$variant"
      LIKENESS_JAVA_OPTS="${LIKENESS_JAVA_OPTS:-} -Dlikeness.scan.kernel=$variant" \
        "$here/likeness" bench gallery --exact-only --threads 1 --sqlite 0 \
        --dims "$d" --sizes "$sizes" --queries "$queries" 2>/dev/null
    done
  done
done
