package server_test

// The officers' web page, end to end: the real service (the engine with OpenCV and Tesseract,
// the SQLite audit log) on httptest, driven in Debian's headless chromium with chromedp.
//
// What it does: loads the page; uploads a genuine and a forged demo sample through the file
// input; tries a kiosk sample (with its infrared and ultraviolet images) with a "Try a sample"
// button; uploads a text file. Each time it reads the JSON the page received (from the
// browser's network log) and checks that the page shows it: the verdict's words and colour
// class, the risk score, a mark per MRZ check digit, a row per printed field, every check
// (failed first) in plain words, the top reasons, the overlay image, the audit log's new row,
// or the error's message. On the way the console must stay free of errors and of Content
// Security Policy violations, and at a phone's width the page must not scroll sideways.
//
// How to run (chromium: apt-get install chromium; skipped without it or without an engine):
//
//	OMP_THREAD_LIMIT=1 go test -p 1 -run WebPage ./server
//
// The README's screenshot (a forged sample's result, desktop and phone widths) is written by
// the same test; a relative path is taken from the repository's root:
//
//	DOCVERIFY_SCREENSHOT=docs/web-page.png OMP_THREAD_LIMIT=1 go test -p 1 -run WebPageE2E ./server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/docverify/docverify/detect"
	"github.com/docverify/docverify/detect/engine"
	"github.com/docverify/docverify/detect/suite"
	"github.com/docverify/docverify/ocr"
	"github.com/docverify/docverify/samples"
	"github.com/docverify/docverify/server"
	"github.com/docverify/docverify/store"
)

// The demo samples the test uses (samples/demo/manifest.jsonl); the test checks their labels.
const (
	genuineID = "s000003" // a scanned visa: genuine
	kioskID   = "s000001" // a kiosk capture of a passport with infrared and ultraviolet images: genuine
)

// forgedAttack picks the forged sample: an MRZ edited with its check digits left wrong, which
// the engine catches whatever its calibration (the check digits are arithmetic).
const forgedAttack = "mrz_checksum"

// verdictWords are the banner's words for each verdict (the officers' page's vocabulary).
var verdictWords = map[string]string{
	"genuine":          "Genuine",
	"suspicious":       "Suspicious — look closer",
	"forged":           "Forged",
	"unknown_document": "Unknown document model",
	"unreadable":       "Unreadable — rescan",
}

// report is what the test reads of the page's answer from POST /v1/verify.
type report struct {
	ID        string `json:"id"`
	Verdict   string `json:"verdict"`
	RiskScore int    `json:"risk_score"`
	MRZ       *struct {
		Checks []struct {
			Field string `json:"field"`
			Valid bool   `json:"valid"`
		} `json:"checks"`
	} `json:"mrz"`
	Fields []struct {
		Name  string `json:"name"`
		Match bool   `json:"match"`
	} `json:"fields"`
	Checks []struct {
		Name   string `json:"name"`
		Status string `json:"status"`
		Reason string `json:"reason"`
	} `json:"checks"`
	TopReasons []struct {
		Check string `json:"check"`
	} `json:"top_reasons"`
	OverlayPNG string `json:"overlay_png"`
}

// shown is what the page shows of a result, read from its DOM.
type shown struct {
	VerdictText  string   `json:"verdictText"`
	VerdictClass string   `json:"verdictClass"`
	Risk         string   `json:"risk"`
	Meter        float64  `json:"meter"`
	MarksOK      int      `json:"marksOK"`
	MarksBad     int      `json:"marksBad"`
	FieldRows    []string `json:"fieldRows"`
	FieldsBad    int      `json:"fieldsBad"`
	Checks       []struct {
		Name   string `json:"name"`
		Status string `json:"status"`
		Badge  string `json:"badge"`
		Reason string `json:"reason"`
	} `json:"checks"`
	Reasons     []string `json:"reasons"`
	OverlaySrc  string   `json:"overlaySrc"`
	Focus       string   `json:"focus"`
	Error       string   `json:"error"`
	ResultShown bool     `json:"resultShown"`
	ImageName   string   `json:"imageName"`
}

