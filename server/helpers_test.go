package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"io/fs"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/docverify/docverify/detect"
	"github.com/docverify/docverify/detect/checks/vizmrz"
	"github.com/docverify/docverify/detect/engine"
	"github.com/docverify/docverify/samples"
	"github.com/docverify/docverify/store"
	"github.com/docverify/docverify/templates"
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
)

var update = flag.Bool("update", false, "rewrite the generated files in testdata/")

func TestMain(m *testing.M) {
	// Tesseract reads OMP_THREAD_LIMIT when it loads; without it each OCR call is ~6× slower.
	if os.Getenv("OMP_THREAD_LIMIT") == "" {
		if exe, err := os.Executable(); err == nil {
			_ = syscall.Exec(exe, os.Args, append(os.Environ(), "OMP_THREAD_LIMIT=1"))
		}
	}
	for _, ct := range []string{"image/jpeg", "image/png", "text/html"} {
		openapi3filter.RegisterBodyDecoder(ct, openapi3filter.FileBodyDecoder)
	}
	code := m.Run()
	if realEng != nil {
		realEng.Close()
	}
	os.Exit(code)
}

// Real engine, shared by the tests that need one (it takes a second or two to build).
var (
	realOnce sync.Once
	realEng  *engine.Engine
	realErr  error
	realSkip string
)

// engineConfig is the engine's configuration for tests, or a reason to skip.
func engineConfig() (engine.Config, string) {
	cfg := engine.Config{Workers: 2}
	if _, err := os.Stat("../ocr/tessdata/dvmrz.traineddata"); err == nil {
		return cfg, ""
	}
	return cfg, "the MRZ OCR model ocr/tessdata/dvmrz.traineddata is missing: the real engine cannot start"
}

// realEngine is the shared real engine; it skips the test when the OCR model is missing.
func realEngine(t testing.TB) *engine.Engine {
	t.Helper()
	realOnce.Do(func() {
		cfg, skip := engineConfig()
		if skip != "" {
			realSkip = skip
			return
		}
		realEng, realErr = engine.New(cfg)
	})
	if realSkip != "" {
		t.Skip(realSkip)
	}
	if realErr != nil {
		t.Fatalf("engine.New: %v", realErr)
	}
	return realEng
}

// shared lends the real engine to a server without letting it close it.
type shared struct{ *engine.Engine }

func (shared) Close() {}

func withRealEngine(t testing.TB) Option {
	e := realEngine(t)
	return WithEngine(func(context.Context) (Engine, error) { return shared{e}, nil })
}

// The specimen library for fake engines.
var (
	libOnce sync.Once
	lib     *templates.Library
	libErr  error
)

func library(t testing.TB) *templates.Library {
	t.Helper()
	libOnce.Do(func() { lib, libErr = templates.Load("") })
	if libErr != nil {
		t.Fatal(libErr)
	}
	return lib
}

// fakeEngine answers with check, or with a fixed genuine report.
type fakeEngine struct {
	lib   *templates.Library
	check func(ctx context.Context, in engine.Input) (*engine.Report, error)
}

func (f *fakeEngine) Check(ctx context.Context, in engine.Input) (*engine.Report, error) {
	if f.check != nil {
		return f.check(ctx, in)
	}
	return fakeReport(), nil
}
func (f *fakeEngine) Library() *templates.Library { return f.lib }
func (f *fakeEngine) Close()                      {}

func withFakeEngine(t testing.TB, check func(ctx context.Context, in engine.Input) (*engine.Report, error)) Option {
	f := &fakeEngine{lib: library(t), check: check}
	return WithEngine(func(context.Context) (Engine, error) { return f, nil })
}

