package main

import (
	"bytes"
	"image"
	"image/jpeg"
	"math"
	"math/rand/v2"
)

// Levels of degradation. Each image is drawn at one; the evaluation reports them apart.
const (
	Clean    = "clean"    // a good 300 dpi scan
	Moderate = "moderate" // a kiosk capture or a fair photo
	Heavy    = "heavy"    // a poor photo: small, blurred, noisy, skewed, low contrast
)

// params are the random choices that make one image. Lengths are in output pixels unless
// said otherwise; grey levels run from 0 (black) to 255.
type params struct {
	rng   *rand.Rand
	level string

	height      float64    // cap height of the characters (ICAO 2.0–2.4 mm: 24–28 px at 300 dpi)
	pitch       float64    // character cell width per cap height (ICAO: 2.54 mm per 2.0–2.4 mm; printed specimens 1.0–1.1)
	linePitch   float64    // distance between MRZ lines per cap height
	jitter      float64    // random placement of each character, per cell
	weight      int        // strokes grown (>0) or thinned (<0), in canvas pixels (1/3 px)
	neighbours  bool       // the lines above and below are printed (a loose crop shows their edge)
	rotation    float64    // residual skew, degrees
	shear       float64    // slant, degrees
	stretchY    float64    // vertical stretch
	perspective float64    // random move of each corner, per cap height
	margin      [4]float64 // crop margins top, right, bottom, left per cap height; < 0 clips ink

	paper, ink float64 // grey levels of paper and ink
	gradient   float64 // uneven lighting across the crop, grey levels
	pattern    float64 // faint background print (guilloche-like lines), grey levels
	blotch     float64 // low-frequency paper texture and tint, grey levels
	fade       float64 // uneven ink density, 0..1
	blur       float64 // Gaussian sigma
	motion     int     // horizontal motion blur length (0: none)
	noise      float64 // Gaussian sensor noise sigma, grey levels
	jpeg       int     // JPEG quality (0: not compressed)
	otsu       bool    // binarised with Otsu's threshold, as a pipeline might hand it over
	boxPad     float64 // largest extra padding of the training box, per cap height
	fullBox    bool    // the training box is the whole image (a crop whose line box Tesseract takes whole)
}

func uniform(r *rand.Rand, lo, hi float64) float64 { return lo + r.Float64()*(hi-lo) }

