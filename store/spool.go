package store

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// The spool's files in its directory.
const (
	SpoolFile     = "spool.jsonl"          // records waiting for the store, one JSON object a line
	RejectedFile  = "spool-rejected.jsonl" // lines the store refused or that do not parse, kept for an operator
	spoolLockFile = "spool.lock"
)

// Spool is a Store that does not lose a verification when the database fails: Record falls
// back to appending the record to a local file (synced before Record returns), and Flush or
// Run replays the file into the database later. Replays are safe because Record is idempotent
// on ID. Every other method goes straight to the inner Store; Get and Recent do not see
// records that are still spooled.
//
// One process at a time may use a spool directory (it is locked).
type Spool struct {
	Store                 // the inner store
	Timeout time.Duration // how long Record waits for the inner store before spooling; 5s by default
	dir     string
	log     *slog.Logger
	lock    *os.File     // holds the directory's flock
	mu      sync.Mutex   // guards the spool file
	flushMu sync.Mutex   // one Flush at a time
	depth   atomic.Int64 // records in the spool file
}

// NewSpool wraps inner with a spool in dir (made 0700 if missing). A record left half-written
// by a crash is dropped (its Record had not returned), so that the file stays a list of lines.
// Call Run to replay what an earlier process left.
func NewSpool(inner Store, dir string, log *slog.Logger) (*Spool, error) {
	if log == nil {
		log = slog.Default()
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("store: spool: %w", err)
	}
	lock, err := os.OpenFile(filepath.Join(dir, spoolLockFile), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("store: spool: %w", err)
	}
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		lock.Close()
		return nil, fmt.Errorf("store: spool %s is in use by another process: %w", dir, err)
	}
	s := &Spool{Store: inner, Timeout: 5 * time.Second, dir: dir, log: log, lock: lock}
	n, err := s.repair()
	if err != nil {
		lock.Close()
		return nil, err
	}
	s.depth.Store(int64(n))
	if n > 0 {
		log.Warn("store: spool holds verifications to replay", "depth", n)
	}
	return s, nil
}

func (s *Spool) path() string { return filepath.Join(s.dir, SpoolFile) }

// repair ends the spool file at its last complete line and counts the lines. A last line
// without its newline is kept (newline added) if it is a whole JSON object, else dropped.
func (s *Spool) repair() (int, error) {
	b, err := os.ReadFile(s.path())
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("store: spool: %w", err)
	}
	if len(b) > 0 && b[len(b)-1] != '\n' {
		end := bytes.LastIndexByte(b, '\n') + 1
		tail := b[end:]
		if json.Valid(tail) {
			b = append(b, '\n')
			err = appendSync(s.path(), []byte{'\n'})
		} else {
			s.log.Warn("store: spool: dropped a partly written record", "bytes", len(tail))
			b = b[:end]
			err = truncateSync(s.path(), int64(end))
		}
		if err != nil {
			return 0, fmt.Errorf("store: spool: repair: %w", err)
		}
	}
	return bytes.Count(b, []byte{'\n'}), nil
}

// Depth returns the number of records waiting in the spool, for metrics.
func (s *Spool) Depth() int64 { return s.depth.Load() }

// Record stores v in the inner store or, failing that, in the spool file, and returns nil
// either way. It returns an error when v is invalid or when neither could keep it.
func (s *Spool) Record(ctx context.Context, v Verification) error {
	if err := v.validate(); err != nil {
		return err
	}
	// The verdict is given: the record is worth writing even if the client has gone.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.Timeout)
	err := s.Store.Record(ctx, v)
	cancel()
	if err == nil || errors.Is(err, ErrInvalid) {
		return err
	}
	line, jerr := json.Marshal(v)
	if jerr != nil { // cannot happen after validate
		return fmt.Errorf("%w: %v", ErrInvalid, jerr)
	}
	s.mu.Lock()
	serr := appendSync(s.path(), append(line, '\n'))
	if serr == nil {
		s.depth.Add(1)
	}
	s.mu.Unlock()
	if serr != nil {
		s.log.Error("store: verification lost: the store and the spool both failed", "verification", v, "err", err, "spool_err", serr)
		return fmt.Errorf("store: verification %s not recorded: %w", v.ID, errors.Join(err, serr))
	}
	s.log.Warn("store: verification spooled", "verification", v, "err", err, "depth", s.Depth())
	return nil
}

