package server

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"path/filepath"
	"sync"
	"time"

	"github.com/docverify/docverify/detect/engine"
	"github.com/docverify/docverify/store"
)

// auditor records every verification. Records go through the store's spool: when the store
// cannot take a record, the spool keeps it on disk and writes it later, so a store outage
// neither loses a record nor keeps the officer from the verdict. Only when the spool cannot
// write either does the request fail (503): no verdict leaves the service unrecorded.
type auditor struct {
	store  store.Store
	spool  *store.Spool
	secret []byte
	cfg    Config
	log    *slog.Logger
	m      *metrics
}

// SpoolDir is the spool's directory in the data directory.
const SpoolDir = "spool"

func newAuditor(s store.Store, secret []byte, cfg Config, log *slog.Logger, m *metrics) (*auditor, error) {
	sp, err := store.NewSpool(s, filepath.Join(cfg.DataDir, SpoolDir), log)
	if err != nil {
		return nil, fmt.Errorf("audit spool: %w", err)
	}
	return &auditor{store: s, spool: sp, secret: secret, cfg: cfg, log: log, m: m}, nil
}

// start runs the spool's retries and the retention purge until ctx ends.
func (a *auditor) start(ctx context.Context, wg *sync.WaitGroup) {
	wg.Add(1)
	go func() {
		defer wg.Done()
		a.spool.Run(ctx, a.cfg.SpoolEvery)
	}()
	if a.cfg.Retention > 0 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			store.RunRetention(ctx, a.store, a.cfg.Retention, a.cfg.RetentionEvery, a.log)
		}()
	}
}

// record writes a verification (to the store, or the spool when the store fails).
func (a *auditor) record(ctx context.Context, v store.Verification) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := a.spool.Record(ctx, v); err != nil {
		a.m.audit.WithLabelValues("failed").Inc()
		return errorf(http.StatusServiceUnavailable, CodeUnavailable,
			"the verification could not be recorded in the audit log, so no verdict is given; try again").withCause(err)
	}
	a.m.audit.WithLabelValues("recorded").Inc()
	return nil
}

// depth is the number of records waiting in the spool.
func (a *auditor) depth() int64 { return a.spool.Depth() }

// flush writes what the spool holds to the store if it can; what it cannot stays on disk for
// the next start, which replays it.
func (a *auditor) flush() error {
	if a.spool.Depth() == 0 {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	n, err := a.spool.Flush(ctx)
	if err != nil {
		a.log.Warn("audit spool kept for the next start", "stored", n, "depth", a.spool.Depth(), "error", err.Error())
	}
	return nil
}

// verification is the audit record of a report: its outcome, the checks' statuses, the stage
// timings and a keyed hash of the document number; no image and no personal data.
func (a *auditor) verification(id, requestID string, p principal, rep *engine.Report, now time.Time) store.Verification {
	v := store.Verification{
		ID:        id,
		Time:      now.UTC(),
		RequestID: requestID,
		KeyID:     p.KeyID,
		Role:      p.Role,
		Verdict:   string(rep.Verdict),
		RiskScore: rep.RiskScore,
		Checks:    make(map[string]string, len(rep.Checks)),
		TimingsMs: make(map[string]float64, len(rep.TimingsMs)),
	}
	if rep.Specimen != nil {
		v.Specimen = rep.Specimen.ID
	}
	for _, f := range rep.Checks {
		v.Checks[f.Name] = string(f.Status)
	}
	for k, ms := range rep.TimingsMs {
		v.TimingsMs[k] = ms
	}
	if rep.Document != nil {
		v.DocHash = store.DocHash(a.secret, rep.Document.IssuingState, rep.Document.DocumentNumber)
	}
	return v
}
