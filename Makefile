# docverify: travel-document forgery detection.
# `make run` and `make test` set up everything they need on a fresh Debian 12 machine.

SHELL := /bin/bash
GO    ?= go
BIN   := bin/docverify

# Tesseract is 6x slower with OpenMP threads; the variable must be in the process
# environment before the library loads, so every target that runs Go code exports it.
export OMP_THREAD_LIMIT := 1

# Debian packages the project needs. `make deps` installs only those that are missing.
DEB_PACKAGES := libopencv-dev libtesseract-dev libleptonica-dev tesseract-ocr tesseract-ocr-eng \
	fonts-ocr-b fonts-dejavu-core pkg-config gcc

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps build run test test-short bench fuzz vet fmt clean

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
