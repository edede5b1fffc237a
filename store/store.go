// Package store keeps the audit log of verifications and the API keys: embedded SQLite by
// default (a file in the data directory), PostgreSQL through a DSN when several instances
// share one log. Migrations are embedded and run at Open.
//
// The audit log holds no images and no personal data: a verification is recorded by its
// outcome (specimen, verdict, risk, each check's status, stage timings) and by a keyed hash
// of the document number, so the same document can be recognised again without being stored.
package store

import (
	"context"
	"errors"
	"log/slog"
	"time"
)

// Role is what an API key may do.
type Role string

// The roles.
const (
	RoleKiosk   Role = "kiosk"   // verifies documents
	RoleOfficer Role = "officer" // verifies documents and reads the audit log
	RoleTrainer Role = "trainer" // runs benchmarks; reads the audit log
)

// Valid reports whether r is one of the roles.
func (r Role) Valid() bool { return r == RoleKiosk || r == RoleOfficer || r == RoleTrainer }

// Verification is one audit record.
type Verification struct {
	ID        string             `json:"id"`         // the verification's id (a ULID/UUID, made by the caller)
	Time      time.Time          `json:"time"`       // UTC
	RequestID string             `json:"request_id"` // the HTTP request's id
	KeyID     string             `json:"key_id"`     // "" when the service runs without keys
	Role      Role               `json:"role"`       // "" when the service runs without keys
	Specimen  string             `json:"specimen"`   // "" when none was identified
	Verdict   string             `json:"verdict"`
	RiskScore int                `json:"risk_score"`
	Checks    map[string]string  `json:"checks"`     // check name → status (pass, fail, not_done)
	DocHash   string             `json:"doc_hash"`   // keyed hash of issuing state + document number; "" when unread
	TimingsMs map[string]float64 `json:"timings_ms"` // stage → milliseconds
}

// Key is an API key as stored: its hash, never the key itself.
type Key struct {
	ID        string     `json:"id"`
	Name      string     `json:"name"`
	Role      Role       `json:"role"`
	Hash      []byte     `json:"-"` // SHA-256 of the key
	Created   time.Time  `json:"created"`
	RevokedAt *time.Time `json:"revoked_at,omitempty"`
}

// LogValue logs a verification by its outcome only: the document hash stays out of logs.
func (v Verification) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("id", v.ID),
		slog.String("request_id", v.RequestID),
		slog.String("key_id", v.KeyID),
		slog.String("specimen", v.Specimen),
		slog.String("verdict", v.Verdict),
		slog.Int("risk_score", v.RiskScore),
	)
}

// LogValue logs a key without its hash.
func (k Key) LogValue() slog.Value {
	return slog.GroupValue(slog.String("id", k.ID), slog.String("name", k.Name), slog.String("role", string(k.Role)))
}

// The errors a Store returns, to be tested with errors.Is.
var (
	// ErrNotFound is returned when a record or key does not exist.
	ErrNotFound = errors.New("store: not found")
	// ErrExists is returned by CreateKey when a key with the same id or hash exists.
	ErrExists = errors.New("store: already exists")
	// ErrInvalid is returned for a record or key that cannot be stored as given (no id, bad
	// role, a timing that is not a number...). Retrying will not help.
	ErrInvalid = errors.New("store: invalid")
)

// Store is the audit log and the key registry. Implementations are safe for concurrent use.
type Store interface {
	// Record writes a verification. It is idempotent on ID.
	Record(ctx context.Context, v Verification) error
	// Get returns the verification with the given id.
	Get(ctx context.Context, id string) (Verification, error)
	// Recent returns up to n verifications, newest first; keyID "" means all keys.
	Recent(ctx context.Context, keyID string, n int) ([]Verification, error)
	// Seen counts earlier verifications of the same document hash (0 when hash is "").
	Seen(ctx context.Context, docHash string, before time.Time) (int, error)
	// Purge deletes verifications older than the cut-off and returns how many it deleted.
	Purge(ctx context.Context, before time.Time) (int64, error)

	// CreateKey stores a key (by hash).
	CreateKey(ctx context.Context, k Key) error
	// Keys lists the keys.
	Keys(ctx context.Context) ([]Key, error)
	// KeyByHash returns the unrevoked key with this hash.
	KeyByHash(ctx context.Context, hash []byte) (Key, error)
	// RevokeKey revokes a key by id.
	RevokeKey(ctx context.Context, id string, at time.Time) error

	// Ping checks the store is reachable.
	Ping(ctx context.Context) error
	Close() error
}
