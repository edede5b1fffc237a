package store

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestRunRetention(t *testing.T) {
	ctx := context.Background()
	s := open(t, Config{DataDir: t.TempDir(), Log: quiet})
	now := time.Now()
	for i, age := range []time.Duration{72 * time.Hour, 25 * time.Hour, 23 * time.Hour, time.Minute} {
		v := verification(i)
		v.Time = now.Add(-age)
		must(t, s.Record(ctx, v))
	}
	rctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { RunRetention(rctx, s, 24*time.Hour, time.Hour, quiet); close(done) }()
	// The first purge runs at once; the next tick is an hour away.
	deadline := time.Now().Add(10 * time.Second)
	for {
		all, err := s.Recent(ctx, "", 10)
		must(t, err)
		if len(all) == 2 {
			if all[0].ID != "v0003" || all[1].ID != "v0002" {
				t.Errorf("kept %s and %s, want the two younger than a day", all[0].ID, all[1].ID)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d records left, want 2", len(all))
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("RunRetention did not return after its context ended")
	}
}

// countingStore counts Purge calls.
type countingStore struct {
	Store
	purges chan time.Time
}

func (c *countingStore) Purge(ctx context.Context, before time.Time) (int64, error) {
	c.purges <- before
	return 0, errors.New("purge failed") // failures are logged, and the loop goes on
}

func TestRunRetentionTicks(t *testing.T) {
	c := &countingStore{purges: make(chan time.Time, 100)}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { RunRetention(ctx, c, time.Hour, 20*time.Millisecond, quiet); close(done) }()
	for i := range 3 {
		select {
		case before := <-c.purges:
			if age := time.Since(before); age < time.Hour || age > time.Hour+time.Minute {
				t.Errorf("purge %d cut at %v ago, want an hour", i, age)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("only %d purges", i)
		}
	}
	cancel()
	<-done
}

func TestRunRetentionKeepForever(t *testing.T) {
	c := &countingStore{purges: make(chan time.Time, 1)}
	RunRetention(context.Background(), c, 0, time.Millisecond, quiet) // returns at once
	if len(c.purges) != 0 {
		t.Error("keep 0 purged")
	}
}
