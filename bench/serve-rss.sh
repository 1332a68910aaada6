#!/usr/bin/env bash
# Peak resident memory of `likeness serve`, idle and under load, read from /proc/PID/status.
# Starts the door service in a temporary data directory on a free local port, waits until it is
# idle, then sends identify requests with N concurrent curl clients over LFW photos.
#
#   bench/serve-rss.sh [REQUESTS=600] [CLIENTS=16] [extra `likeness serve` options, e.g. --model dlib-resnet-128]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
requests="${1:-600}"; clients="${2:-16}"; shift $(( $# > 2 ? 2 : $# )) || true
jar="$here/likeness-cli/target/likeness-cli.jar"
classpath="$here/likeness-cli/target/runtime.classpath"
[ -f "$jar" ] && [ -f "$classpath" ] || { echo "serve-rss: build first (./likeness --help)" >&2; exit 2; }
lfw="$here/../shared/data/lfw/images_deepfunneled"
[ -d "$lfw" ] || { echo "serve-rss: no LFW images at $lfw" >&2; exit 2; }
work="$(mktemp -d)"
port=$(( 20000 + RANDOM % 20000 ))
java --add-modules jdk.incubator.vector ${LIKENESS_JAVA_OPTS:-} -cp "$jar:$(cat "$classpath")" org.likeness.cli.LikenessCommand serve --data-dir "$work/door" --port "$port" "$@" >"$work/serve.log" 2>&1 &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
for _ in $(seq 1 120); do grep -q "Press Ctrl-C" "$work/serve.log" && break; sleep 0.5; done
grep -q "Press Ctrl-C" "$work/serve.log" || { cat "$work/serve.log" >&2; echo "serve-rss: server did not start" >&2; exit 1; }
key="$(sed -n 's/.*kiosk key: \([^ ]*\).*/\1/p' "$work/serve.log")"
kib() { awk -v k="$1" '$1==k":" {print $2}' "/proc/$pid/status"; }
sleep 10
idle_rss=$(kib VmRSS); idle_hwm=$(kib VmHWM)
find "$lfw" -name '*.jpg' | sort | awk 'NR % 20 == 1 && n++ < 200' > "$work/photos.txt"
start=$(date +%s.%N)
for i in $(seq 1 "$requests"); do sed -n "$(( (i - 1) % 200 + 1 ))p" "$work/photos.txt"; done \
  | xargs -P "$clients" -I{} curl -s -o /dev/null -w '%{http_code}\n' -H "Authorization: Bearer $key" \
      -F "image=@{};type=image/jpeg" "http://127.0.0.1:$port/api/v1/identify" > "$work/codes.txt"
end=$(date +%s.%N)
load_rss=$(kib VmRSS); load_hwm=$(kib VmHWM)
ok=$(grep -c '^200$' "$work/codes.txt" || true)
printf 'likeness serve (%s), %s cores, java opts: %s\n' "$(grep -o 'model [^,]*' "$work/serve.log" | head -1)" "$(nproc)" "${LIKENESS_JAVA_OPTS:-none}"
printf '| state | RSS MiB | peak RSS (VmHWM) MiB |\n|---|---|---|\n'
printf '| idle, 10 s after start | %.0f | %.0f |\n' "$(echo "$idle_rss/1024" | bc -l)" "$(echo "$idle_hwm/1024" | bc -l)"
printf '| after %d identify requests from %d clients (%d OK, %.1f req/s) | %.0f | %.0f |\n' "$requests" "$clients" "$ok" \
  "$(echo "$requests/($end-$start)" | bc -l)" "$(echo "$load_rss/1024" | bc -l)" "$(echo "$load_hwm/1024" | bc -l)"
