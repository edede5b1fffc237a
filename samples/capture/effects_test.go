package capture

import (
	"bytes"
	"image"
	"image/color"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gocv.io/x/gocv"
)

// effects lists the document-level effects by name.
var effects = []struct {
	name string
	f    func(*rand.Rand, *image.RGBA, string) *image.RGBA
}{{"reprint", Reprint}, {"recapture", Recapture}}

// flat is an opaque w×h image of one colour.
func flat(w, h int, c color.RGBA) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := 0; i < len(img.Pix); i += 4 {
		img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = c.R, c.G, c.B, 255
	}
	return img
}

// microprint is a w×h image of fine black lines on white: vertical lines of period 2 px in
// the left half, horizontal lines of period 3 px in the right half.
func microprint(w, h int) *image.RGBA {
	img := flat(w, h, color.RGBA{250, 250, 250, 255})
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			if x < w/2 && x%2 == 0 || x >= w/2 && y%3 == 0 {
				img.SetRGBA(x, y, color.RGBA{20, 20, 20, 255})
			}
		}
	}
	return img
}

// luma returns the luminance of img's centre n×n square.
func luma(img *image.RGBA, n int) []float64 {
	c := img.Rect.Size().Div(2)
	l := make([]float64, n*n)
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			p := img.RGBAAt(c.X-n/2+x, c.Y-n/2+y)
			l[y*n+x] = 0.299*float64(p.R) + 0.587*float64(p.G) + 0.114*float64(p.B)
		}
	}
	return l
}

// power is the power spectrum of the n×n signal l (mean removed, Hann window), with its
// frequency grid: power[v*n+u] at (fu, fv) cycles per pixel, fu and fv in [-0.5, 0.5).
func power(t *testing.T, l []float64, n int) []float64 {
	t.Helper()
	var mean float64
	for _, v := range l {
		mean += v
	}
	mean /= float64(len(l))
	m := gocv.NewMatWithSize(n, n, gocv.MatTypeCV32F)
	defer m.Close()
	for y := 0; y < n; y++ {
		wy := 0.5 - 0.5*math.Cos(2*math.Pi*float64(y)/float64(n-1))
		for x := 0; x < n; x++ {
			wx := 0.5 - 0.5*math.Cos(2*math.Pi*float64(x)/float64(n-1))
			m.SetFloatAt(y, x, float32((l[y*n+x]-mean)*wx*wy))
		}
	}
	f := gocv.NewMat()
	defer f.Close()
	gocv.DFT(m, &f, gocv.DftComplexOutput)
	p := make([]float64, n*n)
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			re, im := float64(f.GetFloatAt(y, 2*x)), float64(f.GetFloatAt(y, 2*x+1))
			p[y*n+x] = re*re + im*im
		}
	}
	return p
}

// freq is the frequency, cycles per pixel, of DFT bin i of n.
func freq(i, n int) float64 {
	if i >= n/2 {
		i -= n
	}
	return float64(i) / float64(n)
}

// bandEnergy sums the power at radial frequencies in [lo, hi).
func bandEnergy(p []float64, n int, lo, hi float64) float64 {
	var e float64
	for v := 0; v < n; v++ {
		for u := 0; u < n; u++ {
			if f := math.Hypot(freq(u, n), freq(v, n)); f >= lo && f < hi {
				e += p[v*n+u]
			}
		}
	}
	return e
}

// peak finds the strongest bin with radial frequency in [lo, 0.5]: its frequency and its
// power over the band's median power.
func peak(p []float64, n int, lo float64) (f, ratio float64) {
	var best float64
	var band []float64
	for v := 0; v < n; v++ {
		for u := 0; u < n; u++ {
			r := math.Hypot(freq(u, n), freq(v, n))
			if r < lo || r > 0.5 {
				continue
			}
			band = append(band, p[v*n+u])
			if p[v*n+u] > best {
				best, f = p[v*n+u], r
			}
		}
	}
	slices.Sort(band)
	return f, best / band[len(band)/2]
}

// laplacianVariance is the variance of the 4-neighbour Laplacian of the n×n signal l.
func laplacianVariance(l []float64, n int) float64 {
	var s, s2, k float64
	for y := 1; y < n-1; y++ {
		for x := 1; x < n-1; x++ {
			v := 4*l[y*n+x] - l[y*n+x-1] - l[y*n+x+1] - l[(y-1)*n+x] - l[(y+1)*n+x]
			s += v
			s2 += v * v
			k++
		}
	}
	return s2/k - (s/k)*(s/k)
}

func TestEffectsDeterministic(t *testing.T) {
	img := testPage(false, false).Visible
	orig := bytes.Clone(img.Pix)
	for _, e := range effects {
		for _, s := range Strengths() {
			t.Run(e.name+"/"+s, func(t *testing.T) {
				a := e.f(seeded(1), img, s)
				b := e.f(seeded(1), img, s)
				c := e.f(seeded(2), img, s)
				if !bytes.Equal(a.Pix, b.Pix) {
					t.Error("the same seed gave different images")
				}
				if bytes.Equal(a.Pix, c.Pix) {
					t.Error("different seeds gave the same image")
				}
				if a.Rect != img.Rect {
					t.Errorf("bounds %v, want %v", a.Rect, img.Rect)
				}
				if !bytes.Equal(img.Pix, orig) {
					t.Error("the input image changed")
				}
			})
		}
	}
}