const readPage = `(() => {
  const q = (s) => document.querySelector(s);
  const qa = (s) => [...document.querySelectorAll(s)];
  return {
    verdictText: q("#verdict-text").textContent,
    verdictClass: q("#verdict").className,
    risk: q("#risk-value").textContent,
    meter: q("#risk-meter").value,
    marksOK: qa("#mrz-fields .mark-ok").length,
    marksBad: qa("#mrz-fields .mark-bad").length,
    fieldRows: qa("#fields tr").map((r) => r.dataset.field),
    fieldsBad: qa("#fields tr.row-bad").length,
    checks: qa("#checks li").map((li) => ({
      name: li.dataset.check, status: li.dataset.status,
      badge: li.querySelector(".badge").textContent, reason: li.querySelector(".check-reason").textContent,
    })),
    reasons: qa("#reasons li").map((li) => li.textContent),
    overlaySrc: q("#overlay").getAttribute("src") || "",
    focus: document.activeElement ? document.activeElement.id : "",
    error: q("#error").hidden ? "" : q("#error-text").textContent,
    resultShown: !q("#result").hidden,
    imageName: q("#image-name").textContent,
  };
})()`

func TestWebPageE2E(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test: skipped with -short")
	}
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium is not installed (apt-get install chromium)")
	}
	ts := startService(t)
	p := openBrowser(t, chromium)
	demo := writeDemo(t)

	if hdr := headerOf(t, ts.URL+"/"); !strings.Contains(hdr, "script-src 'self'") || !strings.Contains(hdr, "style-src 'self'") {
		t.Errorf("the page's Content-Security-Policy is %q, want scripts and styles from 'self' only", hdr)
	}

	t.Run("genuine upload", func(t *testing.T) {
		p.t = t
		p.load(ts.URL)
		p.do(chromedp.SetUploadFiles(chromedp.CSS("#image"), []string{demo[genuineID]}),
			chromedp.Click(chromedp.CSS("#check")))
		p.waitDone()
		r := p.report()
		if r.Verdict != "genuine" {
			t.Errorf("the engine says %q for the genuine sample %s, want genuine", r.Verdict, genuineID)
		}
		s := p.checkResult(r)
		if s.MarksBad != 0 {
			t.Errorf("%d check digits marked ✗ on a genuine document", s.MarksBad)
		}
		if !strings.Contains(s.ImageName, genuineID) {
			t.Errorf("the page names the image %q, want the uploaded file %s.jpg", s.ImageName, genuineID)
		}
		p.checkZoom()
		p.checkClean()
	})

	t.Run("forged upload", func(t *testing.T) {
		p.t = t
		p.load(ts.URL)
		p.do(chromedp.SetUploadFiles(chromedp.CSS("#image"), []string{demo["forged"]}),
			chromedp.Click(chromedp.CSS("#check")))
		p.waitDone()
		r := p.report()
		s := p.checkResult(r)
		if s.VerdictText == "Genuine" {
			t.Errorf("the forged sample (%s) is shown as Genuine", forgedAttack)
		}
		if s.MarksBad == 0 {
			t.Errorf("no check digit is marked ✗ for a sample whose check digits are wrong")
		}
		if len(s.Checks) > 0 && s.Checks[0].Status != "fail" {
			t.Errorf("the first check shown is %s (%s), want a failed one first", s.Checks[0].Name, s.Checks[0].Status)
		}
		if len(s.Reasons) == 0 {
			t.Errorf("no reasons shown for a %s verdict", r.Verdict)
		}
		p.checkPhone(os.Getenv("DOCVERIFY_SCREENSHOT"))
		p.checkClean()
	})

	t.Run("try a sample", func(t *testing.T) {
		p.t = t
		p.load(ts.URL)
		p.do(chromedp.WaitVisible(chromedp.CSS(`button[data-sample="`+kioskID+`"]`)),
			chromedp.Click(chromedp.CSS(`button[data-sample="`+kioskID+`"]`)))
		p.waitDone()
		r := p.report()
		s := p.checkResult(r)
		for _, c := range r.Checks {
			if (c.Name == "ir" || c.Name == "uv") && c.Reason == "no_image" {
				t.Errorf("check %s says no image: the sample's infrared and ultraviolet images were not sent", c.Name)
			}
		}
		if !strings.Contains(s.ImageName, kioskID) {
			t.Errorf("the page names the image %q, want the sample %s", s.ImageName, kioskID)
		}
		p.checkClean()
	})

	t.Run("not an image", func(t *testing.T) {
		p.t = t
		p.load(ts.URL)
		note := filepath.Join(t.TempDir(), "note.txt")
		if err := os.WriteFile(note, []byte("this is a note, not a passport\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		p.do(chromedp.SetUploadFiles(chromedp.CSS("#image"), []string{note}),
			chromedp.Click(chromedp.CSS("#check")))
		p.waitDone()
		status, body := p.response("/v1/verify")
		var e struct {
			Error struct{ Code, Message string } `json:"error"`
		}
		if err := json.Unmarshal(body, &e); err != nil || e.Error.Message == "" {
			t.Fatalf("POST /v1/verify with a text file: status %d, body %.200q: want a JSON error", status, body)
		}
		if status < 400 || status >= 500 {
			t.Errorf("POST /v1/verify with a text file: status %d, want a 4xx", status)
		}
		s := p.read()
		if s.ResultShown {
			t.Errorf("a result is shown after an error")
		}
		if !strings.HasPrefix(s.Error, e.Error.Message) {
			t.Errorf("the page shows the error %q, want the service's message %q", s.Error, e.Error.Message)
		}
		p.allowNetworkError("/v1/verify", status)
		p.checkClean()
	})
}

