package store

import (
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/jackc/pgx/v5"
)

// The drivers.
const (
	DriverSQLite   = "sqlite"   // embedded, a file in the data directory (the default)
	DriverPostgres = "postgres" // a server shared by several instances
)

// DBFile is the SQLite database's file name in the data directory.
const DBFile = "docverify.db"

// Config says which database holds the audit log and the keys.
type Config struct {
	Driver      string        // "sqlite" (default) or "postgres"
	DataDir     string        // sqlite: the directory holding DBFile (and audit.key); made 0700 if missing
	Path        string        // sqlite: the database file, instead of DataDir/docverify.db
	DSN         string        // postgres: e.g. postgres://docverify@db:5432/docverify?sslmode=verify-full
	BusyTimeout time.Duration // sqlite: how long a writer waits for another process's lock; 0 means 5s
	MaxConns    int           // open connections at most (sqlite: readers; the writer is one); 0 means 8
	SecretHex   string        // the document-hash key, 64 hex digits; required with postgres, where every instance must hash alike
	Log         *slog.Logger  // migration notices; nil means slog.Default()
}

// DefaultConfig returns the defaults: SQLite in ./data.
func DefaultConfig() Config {
	return Config{Driver: DriverSQLite, DataDir: "data", BusyTimeout: 5 * time.Second, MaxConns: 8}
}

// withDefaults fills the zero fields that have a default.
func (c Config) withDefaults() Config {
	d := DefaultConfig()
	if c.Driver == "" {
		c.Driver = d.Driver
	}
	if c.BusyTimeout == 0 {
		c.BusyTimeout = d.BusyTimeout
	}
	if c.MaxConns == 0 {
		c.MaxConns = d.MaxConns
	}
	return c
}

// Validate reports every problem with the configuration at once, joined. An empty Driver
// means sqlite.
func (c Config) Validate() error {
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf("store: "+format, a...)) }
	switch c.Driver {
	case "", DriverSQLite:
		if c.Path == "" && c.DataDir == "" {
			bad("sqlite needs a data directory or a database path")
		}
		if c.DSN != "" {
			bad("a DSN is for postgres, but the driver is sqlite")
		}
	case DriverPostgres:
		if c.DSN == "" {
			bad("postgres needs a DSN (postgres://user@host:5432/db)")
		} else if _, err := pgx.ParseConfig(c.DSN); err != nil {
			bad("postgres DSN: %v", err) // pgx masks the password in its errors
		}
		if c.Path != "" {
			bad("a database path is for sqlite, but the driver is postgres")
		}
	default:
		bad("driver %q: want %q or %q", c.Driver, DriverSQLite, DriverPostgres)
	}
	if c.BusyTimeout < 0 {
		bad("busy timeout %v is negative", c.BusyTimeout)
	}
	if c.MaxConns < 0 {
		bad("max connections %d is negative", c.MaxConns)
	}
	if c.SecretHex != "" {
		if _, err := ParseSecret(c.SecretHex); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// sqlitePath is the SQLite database file.
func (c Config) sqlitePath() string {
	if c.Path != "" {
		return c.Path
	}
	return filepath.Join(c.DataDir, DBFile)
}

// Secret returns the key for DocHash: SecretHex when set, otherwise, with sqlite, the one kept
// in the data directory (made on first use). With postgres SecretHex is required, since a
// secret per instance would make the instances hash the same document differently.
func (c Config) Secret() ([]byte, error) {
	if c.SecretHex != "" {
		return ParseSecret(c.SecretHex)
	}
	if c.Driver == DriverPostgres {
		return nil, errors.New("store: postgres needs a shared audit secret (64 hex digits) so that every instance hashes document numbers alike")
	}
	dir := c.DataDir
	if dir == "" {
		dir = filepath.Dir(c.Path)
	}
	return LoadOrCreateSecret(dir)
}
