package store

import (
	"context"
	"log/slog"
	"time"
)

// RunRetention deletes the verifications older than keep, at once and then every interval,
// until ctx is done. keep <= 0 keeps everything (it returns at once); every <= 0 means an
// hour. Failures are logged and retried at the next tick.
func RunRetention(ctx context.Context, s Store, keep, every time.Duration, log *slog.Logger) {
	if keep <= 0 {
		return
	}
	if every <= 0 {
		every = time.Hour
	}
	if log == nil {
		log = slog.Default()
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		before := time.Now().Add(-keep)
		n, err := s.Purge(ctx, before)
		switch {
		case err != nil && ctx.Err() == nil:
			log.Warn("store: retention: purge failed", "err", err)
		case n > 0:
			log.Info("store: retention: purged verifications", "count", n, "before", before.UTC().Format(time.RFC3339))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
