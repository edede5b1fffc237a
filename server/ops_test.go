package server

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/docverify/docverify/detect/engine"
	"github.com/docverify/docverify/store"
)

// blocker is a fake check that signals when it starts and waits for release (or its context).
type blocker struct {
	started chan struct{}
	release chan struct{}
}

func newBlocker() *blocker {
	return &blocker{started: make(chan struct{}, 100), release: make(chan struct{})}
}

func (b *blocker) check(ctx context.Context, _ engine.Input) (*engine.Report, error) {
	b.started <- struct{}{}
	select {
	case <-b.release:
		return fakeReport(), nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// TestQueueFull: with the worker busy and the queue full, further checks are refused at once
// with 429 and Retry-After, never a 5xx; the queued ones are answered when the worker frees.
func TestQueueFull(t *testing.T) {
	cfg := testConfig(t)
	cfg.Workers, cfg.Queue = 1, 2
	b := newBlocker()
	s := newServer(t, cfg, withFakeEngine(t, b.check))
	_, img := pickDemo(t, genuinePassport)
	req := func() *http.Request { return multipartRequest("/v1/verify", map[string][]byte{"image": img}) }

	var wg sync.WaitGroup
	codes := make(chan int, 3)
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes <- s.do(req()).Code
		}()
	}
	<-b.started // one running
	w := s.ready()
	for deadline := time.Now().Add(5 * time.Second); w.pool.Depth() < 2; {
		if time.Now().After(deadline) {
			t.Fatalf("queue depth %d, want 2", w.pool.Depth())
		}
		time.Sleep(time.Millisecond)
	}
	for i := range 10 {
		start := time.Now()
		rec := s.do(req())
		if rec.Code != http.StatusTooManyRequests || errorCode(t, rec) != CodeOverloaded {
			t.Fatalf("request %d with the queue full: %d %s", i, rec.Code, rec.Body.String())
		}
		if ra, err := strconv.Atoi(rec.Header().Get("Retry-After")); err != nil || ra < 1 {
			t.Errorf("Retry-After %q", rec.Header().Get("Retry-After"))
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("the refusal took %v: it must be at once", d)
		}
	}
	m := s.do(get("/metrics", "")).Body.String()
	for _, want := range []string{"docverify_queue_depth 2", "docverify_in_flight 1", `docverify_rejected_total{code="overloaded"} 10`} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	close(b.release)
	wg.Wait()
	close(codes)
	for c := range codes {
		if c != http.StatusOK {
			t.Errorf("a queued check: %d, want 200", c)
		}
	}
}

// TestTimeout: a check that outlives the request's deadline is answered 503 timeout with
// Retry-After, and the worker is free again afterwards.
func TestTimeout(t *testing.T) {
	cfg := testConfig(t)
	cfg.Workers, cfg.Timeout = 1, time.Second
	b := newBlocker()
	s := newServer(t, cfg, withFakeEngine(t, b.check))
	_, img := pickDemo(t, genuinePassport)
	rec := s.do(multipartRequest("/v1/verify", map[string][]byte{"image": img}))
	if rec.Code != http.StatusServiceUnavailable || errorCode(t, rec) != CodeTimeout || rec.Header().Get("Retry-After") == "" {
		t.Fatalf("%d %s", rec.Code, rec.Body.String())
	}
	close(b.release)
	if rec := s.do(multipartRequest("/v1/verify", map[string][]byte{"image": img})); rec.Code != http.StatusOK {
		t.Errorf("after a timeout: %d %s", rec.Code, rec.Body.String())
	}
}

