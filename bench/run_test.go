package bench

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"hash/fnv"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/docverify/docverify/detect"
	"github.com/docverify/docverify/detect/engine"
	"github.com/docverify/docverify/samples"
)

// hashChecker decides from a hash of the image after a random pause, so that workers finish
// in a different order on every run.
type hashChecker struct {
	mu  sync.Mutex
	rng *rand.Rand
}

func (h *hashChecker) Check(ctx context.Context, in engine.Input) (*engine.Report, int, error) {
	h.mu.Lock()
	pause := time.Duration(h.rng.IntN(3000)) * time.Microsecond
	h.mu.Unlock()
	time.Sleep(pause)
	f := fnv.New32a()
	f.Write(in.Image)
	risk := int(f.Sum32() % 100)
	v := engine.Genuine
	if risk >= 50 {
		v = engine.Forged
	}
	status := detect.StatusPass
	if risk%3 == 0 {
		status = detect.StatusFail
	}
	return &engine.Report{Verdict: v, RiskScore: risk, Checks: []detect.Finding{{Name: "layout", Status: status}},
		TimingsMs: map[string]float64{"total": float64(pause.Microseconds()) / 1000}}, 0, nil
}

// TestExecuteDeterministic runs the same set twice with four workers finishing in different
// orders: the outcomes come back sorted by id and the metrics (timings aside) are the same bytes.
func TestExecuteDeterministic(t *testing.T) {
	dir := t.TempDir()
	var set []samples.Sample
	for i := range 40 {
		s := samples.Sample{ID: string(rune('a'+i%26)) + string(rune('a'+i/26)), File: "x.jpg", Label: "genuine", Capture: []string{"scan", "phone"}[i%2]}
		s.File = s.ID + ".jpg"
		if i%3 > 0 {
			s.Label, s.Attack, s.Strength = "forged", str([]string{"viz_altered", "fantasy"}[i%2]), str(string(samples.Strengths[i%3]))
		}
		set = append(set, s)
	}
	writeSet(t, dir, set)
	var first []byte
	for i := range 2 {
		run, err := Execute(context.Background(), Config{Samples: dir, Workers: 4, Checker: &hashChecker{rng: rand.New(rand.NewPCG(uint64(i), 1))}})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.IsSortedFunc(run.Outcomes, func(a, b Outcome) int { return strings.Compare(a.ID, b.ID) }) {
			t.Fatal("outcomes are not sorted by id")
		}
		got := metricsJSON(t, Compute(run, "set", 200))
		if i == 0 {
			first = got
		} else if !bytes.Equal(first, got) {
			t.Errorf("two runs of the same set differ:\n%s\n%s", first, got)
		}
	}
}

// TestExecuteCancelled keeps only the samples checked before the context ended.
func TestExecuteCancelled(t *testing.T) {
	dir := t.TempDir()
	var set []samples.Sample
	for _, id := range []string{"a", "b", "c", "d", "e", "f"} {
		set = append(set, samples.Sample{ID: id, File: id + ".jpg", Label: "genuine", Capture: "scan"})
	}
	writeSet(t, dir, set)
	ctx, cancel := context.WithCancel(context.Background())
	run, err := Execute(ctx, Config{Samples: dir, Workers: 1, Checker: &hashChecker{rng: rand.New(rand.NewPCG(1, 1))},
		Progress: func(done, total int) {
			if done == 2 {
				cancel()
			}
		}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want cancelled", err)
	}
	if len(run.Outcomes) < 2 || len(run.Outcomes) > 3 {
		t.Fatalf("%d outcomes kept, want the 2 or 3 checked", len(run.Outcomes))
	}
	for _, o := range run.Outcomes {
		if o.ID == "" {
			t.Error("an unchecked sample was kept")
		}
	}
}

// testEngine builds an engine with one OCR client, or skips the test when it cannot be built
// because docverify's MRZ model has not landed yet. DOCVERIFY_TEST_MRZ_TESSDATA and
// DOCVERIFY_TEST_MRZ_LANG name another model to run these tests with meanwhile.
func testEngine(t testing.TB) *engine.Engine {
	t.Helper()
	if os.Getenv("OMP_THREAD_LIMIT") == "" {
		t.Skip("needs OMP_THREAD_LIMIT=1 in the environment (make test sets it): Tesseract reads it when it loads")
	}
	cfg := engine.Config{Workers: 1, MRZTessdata: os.Getenv("DOCVERIFY_TEST_MRZ_TESSDATA"), MRZLanguage: os.Getenv("DOCVERIFY_TEST_MRZ_LANG")}
	e, err := engine.New(cfg)
	if err != nil && cfg.MRZTessdata == "" && errors.Is(err, fs.ErrNotExist) {
		t.Skipf("the engine cannot be built until the MRZ model ocr/tessdata/dvmrz.traineddata lands (%v); "+
			"set DOCVERIFY_TEST_MRZ_TESSDATA and DOCVERIFY_TEST_MRZ_LANG to run with another model", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.Close)
	return e
}

// demoSubset writes a sample set of some demo samples (their manifest lines and images).
func demoSubset(t testing.TB, ids ...string) string {
	t.Helper()
	src := filepath.Join("..", "samples", "demo")
	f, err := os.Open(filepath.Join(src, samples.ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "images"), 0o755)
	var mf bytes.Buffer
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		for _, id := range ids {
			if strings.Contains(sc.Text(), `"id":"`+id+`"`) {
				mf.Write(append(sc.Bytes(), '\n'))
			}
		}
	}
	set, err := samples.ReadManifest(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range set {
		if !slices.Contains(ids, s.ID) {
			continue
		}
		for _, p := range []*string{&s.File, s.IR, s.UV} {
			if p == nil {
				continue
			}
			b, err := os.ReadFile(filepath.Join(src, *p))
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(dir, *p), b, 0o644)
		}
	}
	os.WriteFile(filepath.Join(dir, samples.ManifestName), mf.Bytes(), 0o644)
	return dir
}

// TestEngineRun runs the engine twice over four demo samples (a kiosk capture with infrared
// and ultraviolet, a forgery, a fantasy document) with two workers: the metrics are the same,
// timings aside, and the report's files are written.
func TestEngineRun(t *testing.T) {
	e := testEngine(t)
	dir := demoSubset(t, "s000000", "s000001", "s000004", "s000014")
	var first []byte
	var last *Run
	for i := range 2 {
		run, err := Execute(context.Background(), Config{Samples: dir, Workers: 2, Checker: InProcess{e}})
		if err != nil {
			t.Fatal(err)
		}
		if len(run.Outcomes) != 4 {
			t.Fatalf("%d outcomes", len(run.Outcomes))
		}
		for _, o := range run.Outcomes {
			if o.Error != "" || o.Timings["total"] <= 0 || len(o.Checks) == 0 {
				t.Errorf("%s: %+v", o.ID, o)
			}
		}
		got := metricsJSON(t, Compute(run, "demo", 100))
		if i == 0 {
			first = got
		} else if !bytes.Equal(first, got) {
			t.Errorf("two runs of the same samples differ:\n%s\n%s", first, got)
		}
		last = run
	}
	m := Compute(last, dir, 100)
	r := &Report{Run: last, Metrics: m, Samples: dir, Thresholds: []float64{e.Calibration().Suspicious, e.Calibration().Forged}}
	written, err := r.WriteFiles(t.TempDir())
	if err != nil || len(written) != 5 {
		t.Fatalf("wrote %v: %v", written, err)
	}
}
