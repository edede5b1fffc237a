package bench

import (
	"bytes"
	"encoding/csv"
	"flag"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// reportOf is a report of a synthetic run whose images are the demo set's.
func reportOf(t *testing.T, n int) *Report {
	t.Helper()
	run := &Run{Outcomes: synthOutcomes(n, 3), Valid: map[string]bool{}, Workers: 2, Elapsed: 40 * time.Second, PeakMemory: 300 << 20}
	m := Compute(run, "../samples/demo", 100)
	m.Engine = map[string]string{"version": "test", "specimens_version": "1", "calibration_version": "c", "mode": "in process"}
	return &Report{Run: run, Metrics: m, Samples: "../samples/demo", Thresholds: []float64{30, 50}, Misses: 2, ThumbWidth: 200}
}

// TestReportHTML renders the report: every section is there, plots and thumbnails are
// embedded, and nothing is loaded from outside.
func TestReportHTML(t *testing.T) {
	r := reportOf(t, 80)
	old := *r.Metrics
	old.Overall.APCER = ptr(0.9)
	r.Deltas, r.Against = Compare(&old, r.Metrics), "old/metrics.json"
	var b bytes.Buffer
	if err := r.WriteHTML(&b); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	for _, want := range []string{`id="headline"`, `id="compare"`, `id="roc"`, `id="scores"`, `id="attacks"`, `id="confusion"`,
		`id="false-alarms"`, `id="mrz"`, `id="latency"`, `id="misses"`, `id="errors"`, `id="terms"`,
		"ROC AUC", "BPCER@APCER 5%", "▲ better", "photo_substitution/obvious", "capture: kiosk", "unknown_document", "security_pattern"} {
		if !strings.Contains(html, want) {
			t.Errorf("the report lacks %s", want)
		}
	}
	if n := strings.Count(html, `src="data:image/png;base64,`); n != 5 {
		t.Errorf("%d embedded plots, want 5", n)
	}
	if n := strings.Count(html, `src="data:image/jpeg;base64,`); n != 4 {
		t.Errorf("%d embedded thumbnails, want 4 (2 worst misses of each kind)", n)
	}
	if m := regexp.MustCompile(`(?i)https?://|<link|<script|@import|url\(`).FindString(html); m != "" {
		t.Errorf("the report refers to an outside resource: %q", m)
	}
	if strings.Contains(html, "ZgotmplZ") {
		t.Error("the template refused a value (ZgotmplZ)")
	}
	if dir := os.Getenv("BENCH_REPORT_OUT"); dir != "" {
		os.WriteFile(filepath.Join(dir, "report.html"), b.Bytes(), 0o644)
	}
}

func TestWriteFiles(t *testing.T) {
	r := reportOf(t, 30)
	dir := t.TempDir()
	written, err := r.WriteFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(written) != 5 {
		t.Errorf("wrote %v", written)
	}
	f, err := os.Open(filepath.Join(dir, PlotFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() < 800 || b.Dy() < 300 {
		t.Errorf("the main plot is %v", b)
	}
	m, err := ReadMetrics(filepath.Join(dir, MetricsFile))
	if err != nil {
		t.Fatal(err)
	}
	if m.Overall.Samples != 30 || m.ByCapture["kiosk"].Samples == 0 {
		t.Errorf("metrics.json read back: %+v", m.Overall)
	}
	sum, _ := os.ReadFile(filepath.Join(dir, SummaryFile))
	if !strings.Contains(string(sum), "| **all** | 30 |") {
		t.Errorf("summary.md:\n%s", sum)
	}
}

// TestCSV compares samples.csv of hand-made outcomes with testdata/samples.golden.csv (-update
// rewrites it).
func TestCSV(t *testing.T) {
	os1 := synthOutcomes(8, 5)
	os1[2].Checks["a_newer_check"] = "fail"
	os1[3].HTTP = 200
	var b bytes.Buffer
	if err := WriteCSV(&b, os1); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(b.Bytes())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 9 {
		t.Fatalf("%d rows, want a header and 8", len(rows))
	}
	head := strings.Join(rows[0], ",")
	for _, col := range []string{"id,label,attack,strength,capture,specimen,found,verdict,risk", "check:specimen_match", "check:ir,check:a_newer_check",
		"total_ms,wall_ms,http_status,error"} {
		if !strings.Contains(head, col) {
			t.Errorf("header lacks %s: %s", col, head)
		}
	}
	golden := filepath.Join("testdata", "samples.golden.csv")
	if *update {
		if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b.Bytes(), want) {
		t.Errorf("samples.csv differs from %s (run with -update if intended):\n%s", golden, b.String())
	}
}

func TestCompare(t *testing.T) {
	old := &Metrics{Overall: Rates{APCER: ptr(0.2), BPCER: ptr(0.05), AUC: ptr(0.9), EER: ptr(0.1)},
		ByCapture: map[string]Rates{"scan": {APCER: ptr(0.1)}, "phone": {APCER: ptr(0.3)}},
		Latency:   map[string][3]float64{"total": {800, 1200, 1500}}, Throughput: 2, MRZ: MRZStats{Samples: 10, Exact: 0.8, CER: 0.02}}
	cur := &Metrics{Overall: Rates{APCER: ptr(0.1), BPCER: ptr(0.05), AUC: ptr(0.9002), EER: ptr(0.15)},
		ByCapture: map[string]Rates{"scan": {APCER: ptr(0.1)}, "kiosk": {APCER: ptr(0.2)}},
		Latency:   map[string][3]float64{"total": {820, 1500, 1600}}, Throughput: 1.5, MRZ: MRZStats{Samples: 10, Exact: 0.9, CER: 0.01}}
	ds := Compare(old, cur)
	find := func(group, figure string) Delta {
		for _, d := range ds {
			if d.Group == group && d.Figure == figure {
				return d
			}
		}
		t.Fatalf("no %s %s", group, figure)
		return Delta{}
	}
	for _, c := range []struct {
		group, figure string
		change        int
		diff          string
	}{
		{"overall", "APCER", 1, "−10.0 pt"},
		{"overall", "BPCER", 0, "±0.0 pt"},
		{"overall", "ROC AUC", 0, "±0.000"},
		{"overall", "EER", -1, "+5.0 pt"},
		{"capture kiosk", "APCER", 0, ""},
		{"capture phone", "APCER", 0, ""},
		{"mrz", "read exactly", 1, "+10.0 pt"},
		{"mrz", "character error rate", 1, "−1.0 pt"},
		{"speed", "p50 total", 0, "+2.5%"},
		{"speed", "p95 total", -1, "+25.0%"},
		{"speed", "throughput", -1, "−25.0%"},
	} {
		d := find(c.group, c.figure)
		if d.Change != c.change || d.Difference() != c.diff {
			t.Errorf("%s %s: change %d %q, want %d %q", c.group, c.figure, d.Change, d.Difference(), c.change, c.diff)
		}
	}
	var b bytes.Buffer
	if err := WriteDeltas(&b, ds); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"▲ better", "▼ worse", "capture kiosk", "—"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("the table lacks %s:\n%s", want, b.String())
		}
	}
}