// newParams draws the parameters of an image at a level.
func newParams(r *rand.Rand, level string) *params {
	u := func(lo, hi float64) float64 { return uniform(r, lo, hi) }
	chance := func(p float64) bool { return r.Float64() < p }
	p := &params{rng: r, level: level, stretchY: 1, linePitch: u(1.8, 2.5)}
	switch level {
	case Clean:
		p.height = u(24, 40)
		p.pitch = u(1.0, 1.2)
		p.jitter = 0.005
		p.weight = r.IntN(3) - 1
		p.rotation = u(-0.3, 0.3)
		p.perspective = 0.004
		p.margin = [4]float64{u(0.1, 0.5), u(0.2, 1.5), u(0.1, 0.5), u(0.2, 1.5)}
		p.paper, p.ink = u(215, 255), u(0, 50)
		p.gradient, p.pattern, p.blotch = u(0, 12), u(0, 8), u(0, 6)
		p.blur, p.noise = u(0, 0.5), u(0, 3)
		if chance(0.5) {
			p.jpeg = int(u(85, 96))
		}
		p.otsu = chance(0.05)
		p.neighbours = chance(0.05)
		p.boxPad = 0.08
	case Moderate:
		p.height = u(16, 36)
		p.pitch = u(1.0, 1.2)
		p.jitter = 0.01
		p.weight = r.IntN(5) - 2
		p.rotation = u(-0.8, 0.8)
		p.shear = u(-1, 1)
		p.stretchY = u(0.93, 1.07)
		p.perspective = 0.015
		p.margin = [4]float64{u(0, 0.6), u(0, 2), u(0, 0.6), u(0, 2)}
		p.paper = u(175, 245)
		p.ink = u(0, min(95, p.paper-80))
		p.gradient, p.pattern, p.blotch, p.fade = u(0, 35), u(0, 20), u(0, 15), u(0, 0.15)
		p.blur, p.noise = u(0.3, 1.1), u(1, 8)
		if chance(0.1) {
			p.motion = 2 + r.IntN(2)
		}
		if chance(0.8) {
			p.jpeg = int(u(65, 96))
		}
		p.otsu = chance(0.1)
		p.neighbours = chance(0.15)
		p.boxPad = 0.15
	default: // Heavy
		p.height = u(14, 30)
		p.pitch = u(0.97, 1.25)
		p.jitter = 0.015
		p.weight = r.IntN(6) - 2
		p.rotation = u(-1.5, 1.5)
		p.shear = u(-2, 2)
		p.stretchY = u(0.88, 1.12)
		p.perspective = 0.03
		p.margin = [4]float64{u(-0.06, 0.7), u(0, 2.5), u(-0.06, 0.7), u(0, 2.5)}
		p.paper = u(140, 235)
		p.ink = max(0, p.paper-u(75, 160))
		p.gradient, p.pattern, p.blotch, p.fade = u(0, 60), u(5, 30), u(5, 30), u(0.05, 0.25)
		p.blur, p.noise = u(0.6, 1.7), u(3, 14)
		if chance(0.2) {
			p.motion = 2 + r.IntN(3)
		}
		if chance(0.9) {
			p.jpeg = int(u(50, 86))
		}
		p.otsu = chance(0.2)
		p.neighbours = chance(0.3)
		p.boxPad = 0.25
	}
	// Otsu keeps the characters only where they stand out clearly from the paper; elsewhere a
	// pipeline would not binarise (it would hand over noise).
	p.otsu = p.otsu && p.paper-p.ink > 110 && p.pattern < 15 && p.noise < 8
	// Blur beyond a stroke's width erases the characters; keep it within what a reader sees.
	p.blur = min(p.blur, 0.3+0.06*p.height)
	// Tesseract reads the line it finds in the crop (page segmentation mode 7: the box of the
	// ink plus 4 px) or the whole crop (mode 13): the training box is one or the other.
	p.fullBox = chance(0.3)
	if p.neighbours {
		// The crop reaches past the gap between the lines into the edge of the next one.
		gap := p.linePitch - 1
		if chance(0.5) {
			p.margin[0] = gap + u(0.05, 0.35)
		} else {
			p.margin[2] = gap + u(0.05, 0.35)
		}
		p.fullBox = chance(0.5)
	}
	return p
}

// paint turns the coverage of the characters into a grey image: paper with its lighting,
// texture and background print, ink of uneven density, then the capture's blur, noise, JPEG
// compression and, for some images, Otsu binarisation.
func paint(cov []float32, w, h int, p *params) *image.Gray {
	r := p.rng
	img := make([]float64, w*h)
	blotch := valueNoise(r, w, h, uniform(r, 8, 40))
	fade := valueNoise(r, w, h, uniform(r, 3, 15))
	gx, gy := math.Sincos(uniform(r, 0, 2*math.Pi))
	var pat []float64
	if p.pattern >= 1 {
		pat = guilloche(r, w, h)
	}
	for y := range h {
		for x := range w {
			i := y*w + x
			fx, fy := float64(x)/float64(w)-0.5, float64(y)/float64(h)-0.5
			bg := p.paper + p.gradient*(gx*fx+gy*fy) + p.blotch*(blotch[i]-0.5)
			if pat != nil {
				bg -= p.pattern * pat[i]
			}
			a := float64(cov[i]) * (1 - p.fade*fade[i])
			img[i] = bg + a*(p.ink-bg)
		}
	}
	// Dust: a few dark specks.
	for range r.IntN(1 + int(p.noise/3)) {
		x, y := r.IntN(w), r.IntN(h)
		img[y*w+x] = min(img[y*w+x], p.ink+uniform(r, 0, 80))
	}
	if p.blur > 0.05 {
		img = gaussian(img, w, h, p.blur)
	}
	if p.motion > 1 {
		img = boxBlurX(img, w, h, p.motion)
	}
	g := image.NewGray(image.Rect(0, 0, w, h))
	for i, v := range img {
		v += r.NormFloat64() * p.noise
		g.Pix[i] = uint8(math.Round(min(255, max(0, v))))
	}
	if p.jpeg > 0 {
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, g, &jpeg.Options{Quality: p.jpeg}); err == nil {
			if d, err := jpeg.Decode(&buf); err == nil {
				if dg, ok := d.(*image.Gray); ok {
					g = dg
				}
			}
		}
	}
	if p.otsu {
		t := otsu(g.Pix)
		for i, v := range g.Pix {
			if v > t {
				g.Pix[i] = 255
			} else {
				g.Pix[i] = 0
			}
		}
	}
	return g
}