// TestWebPageAPIKey checks the page against a service that requires keys: the 401 asks for a
// key (the key field opens and has the focus), and a key saved there is kept in the browser
// and sent as a bearer token. No engine is needed: the key is checked first.
func TestWebPageAPIKey(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test: skipped with -short")
	}
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium is not installed (apt-get install chromium)")
	}
	ctx := context.Background()
	cfg := server.DefaultConfig()
	cfg.DataDir = t.TempDir()
	cfg.Store.DataDir = cfg.DataDir
	cfg.Store.Log = slog.New(slog.NewJSONHandler(io.Discard, nil))
	st, err := store.Open(ctx, cfg.Store)
	if err != nil {
		t.Fatal(err)
	}
	key, k, err := store.NewKey("officer-e2e", store.RoleOfficer)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.CreateKey(ctx, k); err != nil {
		t.Fatal(err)
	}
	noEngine := func(context.Context) (server.Engine, error) { return nil, errors.New("no engine in this test") }
	srv, err := server.New(ctx, cfg, server.WithStore(st), server.WithEngine(noEngine),
		server.WithLogger(slog.New(slog.NewJSONHandler(io.Discard, nil))))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	demo := writeDemo(t)

	p := openBrowser(t, chromium)
	p.load(ts.URL)
	p.waitFor(`!document.getElementById("history-message").hidden`, "the recent verifications to ask for a key", 10*time.Second)
	if msg := evaluate[string](p, `document.getElementById("history-message").textContent`); !strings.Contains(msg, "API key") {
		t.Errorf("without a key the recent verifications say %q, want a request for an API key", msg)
	}

	p.do(chromedp.SetUploadFiles(chromedp.CSS("#image"), []string{demo[genuineID]}), chromedp.Click(chromedp.CSS("#check")))
	p.waitDone()
	status, _ := p.response("/v1/verify")
	if status != http.StatusUnauthorized {
		t.Fatalf("POST /v1/verify without a key: status %d, want 401", status)
	}
	s := p.read()
	if !strings.Contains(s.Error, "API key") || s.Focus != "api-key" || !evaluate[bool](p, `document.getElementById("key-panel").open`) {
		t.Errorf("after a 401 the page shows %q with the focus on %q: want a request for a key, the key field open and focused", s.Error, s.Focus)
	}

	p.do(chromedp.SendKeys(chromedp.CSS("#api-key"), key), chromedp.Click(chromedp.CSS(`#key-form button[type="submit"]`)))
	p.waitFor(`document.getElementById("history-message").textContent === "No verifications yet."`,
		"the recent verifications to load with the key", 10*time.Second)
	if got := evaluate[string](p, `localStorage.getItem("docverify.apiKey")`); got != key {
		t.Errorf("the key kept in the browser is %q, want the one entered", got)
	}
	if got := evaluate[string](p, `document.getElementById("key-state").textContent`); got != "set" {
		t.Errorf("the key's state says %q, want set", got)
	}
	p.allowNetworkError("/v1/verifications", http.StatusUnauthorized)
	p.allowNetworkError("/v1/verify", http.StatusUnauthorized)
	p.checkClean()
}