// Flush replays the spooled records into the inner store, oldest first, and removes from the
// file those that were stored. It stops at the first failure, leaving the rest for the next
// Flush. A line that does not parse, or that the store refuses as invalid, is moved to
// spool-rejected.jsonl rather than retried forever. It returns how many records it stored.
func (s *Spool) Flush(ctx context.Context) (int, error) {
	s.flushMu.Lock()
	defer s.flushMu.Unlock()
	// Records appended while the replay runs go after the snapshot's end and are kept.
	s.mu.Lock()
	b, err := os.ReadFile(s.path())
	s.mu.Unlock()
	if errors.Is(err, fs.ErrNotExist) || len(b) == 0 {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("store: spool: %w", err)
	}
	var (
		done, stored, lines int // done: bytes of the file handled
		rejected            []byte
		ferr                error
	)
	for done < len(b) {
		n := bytes.IndexByte(b[done:], '\n')
		if n < 0 {
			break // a line still being written; cannot happen under mu
		}
		line := b[done : done+n]
		var v Verification
		if err := json.Unmarshal(line, &v); err != nil {
			s.log.Error("store: spool: a line does not parse; moved aside", "file", RejectedFile, "err", err)
			rejected = append(append(rejected, line...), '\n')
		} else if err := s.Store.Record(ctx, v); errors.Is(err, ErrInvalid) {
			s.log.Error("store: spool: the store refused a record; moved aside", "file", RejectedFile, "verification", v, "err", err)
			rejected = append(append(rejected, line...), '\n')
		} else if err != nil {
			ferr = fmt.Errorf("store: spool: replay: %w", err)
			break
		} else {
			stored++
		}
		done += n + 1
		lines++
	}
	if done == 0 {
		return 0, ferr
	}
	if len(rejected) > 0 {
		if err := appendSync(filepath.Join(s.dir, RejectedFile), rejected); err != nil {
			return stored, errors.Join(ferr, fmt.Errorf("store: spool: %w", err))
		}
	}
	s.mu.Lock()
	err = s.dropHead(done)
	if err == nil {
		s.depth.Add(-int64(lines))
	}
	s.mu.Unlock()
	if err != nil {
		// Nothing is lost: the replayed records stay in the file and will be replayed again.
		return stored, errors.Join(ferr, fmt.Errorf("store: spool: %w", err))
	}
	if stored > 0 {
		s.log.Info("store: spool replayed", "stored", stored, "depth", s.Depth())
	}
	return stored, ferr
}

// dropHead removes the first n bytes of the spool file (under mu), atomically.
func (s *Spool) dropHead(n int) error {
	b, err := os.ReadFile(s.path())
	if err != nil {
		return err
	}
	if n >= len(b) {
		return truncateSync(s.path(), 0)
	}
	tmp, err := os.CreateTemp(s.dir, SpoolFile+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := writeSync(tmp, b[n:]); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), s.path()); err != nil {
		return err
	}
	return syncDir(s.dir)
}

// Run replays the spool at once and then every interval until ctx is done.
func (s *Spool) Run(ctx context.Context, every time.Duration) {
	if every <= 0 {
		every = 10 * time.Second
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if s.Depth() > 0 {
			if _, err := s.Flush(ctx); err != nil && ctx.Err() == nil {
				s.log.Warn("store: spool replay failed; will retry", "err", err, "depth", s.Depth())
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Close closes the inner store and releases the spool directory.
func (s *Spool) Close() error {
	return errors.Join(s.Store.Close(), s.lock.Close())
}

// appendSync appends b to the file at path (made 0600) and syncs it. On a failed write the
// file is cut back to its old end, so that a half line cannot glue itself to the next record.
func appendSync(path string, b []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Truncate(st.Size())
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if st.Size() == 0 { // perhaps a new file: make its name durable too
		return syncDir(filepath.Dir(path))
	}
	return nil
}

// truncateSync cuts the file at path to size bytes and syncs it.
func truncateSync(path string, size int64) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	if err := f.Truncate(size); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

var _ Store = (*Spool)(nil)
