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

// TestBlurBox checks Blur's box blur against its definition (each pixel the mean of its
// (2r+1)² neighbourhood within the image, rows first), bit for bit, for radii up to beyond the
// image's size.
func TestBlurBox(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, sz := range [][2]int{{1, 1}, {1, 6}, {6, 1}, {2, 5}, {7, 3}, {50, 41}} {
		for _, r := range []int{2, 3, 5, 9} {
			w, h := sz[0], sz[1]
			g := Grey{W: w, H: h, Pix: make([]float64, w*h)}
			for i := range g.Pix {
				g.Pix[i] = rng.Float64() * 255
			}
			want := blurByDefinition(g, r)
			got := g.Blur(r)
			for i := range want {
				if got.Pix[i] != want[i] {
					t.Fatalf("%dx%d, radius %d, pixel %d: %v, want %v", w, h, r, i, got.Pix[i], want[i])
				}
			}
		}
	}
}

func blurByDefinition(g Grey, r int) []float64 {
	tmp := make([]float64, len(g.Pix))
	for y := 0; y < g.H; y++ {
		for x := 0; x < g.W; x++ {
			var s float64
			n := 0
			for k := max(0, x-r); k <= min(g.W-1, x+r); k++ {
				s += g.Pix[y*g.W+k]
				n++
			}
			tmp[y*g.W+x] = s / float64(n)
		}
	}
	out := make([]float64, len(g.Pix))
	for y := 0; y < g.H; y++ {
		for x := 0; x < g.W; x++ {
			var s float64
			n := 0
			for k := max(0, y-r); k <= min(g.H-1, y+r); k++ {
				s += tmp[k*g.W+x]
				n++
			}
			out[y*g.W+x] = s / float64(n)
		}
	}
	return out
}

// TestNCCShiftDefinition checks NCCShift against its definition (for each shift, the
// correlation over the overlap's pixels that the mask keeps, at least 50 of them; the best),
// bit for bit, with and without a mask, for reaches up to beyond the image's size; and that it
// finds the shift that superposes a shifted copy.
func TestNCCShiftDefinition(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, sz := range [][2]int{{8, 8}, {13, 9}, {40, 31}} {
		for _, reach := range []int{0, 1, 3, 12} {
			for _, masked := range []bool{false, true} {
				w, h := sz[0], sz[1]
				a := Grey{W: w, H: h, Pix: make([]float64, w*h)}
				b := Grey{W: w, H: h, Pix: make([]float64, w*h)}
				for i := range a.Pix {
					a.Pix[i], b.Pix[i] = rng.Float64()*255, rng.Float64()*255
				}
				var mask []bool
				if masked {
					mask = make([]bool, w*h)
					for i := range mask {
						mask[i] = rng.IntN(5) > 0
					}
				}
				want := nccShiftByDefinition(a, b, mask, reach)
				if got := NCCShift(a, b, mask, reach); got != want {
					t.Errorf("%dx%d, reach %d, mask %v: %v, want %v", w, h, reach, masked, got, want)
				}
			}
		}
	}
	// b is a moved 2 right and 1 down: the best shift superposes them exactly.
	w, h := 30, 20
	a := Grey{W: w, H: h, Pix: make([]float64, w*h)}
	b := Grey{W: w, H: h, Pix: make([]float64, w*h)}
	for i := range a.Pix {
		a.Pix[i] = rng.Float64() * 255
	}
	for y := 1; y < h; y++ {
		for x := 2; x < w; x++ {
			b.Pix[y*w+x] = a.Pix[(y-1)*w+x-2]
		}
	}
	if got := NCCShift(a, b, nil, 3); math.Abs(got-1) > 1e-9 {
		t.Errorf("a shifted copy: %v, want 1", got)
	}
	if got := NCCShift(a, b, nil, 0); got > 0.5 {
		t.Errorf("a shifted copy without a shift: %v, want little", got)
	}
}

func nccShiftByDefinition(a, b Grey, mask []bool, reach int) float64 {
	best := math.Inf(-1)
	for dy := -reach; dy <= reach; dy++ {
		for dx := -reach; dx <= reach; dx++ {
			var n, sa, sb, sab, saa, sbb float64
			for y := max(0, -dy); y < min(a.H, a.H-dy); y++ {
				for x := max(0, -dx); x < min(a.W, a.W-dx); x++ {
					i := y*a.W + x
					if mask != nil && !mask[i] {
						continue
					}
					va, vb := a.Pix[i], b.Pix[(y+dy)*b.W+x+dx]
					n++
					sa += va
					sb += vb
					sab += va * vb
					saa += va * va
					sbb += vb * vb
				}
			}
			if n < 50 {
				continue
			}
			cov := sab/n - (sa/n)*(sb/n)
			va, vb := saa/n-(sa/n)*(sa/n), sbb/n-(sb/n)*(sb/n)
			if va <= 0 || vb <= 0 {
				continue
			}
			best = math.Max(best, cov/math.Sqrt(va*vb))
		}
	}
	if math.IsInf(best, -1) {
		return 0
	}
	return best
}

// TestSmoothed checks the masked Gaussian against its definition (each pixel the
// Gaussian-weighted mean of the kept pixels within three sigmas), and that a flat image stays
// flat at its border and beside a masked place far brighter than it (a reflection).
func TestSmoothed(t *testing.T) {
	const w, h, sigma = 13, 17, 1.5
	rng := rand.New(rand.NewPCG(7, 8))
	g := Grey{W: w, H: h, Pix: make([]float64, w*h)}
	mask := make([]bool, w*h)
	for i := range g.Pix {
		g.Pix[i] = 100 * rng.Float64()
		mask[i] = rng.IntN(4) > 0
	}
	got := g.Smoothed(sigma, mask)
	r := 5 // ⌈3σ⌉
	for y := range h {
		for x := range w {
			var s, n float64
			for yy := max(0, y-r); yy <= min(h-1, y+r); yy++ {
				for xx := max(0, x-r); xx <= min(w-1, x+r); xx++ {
					if mask[yy*w+xx] {
						k := math.Exp(-float64((xx-x)*(xx-x)+(yy-y)*(yy-y)) / (2 * sigma * sigma))
						s += k * g.Pix[yy*w+xx]
						n += k
					}
				}
			}
			if want := s / n; math.Abs(got.Pix[y*w+x]-want) > 1e-9 {
				t.Fatalf("(%d,%d): %.6f, want %.6f", x, y, got.Pix[y*w+x], want)
			}
		}
	}
	flat := Grey{W: w, H: h, Pix: make([]float64, w*h)}
	keep := make([]bool, w*h)
	for i := range flat.Pix {
		flat.Pix[i], keep[i] = 40, true
		if i%w < 4 && i/w < 4 {
			flat.Pix[i], keep[i] = 255, false
		}
	}
	for i, v := range flat.Smoothed(2, keep).Pix {
		if keep[i] && math.Abs(v-40) > 1e-9 {
			t.Fatalf("flat image beside a masked reflection: pixel %d is %.4f, want 40", i, v)
		}
	}
	if d := g.Smoothed(0, nil); NCC(d, g) < 1-1e-12 {
		t.Error("sigma 0 changed the image")
	}
}
