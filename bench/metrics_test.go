package bench

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"testing"
	"time"
)

// TestComputeRates checks the error rates on hand-made outcomes whose figures are worked out
// in testdata/rates.json ("why" says how).
func TestComputeRates(t *testing.T) {
	b, err := os.ReadFile("testdata/rates.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct {
		Name     string
		Outcomes [][3]any // label g/f, verdict, risk
		Want     map[string]*float64
		Why      string
	}
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			var os []Outcome
			for i, o := range c.Outcomes {
				os = append(os, Outcome{ID: fmt.Sprint(i), Forged: o[0] == "f", Verdict: o[1].(string), Risk: o[2].(float64)})
			}
			r := ComputeRates(os, 0)
			got := map[string]*float64{"apcer": r.APCER, "bpcer": r.BPCER, "roc_auc": r.AUC, "eer": r.EER,
				"bpcer_at_apcer_5": r.BPCERAt5, "bpcer_at_apcer_10": r.BPCERAt10}
			for k, want := range c.Want {
				if show(got[k]) != show(want) {
					t.Errorf("%s = %s, want %s (%s)", k, show(got[k]), show(want), c.Why)
				}
			}
		})
	}
}

func show(v *float64) string {
	if v == nil {
		return "null"
	}
	return fmt.Sprintf("%.5f", *v)
}

func TestBootstrapInterval(t *testing.T) {
	os := synthOutcomes(120, 1)
	r := ComputeRates(os, 300)
	if r.AUCLow == nil || r.AUCHigh == nil {
		t.Fatal("no interval")
	}
	if !(*r.AUCLow <= *r.AUC && *r.AUC <= *r.AUCHigh) || *r.AUCHigh-*r.AUCLow <= 0 {
		t.Errorf("interval [%v, %v] does not hold the AUC %v", *r.AUCLow, *r.AUCHigh, *r.AUC)
	}
	again := ComputeRates(os, 300)
	if *again.AUCLow != *r.AUCLow || *again.AUCHigh != *r.AUCHigh {
		t.Error("the bootstrap is not deterministic")
	}
}

func TestComputeMRZ(t *testing.T) {
	lines := []string{"ABC", "DEF"}
	os := []Outcome{
		{ID: "exact", TrueMRZ: lines, MRZ: lines, Truth: map[string]string{"surname": "A"}, Fields: map[string]string{"surname": "A"}},
		{ID: "one wrong", TrueMRZ: lines, MRZ: []string{"ABX", "DEF"}, Truth: map[string]string{"surname": "A"}, Fields: map[string]string{"surname": "B"}},
		{ID: "fantasy", Attack: "fantasy", TrueMRZ: lines},
		{ID: "no truth", MRZ: lines},
	}
	st := ComputeMRZ(os, map[string]bool{"one wrong": true})
	want := MRZStats{Samples: 2, Exact: 0.5, WrongValid: 1, CER: 0.07143, FieldAccuracy: map[string]float64{"surname": 0.5}}
	if fmt.Sprint(st) != fmt.Sprint(want) {
		t.Errorf("got %+v, want %+v (one error in 2 × 7 characters)", st, want)
	}
}

func TestPercentiles(t *testing.T) {
	for _, c := range []struct {
		name          string
		v             []float64
		p50, p95, p99 float64
	}{
		{"none", nil, 0, 0, 0},
		{"one", []float64{7}, 7, 7, 7},
		{"ten, nearest rank", []float64{10, 9, 8, 7, 6, 5, 4, 3, 2, 1}, 5, 10, 10},
		{"hundred", seq(100), 50, 95, 99},
	} {
		a, b, cc := Percentiles(c.v)
		if a != c.p50 || b != c.p95 || cc != c.p99 {
			t.Errorf("%s: %v %v %v, want %v %v %v", c.name, a, b, cc, c.p50, c.p95, c.p99)
		}
	}
}

func seq(n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = float64(i + 1)
	}
	return v
}

// TestComputeDeterministic computes the metrics of the same run twice, and of the run with its
// outcomes in another order once sorted as Execute sorts them: the JSON is the same bytes.
func TestComputeDeterministic(t *testing.T) {
	run := &Run{Outcomes: synthOutcomes(90, 7), Valid: map[string]bool{"s0003": true}, Workers: 2, Elapsed: 3 * time.Second}
	a := metricsJSON(t, Compute(run, "set", 200))
	b := metricsJSON(t, Compute(run, "set", 200))
	if !bytes.Equal(a, b) {
		t.Fatal("two computations of the same run differ")
	}
	shuffled := &Run{Outcomes: append([]Outcome(nil), run.Outcomes...), Valid: run.Valid, Workers: 2, Elapsed: 3 * time.Second}
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(shuffled.Outcomes), func(i, j int) {
		shuffled.Outcomes[i], shuffled.Outcomes[j] = shuffled.Outcomes[j], shuffled.Outcomes[i]
	})
	sortOutcomes(shuffled.Outcomes)
	if c := metricsJSON(t, Compute(shuffled, "set", 200)); !bytes.Equal(a, c) {
		t.Fatal("the metrics depend on the order the outcomes arrived in")
	}
}

// metricsJSON is the metrics' JSON with the timing figures zeroed.
func metricsJSON(t *testing.T, m *Metrics) []byte {
	t.Helper()
	m.Latency, m.Throughput, m.PeakMemoryMB, m.Elapsed = nil, 0, 0, 0
	var b bytes.Buffer
	if err := WriteMetrics(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestAPCERMax(t *testing.T) {
	os := []Outcome{
		{ID: "g", Verdict: "genuine", Risk: 5},
		{ID: "a1", Forged: true, Attack: "a", Verdict: "forged", Risk: 80},
		{ID: "b1", Forged: true, Attack: "b", Verdict: "genuine", Risk: 10},
		{ID: "b2", Forged: true, Attack: "b", Verdict: "forged", Risk: 90},
	}
	m := Compute(&Run{Outcomes: os}, "", 0)
	if m.APCERMaxClass != "b" || show(m.APCERMax) != "0.50000" {
		t.Errorf("worst attack %s %s, want b 0.5", m.APCERMaxClass, show(m.APCERMax))
	}
}
