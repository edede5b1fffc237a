# docverify: travel-document forgery detection.
# `make run` and `make test` set up everything they need on a fresh Debian 12 machine.

SHELL := /bin/bash
export PATH := /usr/local/go/bin:$(HOME)/go/bin:$(PATH)
GO    ?= go
BIN   := bin/docverify

# Tesseract is about 6x slower with OpenMP threads, and reads the limit when the library
# loads: every target that runs Go code exports it (the binary also re-executes itself with it).
export OMP_THREAD_LIMIT := 1

# x86-64 code for CPUs with POPCNT and SSE4.2 (every x86-64 server CPU since 2009): the
# descriptor matcher's Hamming distances (detect/hamming.go) take 40% less time than with the
# baseline's portable popcount. Ignored on other architectures.
export GOAMD64 ?= v2

# Debian packages the project needs; `make deps` installs only those that are missing.
DEB_PACKAGES := gcc pkg-config libopencv-dev libtesseract-dev libleptonica-dev tesseract-ocr \
	tesseract-ocr-eng fonts-ocr-b fonts-dejavu-core

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)


.PHONY: all deps test-deps build run test vet fmt-check bench bench-go fuzz clean fonts demo specimens

include store/store.mk
include bench/bench.mk
include ocr/training/ocr-model.mk

all: build

deps:
	@missing=$$(for p in $(DEB_PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed$$' || echo $$p; \
	done); \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:" $$missing; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

build: deps
	$(GO) build -o $(BIN) ./cmd/docverify

# The main job on embedded defaults: the service on 127.0.0.1:8080 (the officers' page at /, the
# kiosk API under /v1), without API keys, so on the loopback address only. Ctrl-C stops it.
run: build
	$(BIN) version
	@echo "docverify: open http://127.0.0.1:8080/ (Ctrl-C to stop)"
	$(BIN) serve --addr 127.0.0.1:8080 --data ./data

# What only the tests need: a real browser for the officers' page (PostgreSQL comes from
# store/store.mk).
TEST_PACKAGES := chromium

test-deps:
	@missing=$$(for p in $(TEST_PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed$$' || echo $$p; \
	done); \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:" $$missing; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

test: deps test-deps fmt-check vet
	$(GO) test -count=1 ./...
	# gocv counts open Mats only when built with the matprofile tag: none may be left open.
	$(GO) test -count=1 -tags matprofile -run 'NoMatLeft' ./detect/engine ./detect

vet:
	$(GO) vet ./...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:" $$out; exit 1; fi

# The trainers' benchmark on a generated set (bench/bench.mk): metrics.json, samples.csv and
# report.html in out/bench. `make bench-go` runs the Go benchmarks of every stage.
bench: bench-report

bench-go: deps
	$(GO) test -run '^$$' -bench . -benchmem ./...

# Short fuzzing runs of every fuzz target; crashers land in testdata/fuzz and are committed.
fuzz: deps
	$(GO) test -run '^$$' -fuzz FuzzParse -fuzztime 30s ./mrz
	$(GO) test -run '^$$' -fuzz FuzzRepair -fuzztime 30s ./mrz

clean:
	rm -rf bin

# Convert Debian's OCR-B to TrueType outlines (golang.org/x/image draws some of its CFF glyphs
# blank). The result is committed; this only reproduces it.
fonts:
	@dpkg-query -W -f='$${Status}\n' python3-fonttools 2>/dev/null | grep -q '^install ok installed$$' || \
		(DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends python3-fonttools fonts-ocr-b)
	/usr/bin/python3 tools/otf2ttf.py /usr/share/fonts/opentype/ocr-b/OCRB.otf templates/fonts/OCRB.ttf

# The demo set in samples/demo (a genuine sample of every specimen and capture, one of each
# attack) and the README's contact sheet. Same seed, same bytes: a test checks it.
DEMO_SEED := 20261126
demo: build
	rm -rf samples/demo
	$(BIN) samples generate --demo --out samples/demo --seed $(DEMO_SEED)
	$(BIN) samples sheet --samples samples/demo --out docs/contact-sheet.png

# Reference images of the fictional specimens, drawn from their spec.json.
specimens: build
	$(BIN) specimen render --dir templates/specimens
