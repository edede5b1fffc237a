package detect

import (
	"math"
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

// TestGlare checks what counts as a reflection on the laminate: near white and well above
// the specimen's grey there, not a light backdrop the specimen has too, nor a pale face.
func TestGlare(t *testing.T) {
	for _, tc := range []struct {
		name      string
		page, ref float64
		want      float64
	}{
		{"reflection over a face", 250, 150, 1},
		{"reflection over a light backdrop", 252, 228, 1},
		{"the light backdrop itself", 238, 236, 0},
		{"white paper, as the specimen's", 248, 240, 0},
		{"a pale face", 235, 200, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			page := Grey{W: 2, H: 1, Pix: []float64{tc.page, 100}}
			ref := Grey{W: 2, H: 1, Pix: []float64{tc.ref, 100}}
			g := Glare(page, ref)
			if g.Pix[0] != tc.want || g.Pix[1] != 0 {
				t.Errorf("glare %v (and %v beside it), want %v", g.Pix[0], g.Pix[1], tc.want)
			}
		})
	}
}

// TestDetrended adds a plane of light to a pattern and takes it out again: the pattern comes
// back (its correlation with the original near 1, where the lit one's is far from it), a
// masked-out patch does not bend the fit, and a flat image stays flat.
func TestDetrended(t *testing.T) {
	const w, h = 16, 20
	rng := rand.New(rand.NewPCG(5, 6))
	face := Grey{W: w, H: h, Pix: make([]float64, w*h)}
	for i := range face.Pix {
		face.Pix[i] = 40 * rng.Float64()
	}
	lit := Grey{W: w, H: h, Pix: make([]float64, w*h)}
	mask := make([]bool, w*h)
	for i := range lit.Pix {
		x, y := float64(i%w), float64(i/w)
		lit.Pix[i] = face.Pix[i] + 30 + 9*x - 6*y
		mask[i] = !(x < 4 && y < 4)
		if !mask[i] {
			lit.Pix[i] = 255 // a reflection, left out by the mask
		}
	}
	if c := NCC(lit, face); c > 0.5 {
		t.Fatalf("the lit pattern already correlates %.3f with the original: the test shows nothing", c)
	}
	got := lit.Detrended(mask)
	a, b := make([]float64, 0, w*h), make([]float64, 0, w*h)
	for i, keep := range mask {
		if keep {
			a, b = append(a, got.Pix[i]), append(b, face.Pix[i])
		}
	}
	if c := NCC(Grey{W: len(a), H: 1, Pix: a}, Grey{W: len(b), H: 1, Pix: b}); c < 0.95 {
		t.Errorf("detrended pattern correlates %.3f with the original, want ≥ 0.95", c)
	}
	flat := Grey{W: w, H: h, Pix: make([]float64, w*h)}
	for i := range flat.Pix {
		flat.Pix[i] = 7
	}
	if _, s := flat.Detrended(nil).MeanStd(); s > 1e-9 {
		t.Errorf("a flat image detrended has spread %.3g", s)
	}
}

// A patch of one saturated colour has no spread of hues: 0, not NaN (the mean resultant length
// of many equal angles can round a hair above 1; a missing hologram over plain paper of one
// tint measured NaN, and NaN passes every threshold).
func TestSaturationOneHue(t *testing.T) {
	for _, px := range [][3]uint8{{40, 90, 200}, {200, 60, 10}, {30, 200, 120}, {120, 110, 180}, {17, 171, 203}} {
		for _, n := range []int{1, 7, 1000, 4321, 50000} {
			c := BGR{W: n, H: 1, Pix: make([]uint8, 3*n)}
			for i := range n {
				copy(c.Pix[3*i:], px[:])
			}
			mean, spread := c.Saturation()
			if math.IsNaN(mean) || math.IsNaN(spread) || spread > 1e-4 {
				t.Errorf("colour %v × %d: saturation %v, hue spread %v, want a number and 0 (within 1e-4)", px, n, mean, spread)
			}
		}
	}
}
