package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestMain(m *testing.M) {
	code := m.Run()
	stopPostgres()
	os.Exit(code)
}

// quiet is a logger for tests that do not look at the logs.
var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// driver opens fresh, empty stores of one kind.
type driver struct {
	name  string
	ready func(t testing.TB)        // skips t if the driver's database is not available
	cfg   func(t testing.TB) Config // a new, empty database
}

var drivers = []driver{
	{DriverSQLite, func(testing.TB) {}, func(t testing.TB) Config {
		return Config{Driver: DriverSQLite, DataDir: t.TempDir(), Log: quiet}
	}},
	{DriverPostgres, pgReady, func(t testing.TB) Config {
		return Config{Driver: DriverPostgres, DSN: pgDSN(t), Log: quiet}
	}},
}

// open opens cfg, closed when t ends.
func open(t testing.TB, cfg Config) Store {
	t.Helper()
	s, err := Open(context.Background(), cfg)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestStore runs the conformance suite against every driver.
func TestStore(t *testing.T) {
	for _, d := range drivers {
		t.Run(d.name, func(t *testing.T) {
			d.ready(t)
			testStore(t, func(t *testing.T) Store { return open(t, d.cfg(t)) })
		})
	}
}

// t0 is a fixed time for records, with nanoseconds that the store truncates to microseconds.
var t0 = time.Date(2026, 3, 14, 9, 26, 53, 589793238, time.FixedZone("CET", 3600))

// verification returns a complete record; ID and Time vary by i.
func verification(i int) Verification {
	return Verification{
		ID:        fmt.Sprintf("v%04d", i),
		Time:      t0.Add(time.Duration(i) * time.Minute),
		RequestID: fmt.Sprintf("req-%d", i),
		KeyID:     "k_kiosk01",
		Role:      RoleKiosk,
		Specimen:  "UTO-P-2020",
		Verdict:   "genuine",
		RiskScore: 12,
		Checks:    map[string]string{"mrz_checksums": "pass", "uv_pattern": "not_done", "font": "fail"},
		DocHash:   "6a1f",
		TimingsMs: map[string]float64{"decode": 12.5, "checks": 301.25},
	}
}

// stored is how the store returns v: UTC, to the microsecond.
func stored(v Verification) Verification {
	v.Time = v.Time.UTC().Truncate(time.Microsecond)
	return v
}

func newKey(t testing.TB, name string, role Role) (string, Key) {
	t.Helper()
	plain, k, err := NewKey(name, role)
	if err != nil {
		t.Fatal(err)
	}
	return plain, k
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// equateEmpty treats nil and empty maps and slices alike.
var equateEmpty = cmpopts.EquateEmpty()

// testStore is the conformance suite: what every Store must do. open returns a new, empty store.
func testStore(t *testing.T, open func(t *testing.T) Store) {
	ctx := context.Background()
	tests := []struct {
		name string
		run  func(t *testing.T, s Store)
	}{
		{"record then get returns the record, in UTC to the microsecond", func(t *testing.T, s Store) {
			v := verification(1)
			must(t, s.Record(ctx, v))
			got, err := s.Get(ctx, v.ID)
			must(t, err)
			if diff := cmp.Diff(stored(v), got); diff != "" {
				t.Errorf("Get (-want +got):\n%s", diff)
			}
			if got.Time.Location() != time.UTC {
				t.Errorf("time in %v, want UTC", got.Time.Location())
			}
		}},
		{"a record without key, specimen, checks or hash reads back empty", func(t *testing.T, s Store) {
			v := Verification{ID: "bare", Time: t0, Verdict: "unreadable"}
			must(t, s.Record(ctx, v))
			got, err := s.Get(ctx, v.ID)
			must(t, err)
			if diff := cmp.Diff(stored(v), got, equateEmpty); diff != "" {
				t.Errorf("Get (-want +got):\n%s", diff)
			}
		}},
		{"record is idempotent on id: the first write stays", func(t *testing.T, s Store) {
			v := verification(1)
			must(t, s.Record(ctx, v))
			again := v
			again.Verdict = "forged"
			must(t, s.Record(ctx, again))
			got, err := s.Get(ctx, v.ID)
			must(t, err)
			if got.Verdict != v.Verdict {
				t.Errorf("verdict %q after a replay, want the first %q", got.Verdict, v.Verdict)
			}
			all, err := s.Recent(ctx, "", 10)
			must(t, err)
			if len(all) != 1 {
				t.Errorf("%d records, want 1", len(all))
			}
		}},
		{"get of an unknown id is ErrNotFound", func(t *testing.T, s Store) {
			if _, err := s.Get(ctx, "nope"); !errors.Is(err, ErrNotFound) {
				t.Errorf("err = %v, want ErrNotFound", err)
			}
		}},
		{"invalid records are refused with ErrInvalid and not stored", func(t *testing.T, s Store) {
			for _, c := range []struct {
				name string
				edit func(*Verification)
			}{
				{"no id", func(v *Verification) { v.ID = "" }},
				{"long id", func(v *Verification) { v.ID = string(make([]byte, 129)) }},
				{"no time", func(v *Verification) { v.Time = time.Time{} }},
				{"no verdict", func(v *Verification) { v.Verdict = "" }},
				{"unknown role", func(v *Verification) { v.Role = "admin" }},
				{"NaN timing", func(v *Verification) { v.TimingsMs["ocr"] = math.NaN() }},
				{"infinite timing", func(v *Verification) { v.TimingsMs["ocr"] = math.Inf(1) }},
			} {
				v := verification(7)
				c.edit(&v)
				if err := s.Record(ctx, v); !errors.Is(err, ErrInvalid) {
					t.Errorf("%s: err = %v, want ErrInvalid", c.name, err)
				}
			}
			if all, _ := s.Recent(ctx, "", 10); len(all) != 0 {
				t.Errorf("%d records stored, want none", len(all))
			}
		}},
		{"recent lists newest first, filters by key, honours n", func(t *testing.T, s Store) {
			for i := range 6 {
				v := verification(i)
				if i%2 == 1 {
					v.KeyID = "k_other"
				}
				must(t, s.Record(ctx, v))
			}
			for _, c := range []struct {
				key  string
				n    int
				want []string
			}{
				{"", 10, []string{"v0005", "v0004", "v0003", "v0002", "v0001", "v0000"}},
				{"", 2, []string{"v0005", "v0004"}},
				{"k_other", 10, []string{"v0005", "v0003", "v0001"}},
				{"k_kiosk01", 1, []string{"v0004"}},
				{"k_none", 10, nil},
				{"", 0, nil},
				{"", -1, nil},
			} {
				vs, err := s.Recent(ctx, c.key, c.n)
				must(t, err)
				var ids []string
				for _, v := range vs {
					ids = append(ids, v.ID)
				}
				if diff := cmp.Diff(c.want, ids, equateEmpty); diff != "" {
					t.Errorf("Recent(%q, %d) (-want +got):\n%s", c.key, c.n, diff)
				}
			}
		}},
		{"seen counts earlier verifications of the same document", func(t *testing.T, s Store) {
			for i, h := range []string{"aa", "aa", "bb", "aa", ""} {
				v := verification(i)
				v.DocHash = h
				must(t, s.Record(ctx, v))
			}
			for _, c := range []struct {
				hash   string
				before time.Time
				want   int
			}{
				{"aa", t0.Add(time.Hour), 3},
				{"aa", t0.Add(3 * time.Minute), 2}, // the one at exactly +3m is not before
				{"aa", t0, 0},
				{"bb", t0.Add(time.Hour), 1},
				{"cc", t0.Add(time.Hour), 0},
				{"", t0.Add(time.Hour), 0}, // unread documents are never "seen"
			} {
				n, err := s.Seen(ctx, c.hash, c.before)
				must(t, err)
				if n != c.want {
					t.Errorf("Seen(%q, %v) = %d, want %d", c.hash, c.before.Sub(t0), n, c.want)
				}
			}
		}},
		{"purge deletes what is older than the cut-off, and says how many", func(t *testing.T, s Store) {
			for i := range 5 {
				must(t, s.Record(ctx, verification(i)))
			}
			n, err := s.Purge(ctx, t0.Add(2*time.Minute))
			must(t, err)
			if n != 2 {
				t.Errorf("Purge deleted %d, want 2", n)
			}
			for i, want := range []bool{false, false, true, true, true} {
				_, err := s.Get(ctx, verification(i).ID)
				if got := err == nil; got != want {
					t.Errorf("v%d present = %v, want %v (err %v)", i, got, want, err)
				}
			}
			if n, err := s.Purge(ctx, t0.Add(2*time.Minute)); err != nil || n != 0 {
				t.Errorf("second Purge = %d, %v; want 0, nil", n, err)
			}
		}},
		{"keys are created, listed oldest first and found by hash", func(t *testing.T, s Store) {
			plainA, a := newKey(t, "gate 3 kiosk", RoleKiosk)
			_, b := newKey(t, "officer desk", RoleOfficer)
			b.Created = a.Created.Add(time.Second)
			must(t, s.CreateKey(ctx, b))
			must(t, s.CreateKey(ctx, a))
			ks, err := s.Keys(ctx)
			must(t, err)
			if diff := cmp.Diff([]Key{a, b}, ks); diff != "" {
				t.Errorf("Keys (-want +got):\n%s", diff)
			}
			got, err := s.KeyByHash(ctx, HashKey(plainA))
			must(t, err)
			if got.ID != a.ID || !got.Matches(plainA) {
				t.Errorf("KeyByHash = %v, want %v matching its key", got, a)
			}
			if _, err := s.KeyByHash(ctx, HashKey("dv_wrong")); !errors.Is(err, ErrNotFound) {
				t.Errorf("KeyByHash(unknown): err = %v, want ErrNotFound", err)
			}
		}},
		{"a key with a zero creation time is created now", func(t *testing.T, s Store) {
			_, k := newKey(t, "n", RoleTrainer)
			k.Created = time.Time{}
			must(t, s.CreateKey(ctx, k))
			ks, err := s.Keys(ctx)
			must(t, err)
			if len(ks) != 1 || time.Since(ks[0].Created) > time.Minute {
				t.Errorf("Keys = %v, want one created now", ks)
			}
		}},
		{"a taken id or hash is ErrExists; a bad key is ErrInvalid", func(t *testing.T, s Store) {
			_, k := newKey(t, "kiosk", RoleKiosk)
			must(t, s.CreateKey(ctx, k))
			sameID, sameHash := k, k
			_, other := newKey(t, "other", RoleKiosk)
			sameID.Hash = other.Hash
			sameHash.ID = other.ID
			for _, c := range []struct {
				name string
				k    Key
				want error
			}{
				{"same id", sameID, ErrExists},
				{"same hash", sameHash, ErrExists},
				{"no id", Key{Name: "x", Role: RoleKiosk, Hash: other.Hash}, ErrInvalid},
				{"no name", Key{ID: "k1", Role: RoleKiosk, Hash: other.Hash}, ErrInvalid},
				{"bad role", Key{ID: "k1", Name: "x", Role: "root", Hash: other.Hash}, ErrInvalid},
				{"short hash", Key{ID: "k1", Name: "x", Role: RoleKiosk, Hash: []byte{1}}, ErrInvalid},
			} {
				if err := s.CreateKey(ctx, c.k); !errors.Is(err, c.want) {
					t.Errorf("%s: err = %v, want %v", c.name, err, c.want)
				}
			}
			if ks, _ := s.Keys(ctx); len(ks) != 1 {
				t.Errorf("%d keys, want 1", len(ks))
			}
		}},
		{"a revoked key is not found by hash; revoking again keeps the first time", func(t *testing.T, s Store) {
			plain, k := newKey(t, "kiosk", RoleKiosk)
			must(t, s.CreateKey(ctx, k))
			at := t0
			must(t, s.RevokeKey(ctx, k.ID, at))
			if _, err := s.KeyByHash(ctx, HashKey(plain)); !errors.Is(err, ErrNotFound) {
				t.Errorf("KeyByHash(revoked): err = %v, want ErrNotFound", err)
			}
			must(t, s.RevokeKey(ctx, k.ID, at.Add(time.Hour)))
			ks, err := s.Keys(ctx)
			must(t, err)
			want := at.UTC().Truncate(time.Microsecond)
			if len(ks) != 1 || ks[0].RevokedAt == nil || !ks[0].RevokedAt.Equal(want) {
				t.Errorf("Keys = %+v, want one revoked at %v", ks, want)
			}
			if err := s.RevokeKey(ctx, "k_nope", at); !errors.Is(err, ErrNotFound) {
				t.Errorf("RevokeKey(unknown): err = %v, want ErrNotFound", err)
			}
		}},
		{"concurrent records from many goroutines all land", func(t *testing.T, s Store) {
			const goroutines, each = 16, 25
			var wg sync.WaitGroup
			errs := make(chan error, goroutines*each)
			for g := range goroutines {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := range each {
						v := verification(g*each + i)
						if err := s.Record(ctx, v); err != nil {
							errs <- err
						}
						if _, err := s.Seen(ctx, v.DocHash, v.Time); err != nil { // readers alongside
							errs <- err
						}
					}
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Error(err)
			}
			all, err := s.Recent(ctx, "", MaxRecent)
			must(t, err)
			if len(all) != goroutines*each {
				t.Errorf("%d records, want %d", len(all), goroutines*each)
			}
		}},
		{"a cancelled context fails the call", func(t *testing.T, s Store) {
			cctx, cancel := context.WithCancel(ctx)
			cancel()
			if err := s.Record(cctx, verification(1)); err == nil {
				t.Error("Record with a cancelled context succeeded")
			}
		}},
		{"ping", func(t *testing.T, s Store) { must(t, s.Ping(ctx)) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.run(t, open(t)) })
	}
}

// TestOpenConcurrently starts several instances at once on a new database: the migrations run
// once, and every instance opens.
func TestOpenConcurrently(t *testing.T) {
	for _, d := range drivers {
		t.Run(d.name, func(t *testing.T) {
			cfg := d.cfg(t)
			const n = 4
			var wg sync.WaitGroup
			errs := make([]error, n)
			stores := make([]Store, n)
			for i := range n {
				wg.Add(1)
				go func() {
					defer wg.Done()
					stores[i], errs[i] = Open(context.Background(), cfg)
				}()
			}
			wg.Wait()
			for i, err := range errs {
				if err != nil {
					t.Errorf("instance %d: %v", i, err)
					continue
				}
				defer stores[i].Close()
			}
			if t.Failed() {
				return
			}
			ms, err := migrations(d.name)
			must(t, err)
			got := schemaVersions(t, stores[0])
			var want []int
			for _, m := range ms {
				want = append(want, m.version)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("schema_migrations (-want +got):\n%s", diff)
			}
		})
	}
}

// schemaVersions lists schema_migrations.
func schemaVersions(t *testing.T, s Store) []int {
	t.Helper()
	rows, err := s.(*db).r.Query("SELECT version FROM schema_migrations ORDER BY version")
	must(t, err)
	defer rows.Close()
	var vs []int
	for rows.Next() {
		var v int
		must(t, rows.Scan(&v))
		vs = append(vs, v)
	}
	return vs
}

// TestReopen checks that data outlives the process's handle and that Open is idempotent.
func TestReopen(t *testing.T) {
	for _, d := range drivers {
		t.Run(d.name, func(t *testing.T) {
			cfg := d.cfg(t)
			s := open(t, cfg)
			must(t, s.Record(context.Background(), verification(1)))
			must(t, s.Close())
			s = open(t, cfg)
			if _, err := s.Get(context.Background(), verification(1).ID); err != nil {
				t.Errorf("after reopening: %v", err)
			}
		})
	}
}

// TestSQLiteFiles checks where SQLite keeps its files and that they are private.
func TestSQLiteFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	s := open(t, Config{DataDir: dir, Log: quiet})
	must(t, s.Record(context.Background(), verification(1)))
	for _, c := range []struct {
		path string
		mode os.FileMode
	}{
		{dir, 0o700 | os.ModeDir},
		{filepath.Join(dir, DBFile), 0o600},
		{filepath.Join(dir, DBFile+"-wal"), 0o600},
	} {
		st, err := os.Stat(c.path)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		if st.Mode() != c.mode {
			t.Errorf("%s: mode %v, want %v", c.path, st.Mode(), c.mode)
		}
	}
	var mode string
	must(t, s.(*db).r.QueryRow("PRAGMA journal_mode").Scan(&mode))
	if mode != "wal" {
		t.Errorf("journal_mode = %q, want wal", mode)
	}
}

// TestSQLiteTwoHandles writes through two Stores on one file at once, as two processes on one
// data directory would: SQLite's busy timeout must absorb the lock contention.
func TestSQLiteTwoHandles(t *testing.T) {
	cfg := Config{DataDir: t.TempDir(), Log: quiet}
	a, b := open(t, cfg), open(t, cfg)
	const each = 100
	var wg sync.WaitGroup
	errs := make(chan error, 2*each)
	for h, s := range []Store{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				if err := s.Record(context.Background(), verification(h*each+i)); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	all, err := a.Recent(context.Background(), "", MaxRecent)
	must(t, err)
	if len(all) != 2*each {
		t.Errorf("%d records, want %d", len(all), 2*each)
	}
}

// TestSQLiteReadersCannotWrite checks that the read pool is read-only.
func TestSQLiteReadersCannotWrite(t *testing.T) {
	s := open(t, Config{DataDir: t.TempDir(), Log: quiet})
	if _, err := s.(*db).r.Exec("DELETE FROM verifications"); err == nil {
		t.Error("a write through the read pool succeeded")
	}
}