// fakeReport is a small genuine report.
func fakeReport() *engine.Report {
	return &engine.Report{
		Verdict:    engine.Genuine,
		RiskScore:  3,
		Specimen:   &engine.SpecimenRef{ID: "uto-passport-2019", Confidence: 1},
		Fields:     []vizmrz.Field{},
		Checks:     []detect.Finding{{Name: "specimen_match", Status: detect.StatusPass, Reason: "ok", Evidence: map[string]any{}}},
		TopReasons: []engine.TopReason{},
		Capture:    detect.Capture{Class: detect.CaptureDocument, PxPerMM: 11.8},
		TimingsMs:  map[string]float64{"decode": 1, "total": 2},
		Engine:     engine.EngineInfo{Version: "test"},
	}
}

// testServer is a server under test with its log.
type testServer struct {
	*Server
	t    testing.TB
	logs *syncBuffer
	dir  string
}

// syncBuffer is a log sink safe for concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// testConfig is a configuration for tests: a fresh data directory, no rate limit.
func testConfig(t testing.TB) Config {
	cfg := DefaultConfig()
	cfg.DataDir = t.TempDir()
	cfg.Addr = "127.0.0.1:0"
	cfg.Workers = 2
	cfg.Rate = 0
	return cfg
}

// newServer builds a server, waits until it is ready and closes it when the test ends.
func newServer(t testing.TB, cfg Config, opts ...Option) *testServer {
	t.Helper()
	logs := &syncBuffer{}
	log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	s, err := New(context.Background(), cfg, append([]Option{WithLogger(log)}, opts...)...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := s.WaitReady(ctx); err != nil {
		t.Fatalf("WaitReady: %v", err)
	}
	return &testServer{Server: s, t: t, logs: logs, dir: cfg.DataDir}
}

// The OpenAPI document and its router, for validating responses.
var (
	specOnce   sync.Once
	specRouter routers.Router
	specErr    error
)

func openAPIRouter(t testing.TB) routers.Router {
	t.Helper()
	specOnce.Do(func() {
		loader := openapi3.NewLoader()
		doc, err := loader.LoadFromData(openapiJSON)
		if err != nil {
			specErr = err
			return
		}
		if err := doc.Validate(context.Background()); err != nil {
			specErr = err
			return
		}
		specRouter, specErr = legacy.NewRouter(doc)
	})
	if specErr != nil {
		t.Fatalf("openapi.json: %v", specErr)
	}
	return specRouter
}

// do sends a request to the server's handler and validates the response against
// openapi.json (every route the document lists; the web page's files are not in it).
func (s *testServer) do(req *http.Request) *httptest.ResponseRecorder {
	s.t.Helper()
	if req.RemoteAddr == "" || req.RemoteAddr == "192.0.2.1:1234" {
		req.RemoteAddr = "127.0.0.1:5555"
	}
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, req)
	validateResponse(s.t, req, rec)
	if rec.Header().Get("X-Request-ID") == "" {
		s.t.Errorf("%s %s: no X-Request-ID", req.Method, req.URL.Path)
	}
	if rec.Code >= 400 && req.URL.Path != "/readyz" {
		var e errorBody
		if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Error.Code == "" || e.Error.RequestID == "" {
			s.t.Errorf("%s %s: %d answer is not an error JSON: %s", req.Method, req.URL.Path, rec.Code, rec.Body.String())
		}
	}
	return rec
}

func validateResponse(t testing.TB, req *http.Request, rec *httptest.ResponseRecorder) {
	t.Helper()
	route, params, err := openAPIRouter(t).FindRoute(req)
	if err != nil {
		return // not an API route (web page files, unknown paths)
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
		Status:                 rec.Code,
		Header:                 rec.Header(),
		Body:                   io.NopCloser(bytes.NewReader(rec.Body.Bytes())),
		Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		t.Errorf("%s %s → %d does not match openapi.json: %v\nbody: %.400s", req.Method, req.URL.Path, rec.Code, err, rec.Body.String())
	}
}

// get makes a GET request, with a key when key is not "".
func get(path, key string) *http.Request {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	return req
}

