#!/usr/bin/env bash
# loadtest.sh: measures docverify serve against the targets of issue 6 (section 6).
#
# What it does: builds the binary, starts the service on 127.0.0.1 with 2 workers and a fresh
# data directory, waits for /readyz, and drives POST /v1/verify with `hey` (Debian package hey)
# using a demo sample (a kiosk capture with its IR and UV images, as JSON):
#   1. single-check latency: sequential requests, one at a time;
#   2. throughput with the workers always busy (concurrency = workers + queue, no 429), against
#      workers ÷ single-check latency (target ≥ 90%);
#   3. a steady load the workers can carry (STEADY_SHARE of the measured throughput) for
#      STEADY seconds: p50 and p99 (target p99 ≤ 3 × p50), and the RSS before and after
#      (target: flat);
#   4. overload (OVERLOAD_C concurrent clients): only 200 and 429, never a 5xx.
# Each phase also prints the service's CPU seconds per check and the cores it got on average:
# on a shared machine a service that gets fewer cores than it has workers cannot meet the
# throughput target, whatever it does; an unchanged CPU time per check between phases shows
# that the service itself does not serialise the workers.
#
# How to run (from the repository root; needs hey: apt-get install hey):
#   tools/loadtest.sh                 # 60 s of steady load
#   STEADY=300 tools/loadtest.sh      # the 5-minute run
# Settings: PORT (18080), WORKERS (2), QUEUE (2 × WORKERS), SAMPLE (s000001), SINGLE (20
# requests), THROUGHPUT (30 s), STEADY (60 s), STEADY_SHARE (0.7), OVERLOAD (20 s), OVERLOAD_C (32).
set -euo pipefail

PORT=${PORT:-18080}
WORKERS=${WORKERS:-2}
QUEUE=${QUEUE:-$((2 * WORKERS))}
SAMPLE=${SAMPLE:-s000001}
SINGLE=${SINGLE:-20}
THROUGHPUT=${THROUGHPUT:-30}
STEADY=${STEADY:-60}
STEADY_SHARE=${STEADY_SHARE:-0.7}
OVERLOAD=${OVERLOAD:-20}
OVERLOAD_C=${OVERLOAD_C:-32}
export OMP_THREAD_LIMIT=1

command -v hey >/dev/null || { echo "loadtest: needs hey (apt-get install hey)" >&2; exit 2; }
cd "$(dirname "$0")/.."
work=$(mktemp -d /tmp/docverify-loadtest.XXXXXX)
bin=$work/docverify
go build -o "$bin" ./cmd/docverify

engine_flags=() # e.g. (--mrz-tessdata DIR --mrz-lang NAME) to load-test another MRZ model

# The request body: the sample's images as base64 JSON.
python3 - "$SAMPLE" "$work/body.json" <<'EOF'
import base64, json, sys
sid, out = sys.argv[1], sys.argv[2]
for line in open("samples/demo/manifest.jsonl"):
    s = json.loads(line)
    if s["id"] == sid:
        break
else:
    sys.exit(f"no sample {sid}")
b64 = lambda f: base64.b64encode(open("samples/demo/" + f, "rb").read()).decode() if f else None
json.dump({"image": b64(s["file"]), "ir": b64(s["ir"]), "uv": b64(s["uv"])}, open(out, "w"))
print(f"sample {sid}: {s['specimen']}, {s['capture']}, {s['label']}", file=sys.stderr)
EOF

"$bin" serve --addr "127.0.0.1:$PORT" --data "$work/data" --workers "$WORKERS" --queue "$QUEUE" \
	--rate 0 --timeout 30s "${engine_flags[@]}" >"$work/serve.out" 2>"$work/serve.log" &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null; echo "logs: $work/serve.log"' EXIT
base=http://127.0.0.1:$PORT
for _ in $(seq 1 120); do
	curl -fsS "$base/readyz" >/dev/null 2>&1 && break
	sleep 0.5
done
curl -fsS "$base/readyz" >/dev/null || { cat "$work/serve.log" >&2; exit 1; }

