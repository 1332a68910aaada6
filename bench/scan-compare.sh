#!/usr/bin/env bash
# The exact gallery scan of two or more builds of Likeness on one machine, in alternating runs
# (A, B, A, B, ... per dimension) so that load from other work falls on all of them: for a
# before/after table of a change to the scan. Each CHECKOUT is a directory holding a built
# `likeness` launcher (e.g. this worktree and `git archive main | tar -x -C /tmp/main` built with
# `mvn -o -B -q -DskipTests package -pl likeness-cli -am`). Prints each run's `likeness bench
# gallery --exact-only --threads 1` table and its "exact answers" digests (equal digests: every
# query got the same people and distances) after a "== round R, D-d, VARIANT" line; compare
# medians over rounds.
#
#   bench/scan-compare.sh ROUNDS DIMS SIZES QUERIES VARIANT VARIANT...
#   bench/scan-compare.sh 2 128,192,512 10000,100000,1000000 100 /tmp/main . .:-Dlikeness.scan.int8=false
set -euo pipefail
if [ $# -lt 6 ]; then
  sed -n '2,13p' "$0" >&2
  exit 2
fi
rounds="$1"; dims="$2"; sizes="$3"; queries="$4"; shift 4
for round in $(seq 1 "$rounds"); do
  for d in ${dims//,/ }; do
    for variant in "$@"; do
      checkout="${variant%%:*}"; options=""
      [ "$checkout" != "$variant" ] && options="${variant#*:}"
      echo "== round $round, $d-d, $variant (load $(uptime | sed 's/.*load average: //'))"
      LIKENESS_JAVA_OPTS="${LIKENESS_JAVA_OPTS:-} $options" \
        "$checkout/likeness" bench gallery --exact-only --threads 1 --sqlite 0 \
        --dims "$d" --sizes "$sizes" --queries "$queries" 2>&1 \
        | awk '/^scan kernel|exact answers|exact CPU ms/ { print } /templates +engine/ { table = "" }
               { table = table $0 "\n" } END { printf "%s", substr(table, index(table, " templates")) }'
    done
  done
done