// multipartRequest makes a POST /v1/verify (or path) with the given parts.
func multipartRequest(path string, parts map[string][]byte) *http.Request {
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for _, name := range []string{"image", "ir", "uv", "other"} {
		if data, ok := parts[name]; ok {
			fw, _ := w.CreateFormFile(name, name+".bin")
			fw.Write(data)
		}
	}
	w.Close()
	req := httptest.NewRequest(http.MethodPost, path, &b)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return req
}

func jsonRequest(path string, v any) *http.Request {
	b, _ := json.Marshal(v)
	req := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	return req
}

func withKey(req *http.Request, key string) *http.Request {
	req.Header.Set("Authorization", "Bearer "+key)
	return req
}

// errorCode is the code of an error answer.
func errorCode(t testing.TB, rec *httptest.ResponseRecorder) string {
	t.Helper()
	var e errorBody
	json.Unmarshal(rec.Body.Bytes(), &e)
	return e.Error.Code
}

// pickDemo returns a demo sample by predicate, with its image bytes.
func pickDemo(t testing.TB, pick func(samples.Sample) bool) (samples.Sample, []byte) {
	t.Helper()
	fsys, set, err := samples.Demo()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range set {
		if pick(s) {
			f, err := fsys.Open(s.File)
			if err != nil {
				t.Fatal(err)
			}
			b, err := io.ReadAll(f)
			f.Close()
			if err != nil {
				t.Fatal(err)
			}
			return s, b
		}
	}
	t.Fatal("no such demo sample")
	return samples.Sample{}, nil
}

// genuinePassport picks the demo set's genuine kiosk capture of a passport (with IR and UV).
func genuinePassport(s samples.Sample) bool {
	return s.Label == "genuine" && s.Capture == "kiosk" && strings.Contains(s.Specimen, "passport")
}

// demoFile reads a file of the demo set.
func demoFile(t testing.TB, name string) []byte {
	t.Helper()
	fsys, _, err := samples.Demo()
	if err != nil {
		t.Fatal(err)
	}
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// addKey stores a new key and returns its plaintext.
func addKey(t testing.TB, s store.Store, name string, role store.Role) (string, store.Key) {
	t.Helper()
	plain, k, err := store.NewKey(name, role)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CreateKey(context.Background(), k); err != nil {
		t.Fatal(err)
	}
	return plain, k
}

// openStore opens a SQLite store in a fresh directory.
func openStore(t testing.TB, dir string) store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), store.Config{Driver: store.DriverSQLite, DataDir: dir,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// flakyStore is a store whose writes, reads or pings can be made to fail.
type flakyStore struct {
	store.Store
	mu                             sync.Mutex
	failRecord, failKeys, failPing bool
	wrongHash                      bool // KeyByHash answers a key with another hash, as a broken index would
}

var errDown = errors.New("store down (test)")

func (f *flakyStore) set(fn func(f *flakyStore)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	fn(f)
}

func (f *flakyStore) Record(ctx context.Context, v store.Verification) error {
	f.mu.Lock()
	fail := f.failRecord
	f.mu.Unlock()
	if fail {
		return errDown
	}
	return f.Store.Record(ctx, v)
}

func (f *flakyStore) KeyByHash(ctx context.Context, hash []byte) (store.Key, error) {
	f.mu.Lock()
	fail, wrong := f.failKeys, f.wrongHash
	f.mu.Unlock()
	if fail {
		return store.Key{}, errDown
	}
	k, err := f.Store.KeyByHash(ctx, hash)
	if wrong && err == nil {
		k.Hash = store.HashKey("something else")
	}
	if wrong && errors.Is(err, store.ErrNotFound) {
		ks, _ := f.Store.Keys(ctx)
		if len(ks) > 0 {
			return ks[0], nil // the index returned some row: the comparison must refuse it
		}
	}
	return k, err
}

func (f *flakyStore) Ping(ctx context.Context) error {
	f.mu.Lock()
	fail := f.failPing
	f.mu.Unlock()
	if fail {
		return errDown
	}
	return f.Store.Ping(ctx)
}
