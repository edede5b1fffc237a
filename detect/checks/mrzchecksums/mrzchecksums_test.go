package mrzchecksums

import (
	"math"
	"testing"
)

func TestScore(t *testing.T) {
	for _, tc := range []struct {
		name        string
		failed, all int
		conf        float64
		want        float64
	}{
		{"one of five, read surely", 1, 5, 0.99, 0.76},
		{"all five, read surely", 5, 5, 0.97, 1},
		{"one of five, read unsurely", 1, 5, 0.80, 0.38},
		{"one of five, read very unsurely", 1, 5, 0.30, 0.38},
		{"one of five, halfway", 1, 5, 0.885, 0.57},
		{"no check digits at all", 1, 0, 0.99, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Score(tc.failed, tc.all, tc.conf); math.Abs(got-tc.want) > 1e-9 {
				t.Errorf("Score(%d, %d, %v) = %v, want %v", tc.failed, tc.all, tc.conf, got, tc.want)
			}
		})
	}
}
