package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"image"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/docverify/docverify/detect"
	"github.com/docverify/docverify/detect/checks/vizmrz"
	"github.com/docverify/docverify/samples"
)

// The engine's tests run the real pipeline (OpenCV, Tesseract) on the committed demo set.

var (
	sharedOnce sync.Once
	shared     *Engine
	sharedErr  error
)

// testEngine returns one engine for the package's tests, or skips when it cannot be built here.
func testEngine(t testing.TB) *Engine {
	t.Helper()
	if os.Getenv("OMP_THREAD_LIMIT") == "" {
		t.Skip("needs OMP_THREAD_LIMIT=1 in the environment (make test sets it): Tesseract reads it when it loads")
	}
	sharedOnce.Do(func() {
		shared, sharedErr = New(Config{Workers: 1, MRZTessdata: os.Getenv("DOCVERIFY_TEST_MRZ_TESSDATA"),
			MRZLanguage: os.Getenv("DOCVERIFY_TEST_MRZ_LANG")})
	})
	if sharedErr != nil && errors.Is(sharedErr, fs.ErrNotExist) && os.Getenv("DOCVERIFY_TEST_MRZ_TESSDATA") == "" {
		t.Skipf("the MRZ model ocr/tessdata/dvmrz.traineddata is missing: %v", sharedErr)
	}
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	return shared
}

