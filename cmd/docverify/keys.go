package main

// docverify keys: the API keys of the service.
//
// What it does: creates a key (printed once: the store keeps only its SHA-256), lists the keys
// and revokes one. A service whose store holds any key (revoked ones included) requires a key
// on every API request.
//
// How to run:
//
//	docverify keys create --name kiosk-7 --role kiosk   # prints the key once
//	docverify keys list
//	docverify keys revoke k_abcd1234
//
// --data, --store and --dsn (or DOCVERIFY_DATA, DOCVERIFY_STORE, DOCVERIFY_DSN) name the store
// as for docverify serve.

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"text/tabwriter"
	"time"

	"github.com/docverify/docverify/server"
	"github.com/docverify/docverify/store"
)

const keysUsage = `usage:
  docverify keys create --name NAME --role kiosk|officer|trainer [--data DIR]
  docverify keys list [--json] [--data DIR]
  docverify keys revoke [--data DIR] ID
(--store postgres --dsn DSN for a PostgreSQL store; every flag also from DOCVERIFY_<FLAG>)
`

// runKeys dispatches the keys subcommands.
func runKeys(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, keysUsage)
		return exitUnusable
	}
	fs := flag.NewFlagSet("keys "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, keysUsage); fs.PrintDefaults() }
	cfg := store.DefaultConfig()
	cfg.Log = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	fs.StringVar(&cfg.DataDir, "data", server.DefaultConfig().DataDir, "data directory of the service")
	fs.StringVar(&cfg.Driver, "store", cfg.Driver, "sqlite or postgres")
	fs.StringVar(&cfg.DSN, "dsn", "", "postgres: the DSN (prefer DOCVERIFY_DSN)")
	name := fs.String("name", "", "create: the key's name, e.g. kiosk-7")
	role := fs.String("role", "", "create: kiosk, officer or trainer")
	asJSON := fs.Bool("json", false, "list: JSON lines")
	if err := fs.Parse(args[1:]); err != nil {
		return exitUnusable
	}
	if err := server.ApplyEnv(fs, os.LookupEnv); err != nil {
		fmt.Fprintln(stderr, "docverify keys:", err)
		return exitUnusable
	}
	cmd := args[0]
	switch {
	case cmd == "create" && (*name == "" || *role == "" || fs.NArg() > 0),
		cmd == "list" && fs.NArg() > 0,
		cmd == "revoke" && fs.NArg() != 1:
		fs.Usage()
		return exitUnusable
	case cmd != "create" && cmd != "list" && cmd != "revoke":
		fmt.Fprintf(stderr, "docverify keys: unknown subcommand %q\n%s", cmd, keysUsage)
		return exitUnusable
	}
	if err := cfg.Validate(); err != nil {
		fmt.Fprintln(stderr, "docverify keys:", err)
		return exitUnusable
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if cfg.Driver == store.DriverSQLite {
		if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
			fmt.Fprintln(stderr, "docverify keys:", err)
			return exitUnusable
		}
	}
	s, err := store.Open(ctx, cfg)
	if err != nil {
		fmt.Fprintln(stderr, "docverify keys:", err)
		return exitUnusable
	}
	defer s.Close()

	switch cmd {
	case "create":
		plain, k, err := store.NewKey(*name, store.Role(*role))
		if err == nil {
			err = s.CreateKey(ctx, k)
		}
		if err != nil {
			fmt.Fprintln(stderr, "docverify keys:", err)
			return exitUnusable
		}
		fmt.Fprintf(stderr, "created key %s %q (%s); it is shown this once, keep it secret:\n", k.ID, k.Name, k.Role)
		fmt.Fprintln(stdout, plain)
	case "list":
		ks, err := s.Keys(ctx)
		if err != nil {
			fmt.Fprintln(stderr, "docverify keys:", err)
			return exitUnusable
		}
		if *asJSON {
			enc := json.NewEncoder(stdout)
			for _, k := range ks {
				enc.Encode(k)
			}
			return exitOK
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tNAME\tROLE\tCREATED\tREVOKED")
		for _, k := range ks {
			revoked := "-"
			if k.RevokedAt != nil {
				revoked = k.RevokedAt.UTC().Format(time.RFC3339)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", k.ID, k.Name, k.Role, k.Created.UTC().Format(time.RFC3339), revoked)
		}
		tw.Flush()
	case "revoke":
		err := s.RevokeKey(ctx, fs.Arg(0), time.Now())
		if errors.Is(err, store.ErrNotFound) {
			fmt.Fprintf(stderr, "docverify keys: no key %s\n", fs.Arg(0))
			return exitInvalid
		}
		if err != nil {
			fmt.Fprintln(stderr, "docverify keys:", err)
			return exitUnusable
		}
		fmt.Fprintf(stderr, "revoked key %s\n", fs.Arg(0))
	}
	return exitOK
}
