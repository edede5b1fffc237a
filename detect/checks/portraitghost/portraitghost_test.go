package portraitghost

import (
	"math"
	"testing"

	"github.com/docverify/docverify/detect"
)

// TestResidual checks what of the ghost's ratio the portrait's difference leaves unexplained:
// nothing for any straight line of it (another gain, another offset), nothing for a few cells
// far out (a background feature registered a pixel off), and the unexplained part for a ghost
// that also shows what the portrait does not (another person's features).
func TestResidual(t *testing.T) {
	const w, h = 16, 20
	face := func(i int) float64 { x, y := i%w, i/w; return math.Sin(float64(x)/2) + math.Cos(float64(y)/3) }
	other := func(i int) float64 { x, y := i%w, i/w; return math.Sin(float64(y)*1.3) * math.Cos(float64(x)*0.9) }
	grey := func(f func(int) float64) detect.Grey {
		g := detect.Grey{W: w, H: h, Pix: make([]float64, w*h)}
		for i := range g.Pix {
			g.Pix[i] = f(i)
		}
		return g
	}
	y := grey(face)
	for _, tc := range []struct {
		name     string
		x        func(int) float64
		mask     []bool
		min, max float64
	}{
		{"the same face, another gain and offset", func(i int) float64 { return 0.08*face(i) - 0.3 }, nil, 0, 1e-9},
		{"a few cells far out", func(i int) float64 {
			if i%37 == 0 {
				return 0.08*face(i) + 0.5
			}
			return 0.08 * face(i)
		}, nil, 0, 1e-9},
		{"another face beside the portrait's", func(i int) float64 { return 0.03*face(i) + 0.05*other(i) }, nil, 0.02, 0.05},
		{"another face, half the cells masked", func(i int) float64 { return 0.03*face(i) + 0.05*other(i) }, halfMask(w * h), 0.02, 0.05},
	} {
		got := Residual(grey(tc.x), y, tc.mask)
		if got < tc.min || got > tc.max {
			t.Errorf("%s: residual %.4f, want %.4f to %.4f", tc.name, got, tc.min, tc.max)
		}
	}
	if got := Residual(grey(face), y, make([]bool, w*h)); got != 0 {
		t.Errorf("every cell masked: residual %.4f, want 0", got)
	}
}

func halfMask(n int) []bool {
	m := make([]bool, n)
	for i := range m {
		m[i] = i%2 == 0
	}
	return m
}
