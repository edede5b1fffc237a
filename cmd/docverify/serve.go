package main

// docverify serve: the HTTP service — the kiosk API, the officers' web page, the audit log.
//
// What it does: listens (127.0.0.1:8080 by default), builds the detection engine in the
// background (/readyz says 503 until its OCR pools are warm), checks documents with a fixed
// number of workers and a bounded queue, records every verification in the audit store
// (SQLite in the data directory, or PostgreSQL), and stops gracefully on SIGINT or SIGTERM:
// it stops accepting, finishes the running requests, flushes the audit spool and closes the
// engine.
//
// How to run:
//
//	docverify serve                                  # http://127.0.0.1:8080, no keys, ./data
//	docverify keys create --name desk-1 --role officer
//	docverify serve --addr :8080 --workers 2 --queue 4 --timeout 10s --rate 5/s --burst 10
//	DOCVERIFY_DSN=postgres://docverify@db/docverify DOCVERIFY_AUDIT_SECRET=… docverify serve --store postgres --require-keys
//	docverify serve --healthcheck --addr :8080       # exit 0 when the service there is ready (Docker HEALTHCHECK)
//
// Every flag can also be given as a DOCVERIFY_* environment variable (--require-keys is
// DOCVERIFY_REQUIRE_KEYS); a flag on the command line wins.

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/docverify/docverify/detect/engine"
	"github.com/docverify/docverify/server"
)

// runServe runs the service until SIGINT or SIGTERM.
func runServe(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg := server.DefaultConfig()
	cfg.RegisterFlags(fs)
	var ef engineFlags
	ef.register(fs)
	probe := fs.Bool("healthcheck", false, "ask the service running on --addr whether it is ready: exit 0 if so, 1 if not (for container health checks)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: docverify serve [--addr 127.0.0.1:8080] [--data DIR] [--workers N] [--queue N] [--timeout 10s]\n"+
			"                       [--rate 5/s] [--burst 10] [--require-keys] [--store sqlite|postgres] [--dsn DSN] [--retention 365d]\n"+
			"every flag also from DOCVERIFY_<FLAG> (e.g. DOCVERIFY_ADDR, DOCVERIFY_DATA, DOCVERIFY_DSN)")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return exitUnusable
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return exitUnusable
	}
	if err := server.ApplyEnv(fs, os.LookupEnv); err != nil {
		fmt.Fprintln(stderr, "docverify serve:", err)
		return exitUnusable
	}
	if *probe {
		return healthcheck(cfg.Addr, stderr)
	}
	cfg.Workers = ef.workers
	cfg.Engine = engine.Config{Specimens: ef.specimens, MRZTessdata: ef.mrzTessdata, MRZLanguage: ef.mrzLang, Calibration: ef.calibration}
	if err := cfg.Validate(); err != nil {
		fmt.Fprintf(stderr, "docverify serve: the configuration has problems:\n%v\n", err)
		return exitUnusable
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	log := slog.New(slog.NewJSONHandler(stderr, nil))
	slog.SetDefault(log) // libraries that log to the default logger log JSON too
	srv, err := server.New(ctx, cfg, server.WithLogger(log))
	if err != nil {
		fmt.Fprintln(stderr, "docverify serve:", err)
		return exitUnusable
	}
	ln, err := srv.Listen(ctx)
	if err != nil {
		srv.Close()
		fmt.Fprintln(stderr, "docverify serve:", err)
		return exitUnusable
	}
	fmt.Fprintf(stdout, "docverify listening on http://%s\n", ln.Addr())
	if err := srv.Serve(ctx, ln); err != nil {
		fmt.Fprintln(stderr, "docverify serve:", err)
		return exitInvalid
	}
	return exitOK
}

// healthcheck asks the service listening on addr for /readyz. A wildcard host (":8080",
// "0.0.0.0:8080") is asked on loopback.
func healthcheck(addr string, stderr io.Writer) int {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		fmt.Fprintln(stderr, "docverify serve --healthcheck:", err)
		return exitUnusable
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
	}
	client := &http.Client{Timeout: 5 * time.Second}
	resp, err := client.Get("http://" + net.JoinHostPort(host, port) + "/readyz")
	if err != nil {
		fmt.Fprintln(stderr, "docverify serve --healthcheck:", err)
		return exitInvalid
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		fmt.Fprintln(stderr, "docverify serve --healthcheck: not ready:", resp.Status)
		return exitInvalid
	}
	return exitOK
}
