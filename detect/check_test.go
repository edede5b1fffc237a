package detect

import (
	"encoding/json"
	"math"
	"testing"
)

// A measurement that is not a number is not_done, never a pass, and its finding can be
// written as JSON; with other measurements, the worst of those decides.
func TestGradeNotANumber(t *testing.T) {
	m := &Measure{Key: "test.ratio", Doc: "a ratio", Threshold: 0.5, Scale: 0.1, Reason: "ovd_missing"}
	other := &Measure{Key: "test.other", Doc: "another", Threshold: 2, Scale: 0.5, HigherIsWorse: true, Reason: "moire"}
	p := &Pass{Scan: &Scan{}}
	for _, v := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		f := p.Grade(m, v)
		if f.Status != StatusNotDone || f.Reason != "not_measured" {
			t.Errorf("%v: %s %s, want not_done not_measured", v, f.Status, f.Reason)
		}
		if _, err := json.Marshal(f); err != nil {
			t.Errorf("%v: %v", v, err)
		}
		if w := Worst(nil, f, p.Grade(other, 3)); w.Status != StatusFail || w.Reason != "moire" {
			t.Errorf("%v beside a failed measure: %s %s, want fail moire", v, w.Status, w.Reason)
		}
		if w := Worst(nil, f, p.Grade(other, 1)); w.Status != StatusPass {
			t.Errorf("%v beside a passed measure: %s %s, want that pass", v, w.Status, w.Reason)
		}
	}
	if _, ok := Reasons["not_measured"]; !ok {
		t.Error("not_measured is not in the vocabulary")
	}
}

// A finding with NaN or infinities in its score, evidence or region is written as JSON all
// the same: those values null (or dropped from a map of numbers), the region dropped.
func TestFinite(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	f := Finding{Name: "x", Status: StatusPass, Score: nan, Evidence: map[string]any{
		"a": nan, "b": 1.5, "c": map[string]float64{"m": inf, "n": 2}, "d": []float64{1, nan},
		"e": map[string]any{"f": nan, "g": []any{inf, "s"}},
	}, Region: &Quad{{0, 0}, {nan, 1}, {1, 1}, {0, 1}}}
	if _, err := json.Marshal(f); err == nil {
		t.Fatal("the case marshals before Finite: it tests nothing")
	}
	Finite(&f)
	b, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"name":"x","status":"pass","score":0,"reason":"","evidence":{"a":null,"b":1.5,"c":{"n":2},"d":[1,null],"e":{"f":null,"g":[null,"s"]}},"region":null}`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
}
