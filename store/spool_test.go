package store

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// flaky is a Store whose Record fails while fail says so.
type flaky struct {
	Store
	mu       sync.Mutex
	fail     func(v Verification) error
	onRecord func(v Verification) // called before each Record
}

var errDown = errors.New("database is down")

func (f *flaky) set(fail func(Verification) error) {
	f.mu.Lock()
	f.fail = fail
	f.mu.Unlock()
}

func down(Verification) error { return errDown }

func (f *flaky) Record(ctx context.Context, v Verification) error {
	f.mu.Lock()
	fail, hook := f.fail, f.onRecord
	f.mu.Unlock()
	if hook != nil {
		hook(v)
	}
	if fail != nil {
		if err := fail(v); err != nil {
			return err
		}
	}
	return f.Store.Record(ctx, v)
}

// newSpool returns a spool in dir over a fresh SQLite store that can be made to fail.
func newSpool(t *testing.T, dir string) (*Spool, *flaky) {
	t.Helper()
	f := &flaky{Store: open(t, Config{DataDir: t.TempDir(), Log: quiet})}
	s, err := NewSpool(f, dir, quiet)
	must(t, err)
	t.Cleanup(func() { s.lock.Close() }) // the inner store closes itself
	return s, f
}

// spoolLines returns the spool file's lines.
func spoolLines(t *testing.T, dir, name string) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	must(t, err)
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")[:bytes.Count(b, []byte{'\n'})]
}

// TestSpoolKeepsRecordsWhileTheStoreIsDown is the scenario: the store fails, the
// record is spooled and Record succeeds; the store recovers, Flush stores it and empties the
// spool.
func TestSpoolKeepsRecordsWhileTheStoreIsDown(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, f := newSpool(t, dir)

	must(t, s.Record(ctx, verification(1))) // store up: straight through
	f.set(down)
	must(t, s.Record(ctx, verification(2)))
	must(t, s.Record(ctx, verification(3)))
	if d := s.Depth(); d != 2 {
		t.Errorf("depth %d, want 2", d)
	}
	if n := len(spoolLines(t, dir, SpoolFile)); n != 2 {
		t.Errorf("spool file has %d lines, want 2", n)
	}
	if _, err := s.Get(ctx, verification(2).ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("a spooled record is in the store already: %v", err)
	}
	if n, err := s.Flush(ctx); !errors.Is(err, errDown) || n != 0 {
		t.Errorf("Flush while down = %d, %v; want 0, the store's error", n, err)
	}
	if d := s.Depth(); d != 2 {
		t.Errorf("depth %d after a failed flush, want 2", d)
	}

	f.set(nil)
	n, err := s.Flush(ctx)
	must(t, err)
	if n != 2 {
		t.Errorf("Flush stored %d, want 2", n)
	}
	for i := 1; i <= 3; i++ {
		got, err := s.Get(ctx, verification(i).ID)
		if err != nil {
			t.Errorf("v%d: %v", i, err)
		} else if got.RiskScore != verification(i).RiskScore || !got.Time.Equal(verification(i).Time.Truncate(time.Microsecond)) {
			t.Errorf("v%d came back as %+v", i, got)
		}
	}
	if d := s.Depth(); d != 0 {
		t.Errorf("depth %d after flush, want 0", d)
	}
	if lines := spoolLines(t, dir, SpoolFile); len(lines) != 0 {
		t.Errorf("spool file still holds %q", lines)
	}
}

func TestSpoolFlushStopsAtAFailureAndKeepsTheRest(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, f := newSpool(t, dir)
	f.set(down)
	for i := range 5 {
		must(t, s.Record(ctx, verification(i)))
	}
	// The store comes back but fails again on the fourth record.
	f.set(func(v Verification) error {
		if v.ID == verification(3).ID {
			return errDown
		}
		return nil
	})
	n, err := s.Flush(ctx)
	if n != 3 || !errors.Is(err, errDown) {
		t.Errorf("Flush = %d, %v; want 3, the store's error", n, err)
	}
	if d := s.Depth(); d != 2 {
		t.Errorf("depth %d, want 2", d)
	}
	lines := spoolLines(t, dir, SpoolFile)
	if len(lines) != 2 || !strings.Contains(lines[0], `"v0003"`) || !strings.Contains(lines[1], `"v0004"`) {
		t.Errorf("spool file holds %q, want v0003 and v0004", lines)
	}
	f.set(nil)
	if n, err := s.Flush(ctx); n != 2 || err != nil {
		t.Errorf("second Flush = %d, %v; want 2, nil", n, err)
	}
	if all, _ := s.Recent(ctx, "", 10); len(all) != 5 {
		t.Errorf("%d records stored, want 5", len(all))
	}
}