// TestSpool: when the store cannot take a record the officer still gets the verdict, the record
// waits in the spool and reaches the store when it is back. Only when the spool cannot keep it
// either does the request fail (503), and then without a verdict.
func TestSpool(t *testing.T) {
	cfg := testConfig(t)
	cfg.SpoolEvery = 20 * time.Millisecond
	st := &flakyStore{Store: openStore(t, cfg.DataDir)}
	s := newServer(t, cfg, WithStore(st), withFakeEngine(t, nil))
	_, img := pickDemo(t, genuinePassport)

	st.set(func(f *flakyStore) { f.failRecord = true })
	rec := s.do(multipartRequest("/v1/verify", map[string][]byte{"image": img}))
	if rec.Code != http.StatusOK {
		t.Fatalf("store down: %d %s: the verdict must still be given", rec.Code, rec.Body.String())
	}
	var a struct{ ID, Verdict string }
	json.Unmarshal(rec.Body.Bytes(), &a)
	if a.Verdict == "" {
		t.Fatal("no verdict")
	}
	if _, err := st.Get(context.Background(), a.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("the record is in the store while it is down: %v", err)
	}
	if m := s.do(get("/metrics", "")).Body.String(); !strings.Contains(m, "docverify_spool_depth 1") {
		t.Error("metrics: spool depth is not 1")
	}

	// The store is back: the spool's loop writes the record.
	st.set(func(f *flakyStore) { f.failRecord = false })
	for deadline := time.Now().Add(5 * time.Second); ; {
		if _, err := st.Get(context.Background(), a.ID); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the spooled record never reached the store")
		}
		time.Sleep(10 * time.Millisecond)
	}

	// Store and spool both fail: no verdict without a record.
	st.set(func(f *flakyStore) { f.failRecord = true })
	spoolFile := filepath.Join(cfg.DataDir, SpoolDir, store.SpoolFile)
	os.Remove(spoolFile)
	if err := os.Mkdir(spoolFile, 0o700); err != nil { // appending to a directory fails, even as root
		t.Fatal(err)
	}
	rec = s.do(multipartRequest("/v1/verify", map[string][]byte{"image": img}))
	if rec.Code != http.StatusServiceUnavailable || errorCode(t, rec) != CodeUnavailable || strings.Contains(rec.Body.String(), `"verdict":`) {
		t.Errorf("store and spool down: %d %s", rec.Code, rec.Body.String())
	}
	os.Remove(spoolFile)
	st.set(func(f *flakyStore) { f.failRecord = false })
	if rec := s.do(multipartRequest("/v1/verify", map[string][]byte{"image": img})); rec.Code != http.StatusOK {
		t.Errorf("after the outage: %d", rec.Code)
	}
}

// TestLogsHoldNoPersonalData verifies a demo sample on the real engine, checks its MRZ and reads
// its audit record, then looks for the holder's name, document number, dates and MRZ lines in
// everything the service logged.
func TestLogsHoldNoPersonalData(t *testing.T) {
	s := newServer(t, testConfig(t), withRealEngine(t))
	sample, img := pickDemo(t, genuinePassport)
	rec := s.do(multipartRequest("/v1/verify?overlay=true", map[string][]byte{"image": img}))
	if rec.Code != http.StatusOK {
		t.Fatalf("verify: %d %s", rec.Code, rec.Body.String())
	}
	if !strings.Contains(rec.Body.String(), sample.Fields.DocumentNumber) {
		t.Fatalf("the engine did not read the document number, so the test proves nothing: %.500s", rec.Body.String())
	}
	var a struct{ ID string }
	json.Unmarshal(rec.Body.Bytes(), &a)
	s.do(get("/v1/verifications/"+a.ID, ""))
	s.do(jsonRequest("/v1/mrz", map[string]any{"lines": sample.MRZ, "repair": true}))
	s.do(multipartRequest("/v1/verify", map[string][]byte{"image": testdata(t, "truncated.jpg")}))

	logs := s.logs.String()
	if !strings.Contains(logs, `"route":"/v1/verify"`) || !strings.Contains(logs, `"msg":"verification"`) {
		t.Fatalf("the logs lack the requests:\n%s", logs)
	}
	f := sample.Fields
	secrets := []string{f.Surname, f.GivenNames, f.DocumentNumber, f.BirthDate, f.ExpiryDate,
		strings.ReplaceAll(f.BirthDate, "-", "")[2:], strings.ReplaceAll(f.ExpiryDate, "-", "")[2:]}
	secrets = append(secrets, sample.MRZ...)
	for _, v := range sample.Printed {
		if len(v) > 4 {
			secrets = append(secrets, v)
		}
	}
	for _, p := range secrets {
		if p != "" && strings.Contains(logs, p) {
			t.Errorf("the logs hold %q", p)
		}
	}
	for _, line := range strings.Split(strings.TrimSpace(logs), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Errorf("a log line is not JSON: %s", line)
			continue
		}
		if m["msg"] == "request" {
			for _, k := range []string{"request_id", "method", "route", "status", "duration_ms"} {
				if _, ok := m[k]; !ok {
					t.Errorf("access log line without %s: %s", k, line)
				}
			}
		}
	}
}

