# store/store.mk: targets for the store package (the audit log and the API keys). The main
# Makefile includes it anywhere (`include store/store.mk`); it leaves the default goal alone.
#
# The store's tests run the same suite against SQLite and PostgreSQL. For PostgreSQL they start
# a throwaway server of their own from Debian's binaries (in a temporary directory, on a free
# port of 127.0.0.1, stopped at the end; not the system service), or use the server named by
# DOCVERIFY_TEST_PG_DSN. Without either, the PostgreSQL cases skip with a message.
#
#   make pg-test-deps   install PostgreSQL's binaries if missing (quick when present)
#   make test-store     the store's tests, both drivers
#   make bench-store    Record's latency on both drivers

_store_default_goal := $(.DEFAULT_GOAL)

GO   ?= go
SUDO ?= $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Debian 12's postgresql gives PostgreSQL 15 in /usr/lib/postgresql/15/bin.
PG_TEST_PACKAGES := postgresql

.PHONY: pg-test-deps test-store bench-store

pg-test-deps:
	@missing=$$(for p in $(PG_TEST_PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed$$' || echo $$p; \
	done); \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:" $$missing; \
		$(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# `make test` runs the store's tests too: give it PostgreSQL.
test: pg-test-deps

# -p 1: one package at a time, leaving a core for whatever else runs.
test-store: pg-test-deps
	$(GO) test -count=1 -p 1 ./store/...

bench-store: pg-test-deps
	$(GO) test -count=1 -p 1 -run '^$$' -bench Record -benchmem ./store/

.DEFAULT_GOAL := $(_store_default_goal)
