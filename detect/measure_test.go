package detect

import (
	"math/rand/v2"
	"sort"
	"testing"
)

func TestOrderStats(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, tc := range []struct {
		name string
		gen  func() float64
	}{
		{"grey levels (counted)", func() float64 { return float64(rng.IntN(256)) }},
		{"fractions (sorted)", func() float64 { return rng.Float64() * 255 }},
		{"out of range (sorted)", func() float64 { return float64(rng.IntN(600)) - 100 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			vals := make([]float64, 1001)
			for i := range vals {
				vals[i] = tc.gen()
			}
			orig := append([]float64(nil), vals...)
			sorted := append([]float64(nil), vals...)
			sort.Float64s(sorted)
			idx := []int{0, 20, 500, 700, 1000}
			got := OrderStats(vals, idx...)
			for i, k := range idx {
				if got[i] != sorted[k] {
					t.Errorf("value %d: got %v, want %v", k, got[i], sorted[k])
				}
			}
			for i := range vals {
				if vals[i] != orig[i] {
					t.Fatal("OrderStats changed its input")
				}
			}
		})
	}
}
