package engine

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/docverify/docverify/detect"
)

// TestFitThresholds fits a model on a check whose genuine documents agree closely (as those
// of one generator do) and holds each measure's threshold just beyond the genuine extreme (by
// the tail of the genuine values), its scale to
// at least half the measure's own (a genuine document a little beyond anything seen scores
// below the level from which one check alone decides), and the risk to what the documents
// are.
func TestFitThresholds(t *testing.T) {
	m := &detect.Measure{Key: "probe.value", Doc: "a probe", Threshold: 0.5, Scale: 0.1, Reason: "probe_low"}
	probe := &detect.Check{Name: "probe", Doc: "a probe", Measures: []*detect.Measure{m}, Run: func(*detect.Pass) (detect.Finding, error) { return detect.Finding{}, nil }}
	rng := rand.New(rand.NewPCG(3, 4))
	obs := func(forged bool, v float64, capture string) Observation {
		class := detect.CaptureDocument
		if capture == "phone" {
			class = detect.CapturePhoto
		}
		f := detect.Finding{Name: "probe", Status: detect.StatusPass, Evidence: map[string]any{"measures": map[string]float64{m.Key: v}}}
		return Observation{Forged: forged, Capture: capture, Class: class, Findings: []detect.Finding{f}}
	}
	var set []Observation
	lowest := map[string]float64{detect.CaptureDocument: 1, detect.CapturePhoto: 1}
	for i := 0; i < 300; i++ {
		capture := []string{"scan", "kiosk", "phone"}[i%3]
		v := 0.9 + 0.004*rng.NormFloat64()
		class := detect.CaptureDocument
		if capture == "phone" {
			class = detect.CapturePhoto
		}
		lowest[class] = min(lowest[class], v)
		set = append(set, obs(false, v, capture), obs(true, 0.3+0.3*rng.Float64(), capture))
	}
	cal, err := Fit(set, []*detect.Check{probe}, "test")
	if err != nil {
		t.Fatal(err)
	}
	for _, class := range []string{detect.CaptureDocument, detect.CapturePhoto} {
		th, ok := cal.Model(class).Measures[m.Key]
		if !ok {
			t.Fatalf("%s: no threshold for %s", class, m.Key)
		}
		t.Logf("%s: threshold %.4f scale %.4f", class, th.Value, th.Scale)
		// Never inside the genuine extreme; beyond it where the tail says one genuine document
		// in a thousand would fall (0.9 − 3.1σ = 0.888 for this normal population), not far
		// beyond.
		if th.Value > lowest[class]+1e-9 || th.Value < 0.9-5*0.004 {
			t.Errorf("%s: threshold %.6f, want at or below the genuine extreme %.6f and above %.3f", class, th.Value, lowest[class], 0.9-5*0.004)
		}
		if th.Scale < m.Scale/2 {
			t.Errorf("%s: scale %.4f, want at least half the measure's %.2f", class, th.Scale, m.Scale)
		}
	}
	if s := gradedScore(cal, m, lowest[detect.CaptureDocument]-0.01); s >= 0.9 {
		t.Errorf("a value 0.01 beyond the lowest genuine one scores %.3f, at or above the decisive levels' floor 0.9", s)
	}
	for _, tc := range []struct {
		name     string
		v        float64
		min, max float64 // risk
	}{
		{"genuine, typical", 0.9, 0, cal.Suspicious - 1},
		{"forged", 0.45, cal.Forged, 100},
	} {
		risk, _ := cal.Risk(detect.CaptureDocument, map[string]float64{"probe": gradedScore(cal, m, tc.v)})
		t.Logf("%s (%.3f): risk %.1f", tc.name, tc.v, risk)
		if risk < tc.min || risk > tc.max {
			t.Errorf("%s (%.3f): risk %.1f, want %.0f–%.0f", tc.name, tc.v, risk, tc.min, tc.max)
		}
	}
}

// gradedScore is a probe value's score under the document class's calibrated threshold.
func gradedScore(cal *Calibration, m *detect.Measure, v float64) float64 {
	th := cal.Model(detect.CaptureDocument).Measures[m.Key]
	return detect.Graded(v, th.Value, th.Scale, m.HigherIsWorse, "ok", m.Reason, nil).Score
}