// TestSpoolKeepsRecordsSpooledDuringAFlush: a record spooled while a flush replays the file
// must survive the flush's rewrite of the file.
func TestSpoolKeepsRecordsSpooledDuringAFlush(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, f := newSpool(t, dir)
	f.set(down)
	must(t, s.Record(ctx, verification(1)))
	must(t, s.Record(ctx, verification(2)))
	late := verification(9)
	f.set(func(v Verification) error {
		if v.ID == late.ID {
			return errDown // the late record is spooled, the replayed ones go through
		}
		return nil
	})
	var once sync.Once
	f.mu.Lock()
	f.onRecord = func(v Verification) {
		if v.ID == verification(1).ID {
			once.Do(func() { must(t, s.Record(ctx, late)) })
		}
	}
	f.mu.Unlock()
	n, err := s.Flush(ctx)
	must(t, err)
	if n != 2 {
		t.Errorf("Flush stored %d, want 2", n)
	}
	lines := spoolLines(t, dir, SpoolFile)
	if len(lines) != 1 || !strings.Contains(lines[0], `"v0009"`) {
		t.Errorf("spool file holds %q, want only the late record", lines)
	}
	if d := s.Depth(); d != 1 {
		t.Errorf("depth %d, want 1", d)
	}
}

func TestSpoolConcurrentRecordsWhileDown(t *testing.T) {
	ctx := context.Background()
	s, f := newSpool(t, t.TempDir())
	f.set(down)
	const n = 50
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() { defer wg.Done(); must(t, s.Record(ctx, verification(i))) }()
	}
	wg.Wait()
	if d := s.Depth(); d != n {
		t.Errorf("depth %d, want %d", d, n)
	}
	f.set(nil)
	if got, err := s.Flush(ctx); got != n || err != nil {
		t.Errorf("Flush = %d, %v; want %d, nil", got, err, n)
	}
	if all, _ := s.Recent(ctx, "", MaxRecent); len(all) != n {
		t.Errorf("%d records stored, want %d", len(all), n)
	}
}

// TestSpoolFailsLoudly: when the spool cannot be written either, Record returns an error
// that carries both causes.
func TestSpoolFailsLoudly(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, f := newSpool(t, dir)
	f.set(down)
	must(t, os.Mkdir(filepath.Join(dir, SpoolFile), 0o700)) // the spool "file" cannot be opened
	err := s.Record(ctx, verification(1))
	if err == nil || !errors.Is(err, errDown) || !strings.Contains(err.Error(), "not recorded") {
		t.Errorf("Record = %v, want the store's and the spool's errors", err)
	}
	if d := s.Depth(); d != 0 {
		t.Errorf("depth %d, want 0", d)
	}
}

// TestSpoolRefusesInvalidRecords: a record the store would never take is an error at once, not
// a spool entry that would never replay.
func TestSpoolRefusesInvalidRecords(t *testing.T) {
	dir := t.TempDir()
	s, f := newSpool(t, dir)
	f.set(down)
	v := verification(1)
	v.ID = ""
	if err := s.Record(context.Background(), v); !errors.Is(err, ErrInvalid) {
		t.Errorf("Record = %v, want ErrInvalid", err)
	}
	if s.Depth() != 0 || len(spoolLines(t, dir, SpoolFile)) != 0 {
		t.Errorf("an invalid record was spooled")
	}
}

// TestSpoolRecordOutlivesTheRequest: a cancelled request context does not stop the record
// from reaching the store.
func TestSpoolRecordOutlivesTheRequest(t *testing.T) {
	s, _ := newSpool(t, t.TempDir())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	must(t, s.Record(ctx, verification(1)))
	if _, err := s.Get(context.Background(), verification(1).ID); err != nil {
		t.Errorf("record not in the store: %v (depth %d)", err, s.Depth())
	}
}