// valueNoise is smooth random texture in 0..1 with features about cell pixels wide.
func valueNoise(r *rand.Rand, w, h int, cell float64) []float64 {
	gw, gh := int(float64(w)/cell)+2, int(float64(h)/cell)+2
	grid := make([]float64, gw*gh)
	for i := range grid {
		grid[i] = r.Float64()
	}
	out := make([]float64, w*h)
	for y := range h {
		fy := float64(y) / cell
		iy := int(fy)
		ty := smooth(fy - float64(iy))
		for x := range w {
			fx := float64(x) / cell
			ix := int(fx)
			tx := smooth(fx - float64(ix))
			a := grid[iy*gw+ix]*(1-tx) + grid[iy*gw+ix+1]*tx
			b := grid[(iy+1)*gw+ix]*(1-tx) + grid[(iy+1)*gw+ix+1]*tx
			out[y*w+x] = a*(1-ty) + b*ty
		}
	}
	return out
}

func smooth(t float64) float64 { return t * t * (3 - 2*t) }

// guilloche is a background of fine wavy lines in 0..1, like the security print behind an MRZ.
func guilloche(r *rand.Rand, w, h int) []float64 {
	out := make([]float64, w*h)
	for range 1 + r.IntN(3) {
		period := uniform(r, 3, 16)
		angle := uniform(r, 0, math.Pi)
		wave, waveLen := uniform(r, 0, 8), uniform(r, 20, 120)
		sharp := 2 + r.IntN(11)
		phase := uniform(r, 0, 2*math.Pi)
		amp := uniform(r, 0.3, 1)
		sa, ca := math.Sincos(angle)
		for y := range h {
			for x := range w {
				t := float64(x)*ca + float64(y)*sa
				n := -float64(x)*sa + float64(y)*ca
				v := math.Cos(2*math.Pi*(t+wave*math.Sin(2*math.Pi*n/waveLen))/period + phase)
				if v > 0 {
					out[y*w+x] += amp * pow(v, sharp)
				}
			}
		}
	}
	return out
}

func pow(v float64, n int) float64 {
	p := v
	for range n - 1 {
		p *= v
	}
	return p
}

// gaussian blurs with a separable Gaussian kernel, edges extended.
func gaussian(src []float64, w, h int, sigma float64) []float64 {
	rad := int(math.Ceil(3 * sigma))
	k := make([]float64, 2*rad+1)
	var sum float64
	for i := range k {
		d := float64(i - rad)
		k[i] = math.Exp(-d * d / (2 * sigma * sigma))
		sum += k[i]
	}
	for i := range k {
		k[i] /= sum
	}
	tmp := make([]float64, len(src))
	for y := range h {
		for x := range w {
			var v float64
			for i, kv := range k {
				xx := min(w-1, max(0, x+i-rad))
				v += kv * src[y*w+xx]
			}
			tmp[y*w+x] = v
		}
	}
	dst := make([]float64, len(src))
	for y := range h {
		for x := range w {
			var v float64
			for i, kv := range k {
				yy := min(h-1, max(0, y+i-rad))
				v += kv * tmp[yy*w+x]
			}
			dst[y*w+x] = v
		}
	}
	return dst
}

// boxBlurX averages n pixels along each row: a hand or a belt moving during the capture.
func boxBlurX(src []float64, w, h, n int) []float64 {
	dst := make([]float64, len(src))
	for y := range h {
		for x := range w {
			var v float64
			for i := range n {
				v += src[y*w+min(w-1, max(0, x+i-n/2))]
			}
			dst[y*w+x] = v / float64(n)
		}
	}
	return dst
}

// otsu is the grey level that best splits the histogram in two classes (Otsu 1979).
func otsu(pix []uint8) uint8 {
	var hist [256]float64
	for _, v := range pix {
		hist[v]++
	}
	total := float64(len(pix))
	var sumAll float64
	for i, c := range hist {
		sumAll += float64(i) * c
	}
	var wB, sumB, best float64
	var t uint8
	for i, c := range hist {
		wB += c
		if wB == 0 {
			continue
		}
		wF := total - wB
		if wF == 0 {
			break
		}
		sumB += float64(i) * c
		mB, mF := sumB/wB, (sumAll-sumB)/wF
		if between := wB * wF * (mB - mF) * (mB - mF); between > best {
			best, t = between, uint8(i)
		}
	}
	return t
}