rss() { awk '/^VmRSS/ {printf "%.1f MiB", $2/1024}' "/proc/$pid/status"; }
# cpu: CPU seconds the service has used (user + system).
cpu() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$pid/stat"; }
# run NAME HEY-FLAGS...: POST the body with hey, keep its per-request CSV, the wall time and
# the service's CPU time.
run() {
	local name=$1
	shift
	local t0 t1 c0 c1
	c0=$(cpu)
	t0=$(date +%s.%N)
	hey -m POST -T application/json -D "$work/body.json" -t 60 -o csv "$@" "$base/v1/verify" >"$work/$name.csv"
	t1=$(date +%s.%N)
	c1=$(cpu)
	echo "$t0 $t1 $c0 $c1" >"$work/$name.wall"
}
# stats NAME: requests, status codes, throughput (200 answers a second between the first and
# the last completion, so that the ramp-up does not count), latency percentiles (nearest rank)
# of the 200 answers, the service's CPU seconds per check and the cores it got on average (the
# machine may be shared: fewer cores than workers means the figures measure the neighbours too).
stats() {
	python3 - "$work/$1" <<'PY'
import csv, math, sys
base = sys.argv[1]
rows = list(csv.DictReader(open(base + ".csv")))
t0, t1, c0, c1 = map(float, open(base + ".wall").read().split())
codes = {}
for r in rows:
    codes[r["status-code"]] = codes.get(r["status-code"], 0) + 1
ok = sorted(float(r["response-time"]) for r in rows if r["status-code"] == "200")
done = sorted(float(r["offset"]) + float(r["response-time"]) for r in rows if r["status-code"] == "200")
rate = (len(done) - 1) / (done[-1] - done[0]) if len(done) > 2 else len(ok) / (t1 - t0)
def pct(p):
    return ok[max(0, math.ceil(p / 100 * len(ok)) - 1)] if ok else float("nan")
mean = sum(ok) / len(ok) if ok else float("nan")
print(f"n={len(rows)} codes={' '.join(f'{k}x{v}' for k, v in sorted(codes.items()))} "
      f"throughput={rate:.3f}/s mean={mean:.3f}s p50={pct(50):.3f}s p90={pct(90):.3f}s p99={pct(99):.3f}s max={ok[-1] if ok else float('nan'):.3f}s "
      f"cpu/check={(c1 - c0) / max(1, len(ok)):.3f}s cores_used={(c1 - c0) / (t1 - t0):.2f}")
PY
}
get() { sed -n "s/.* $1=\([^ s/]*\).*/\1/p"; }

echo "machine: $(getconf _NPROCESSORS_ONLN) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)$(pgrep -x lstmtraining >/dev/null && echo ', lstmtraining running')"
echo "== warm-up (3 requests)"
run warmup -n 3 -c 1
echo "RSS after start and warm-up: $(rss)"

echo "== 1. single-check latency: $SINGLE sequential requests"
run single -n "$SINGLE" -c 1
out=$(stats single)
echo "$out"
lat=$(echo "$out" | get mean)

conc=$((WORKERS + QUEUE))
echo "== 2. throughput: ${THROUGHPUT}s, $conc clients (workers + queue: every check waits in the queue, none is refused)"
run throughput -z "${THROUGHPUT}s" -c "$conc"
out=$(stats throughput)
echo "$out"
rps=$(echo "$out" | get throughput)
ideal=$(awk -v w="$WORKERS" -v l="$lat" 'BEGIN {printf "%.3f", w / l}')
echo "workers ÷ single-check latency = $ideal/s; throughput / that = $(awk -v a="$rps" -v b="$ideal" 'BEGIN {printf "%.0f%%", 100 * a / b}') (target ≥ 90%)"

clients=$WORKERS
qps=$(awk -v r="$rps" -v s="$STEADY_SHARE" -v c="$clients" 'BEGIN {printf "%.3f", r * s / c}')
echo "== 3. steady load: ${STEADY}s at $(awk -v q="$qps" -v c="$clients" 'BEGIN {printf "%.2f", q * c}')/s ($STEADY_SHARE of the throughput, $clients clients)"
rss0=$(rss)
(while sleep 15; do echo "$(rss) $(curl -fsS "$base/metrics" | awk '/^go_memstats_heap_inuse_bytes/ {printf "%.0f", $2/1048576}')"; done) >"$work/rss.txt" &
sampler=$!
run steady -z "${STEADY}s" -c "$clients" -q "$qps"
kill $sampler
out=$(stats steady)
echo "$out"
echo "RSS every 15 s (MiB): $(awk '{printf "%s ", $1}' "$work/rss.txt")"
echo "Go heap in use every 15 s (MiB): $(awk '{printf "%s ", $3}' "$work/rss.txt")"
echo "p99 / p50 = $(awk -v a="$(echo "$out" | get p99)" -v b="$(echo "$out" | get p50)" 'BEGIN {printf "%.2f", a / b}') (target ≤ 3)"
echo "RSS before the steady run: $rss0, after: $(rss)"

echo "== 4. overload: ${OVERLOAD}s, $OVERLOAD_C clients"
run overload -z "${OVERLOAD}s" -c "$OVERLOAD_C"
stats overload
fivexx=$(curl -fsS "$base/metrics" | awk '/^docverify_http_requests_total/ && /route="\/v1\/verify"/ && /status="5/ {s += $NF} END {print s + 0}')
echo "5xx answers to /v1/verify counted by the service: $fivexx (want 0); queue depth now $(curl -fsS "$base/metrics" | awk '/^docverify_queue_depth/ {print $2}')"
echo "RSS at the end: $(rss)"
echo "per-request CSVs: $work/*.csv"