// TestSpoolFiles starts a spool on files as a crashed or older process may leave them.
func TestSpoolFiles(t *testing.T) {
	tests := []struct {
		file     string
		depth    int64    // after NewSpool
		stored   []string // ids in the store after Flush
		rejected int      // lines moved to the rejected file
	}{
		{"clean.jsonl", 2, []string{"s1", "s2"}, 0},
		{"partial-last-line.jsonl", 2, []string{"s1", "s2"}, 0},
		{"no-final-newline.jsonl", 3, []string{"s1", "s2", "s3"}, 0},
		{"garbage-line.jsonl", 3, []string{"s1", "s2"}, 1},
		{"invalid-record.jsonl", 2, []string{"s1"}, 1},
		{"empty.jsonl", 0, nil, 0},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			dir := t.TempDir()
			b, err := os.ReadFile(filepath.Join("testdata", "spool", tc.file))
			must(t, err)
			must(t, os.WriteFile(filepath.Join(dir, SpoolFile), b, 0o600))
			s, _ := newSpool(t, dir)
			if d := s.Depth(); d != tc.depth {
				t.Errorf("depth %d, want %d", d, tc.depth)
			}
			if b, _ := os.ReadFile(filepath.Join(dir, SpoolFile)); len(b) > 0 && b[len(b)-1] != '\n' {
				t.Errorf("spool file does not end with a newline after NewSpool")
			}
			_, err = s.Flush(context.Background())
			must(t, err)
			var ids []string
			all, err := s.Recent(context.Background(), "", 10)
			must(t, err)
			for _, v := range all {
				ids = append(ids, v.ID)
			}
			sort.Strings(ids)
			if strings.Join(ids, ",") != strings.Join(tc.stored, ",") {
				t.Errorf("stored %v, want %v", ids, tc.stored)
			}
			if n := len(spoolLines(t, dir, RejectedFile)); n != tc.rejected {
				t.Errorf("%d lines rejected, want %d", n, tc.rejected)
			}
			if d := s.Depth(); d != 0 {
				t.Errorf("depth %d after Flush, want 0", d)
			}
			if lines := spoolLines(t, dir, SpoolFile); len(lines) != 0 {
				t.Errorf("spool file still holds %q", lines)
			}
		})
	}
}

// TestSpoolAppendsAfterARepairedCrash: a record spooled after a crash that cut a line short
// is a line of its own, not glued to the fragment.
func TestSpoolAppendsAfterARepairedCrash(t *testing.T) {
	dir := t.TempDir()
	b, err := os.ReadFile("testdata/spool/partial-last-line.jsonl")
	must(t, err)
	must(t, os.WriteFile(filepath.Join(dir, SpoolFile), b, 0o600))
	s, f := newSpool(t, dir)
	f.set(down)
	must(t, s.Record(context.Background(), verification(1)))
	f.set(nil)
	n, err := s.Flush(context.Background())
	if n != 3 || err != nil {
		t.Errorf("Flush = %d, %v; want 3, nil", n, err)
	}
	if n := len(spoolLines(t, dir, RejectedFile)); n != 0 {
		t.Errorf("%d lines rejected, want none", n)
	}
}

// TestSpoolRunReplaysAtStart: what an earlier process left is replayed when Run starts, and
// Run returns when its context ends.
func TestSpoolRunReplaysAtStart(t *testing.T) {
	dir := t.TempDir()
	b, err := os.ReadFile("testdata/spool/clean.jsonl")
	must(t, err)
	must(t, os.WriteFile(filepath.Join(dir, SpoolFile), b, 0o600))
	s, _ := newSpool(t, dir)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Run(ctx, time.Hour); close(done) }() // the tick never comes: only the start replays
	deadline := time.Now().Add(10 * time.Second)
	for s.Depth() > 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after its context ended")
	}
	if d := s.Depth(); d != 0 {
		t.Errorf("depth %d, want 0", d)
	}
	if _, err := s.Get(context.Background(), "s2"); err != nil {
		t.Errorf("s2: %v", err)
	}
}

// TestSpoolDirectoryIsLocked: two processes sharing a spool would lose each other's records
// when one rewrites the file.
func TestSpoolDirectoryIsLocked(t *testing.T) {
	dir := t.TempDir()
	s, _ := newSpool(t, dir)
	inner := open(t, Config{DataDir: t.TempDir(), Log: quiet})
	if _, err := NewSpool(inner, dir, quiet); err == nil || !strings.Contains(err.Error(), "in use") {
		t.Errorf("second NewSpool = %v, want an in-use error", err)
	}
	must(t, s.Close())
	again, err := NewSpool(inner, dir, quiet)
	if err != nil {
		t.Fatalf("NewSpool after Close: %v", err)
	}
	again.lock.Close()
}
