package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/docverify/docverify/detect"
	"github.com/docverify/docverify/detect/engine"
	"github.com/docverify/docverify/samples"
)

// demoSet copies some samples of the demo set (manifest lines and images) into a directory.
func demoSet(t *testing.T, ids ...string) string {
	t.Helper()
	src := filepath.Join("..", "..", "samples", "demo")
	set, err := samples.ReadManifest(src)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "images"), 0o755)
	f, _ := os.Open(filepath.Join(src, samples.ManifestName))
	defer f.Close()
	var mf bytes.Buffer
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for i := 0; sc.Scan(); i++ {
		s := set[i]
		if !slices.Contains(ids, s.ID) {
			continue
		}
		mf.Write(append(sc.Bytes(), '\n'))
		for _, p := range []*string{&s.File, s.IR, s.UV} {
			if p != nil {
				b, err := os.ReadFile(filepath.Join(src, *p))
				if err != nil {
					t.Fatal(err)
				}
				os.WriteFile(filepath.Join(dir, *p), b, 0o644)
			}
		}
	}
	os.WriteFile(filepath.Join(dir, samples.ManifestName), mf.Bytes(), 0o644)
	return dir
}

// cannedService answers POST /v1/verify with an engine report whose risk follows from the
// image's size, without running the engine.
func cannedService(t *testing.T) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer k" {
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, `{"error":{"code":"unauthorized","message":"no key","request_id":"r"}}`)
			return
		}
		img, _, err := r.FormFile("image")
		if err != nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		b, _ := io.ReadAll(img)
		risk := len(b) % 100
		v := engine.Genuine
		if risk >= 50 {
			v = engine.Forged
		}
		rep := &engine.Report{Verdict: v, RiskScore: risk, Specimen: &engine.SpecimenRef{ID: "uto-passport-2019"},
			Checks:    []detect.Finding{{Name: "layout", Status: detect.StatusFail, Reason: "layout_shift", Region: &detect.Quad{{10, 10}, {200, 10}, {200, 90}, {10, 90}}}},
			TimingsMs: map[string]float64{"total": 500}, Engine: engine.EngineInfo{Version: "canned", CalibrationVersion: "c"}}
		out, _ := json.Marshal(struct {
			*engine.Report
			ID        string `json:"id"`
			RequestID string `json:"request_id"`
		}{rep, "x", "r"})
		w.Write(out)
	}))
}

func TestBenchUsage(t *testing.T) {
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"no set", []string{"--out", "x"}, "give either --samples DIR or --generate N"},
		{"two sets", []string{"--samples", "a", "--generate", "3", "--out", "x"}, "give either"},
		{"no out", []string{"--samples", "a"}, "--out is required"},
		{"no workers", []string{"--samples", "a", "--out", "x", "--workers", "0"}, "--workers 0"},
		{"bad compare", []string{"--samples", "a", "--out", "x", "--compare", "nope.json"}, "--compare"},
		{"bad url", []string{"--samples", "a", "--out", "x", "--url", "localhost:8080"}, "service URL"},
		{"stray argument", []string{"--samples", "a", "--out", "x", "more"}, "usage: docverify bench"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			if got := run(append([]string{"bench"}, c.args...), nil, &out, &errOut); got != exitUnusable {
				t.Errorf("exit %d, want %d", got, exitUnusable)
			}
			if !strings.Contains(errOut.String(), c.want) {
				t.Errorf("stderr lacks %q:\n%s", c.want, errOut.String())
			}
		})
	}
}