// TestWebPageVocabulary checks that the page has the engine's plain words for every reason
// code (detect.Reasons, copied into app.js) and a name for every check of the suite.
func TestWebPageVocabulary(t *testing.T) {
	src, err := os.ReadFile("web/app.js")
	if err != nil {
		t.Fatal(err)
	}
	reasons := jsTable(t, src, "REASONS")
	for r, words := range detect.Reasons {
		if got, ok := reasons[string(r)]; !ok {
			t.Errorf("app.js has no words for the reason %q (detect.Reasons: %q)", r, words)
		} else if got != words {
			t.Errorf("app.js says %q for the reason %q, detect.Reasons says %q", got, r, words)
		}
	}
	for r := range reasons {
		if _, ok := detect.Reasons[detect.Reason(r)]; !ok {
			t.Errorf("app.js has words for the reason %q, which detect.Reasons no longer has", r)
		}
	}
	checks := jsTable(t, src, "CHECKS")
	names := map[string]bool{}
	for _, c := range suite.Checks {
		names[c.Name] = true
		if checks[c.Name] == "" {
			t.Errorf("app.js has no name for the check %q", c.Name)
		}
	}
	for n := range checks {
		if !names[n] {
			t.Errorf("app.js names the check %q, which detect/suite no longer has", n)
		}
	}
}

// jsTable reads the object literal between "// BEGIN name" and "// END name" in app.js: one
// `key: "words",` a line.
func jsTable(t *testing.T, src []byte, name string) map[string]string {
	t.Helper()
	begin, end := []byte("// BEGIN "+name+"\n"), []byte("// END "+name+"\n")
	i, j := bytes.Index(src, begin), bytes.Index(src, end)
	if i < 0 || j < i {
		t.Fatalf("app.js: no %q … %q block", begin, end)
	}
	line := regexp.MustCompile(`^\s*([a-z0-9_]+): ("(?:[^"\\]|\\.)*"),$`)
	out := map[string]string{}
	for _, l := range strings.Split(string(src[i+len(begin):j]), "\n") {
		m := line.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		s, err := strconv.Unquote(m[2])
		if err != nil {
			t.Fatalf("app.js %s: %s: %v", name, l, err)
		}
		out[m[1]] = s
	}
	if len(out) == 0 {
		t.Fatalf("app.js: the %s block has no entries", name)
	}
	return out
}