// TestFitBound holds a calibrated threshold to its measure's bound: genuine documents at
// 0.90–0.99 (or, for a measure where higher is worse, 0.01–0.10) would set it a little beyond
// their extreme, and the bound keeps it no stricter than 0.8 (0.2); without a bound it is where
// their tail puts it.
func TestFitBound(t *testing.T) {
	// The uniform tail beyond the 90% quantile (0.9 + 0.0003·29 = 0.9087, mean excess 0.0044)
	// puts one in a thousand at 0.9087 − 0.0044·ln 100 = 0.8884... below the extreme 0.90.
	var uniform []float64
	for i := 299; i >= 0; i-- {
		uniform = append(uniform, -(0.90 + 0.0003*float64(i)))
	}
	tailOfUniform := -tailThreshold(uniform)
	for _, tc := range []struct {
		name        string
		higher      bool
		bound, want float64
		genuine     func(i int) float64
		forged      float64
	}{
		{"lower is worse, bound", false, 0.8, 0.8, func(i int) float64 { return 0.90 + 0.0003*float64(i) }, 0.2},
		{"lower is worse, no bound", false, 0, tailOfUniform, func(i int) float64 { return 0.90 + 0.0003*float64(i) }, 0.2},
		{"higher is worse, bound", true, 0.2, 0.2, func(i int) float64 { return 0.10 - 0.0003*float64(i) }, 0.9},
		{"bound looser than needed", false, 0.95, tailOfUniform, func(i int) float64 { return 0.90 + 0.0003*float64(i) }, 0.2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := &detect.Measure{Key: "probe.value", Doc: "a probe", Threshold: 0.5, Scale: 0.1, HigherIsWorse: tc.higher, Reason: "probe_low", Bound: tc.bound}
			probe := &detect.Check{Name: "probe", Doc: "a probe", Measures: []*detect.Measure{m}, Run: func(*detect.Pass) (detect.Finding, error) { return detect.Finding{}, nil }}
			var set []Observation
			for i := 0; i < 300; i++ {
				for _, o := range []struct {
					forged bool
					v      float64
				}{{false, tc.genuine(i)}, {true, tc.forged}} {
					f := detect.Finding{Name: "probe", Status: detect.StatusPass, Evidence: map[string]any{"measures": map[string]float64{m.Key: o.v}}}
					set = append(set, Observation{Forged: o.forged, Capture: "scan", Class: detect.CaptureDocument, Findings: []detect.Finding{f}})
				}
			}
			cal, err := Fit(set, []*detect.Check{probe}, "test")
			if err != nil {
				t.Fatal(err)
			}
			if got := cal.Model(detect.CaptureDocument).Measures[m.Key].Value; math.Abs(got-tc.want) > 1e-6 {
				t.Errorf("threshold %.4f, want %.4f", got, tc.want)
			}
		})
	}
}

// TestTailThreshold estimates where one value in a thousand of a population lies from samples
// of it: never inside the largest value seen, and near the population's own 0.999 quantile for
// an exponential tail (ln 1000 = 6.91 for the unit exponential); with too few values beyond the
// 90% quantile to estimate a tail, the largest value seen.
func TestTailThreshold(t *testing.T) {
	exponential := func(n int) []float64 { // the unit exponential's quantiles at (i+0.5)/n
		vs := make([]float64, n)
		for i := range vs {
			vs[i] = -math.Log(1 - (float64(i)+0.5)/float64(n))
		}
		return vs
	}
	for _, tc := range []struct {
		name     string
		vs       []float64
		min, max float64
	}{
		{"100 values", exponential(100), 6.2, 7.6},
		{"200 values", exponential(200), 6.2, 7.6},
		{"4000 values: the largest, at the 0.99988 quantile", exponential(4000), exponential(4000)[3999], exponential(4000)[3999]},
		{"20 values: the largest", exponential(20), exponential(20)[19], exponential(20)[19]},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := tailThreshold(tc.vs)
			if got < tc.vs[len(tc.vs)-1] {
				t.Errorf("threshold %.3f inside the largest value %.3f", got, tc.vs[len(tc.vs)-1])
			}
			if got < tc.min || got > tc.max {
				t.Errorf("threshold %.3f, want %.2f–%.2f", got, tc.min, tc.max)
			}
		})
	}
}

// TestFitPhotoBound holds the photo class's threshold to its measure's PhotoBound, and leaves
// the document class's where its own tail puts it.
func TestFitPhotoBound(t *testing.T) {
	m := &detect.Measure{Key: "probe.value", Doc: "a probe", Threshold: 0.5, Scale: 0.1, Reason: "probe_low", PhotoBound: 0.8}
	probe := &detect.Check{Name: "probe", Doc: "a probe", Measures: []*detect.Measure{m}, Run: func(*detect.Pass) (detect.Finding, error) { return detect.Finding{}, nil }}
	var set, uniform []float64
	for i := 0; i < 300; i++ {
		set = append(set, 0.90+0.0003*float64(i))
	}
	for i := 299; i >= 0; i-- {
		uniform = append(uniform, -set[i])
	}
	tail := -tailThreshold(uniform)
	var obs []Observation
	for _, class := range []struct{ capture, class string }{{"scan", detect.CaptureDocument}, {"phone", detect.CapturePhoto}} {
		for _, v := range set {
			for _, o := range []struct {
				forged bool
				v      float64
			}{{false, v}, {true, 0.2}} {
				f := detect.Finding{Name: "probe", Status: detect.StatusPass, Evidence: map[string]any{"measures": map[string]float64{m.Key: o.v}}}
				obs = append(obs, Observation{Forged: o.forged, Capture: class.capture, Class: class.class, Findings: []detect.Finding{f}})
			}
		}
	}
	cal, err := Fit(obs, []*detect.Check{probe}, "test")
	if err != nil {
		t.Fatal(err)
	}
	for class, want := range map[string]float64{detect.CaptureDocument: tail, detect.CapturePhoto: 0.8} {
		if got := cal.Model(class).Measures[m.Key].Value; math.Abs(got-want) > 1e-6 {
			t.Errorf("%s: threshold %.4f, want %.4f", class, got, want)
		}
	}
}
