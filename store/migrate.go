package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"path"
	"sort"
	"strconv"
	"strings"
)

// The schema, one directory per driver. A migration is NNNN_name.sql; it is applied once, in
// order, and never edited after release: a change is a new file.
//
//go:embed migrations
var migrationsFS embed.FS

// migrateLockKey is the PostgreSQL advisory lock that serialises migrations between instances.
const migrateLockKey = 0x646f6376 // "docv"

// migration is one schema step.
type migration struct {
	version int
	name    string
	sql     string
}

// migrations returns a driver's migrations in order.
func migrations(driver string) ([]migration, error) {
	dir := path.Join("migrations", driver)
	entries, err := fs.ReadDir(migrationsFS, dir)
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 || !strings.HasSuffix(e.Name(), ".sql") {
			return nil, fmt.Errorf("store: migration %s: want NNNN_name.sql", e.Name())
		}
		b, err := fs.ReadFile(migrationsFS, path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: e.Name(), sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i := 1; i < len(ms); i++ {
		if ms[i].version == ms[i-1].version {
			return nil, fmt.Errorf("store: migrations %s and %s share a version", ms[i-1].name, ms[i].name)
		}
	}
	return ms, nil
}

// migrate applies the pending migrations in one transaction, recording each in
// schema_migrations. It is safe to run from several processes at once: SQLite transactions
// here begin IMMEDIATE (one writer at a time), and PostgreSQL takes an advisory lock that the
// transaction's end releases. A second process waits, then finds nothing left to do.
func migrate(ctx context.Context, db *sql.DB, d *dialect, log *slog.Logger) error {
	ms, err := migrations(d.name)
	if err != nil {
		return err
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	defer tx.Rollback()
	if d.name == DriverPostgres {
		if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", migrateLockKey); err != nil {
			return fmt.Errorf("store: migrate: lock: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY,
		name TEXT NOT NULL,
		applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	applied := map[int]bool{}
	latest := 0
	rows, err := tx.QueryContext(ctx, "SELECT version FROM schema_migrations")
	if err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			rows.Close()
			return fmt.Errorf("store: migrate: %w", err)
		}
		applied[v] = true
		latest = max(latest, v)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	if known := ms[len(ms)-1].version; latest > known {
		// A newer release migrated this database. Migrations only add, so carry on.
		log.Warn("store: the database schema is newer than this program", "schema", latest, "known", known)
	}
	var done []string
	for _, m := range ms {
		if applied[m.version] {
			continue
		}
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			return fmt.Errorf("store: migration %s: %w", m.name, err)
		}
		if _, err := tx.ExecContext(ctx, d.rebind("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)"),
			m.version, m.name, nowUTC().Format("2006-01-02T15:04:05.000000Z")); err != nil {
			return fmt.Errorf("store: migration %s: %w", m.name, err)
		}
		done = append(done, m.name)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	if len(done) > 0 {
		log.Info("store: migrated", "driver", d.name, "applied", done)
	}
	return nil
}
