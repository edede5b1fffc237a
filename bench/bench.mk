# The trainers' benchmark (docverify bench). Included by the Makefile.
#
#   make bench-report                    generate BENCH_N samples with BENCH_SEED and benchmark them
#   make bench-report BENCH_N=50 BENCH_WORKERS=1
#   make bench-report BENCH_FLAGS='--mrz-tessdata DIR --mrz-lang NAME'   with another MRZ model
#   make bench-report BENCH_COMPARE=out/bench-old/metrics.json            mark the changes since a run
#
# The results land in BENCH_OUT: metrics.json, samples.csv, report.html, report.png, summary.md
# (bench/METRICS.md). The seed is the benchmark's own: calibrate the risk model on another one.

BENCH_N       ?= 200
BENCH_SEED    ?= 3003
BENCH_WORKERS ?= 2
BENCH_OUT     ?= out/bench
BENCH_COMPARE ?=
BENCH_FLAGS   ?=

.PHONY: bench-report

bench-report: build
	$(BIN) bench --generate $(BENCH_N) --seed $(BENCH_SEED) --workers $(BENCH_WORKERS) --out $(BENCH_OUT) \
		$(if $(BENCH_COMPARE),--compare $(BENCH_COMPARE)) $(BENCH_FLAGS)
