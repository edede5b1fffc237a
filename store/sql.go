package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	"modernc.org/sqlite"               // registers "sqlite"
)

// MaxRecent caps the number of verifications Recent returns.
const MaxRecent = 1000

// dialect holds what differs between the drivers; the queries are otherwise the same.
type dialect struct {
	name    string
	rebind  func(string) string // turns ? placeholders into the driver's
	timeArg func(time.Time) any // encodes a time as the driver stores it
}

var (
	sqliteDialect = &dialect{
		name:    DriverSQLite,
		rebind:  func(q string) string { return q },
		timeArg: func(t time.Time) any { return t.UnixMicro() },
	}
	postgresDialect = &dialect{
		name:    DriverPostgres,
		rebind:  dollarPlaceholders,
		timeArg: func(t time.Time) any { return t.UTC() },
	}
)

// dollarPlaceholders rewrites ?, ?, ... as $1, $2, ... (the queries here hold no literal ?).
func dollarPlaceholders(q string) string {
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// db is the Store on database/sql, for both drivers.
type db struct {
	w, r *sql.DB // writes and reads; the same pool with postgres
	d    *dialect
	q    queries
}

// Open connects to the configured database and brings its schema up to date.
func Open(ctx context.Context, cfg Config) (Store, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	log := cfg.Log
	if log == nil {
		log = slog.Default()
	}
	var s *db
	var err error
	if cfg.Driver == DriverPostgres {
		s, err = openPostgres(cfg)
	} else {
		s, err = openSQLite(cfg)
	}
	if err != nil {
		return nil, err
	}
	if err := s.pingUntilFree(ctx, cfg.BusyTimeout); err != nil {
		s.Close()
		return nil, err
	}
	if err := migrate(ctx, s.w, s.d, log); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// openSQLite opens the file with one writing connection (writers queue in Go rather than spin
// on SQLite's lock) and a pool of read-only ones, in WAL mode so that readers never wait.
// synchronous=FULL: a recorded verification survives a power cut.
func openSQLite(cfg Config) (*db, error) {
	path := cfg.sqlitePath()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	// Make the file private before SQLite creates it (its -wal and -shm files take its mode).
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	f.Close()
	q := url.Values{}
	q.Set("_busy_timeout", strconv.FormatInt(cfg.BusyTimeout.Milliseconds(), 10))
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", "FULL")
	q.Set("_txlock", "immediate")
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?"
	w, err := sql.Open("sqlite", dsn+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	q.Set("_query_only", "1")
	r, err := sql.Open("sqlite", dsn+q.Encode())
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("store: %w", err)
	}
	r.SetMaxOpenConns(cfg.MaxConns)
	r.SetMaxIdleConns(cfg.MaxConns)
	return newDB(w, r, sqliteDialect), nil
}

// openPostgres opens a pool through pgx.
func openPostgres(cfg Config) (*db, error) {
	p, err := sql.Open("pgx", cfg.DSN)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	p.SetMaxOpenConns(cfg.MaxConns)
	p.SetMaxIdleConns(cfg.MaxConns)
	p.SetConnMaxIdleTime(5 * time.Minute)
	return newDB(p, p, postgresDialect), nil
}

// queries are the statements, with the driver's placeholders.
type queries struct {
	record, get, recent, recentByKey, seen, purge    string
	createKey, keys, keyByHash, revokeKey, keyExists string
}

const (
	verificationCols = "id, time, request_id, key_id, role, specimen, verdict, risk_score, checks, doc_hash, timings_ms"
	keyCols          = "id, name, role, hash, created, revoked_at"
)

func newDB(w, r *sql.DB, d *dialect) *db {
	return &db{w: w, r: r, d: d, q: queries{
		record: d.rebind("INSERT INTO verifications (" + verificationCols + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) " +
			"ON CONFLICT (id) DO NOTHING"),
		get:         d.rebind("SELECT " + verificationCols + " FROM verifications WHERE id = ?"),
		recent:      d.rebind("SELECT " + verificationCols + " FROM verifications ORDER BY time DESC, id DESC LIMIT ?"),
		recentByKey: d.rebind("SELECT " + verificationCols + " FROM verifications WHERE key_id = ? ORDER BY time DESC, id DESC LIMIT ?"),
		seen:        d.rebind("SELECT count(*) FROM verifications WHERE doc_hash = ? AND doc_hash <> '' AND time < ?"),
		purge:       d.rebind("DELETE FROM verifications WHERE time < ?"),
		createKey: d.rebind("INSERT INTO api_keys (" + keyCols + ") VALUES (?, ?, ?, ?, ?, ?) " +
			"ON CONFLICT DO NOTHING"),
		keys:      "SELECT " + keyCols + " FROM api_keys ORDER BY created, id",
		keyByHash: d.rebind("SELECT " + keyCols + " FROM api_keys WHERE hash = ? AND revoked_at IS NULL"),
		revokeKey: d.rebind("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL"),
		keyExists: d.rebind("SELECT count(*) FROM api_keys WHERE id = ?"),
	}}
}

// nowUTC is the current time as stored: UTC, to the microsecond (PostgreSQL's precision).
func nowUTC() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// validate checks a verification before it is stored.
func (v Verification) validate() error {
	switch {
	case v.ID == "" || len(v.ID) > 128:
		return fmt.Errorf("%w: verification id must have 1 to 128 characters", ErrInvalid)
	case v.Time.IsZero():
		return fmt.Errorf("%w: verification %s has no time", ErrInvalid, v.ID)
	case v.Verdict == "":
		return fmt.Errorf("%w: verification %s has no verdict", ErrInvalid, v.ID)
	case v.Role != "" && !v.Role.Valid():
		return fmt.Errorf("%w: verification %s: role %q", ErrInvalid, v.ID, v.Role)
	}
	for stage, ms := range v.TimingsMs {
		if math.IsNaN(ms) || math.IsInf(ms, 0) {
			return fmt.Errorf("%w: verification %s: timing %q is %v", ErrInvalid, v.ID, stage, ms)
		}
	}
	return nil
}

// Record implements Store.
func (s *db) Record(ctx context.Context, v Verification) error {
	if err := v.validate(); err != nil {
		return err
	}
	checks, err := jsonObject(v.Checks)
	if err != nil {
		return fmt.Errorf("%w: verification %s: %v", ErrInvalid, v.ID, err)
	}
	timings, err := jsonObject(v.TimingsMs)
	if err != nil {
		return fmt.Errorf("%w: verification %s: %v", ErrInvalid, v.ID, err)
	}
	t := v.Time.UTC().Truncate(time.Microsecond)
	_, err = s.w.ExecContext(ctx, s.q.record, v.ID, s.d.timeArg(t), v.RequestID, v.KeyID, string(v.Role),
		v.Specimen, v.Verdict, v.RiskScore, checks, v.DocHash, timings)
	if err != nil {
		return fmt.Errorf("store: record %s: %w", v.ID, err)
	}
	return nil
}

// jsonObject encodes a map as a JSON object, nil as {}.
func jsonObject[M ~map[string]V, V any](m M) (string, error) {
	if m == nil {
		return "{}", nil
	}
	b, err := json.Marshal(m)
	return string(b), err
}

// scanner is *sql.Row or *sql.Rows.
type scanner interface{ Scan(...any) error }

func scanVerification(sc scanner) (Verification, error) {
	var v Verification
	var role string
	err := sc.Scan(&v.ID, timeCol{&v.Time}, &v.RequestID, &v.KeyID, &role, &v.Specimen, &v.Verdict, &v.RiskScore,
		jsonCol{&v.Checks}, &v.DocHash, jsonCol{&v.TimingsMs})
	v.Role = Role(role)
	return v, err
}

// Get implements Store.
func (s *db) Get(ctx context.Context, id string) (Verification, error) {
	v, err := scanVerification(s.r.QueryRowContext(ctx, s.q.get, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Verification{}, fmt.Errorf("verification %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return Verification{}, fmt.Errorf("store: get %s: %w", id, err)
	}
	return v, nil
}

// Recent implements Store; n is capped at MaxRecent.
func (s *db) Recent(ctx context.Context, keyID string, n int) ([]Verification, error) {
	if n <= 0 {
		return nil, nil
	}
	n = min(n, MaxRecent)
	var rows *sql.Rows
	var err error
	if keyID == "" {
		rows, err = s.r.QueryContext(ctx, s.q.recent, n)
	} else {
		rows, err = s.r.QueryContext(ctx, s.q.recentByKey, keyID, n)
	}
	if err != nil {
		return nil, fmt.Errorf("store: recent: %w", err)
	}
	defer rows.Close()
	var vs []Verification
	for rows.Next() {
		v, err := scanVerification(rows)
		if err != nil {
			return nil, fmt.Errorf("store: recent: %w", err)
		}
		vs = append(vs, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: recent: %w", err)
	}
	return vs, nil
}

// Seen implements Store.
func (s *db) Seen(ctx context.Context, docHash string, before time.Time) (int, error) {
	if docHash == "" {
		return 0, nil
	}
	var n int
	if err := s.r.QueryRowContext(ctx, s.q.seen, docHash, s.d.timeArg(before)).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: seen: %w", err)
	}
	return n, nil
}

// Purge implements Store.
func (s *db) Purge(ctx context.Context, before time.Time) (int64, error) {
	res, err := s.w.ExecContext(ctx, s.q.purge, s.d.timeArg(before))
	if err != nil {
		return 0, fmt.Errorf("store: purge: %w", err)
	}
	return res.RowsAffected()
}

// CreateKey implements Store; a zero Created means now. It returns ErrExists when the id or
// the hash is taken.
func (s *db) CreateKey(ctx context.Context, k Key) error {
	if err := k.validate(); err != nil {
		return err
	}
	if k.Created.IsZero() {
		k.Created = nowUTC()
	}
	var revoked any
	if k.RevokedAt != nil {
		revoked = s.d.timeArg(k.RevokedAt.UTC().Truncate(time.Microsecond))
	}
	res, err := s.w.ExecContext(ctx, s.q.createKey, k.ID, k.Name, string(k.Role), k.Hash,
		s.d.timeArg(k.Created.UTC().Truncate(time.Microsecond)), revoked)
	if err != nil {
		return fmt.Errorf("store: create key %s: %w", k.ID, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("store: create key %s: %w", k.ID, err)
	} else if n == 0 {
		return fmt.Errorf("key %s: %w", k.ID, ErrExists)
	}
	return nil
}

func scanKey(sc scanner) (Key, error) {
	var k Key
	var role string
	var revoked time.Time
	err := sc.Scan(&k.ID, &k.Name, &role, &k.Hash, timeCol{&k.Created}, timeCol{&revoked})
	k.Role = Role(role)
	if !revoked.IsZero() {
		k.RevokedAt = &revoked
	}
	return k, err
}

// Keys implements Store, oldest first.
func (s *db) Keys(ctx context.Context) ([]Key, error) {
	rows, err := s.r.QueryContext(ctx, s.q.keys)
	if err != nil {
		return nil, fmt.Errorf("store: keys: %w", err)
	}
	defer rows.Close()
	var ks []Key
	for rows.Next() {
		k, err := scanKey(rows)
		if err != nil {
			return nil, fmt.Errorf("store: keys: %w", err)
		}
		ks = append(ks, k)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: keys: %w", err)
	}
	return ks, nil
}

// KeyByHash implements Store: a revoked key is not found.
func (s *db) KeyByHash(ctx context.Context, hash []byte) (Key, error) {
	k, err := scanKey(s.r.QueryRowContext(ctx, s.q.keyByHash, hash))
	if errors.Is(err, sql.ErrNoRows) {
		return Key{}, ErrNotFound
	}
	if err != nil {
		return Key{}, fmt.Errorf("store: key by hash: %w", err)
	}
	return k, nil
}

// RevokeKey implements Store. Revoking a revoked key keeps the first time and is no error.
func (s *db) RevokeKey(ctx context.Context, id string, at time.Time) error {
	res, err := s.w.ExecContext(ctx, s.q.revokeKey, s.d.timeArg(at.UTC().Truncate(time.Microsecond)), id)
	if err != nil {
		return fmt.Errorf("store: revoke key %s: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil || n > 0 {
		return err
	}
	var n int
	if err := s.w.QueryRowContext(ctx, s.q.keyExists, id).Scan(&n); err != nil {
		return fmt.Errorf("store: revoke key %s: %w", id, err)
	}
	if n == 0 {
		return fmt.Errorf("key %s: %w", id, ErrNotFound)
	}
	return nil
}

// pingUntilFree pings, trying again for up to wait while SQLite answers busy: the first
// connection of each instance turns a new database to WAL mode, which takes the file
// exclusively and, with other instances opening the same file at once, can fail without
// SQLite's busy handler waiting for it.
func (s *db) pingUntilFree(ctx context.Context, wait time.Duration) error {
	deadline := time.Now().Add(wait)
	for delay := 5 * time.Millisecond; ; delay = min(2*delay, 200*time.Millisecond) {
		err := s.Ping(ctx)
		var se *sqlite.Error
		if err == nil || !errors.As(err, &se) || se.Code()&0xff != sqliteBusy || time.Now().Add(delay).After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(delay):
		}
	}
}

// sqliteBusy is SQLite's primary result code SQLITE_BUSY.
const sqliteBusy = 5

// Ping implements Store.
func (s *db) Ping(ctx context.Context) error {
	if err := s.w.PingContext(ctx); err != nil {
		return fmt.Errorf("store: %s: %w", s.d.name, err)
	}
	return nil
}

// Close implements Store.
func (s *db) Close() error {
	err := s.w.Close()
	if s.r != s.w {
		err = errors.Join(err, s.r.Close())
	}
	return err
}

// timeCol scans a stored time: Unix microseconds (SQLite) or a timestamp (PostgreSQL); NULL
// leaves the zero time.
type timeCol struct{ t *time.Time }

func (c timeCol) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*c.t = time.Time{}
	case int64:
		*c.t = time.UnixMicro(v).UTC()
	case time.Time:
		*c.t = v.UTC()
	default:
		return fmt.Errorf("store: time column holds %T", src)
	}
	return nil
}

// jsonCol scans a JSON column (TEXT or JSONB) into v.
type jsonCol struct{ v any }

func (c jsonCol) Scan(src any) error {
	switch b := src.(type) {
	case string:
		return json.Unmarshal([]byte(b), c.v)
	case []byte:
		return json.Unmarshal(b, c.v)
	case nil:
		return nil
	}
	return fmt.Errorf("store: JSON column holds %T", src)
}