// startService starts the real service on httptest with a fresh data directory and waits
// until its engine is warm. It skips the test when the engine cannot be built here.
func startService(t *testing.T) *httptest.Server {
	t.Helper()
	cfg := server.DefaultConfig()
	cfg.DataDir = t.TempDir()
	cfg.Store.DataDir = cfg.DataDir // DefaultConfig's store is in ./data
	cfg.Workers = 1
	cfg.Timeout = 2 * time.Minute // two cores shared with other jobs
	cfg.Engine = engineConfig(t)
	var logs bytes.Buffer
	var logMu sync.Mutex
	log := slog.New(slog.NewJSONHandler(lockedWriter{&logMu, &logs}, nil))
	t.Cleanup(func() {
		if t.Failed() {
			logMu.Lock()
			t.Logf("service log:\n%s", logs.String())
			logMu.Unlock()
		}
	})
	ctx := context.Background()
	srv, err := server.New(ctx, cfg, server.WithLogger(log))
	if err != nil {
		t.Fatalf("server.New: %v", err)
	}
	t.Cleanup(func() { srv.Close() })
	wctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	if err := srv.WaitReady(wctx); err != nil {
		t.Skipf("the engine cannot be built here: %v", err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts
}

// engineConfig is the real engine's configuration: docverify's own MRZ model, embedded.
func engineConfig(t *testing.T) engine.Config {
	var c engine.Config
	if _, err := os.Stat(filepath.Join("..", "ocr", "tessdata", ocr.Model+".traineddata")); err != nil {
		t.Skip("no MRZ model: ocr/tessdata/" + ocr.Model + ".traineddata is missing")
	}
	if err := c.Validate(); err != nil {
		t.Skipf("the engine cannot run here: %v", err)
	}
	return c
}

type lockedWriter struct {
	mu *sync.Mutex
	b  *bytes.Buffer
}

func (w lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

// writeDemo writes the demo samples the test uploads into a temporary directory: by id, and
// the forged one also as "forged".
func writeDemo(t *testing.T) map[string]string {
	t.Helper()
	fsys, set, err := samples.Demo()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	out := map[string]string{}
	write := func(key string, s samples.Sample) {
		b, err := fs.ReadFile(fsys, s.File)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, s.ID+".jpg")
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		out[key] = path
	}
	labels := map[string]string{}
	for _, s := range set {
		labels[s.ID] = s.Label
		switch {
		case s.ID == genuineID:
			write(s.ID, s)
		case s.Label == "forged" && s.Attack != nil && *s.Attack == forgedAttack && out["forged"] == "":
			write("forged", s)
		}
	}
	for _, id := range []string{genuineID, kioskID} {
		if labels[id] != "genuine" {
			t.Fatalf("demo sample %s is labelled %q, want genuine: update the ids at the top of e2e_test.go", id, labels[id])
		}
	}
	if out["forged"] == "" {
		t.Fatalf("the demo set has no forged sample with the attack %s", forgedAttack)
	}
	return out
}

func headerOf(t *testing.T, u string) string {
	t.Helper()
	res, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", u, res.Status)
	}
	return res.Header.Get("Content-Security-Policy")
}

// browserPage is a chromium tab with what it logged: console messages and responses.
type browserPage struct {
	t   *testing.T
	ctx context.Context

	mu        sync.Mutex
	console   []chromedp.ConsoleMessage
	responses []*network.EventResponseReceived
	used      map[network.RequestID]bool
	allowed   []allowedError
}

// allowedError is a failed request the test caused on purpose; the browser logs it as an error.
type allowedError struct {
	path   string
	status int
}

// cspWatch records, in every document, the Content Security Policy violations the page sees.
const cspWatch = `window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(e.violatedDirective + " " + e.blockedURI));`

func openBrowser(t *testing.T, chromium string) *browserPage {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil { // starts the browser, with no deadline
		t.Skipf("chromium does not start: %v", err)
	}
	p := &browserPage{t: t, ctx: ctx, used: map[network.RequestID]bool{}}
	messages := chromedp.Console(ctx)
	responses := chromedp.Events(ctx, network.ResponseReceived)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			p.mu.Lock()
			p.console = append(p.console, m)
			p.mu.Unlock()
		}
	}()
	go func() {
		for ev, err := range responses {
			if err != nil {
				return
			}
			p.mu.Lock()
			p.responses = append(p.responses, &ev)
			p.mu.Unlock()
		}
	}()
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: cspWatch}); err != nil {
		t.Fatal(err)
	}
	p.do(chromedp.EmulateViewport(1280, 900))
	return p
}

func (p *browserPage) do(actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, time.Minute)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		p.t.Fatal(err)
	}
}

func evaluate[T any](p *browserPage, js string) T {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, time.Minute)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		p.t.Fatalf("evaluate %.80q: %v", js, err)
	}
	return v
}

// load opens the page afresh and waits until its script has listed the demo samples.
func (p *browserPage) load(base string) {
	p.t.Helper()
	p.do(chromedp.Navigate(base+"/"), chromedp.WaitReady(chromedp.CSS("#samples button")))
}