// TestReadiness: /healthz answers at once, /readyz and the API only once the engine is warm;
// /readyz names what is missing, the store included.
func TestReadiness(t *testing.T) {
	cfg := testConfig(t)
	st := &flakyStore{Store: openStore(t, cfg.DataDir)}
	release := make(chan struct{})
	logs := &syncBuffer{}
	s, err := New(context.Background(), cfg, WithStore(st), WithLogger(slog.New(slog.NewJSONHandler(logs, nil))),
		WithEngine(func(context.Context) (Engine, error) {
			<-release
			return &fakeEngine{lib: library(t)}, nil
		}))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ts := &testServer{Server: s, t: t, logs: logs}
	readyz := func() readiness {
		rec := ts.do(get("/readyz", ""))
		var r readiness
		json.Unmarshal(rec.Body.Bytes(), &r)
		if (rec.Code == http.StatusOK) != (r.Status == "ready") {
			t.Errorf("readyz %d with status %q", rec.Code, r.Status)
		}
		return r
	}
	if rec := ts.do(get("/healthz", "")); rec.Code != http.StatusOK {
		t.Errorf("healthz while warming up: %d", rec.Code)
	}
	if r := readyz(); r.Status != "not_ready" || strings.Join(r.Missing, ",") != "specimens,ocr" || r.Checks["ocr"] != "warming_up" {
		t.Errorf("while warming up: %+v", r)
	}
	_, img := pickDemo(t, genuinePassport)
	for _, req := range []*http.Request{multipartRequest("/v1/verify", map[string][]byte{"image": img}), get("/v1/specimens", "")} {
		if rec := ts.do(req); rec.Code != http.StatusServiceUnavailable || errorCode(t, rec) != CodeNotReady || rec.Header().Get("Retry-After") == "" {
			t.Errorf("%s while warming up: %d %s", req.URL.Path, rec.Code, rec.Body.String())
		}
	}
	close(release)
	if err := s.WaitReady(context.Background()); err != nil {
		t.Fatal(err)
	}
	if r := readyz(); r.Status != "ready" || len(r.Missing) != 0 {
		t.Errorf("after warm-up: %+v", r)
	}
	st.set(func(f *flakyStore) { f.failPing = true })
	if r := readyz(); r.Status != "not_ready" || strings.Join(r.Missing, ",") != "store" {
		t.Errorf("store down: %+v", r)
	}
	st.set(func(f *flakyStore) { f.failPing = false })

	// An engine that cannot start: not ready, and Serve gives up with the error.
	cfg = testConfig(t)
	s2, err := New(context.Background(), cfg, WithLogger(slog.New(slog.NewJSONHandler(io.Discard, nil))),
		WithEngine(func(context.Context) (Engine, error) { return nil, errors.New("no OCR model") }))
	if err != nil {
		t.Fatal(err)
	}
	ln, err := s2.Listen(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := s2.Serve(context.Background(), ln); err == nil || !strings.Contains(err.Error(), "no OCR model") {
		t.Errorf("Serve with a failing engine: %v", err)
	}
}

// TestGracefulShutdown: on a stop signal the service finishes the check in flight (its client
// gets the verdict and the record is written), then stops accepting and closes.
func TestGracefulShutdown(t *testing.T) {
	cfg := testConfig(t)
	b := newBlocker()
	logs := &syncBuffer{}
	s, err := New(context.Background(), cfg, WithLogger(slog.New(slog.NewJSONHandler(logs, nil))), withFakeEngine(t, b.check))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.WaitReady(context.Background()); err != nil {
		t.Fatal(err)
	}
	ln, err := s.Listen(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String()
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx, ln) }()

	_, img := pickDemo(t, genuinePassport)
	type result struct {
		code int
		id   string
		err  error
	}
	got := make(chan result, 1)
	go func() {
		r := multipartRequest("/v1/verify", map[string][]byte{"image": img})
		req, _ := http.NewRequest(http.MethodPost, url+"/v1/verify", r.Body)
		req.Header.Set("Content-Type", r.Header.Get("Content-Type"))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			got <- result{err: err}
			return
		}
		defer resp.Body.Close()
		var a struct{ ID string }
		json.NewDecoder(resp.Body).Decode(&a)
		got <- result{code: resp.StatusCode, id: a.ID}
	}()
	<-b.started
	stop() // SIGTERM
	time.Sleep(100 * time.Millisecond)
	if resp, err := http.Get(url + "/healthz"); err == nil {
		resp.Body.Close()
		t.Error("a new connection was accepted while stopping")
	}
	close(b.release)
	r := <-got
	if r.err != nil || r.code != http.StatusOK {
		t.Fatalf("the request in flight: %d %v", r.code, r.err)
	}
	select {
	case err := <-served:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return")
	}
	st := openStore(t, cfg.DataDir)
	defer st.Close()
	if _, err := st.Get(context.Background(), r.id); err != nil {
		t.Errorf("the record of the request in flight: %v", err)
	}
	if !strings.Contains(logs.String(), `"msg":"stopped"`) {
		t.Error("no stopped log line")
	}
}
