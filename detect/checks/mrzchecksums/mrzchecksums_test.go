package mrzchecksums

import (
	"math"
	"testing"
)

func TestScore(t *testing.T) {
	for _, tc := range []struct {
		name string
		conf float64
		want float64
	}{
		{"read surely", 0.99, 1},
		{"just sure", 0.97, 1},
		{"just below sure", 0.9699, 0.5 + 0.4*(0.1699/0.17)},
		{"halfway", 0.885, 0.7},
		{"unsure", 0.80, 0.5},
		{"very unsure", 0.30, 0.5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Score(tc.conf); math.Abs(got-tc.want) > 1e-9 {
				t.Errorf("Score(%v) = %v, want %v", tc.conf, got, tc.want)
			}
		})
	}
}