// TestBenchService benchmarks a canned service over three demo samples, then again comparing
// with the first run.
func TestBenchService(t *testing.T) {
	srv := cannedService(t)
	defer srv.Close()
	set := demoSet(t, "s000000", "s000001", "s000004")
	first := filepath.Join(t.TempDir(), "first")
	var out, errOut bytes.Buffer
	if got := run([]string{"bench", "--samples", set, "--url", srv.URL, "--api-key", "k", "--workers", "2", "--bootstrap", "50", "--out", first},
		nil, &out, &errOut); got != exitOK {
		t.Fatalf("exit %d: %s", got, errOut.String())
	}
	if errOut.Len() > 0 {
		t.Errorf("stderr is not a terminal, yet: %q", errOut.String())
	}
	for _, want := range []string{"checked 3 samples (2 genuine, 1 forged)", "HTTP responses: 200 × 3", "latency wall", "report.html"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("stdout lacks %q:\n%s", want, out.String())
		}
	}
	for _, name := range []string{"metrics.json", "samples.csv", "report.html", "report.png", "summary.md"} {
		if st, err := os.Stat(filepath.Join(first, name)); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", name, err)
		}
	}
	b, _ := os.ReadFile(filepath.Join(first, "metrics.json"))
	var m struct {
		HTTPStatus map[string]int    `json:"http_status"`
		Engine     map[string]string `json:"engine"`
	}
	json.Unmarshal(b, &m)
	if m.HTTPStatus["200"] != 3 || m.Engine["version"] != "canned" || m.Engine["mode"] != "service, 2 clients" {
		t.Errorf("metrics.json: %+v", m)
	}

	second := filepath.Join(t.TempDir(), "second")
	out.Reset()
	if got := run([]string{"bench", "--samples", set, "--url", srv.URL, "--api-key", "k", "--workers", "1", "--bootstrap", "0", "--out", second,
		"--compare", filepath.Join(first, "metrics.json")}, nil, &out, &errOut); got != exitOK {
		t.Fatalf("exit %d: %s", got, errOut.String())
	}
	for _, want := range []string{"against " + filepath.Join(first, "metrics.json"), "group", "APCER", "p50 wall", "throughput"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the comparison lacks %q:\n%s", want, out.String())
		}
	}
	html, _ := os.ReadFile(filepath.Join(second, "report.html"))
	if !bytes.Contains(html, []byte(`id="compare"`)) {
		t.Error("report.html has no comparison")
	}
}

// TestBenchGenerate generates two samples into OUT/samples and runs on them.
func TestBenchGenerate(t *testing.T) {
	srv := cannedService(t)
	defer srv.Close()
	dir := t.TempDir()
	var out, errOut bytes.Buffer
	if got := run([]string{"bench", "--generate", "2", "--seed", "5", "--url", srv.URL, "--api-key", "k", "--workers", "1", "--out", dir},
		nil, &out, &errOut); got != exitOK {
		t.Fatalf("exit %d: %s", got, errOut.String())
	}
	set, err := samples.ReadManifest(filepath.Join(dir, "samples"))
	if err != nil || len(set) != 2 {
		t.Fatalf("%d samples generated: %v", len(set), err)
	}
	if !strings.Contains(out.String(), "generated 2 samples") || !strings.Contains(out.String(), "checked 2 samples") {
		t.Errorf("stdout:\n%s", out.String())
	}
}

// TestBenchEngine runs the engine in process over two demo samples. It needs docverify's MRZ
// model (ocr/tessdata/dvmrz.traineddata), or another one named by DOCVERIFY_TEST_MRZ_TESSDATA
// and DOCVERIFY_TEST_MRZ_LANG.
func TestBenchEngine(t *testing.T) {
	var flags []string
	if dir := os.Getenv("DOCVERIFY_TEST_MRZ_TESSDATA"); dir != "" {
		flags = []string{"--mrz-tessdata", dir, "--mrz-lang", os.Getenv("DOCVERIFY_TEST_MRZ_LANG")}
	} else if _, err := os.Stat(filepath.Join("..", "..", "ocr", "tessdata", "dvmrz.traineddata")); err != nil {
		t.Skip("the MRZ model ocr/tessdata/dvmrz.traineddata has not landed yet; set DOCVERIFY_TEST_MRZ_TESSDATA and DOCVERIFY_TEST_MRZ_LANG to run with another")
	}
	if os.Getenv("OMP_THREAD_LIMIT") == "" {
		t.Skip("needs OMP_THREAD_LIMIT=1 (make test sets it)")
	}
	set := demoSet(t, "s000001", "s000004")
	dir := t.TempDir()
	var out, errOut bytes.Buffer
	args := append([]string{"bench", "--samples", set, "--workers", "1", "--bootstrap", "20", "--out", dir}, flags...)
	if got := run(args, nil, &out, &errOut); got != exitOK {
		t.Fatalf("exit %d: %s", got, errOut.String())
	}
	for _, want := range []string{"checked 2 samples (1 genuine, 1 forged)", "0 errors", "latency total"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("stdout lacks %q:\n%s", want, out.String())
		}
	}
}