func TestEffectsUnknownStrength(t *testing.T) {
	for _, e := range effects {
		t.Run(e.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error(`no panic for strength "strong"`)
				}
			}()
			e.f(seeded(1), flat(16, 16, color.RGBA{}), "strong")
		})
	}
}

// TestEffectsHighFrequency measures what the effects do to fine detail, for every strength
// over several draws: a flat page gains high-frequency energy (the halftone or the screen
// grid: Laplacian variance, zero before), and a page of 2–3 px microprint loses the energy
// at its lines' frequencies (0.3–0.5 cycles per pixel).
func TestEffectsHighFrequency(t *testing.T) {
	const n = 256
	plain := flat(n+64, n+64, color.RGBA{190, 170, 150, 255})
	fine := microprint(n+64, n+64)
	fineE := bandEnergy(power(t, luma(fine, n), n), n, 0.3, 0.51)
	tests := []struct {
		effect      string
		f           func(*rand.Rand, *image.RGBA, string) *image.RGBA
		minLapVar   [3]float64 // flat page, per strength
		maxFineKept float64    // microprint energy kept, fraction
	}{
		{"reprint", Reprint, [3]float64{150, 300, 600}, 0.2},
		{"recapture", Recapture, [3]float64{100, 300, 600}, 0.2},
	}
	for _, tt := range tests {
		for lvl, s := range Strengths() {
			t.Run(tt.effect+"/"+s, func(t *testing.T) {
				for seed := uint64(1); seed <= 6; seed++ {
					lv := laplacianVariance(luma(tt.f(seeded(seed), plain, s), n), n)
					if lv < tt.minLapVar[lvl] {
						t.Errorf("seed %d: flat page: Laplacian variance %.1f, want ≥ %.0f", seed, lv, tt.minLapVar[lvl])
					}
					e := bandEnergy(power(t, luma(tt.f(seeded(seed), fine, s), n), n), n, 0.3, 0.51)
					t.Logf("seed %d: flat page Laplacian variance %.1f; microprint energy kept %.3f", seed, lv, e/fineE)
					if e/fineE > tt.maxFineKept {
						t.Errorf("seed %d: microprint keeps %.2f of its energy at 0.3–0.5 cycles/px, want ≤ %.2f", seed, e/fineE, tt.maxFineKept)
					}
				}
			})
		}
	}
}

// TestReprintScreen finds the halftone in the frequency domain: a laser print's screen is a
// peak at 1/period (4–6 px for subtle), an inkjet's dither a broad rise in high frequencies.
func TestReprintScreen(t *testing.T) {
	const n = 256
	img := flat(n+64, n+64, color.RGBA{150, 140, 130, 255})
	inkjets, lasers := 0, 0
	for lvl, s := range Strengths() {
		for seed := uint64(1); seed <= 12; seed++ {
			p := drawReprint(seeded(seed), lvl)
			f, ratio := peak(power(t, luma(Reprint(seeded(seed), img, s), n), n), n, 0.08)
			t.Logf("%s seed %d: inkjet %v, period %.2f, peak at period %.2f px, %.0f× the median", s, seed, p.inkjet, p.period, 1/f, ratio)
			if p.inkjet {
				inkjets++
				continue
			}
			lasers++
			if ratio < 1000 || math.Abs(1/f-p.period) > 0.1*p.period {
				t.Errorf("%s seed %d: peak at period %.2f px (ratio %.0f), screen period %.2f", s, seed, 1/f, ratio, p.period)
			}
			if lvl == 0 && (1/f < 3.8 || 1/f > 6.3) {
				t.Errorf("subtle seed %d: halftone period %.2f px, want 4–6", seed, 1/f)
			}
		}
	}
	if inkjets == 0 || lasers == 0 {
		t.Errorf("%d inkjet and %d laser draws: want both", inkjets, lasers)
	}
}

// TestRecaptureMoire finds the screen's grid and its moiré in the frequency domain of a
// flat page: a peak far above the spectrum's median.
func TestRecaptureMoire(t *testing.T) {
	const n = 256
	img := flat(n+64, n+64, color.RGBA{200, 200, 200, 255})
	for _, s := range Strengths() {
		for seed := uint64(1); seed <= 6; seed++ {
			f, ratio := peak(power(t, luma(Recapture(seeded(seed), img, s), n), n), n, 0.02)
			t.Logf("%s seed %d: peak at %.3f cycles/px, %.0f× the median", s, seed, f, ratio)
			if ratio < 1000 {
				t.Errorf("%s seed %d: strongest peak at %.3f cycles/px is only %.0f× the median", s, seed, f, ratio)
			}
		}
	}
}

// TestReprintDraws checks the share of inkjet prints over many draws (about a third).
func TestReprintDraws(t *testing.T) {
	r := seeded(7)
	ink := 0
	for i := 0; i < 2000; i++ {
		if drawReprint(r, i%3).inkjet {
			ink++
		}
	}
	if f := float64(ink) / 2000; f < 0.3 || f > 0.4 {
		t.Errorf("%.3f inkjet, want about 0.35", f)
	}
}
