#!/usr/bin/env bash
# Wall time and peak RSS of one-shot commands, alternating between variants so that a shared,
# noisy machine slows them alike. Prints a Markdown table: the first round, then the median,
# min and max wall time of the rounds after it, their median CPU time (user + system: steadier than
# wall time when other jobs share the cores) and the median peak RSS (/usr/bin/time -f %M).
#
#   bench/cli-startup.sh ROUNDS 'LABEL::COMMAND' ['LABEL::COMMAND' ...]
#   bench/cli-startup.sh 6 'before::LIKENESS_JAVA_OPTS= ./likeness verify a.jpg b.jpg' 'after::...'
#
# A command's stdout and stderr are dropped; a command that fails stops the run with its output.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 ROUNDS 'LABEL::COMMAND' ..." >&2; exit 2; }
rounds=$1; shift
[ -x /usr/bin/time ] || { echo "$0: needs /usr/bin/time (Debian: apt-get install time)" >&2; exit 2; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
labels=(); commands=()
for v in "$@"; do labels+=("${v%%::*}"); commands+=("${v#*::}"); done
for ((r = 1; r <= rounds; r++)); do
  for i in "${!commands[@]}"; do
    if ! /usr/bin/time -f '%e %M %U %S' -o "$work/t" bash -c "${commands[$i]}" >"$work/out" 2>&1; then
      echo "$0: '${labels[$i]}' failed:" >&2; cat "$work/out" >&2; exit 1
    fi
    read -r wall rss user sys < <(tail -1 "$work/t")
    echo "$r $wall $rss $(awk -v u="$user" -v s="$sys" "BEGIN{print u+s}")" >>"$work/$i"
  done
done
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $rounds alternating rounds"
echo "| variant | first run s | median s (rounds 2..$rounds) | min s | max s | CPU s (median) | peak RSS MiB (median) |"
echo "|---|---|---|---|---|---|---|"
for i in "${!commands[@]}"; do
  f="$work/$i"
  first=$(awk 'NR==1{print $2}' "$f")
  rest=$(awk 'NR>1{print $2}' "$f")
  [ -n "$rest" ] || rest=$first
  med=$(echo "$rest" | median); min=$(echo "$rest" | sort -g | head -1); max=$(echo "$rest" | sort -g | tail -1)
  rss=$(awk '{print $3/1024}' "$f" | median)
  cpu=$(awk 'NR>1 || n==1{print $4}' n="$(wc -l <"$f")" "$f" | median)
  printf '| %s | %.2f | **%.2f** | %.2f | %.2f | %.2f | %.0f |\n' "${labels[$i]}" "$first" "$med" "$min" "$max" "$cpu" "$rss"
done