// demoInput reads a demo sample's images.
// demoSample returns the first sample of the demo set that keep accepts; the test fails,
// saying what it looked for, when none does.
func demoSample(t testing.TB, what string, keep func(samples.Sample) bool) samples.Sample {
	t.Helper()
	set, err := samples.ReadManifest(filepath.Join("..", "..", "samples", "demo"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range set {
		if keep(s) {
			return s
		}
	}
	t.Fatalf("the demo set has no %s", what)
	return samples.Sample{}
}

func demoSampleInput(t testing.TB, s samples.Sample) Input {
	t.Helper()
	dir := filepath.Join("..", "..", "samples", "demo")
	read := func(name *string) []byte {
		if name == nil || *name == "" {
			return nil
		}
		b, err := os.ReadFile(filepath.Join(dir, *name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	f := s.File
	return Input{Image: read(&f), IR: read(s.IR), UV: read(s.UV)}
}

// TestDemoVerdicts checks the demo set's verdicts against its labels: every genuine sample
// accepted and the fantasy document unknown to the library, without exception; of the
// forgeries, at least minDemoCaught rejected (the target, all of them, is not met yet: the
// misses are logged, and a change that catches fewer fails).
func TestDemoVerdicts(t *testing.T) {
	const minDemoCaught = 8
	e := testEngine(t)
	set, err := samples.ReadManifest(filepath.Join("..", "..", "samples", "demo"))
	if err != nil {
		t.Fatal(err)
	}
	caught, forged := 0, 0
	blur := map[string][]float64{} // the genuine samples' blur, by capture
	for _, s := range set {
		r, err := e.Check(context.Background(), demoSampleInput(t, s))
		if err != nil {
			t.Fatalf("%s: %v", s.ID, err)
		}
		if s.Label == "genuine" {
			blur[s.Capture] = append(blur[s.Capture], r.Capture.BlurMM)
		}
		attack, strength := "", ""
		if s.Attack != nil {
			attack, strength = *s.Attack, *s.Strength
		}
		checkFieldsShown(t, s.ID, s.Label == "genuine", s.Capture == "phone", r.Fields)
		switch {
		case s.Label == "genuine":
			if r.Verdict != Genuine {
				t.Errorf("%s: genuine %s %s: verdict %s, risk %d, top reasons %v", s.ID, s.Capture, s.Specimen, r.Verdict, r.RiskScore, r.TopReasons)
			}
		case attack == "fantasy":
			if r.Verdict != UnknownDocument {
				t.Errorf("%s: fantasy document: verdict %s", s.ID, r.Verdict)
			}
		default:
			forged++
			if r.Verdict == UnknownDocument {
				t.Errorf("%s: %s forgery of a known model called unknown_document", s.ID, attack)
			}
			if r.Verdict == Genuine {
				t.Logf("%s: missed: %s (%s, %s), risk %d", s.ID, attack, strength, s.Capture, r.RiskScore)
			} else {
				caught++
			}
		}
	}
	// The capture reports how blurred the page is: a phone photo more than a scan.
	if len(blur["scan"]) == 0 || len(blur["phone"]) == 0 {
		t.Fatal("the demo set has no genuine scan or phone photo")
	}
	if slices.Max(blur["scan"]) >= slices.Min(blur["phone"]) || slices.Min(blur["scan"]) <= 0 {
		t.Errorf("blur (mm): genuine scans %v, phone photos %v; want every scan's above 0 and below every photo's", blur["scan"], blur["phone"])
	}
	t.Logf("%d of %d demo forgeries rejected", caught, forged)
	if caught < minDemoCaught {
		t.Errorf("%d of %d demo forgeries rejected, fewer than the %d rejected when this test was written", caught, forged, minDemoCaught)
	}
}

// checkFieldsShown checks the fields the report shows the officer: on a genuine document
// every field matches and shows something, and on a scan or kiosk capture exactly what the
// page prints, which is the MRZ's value (dates in the model's format: the same day and year;
// a phone photo's fields may be left to OCR, which misreads some); a field that does not
// match never shows the MRZ's value (it is read by OCR, not by the glyphs of the value it
// failed to match); a name never shows a digit.
func checkFieldsShown(t *testing.T, id string, genuine, phone bool, fields []vizmrz.Field) {
	t.Helper()
	alnum := func(s string) string {
		return strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				return r
			}
			return -1
		}, s)
	}
	digits := func(s string) string {
		return strings.Map(func(r rune) rune {
			if unicode.IsDigit(r) {
				return r
			}
			return -1
		}, s)
	}
	// The MRZ's date (YYYY-MM-DD) as printed: day, month and year, or day and year (month
	// in letters).
	dateDigits := func(iso string) []string {
		y, m, d := digits(iso)[0:4], digits(iso)[4:6], digits(iso)[6:8]
		return []string{d + m + y, d + y}
	}
	if genuine && len(fields) < 5 {
		t.Errorf("%s: genuine document: %d fields compared", id, len(fields))
	}
	for _, f := range fields {
		isDate := strings.HasSuffix(f.Name, "_date") && len(digits(f.MRZ)) == 8
		shownAsMRZ := alnum(f.VIZ) == alnum(f.MRZ)
		if isDate {
			shownAsMRZ = slices.Contains(dateDigits(f.MRZ), digits(f.VIZ))
		}
		switch {
		case genuine && (!f.Match || f.VIZ == "" || (!phone && !shownAsMRZ)):
			t.Errorf("%s: genuine document: field %s shows %q (match %v), MRZ %q", id, f.Name, f.VIZ, f.Match, f.MRZ)
		case !f.Match && f.VIZ != "" && shownAsMRZ:
			t.Errorf("%s: field %s does not match but shows the MRZ's value %q", id, f.Name, f.VIZ)
		case (f.Name == "surname" || f.Name == "given_names") && digits(f.VIZ) != "":
			t.Errorf("%s: name %s shown as %q", id, f.Name, f.VIZ)
		}
	}
}

// TestReportContract checks the shape of a report: every check reported once, with a status of
// the vocabulary, a reason, a region for failures, and the JSON keys the contract names.
func TestReportContract(t *testing.T) {
	e := testEngine(t)
	set, err := samples.ReadManifest(filepath.Join("..", "..", "samples", "demo"))
	if err != nil {
		t.Fatal(err)
	}
	var kiosk samples.Sample
	for _, s := range set {
		if s.IR != nil && s.UV != nil {
			kiosk = s
			break
		}
	}
	if kiosk.ID == "" {
		t.Fatal("the demo set has no kiosk capture with IR and UV")
	}
	r, err := e.Check(context.Background(), demoSampleInput(t, kiosk))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range e.Checks() {
		names = append(names, c.Name)
	}
	var got []string
	for _, f := range r.Checks {
		got = append(got, f.Name)
		if !slices.Contains([]detect.Status{detect.StatusPass, detect.StatusFail, detect.StatusNotDone}, f.Status) {
			t.Errorf("%s: status %q", f.Name, f.Status)
		}
		if _, ok := detect.Reasons[f.Reason]; !ok {
			t.Errorf("%s: reason %q is not in the vocabulary", f.Name, f.Reason)
		}
		if f.Status == detect.StatusFail && f.Region == nil {
			t.Errorf("%s failed without a region", f.Name)
		}
	}
	slices.Sort(names)
	slices.Sort(got)
	if !slices.Equal(names, got) {
		t.Errorf("checks reported %v, want each of %v once", got, names)
	}
	for _, c := range []string{"ir", "uv"} {
		for _, f := range r.Checks {
			if f.Name == c && f.Status == detect.StatusNotDone {
				t.Errorf("%s not done although the image was given: %s", c, f.Reason)
			}
		}
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"verdict", "risk_score", "specimen", "document", "mrz", "fields", "checks", "top_reasons", "timings_ms", "engine"} {
		if _, ok := m[k]; !ok {
			t.Errorf("report has no %q", k)
		}
	}
	if r.RiskScore < 0 || r.RiskScore > 100 {
		t.Errorf("risk %d outside 0–100", r.RiskScore)
	}
	if r.Engine.Version == "" || r.Engine.SpecimensVersion == "" || r.Engine.CalibrationVersion == "" {
		t.Errorf("engine identification incomplete: %+v", r.Engine)
	}
	// The overlay is a PNG of the input's size.
	in := demoSampleInput(t, kiosk)
	ov, err := Overlay(in.Image, r)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(ov))
	if err != nil {
		t.Fatal(err)
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(in.Image))
	if err != nil {
		t.Fatal(err)
	}
	if img.Bounds().Dx() != cfg.Width || img.Bounds().Dy() != cfg.Height {
		t.Errorf("overlay %v, input %dx%d", img.Bounds(), cfg.Width, cfg.Height)
	}
}

// TestBadInput checks that bad images are refused as input errors, with the kind of problem.
func TestBadInput(t *testing.T) {
	e := testEngine(t)
	good, err := os.ReadFile(filepath.Join("..", "..", "samples", "demo", "images", "s000000.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		data []byte
		kind string
	}{
		{"empty", nil, "empty"},
		{"text", []byte("this is not an image at all"), "unsupported_type"},
		{"truncated jpeg", good[:len(good)/3], "malformed"},
		{"jpeg header only", good[:200], "malformed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.Check(context.Background(), Input{Image: tc.data})
			if !errors.Is(err, ErrInput) {
				t.Fatalf("error %v, want an input error", err)
			}
			ie, ok := detect.IsImageError(err)
			if !ok || ie.Kind != tc.kind {
				t.Fatalf("error %v, want kind %s", err, tc.kind)
			}
		})
	}
}