// waitFor evaluates js until it is true. (chromedp's Poll compiles its predicate with
// new Function, which the page's Content Security Policy forbids.)
func (p *browserPage) waitFor(js, what string, timeout time.Duration) {
	p.t.Helper()
	deadline := time.Now().Add(timeout)
	for !evaluate[bool](p, js) {
		if time.Now().After(deadline) {
			p.t.Fatalf("waited %v for %s", timeout, what)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// waitDone waits until the page has finished a check: not busy, and a result or an error shown.
func (p *browserPage) waitDone() {
	p.t.Helper()
	p.waitFor(`!document.body.classList.contains("is-busy") &&
		(!document.getElementById("result").hidden || !document.getElementById("error").hidden)`,
		"the page to show a result or an error", 4*time.Minute)
}

func (p *browserPage) read() shown {
	p.t.Helper()
	b := evaluate[[]byte](p, readPage)
	var s shown
	if err := json.Unmarshal(b, &s); err != nil {
		p.t.Fatalf("reading the page: %v", err)
	}
	return s
}

// response is the status and body of the page's latest request to path not read before.
func (p *browserPage) response(path string) (int, []byte) {
	p.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var ev *network.EventResponseReceived
		p.mu.Lock()
		for _, r := range p.responses {
			if u, err := url.Parse(r.Response.URL); err == nil && u.Path == path && !p.used[r.RequestID] {
				ev = r
			}
		}
		if ev != nil {
			p.used[ev.RequestID] = true
		}
		p.mu.Unlock()
		if ev != nil {
			res, err := chromedp.Call(p.ctx, network.GetResponseBody, network.GetResponseBodyParams{RequestID: ev.RequestID})
			if err != nil {
				p.t.Fatalf("the body of %s: %v", path, err)
			}
			return int(ev.Response.Status), res.Body
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("the page made no request to %s", path)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// report is the page's latest answer from POST /v1/verify.
func (p *browserPage) report() *report {
	p.t.Helper()
	status, body := p.response("/v1/verify")
	if status != http.StatusOK {
		p.t.Fatalf("POST /v1/verify: status %d: %.300s", status, body)
	}
	var r report
	if err := json.Unmarshal(body, &r); err != nil {
		p.t.Fatalf("POST /v1/verify: %v", err)
	}
	return &r
}

// checkResult checks that the page shows the report r, and returns what it shows.
func (p *browserPage) checkResult(r *report) shown {
	t := p.t
	t.Helper()
	// The overlay is decoded and the audit log fetched after the result is drawn.
	p.waitFor(`(() => { const i = document.getElementById("overlay"); return i.complete && i.naturalWidth > 0; })()`,
		"the overlay image to load", 30*time.Second)
	p.waitFor(fmt.Sprintf(`(() => { const r = document.querySelector("#history tr"); return !!r && r.dataset.id === %q; })()`, r.ID),
		"the new verification at the top of the recent verifications", 30*time.Second)
	s := p.read()

	if !s.ResultShown || s.Error != "" {
		t.Fatalf("result shown %v, error %q", s.ResultShown, s.Error)
	}
	if want := verdictWords[r.Verdict]; s.VerdictText != want {
		t.Errorf("banner says %q for the verdict %q, want %q", s.VerdictText, r.Verdict, want)
	}
	if want := "verdict-" + r.Verdict; !strings.Contains(" "+s.VerdictClass+" ", " "+want+" ") {
		t.Errorf("banner's class is %q, want %s (its colour)", s.VerdictClass, want)
	}
	if s.Risk != strconv.Itoa(r.RiskScore) || int(s.Meter) != r.RiskScore {
		t.Errorf("risk shown %q (meter %v), want %d", s.Risk, s.Meter, r.RiskScore)
	}
	var ok, bad int
	if r.MRZ != nil {
		for _, c := range r.MRZ.Checks {
			if c.Valid {
				ok++
			} else {
				bad++
			}
		}
	}
	if ok+bad == 0 {
		t.Errorf("the report has no MRZ check digits")
	}
	if s.MarksOK != ok || s.MarksBad != bad {
		t.Errorf("MRZ check digits marked ✓ %d and ✗ %d, want %d and %d", s.MarksOK, s.MarksBad, ok, bad)
	}
	var names []string
	bad = 0
	for _, f := range r.Fields {
		names = append(names, f.Name)
		if !f.Match {
			bad++
		}
	}
	if strings.Join(s.FieldRows, ",") != strings.Join(names, ",") || s.FieldsBad != bad {
		t.Errorf("printed-vs-MRZ rows %v (%d differ), want %v (%d differ)", s.FieldRows, s.FieldsBad, names, bad)
	}
	if len(s.Checks) != len(r.Checks) {
		t.Errorf("%d checks shown, want %d", len(s.Checks), len(r.Checks))
	}
	rank := map[string]int{"fail": 0, "not_done": 1, "pass": 2}
	badges := map[string]string{"fail": "Failed", "not_done": "Not done", "pass": "Passed"}
	for i, c := range s.Checks {
		if i > 0 && rank[c.Status] < rank[s.Checks[i-1].Status] {
			t.Errorf("check %s (%s) is shown after %s (%s): failed first, then not done, then passed",
				c.Name, c.Status, s.Checks[i-1].Name, s.Checks[i-1].Status)
		}
		if c.Badge != badges[c.Status] {
			t.Errorf("check %s: badge %q for status %s, want %q", c.Name, c.Badge, c.Status, badges[c.Status])
		}
		if c.Reason == "" || strings.Contains(c.Reason, "_") {
			t.Errorf("check %s: reason %q, want plain words", c.Name, c.Reason)
		}
	}
	if len(r.TopReasons) > 0 && len(s.Reasons) != len(r.TopReasons) {
		t.Errorf("%d reasons shown, want the report's %d", len(s.Reasons), len(r.TopReasons))
	}
	if r.OverlayPNG == "" {
		t.Errorf("the report has no overlay (asked with ?overlay=true)")
	}
	if !strings.HasPrefix(s.OverlaySrc, "blob:") {
		t.Errorf("overlay src %q, want the report's PNG as a blob: URL", s.OverlaySrc)
	}
	if s.Focus != "verdict" {
		t.Errorf("focus is on %q after the result, want the verdict (for keyboard and screen reader users)", s.Focus)
	}
	return s
}

// checkZoom zooms the overlay: the actual-size button, then the slider.
func (p *browserPage) checkZoom() {
	t := p.t
	t.Helper()
	const state = `(() => { const i = document.getElementById("overlay");
		return [...i.classList].filter((c) => c === "actual" || c.startsWith("zoom-")).join(" ") + " " +
			document.getElementById("zoom-toggle").getAttribute("aria-pressed"); })()`
	p.do(chromedp.Click(chromedp.CSS("#zoom-toggle")))
	if got := evaluate[string](p, state); got != "zoom-100 actual true" {
		t.Errorf("after the actual-size button the overlay is %q, want actual size, pressed", got)
	}
	// The slider as a hand moves it: a new value and an input event.
	evaluate[bool](p, `(() => { const z = document.getElementById("zoom"); z.value = "200"; return z.dispatchEvent(new Event("input")); })()`)
	if got := evaluate[string](p, state); got != "zoom-200 false" {
		t.Errorf("with the zoom slider at 200 %% the overlay is %q, want zoom-200, not actual size", got)
	}
}

// allowNetworkError lets the browser's log of a request that failed on purpose pass checkClean.
func (p *browserPage) allowNetworkError(path string, status int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.allowed = append(p.allowed, allowedError{path, status})
}

// checkClean fails on console errors, uncaught exceptions and CSP violations since the last call.
func (p *browserPage) checkClean() {
	t := p.t
	t.Helper()
	for _, v := range evaluate[[]string](p, `window.__csp || []`) {
		t.Errorf("Content Security Policy violation: %s", v)
	}
	time.Sleep(200 * time.Millisecond) // let the last console events arrive
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, m := range p.console {
		csp := m.Source == "security" || strings.Contains(m.Text, "Content Security Policy") || strings.Contains(m.Text, "Content-Security-Policy")
		if !csp && m.Type != chromedp.ConsoleError && m.Type != chromedp.ConsoleException {
			continue
		}
		if !csp && p.allowedLocked(m) {
			continue
		}
		t.Errorf("console %s (%s) %s: %s", m.Type, m.Source, m.URL, m.Text)
	}
	p.console = nil
	p.allowed = nil
}

func (p *browserPage) allowedLocked(m chromedp.ConsoleMessage) bool {
	if m.Source != "network" {
		return false
	}
	u, err := url.Parse(m.URL)
	if err != nil {
		return false
	}
	for _, a := range p.allowed {
		if u.Path == a.path && strings.Contains(m.Text, strconv.Itoa(a.status)) {
			return true
		}
	}
	return false
}

// checkPhone checks the page at a phone's width (no sideways scrolling) and, when path is
// set, writes the screenshot of the page at desktop and phone widths to it.
func (p *browserPage) checkPhone(path string) {
	t := p.t
	t.Helper()
	var desktop []byte
	if path != "" {
		desktop = p.fullScreenshot()
	}
	p.do(chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch))
	defer p.do(chromedp.EmulateViewport(1280, 900))
	p.waitFor(`!document.getElementById("samples-box").open`, "the samples to fold at a phone's width", 5*time.Second)
	if w := evaluate[[]int](p, `[document.documentElement.scrollWidth, window.innerWidth]`); len(w) != 2 || w[0] > w[1] {
		t.Errorf("at a phone's width the page is %v px wide in a %v px window: it scrolls sideways", w[0], w[1])
	}
	wide := evaluate[[]string](p, `[...document.querySelectorAll(".table-wrap")]
		.filter((e) => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1).map((e) => e.querySelector("table").id)`)
	for _, id := range wide {
		t.Errorf("at a phone's width the table %s is wider than the screen", id)
	}
	if path == "" {
		return
	}
	phone := p.fullScreenshot()
	if !filepath.IsAbs(path) {
		path = filepath.Join("..", path) // the test runs in server/
	}
	if err := writeScreenshot(path, desktop, phone); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s", path)
}

func (p *browserPage) fullScreenshot() []byte {
	p.t.Helper()
	time.Sleep(300 * time.Millisecond) // layout after a viewport change
	ctx, cancel := context.WithTimeout(p.ctx, time.Minute)
	defer cancel()
	b, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		p.t.Fatal(err)
	}
	return b
}

// writeScreenshot puts the desktop screenshot on the left and the phone's beside it; the
// phone's long page is cut into columns no taller than the desktop's.
func writeScreenshot(path string, desktopPNG, phonePNG []byte) error {
	desktop, err := png.Decode(bytes.NewReader(desktopPNG))
	if err != nil {
		return err
	}
	phone, err := png.Decode(bytes.NewReader(phonePNG))
	if err != nil {
		return err
	}
	const margin, gap = 32, 24
	db, pb := desktop.Bounds(), phone.Bounds()
	cols := (pb.Dy() + db.Dy() - 1) / db.Dy()
	colH := (pb.Dy() + cols - 1) / cols
	w := margin + db.Dx() + margin + cols*pb.Dx() + (cols-1)*gap + margin
	h := margin + max(db.Dy(), colH) + margin
	out := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(out, out.Bounds(), image.NewUniform(color.RGBA{0x3a, 0x44, 0x50, 0xff}), image.Point{}, draw.Src)
	draw.Draw(out, db.Add(image.Pt(margin, margin)), desktop, db.Min, draw.Src)
	x := margin + db.Dx() + margin
	for c := range cols {
		src := image.Rect(pb.Min.X, pb.Min.Y+c*colH, pb.Max.X, min(pb.Max.Y, pb.Min.Y+(c+1)*colH))
		dst := image.Rect(x, margin, x+src.Dx(), margin+src.Dy())
		draw.Draw(out, dst, phone, src.Min, draw.Src)
		x += pb.Dx() + gap
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, out); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}
