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

// TestBlur3 checks the 1-pixel blur's fast path against the definition (each pixel the mean
// of its 3×3 neighbourhood within the image, rows first), bit for bit, on small and odd sizes.
func TestBlur3(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, sz := range [][2]int{{2, 2}, {2, 5}, {5, 2}, {7, 3}, {50, 41}} {
		w, h := sz[0], sz[1]
		g := Grey{W: w, H: h, Pix: make([]float64, w*h)}
		for i := range g.Pix {
			g.Pix[i] = float64(rng.IntN(256))
		}
		tmp := make([]float64, w*h)
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				var s float64
				n := 0
				for k := max(0, x-1); k <= min(w-1, x+1); k++ {
					s += g.Pix[y*w+k]
					n++
				}
				tmp[y*w+x] = s / float64(n)
			}
		}
		got := g.Blur(1)
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				var s float64
				n := 0
				for k := max(0, y-1); k <= min(h-1, y+1); k++ {
					s += tmp[k*w+x]
					n++
				}
				if want := s / float64(n); got.Pix[y*w+x] != want {
					t.Fatalf("%dx%d at (%d,%d): %v, want %v", w, h, x, y, got.Pix[y*w+x], want)
				}
			}
		}
	}
}
