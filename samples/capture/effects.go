package capture

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"math/rand/v2"
	"unsafe"

	"gocv.io/x/gocv"
)

// Strengths of the document-level effects.
const (
	Subtle   = "subtle"   // physically plausible and measurable, hard to see
	Moderate = "moderate" // visible on close inspection
	Obvious  = "obvious"  // visible at a glance
)

// Strengths lists the effect strengths, weakest first.
func Strengths() []string { return []string{Subtle, Moderate, Obvious} }

// level returns 0, 1, 2 for subtle, moderate, obvious; it panics on anything else (a
// programming error, like a malformed regular expression in regexp.MustCompile).
func level(strength string) int {
	for i, s := range Strengths() {
		if s == strength {
			return i
		}
	}
	panic(fmt.Sprintf("capture: unknown effect strength %q (want subtle, moderate or obvious)", strength))
}

// between draws uniformly from the range for the given strength level.
func between(r *rand.Rand, ranges [3][2]float64, lvl int) float64 {
	return uniform(r, ranges[lvl][0], ranges[lvl][1])
}

// reprint is a draw of Reprint's parameters.
type reprint struct {
	resample   float64 // the scan's resolution relative to the page's
	sigma      float64 // the scan's blur, px
	saturation float64 // gamut: saturation kept
	gcr        float64 // share of grey moved to black ink
	inkjet     bool    // stochastic dither (inkjet) rather than an AM rosette (laser)
	period     float64 // screen period (laser) or dot size ×2 (inkjet), px
	angle      float64 // screen rotation, radians
	phase      [4][2]float64
	amount     float64       // how much of the binary halftone shows through
	absorb     [4][3]float64 // per ink (C, M, Y, K) the fraction of R, G, B it absorbs
	paper      [3]float64    // paper white, R, G, B
	spread     float64       // toner or ink spread, px
}

func drawReprint(r *rand.Rand, lvl int) reprint {
	var p reprint
	p.resample = between(r, [3][2]float64{{0.72, 0.85}, {0.58, 0.7}, {0.45, 0.55}}, lvl)
	p.sigma = between(r, [3][2]float64{{0.5, 0.7}, {0.7, 0.95}, {0.9, 1.3}}, lvl)
	p.saturation = between(r, [3][2]float64{{0.84, 0.92}, {0.74, 0.84}, {0.6, 0.72}}, lvl)
	p.gcr = uniform(r, 0.5, 1)
	p.inkjet = r.Float64() < 0.35
	p.period = between(r, [3][2]float64{{4, 6}, {5, 7}, {6, 9}}, lvl)
	p.angle = uniform(r, 0, math.Pi/2)
	for i := range p.phase {
		p.phase[i] = [2]float64{r.Float64(), r.Float64()}
	}
	p.amount = between(r, [3][2]float64{{0.5, 0.65}, {0.7, 0.85}, {0.9, 1}}, lvl)
	ideal := [4][3]float64{{0.88, 0.22, 0.06}, {0.08, 0.82, 0.22}, {0.02, 0.08, 0.84}, {0.9, 0.9, 0.9}}
	shift := []float64{0.03, 0.05, 0.08}[lvl]
	for i := range ideal {
		for c := range ideal[i] {
			p.absorb[i][c] = max(0, min(0.97, ideal[i][c]+uniform(r, -shift, shift)))
		}
	}
	w := uniform(r, 240, 252)
	p.paper = [3]float64{w + uniform(r, -3, 2), w + uniform(r, -2, 2), w + uniform(r, -1, 4)}
	p.spread = uniform(r, 0.35, 0.6)
	return p
}

// Reprint simulates a counterfeit made on an office printer from a scan of a genuine document:
// fine lines and microprint lost (blur, resampling), a halftone dot screen (CMYK rosette or an
// inkjet dither pattern), colour shift and reduced gamut, flat (non-iridescent) holograms.
//
// Strength is Subtle, Moderate or Obvious (anything else panics). The screen period is 4–6 px
// for subtle, 5–7 for moderate, 6–9 for obvious (at 300 dpi); an inkjet dither (about a
// third of draws) has dots of half that size. Holograms come out flat because the printer
// reproduces one view of them in reduced-gamut ink; the rest (no change with angle, no IR or
// UV response) is for the caller's IR and UV pages. The result has img's size and alpha.
func Reprint(r *rand.Rand, img *image.RGBA, strength string) *image.RGBA {
	p := drawReprint(r, level(strength))
	src := rgbMat(img)
	defer src.Close()
	w, h := src.Cols(), src.Rows()

	// The scan of the genuine document: lower resolution, blur.
	small := gocv.NewMat()
	defer small.Close()
	sw, sh := max(1, int(float64(w)*p.resample)), max(1, int(float64(h)*p.resample))
	gocv.Resize(src, &small, image.Pt(sw, sh), 0, 0, gocv.InterpolationArea)
	gocv.Resize(small, &src, image.Pt(w, h), 0, 0, gocv.InterpolationLinear)
	gaussian(&src, p.sigma)

	// The print: CMYK separation, screening, inks on paper.
	pix, _ := src.DataPtrUint8()
	var planes [4][]float32
	for i := range planes {
		planes[i] = make([]float32, w*h)
	}
	var ink [4]float64
	for i := 0; i < w*h; i++ {
		q := (*[3]uint8)(pix[3*i:])
		cmyk(float64(q[2])/255, float64(q[1])/255, float64(q[0])/255, p.saturation, p.gcr, &ink)
		for k, c := range ink {
			planes[k][i] = float32(c)
		}
	}
	var dots [4][]float32
	if p.inkjet {
		for k := range planes {
			dots[k] = inkjet(planes[k], w, h, p.period/2)
		}
	}
	var screens [4]screen
	for i, a := range []float64{15, 75, 0, 45} { // C, M, Y, K
		screens[i] = newScreen(p.angle+radians(a), p.period, p.phase[i])
	}
	edge := 1.2 / p.period
	for y := 0; y < h; y++ {
		for i := range screens {
			screens[i].row(y)
		}
		for x := 0; x < w; x++ {
			i := y*w + x
			refl := [3]float64{1, 1, 1}
			for k := range planes {
				c := float64(planes[k][i])
				var dot float64
				if p.inkjet {
					dot = float64(dots[k][i])
				} else {
					dot = max(0, min(1, (c-1+screens[k].next())/edge+0.5))
				}
				c += (dot - c) * p.amount
				for ch := range refl {
					refl[ch] *= 1 - c*p.absorb[k][ch]
				}
			}
			q := (*[3]uint8)(pix[3*i:])
			q[2] = clamp8(int(p.paper[0] * refl[0]))
			q[1] = clamp8(int(p.paper[1] * refl[1]))
			q[0] = clamp8(int(p.paper[2] * refl[2]))
		}
	}
	gaussian(&src, p.spread)
	return rgbaImage(src, img)
}

// inkjet dithers one ink's coverage (w×h) into dots of about size px: Floyd–Steinberg error
// diffusion on a grid of that pitch, then back to full size with round, soft-edged dots.
func inkjet(plane []float32, w, h int, size float64) []float32 {
	src, _ := gocv.NewMatFromBytes(h, w, gocv.MatTypeCV32F, float32Bytes(plane))
	defer src.Close()
	gw, gh := max(2, int(float64(w)/size)), max(2, int(float64(h)/size))
	g := gocv.NewMat()
	defer g.Close()
	gocv.Resize(src, &g, image.Pt(gw, gh), 0, 0, gocv.InterpolationArea)
	d, _ := g.DataPtrFloat32()
	for y := 0; y < gh; y++ {
		dir, x0, x1 := 1, 0, gw
		if y%2 == 1 { // serpentine
			dir, x0, x1 = -1, gw-1, -1
		}
		for x := x0; x != x1; x += dir {
			i := y*gw + x
			old := d[i]
			nv := float32(0)
			if old >= 0.5 {
				nv = 1
			}
			d[i] = nv
			e := old - nv
			if xn := x + dir; xn >= 0 && xn < gw {
				d[i+dir] += e * 7 / 16
			}
			if y+1 < gh {
				if xp := x - dir; xp >= 0 && xp < gw {
					d[i+gw-dir] += e * 3 / 16
				}
				d[i+gw] += e * 5 / 16
				if xn := x + dir; xn >= 0 && xn < gw {
					d[i+gw+dir] += e * 1 / 16
				}
			}
		}
	}
	big := gocv.NewMat()
	defer big.Close()
	gocv.Resize(g, &big, image.Pt(w, h), 0, 0, gocv.InterpolationLinear)
	b, _ := big.DataPtrFloat32()
	out := make([]float32, w*h)
	for i, v := range b {
		out[i] = max(0, min(1, (v-0.5)*2.5+0.5))
	}
	return out
}

// float32Bytes views f as bytes.
func float32Bytes(f []float32) []byte {
	return unsafe.Slice((*byte)(unsafe.Pointer(&f[0])), 4*len(f))
}

// cmyk separates an RGB colour (0–1), its saturation reduced to sat, into ink coverages,
// gcr of the grey going to black.
func cmyk(r, g, b, sat, gcr float64, ink *[4]float64) {
	l := 0.3*r + 0.59*g + 0.11*b
	r, g, b = l+(r-l)*sat, l+(g-l)*sat, l+(b-l)*sat
	c, m, y := 1-r, 1-g, 1-b
	k := max(0, min(c, m, y)) * gcr
	if k >= 1 {
		*ink = [4]float64{0, 0, 0, 1}
		return
	}
	*ink = [4]float64{(c - k) / (1 - k), (m - k) / (1 - k), (y - k) / (1 - k), k}
}

// screen is an amplitude-modulated dot screen: a threshold pattern of round dots.
type screen struct {
	cs, sn, period float64
	ph             [2]float64
	u, v           float64 // the current position in screen periods
}

func newScreen(angle, period float64, phase [2]float64) screen {
	return screen{cs: math.Cos(angle), sn: math.Sin(angle), period: period, ph: phase}
}

// row starts row y.
func (s *screen) row(y int) {
	s.u = (float64(y)*s.sn)/s.period + s.ph[0]
	s.v = (float64(y)*s.cs)/s.period + s.ph[1]
}

// next returns the screen's value (0–1, 1 at dot centres) at the next pixel of the row.
func (s *screen) next() float64 {
	v := 0.5 + 0.25*(fastCos(s.u)+fastCos(s.v))
	s.u += s.cs / s.period
	s.v -= s.sn / s.period
	return v
}

// recapture is a draw of Recapture's parameters.
type recapture struct {
	pitch      float64 // screen pixel pitch, image px
	angle      float64 // the screen grid's rotation, radians
	offset     [2]float64
	gapX, gapY float64 // black matrix: fraction of a subpixel's width, of a pixel's height
	sigma      float64 // camera blur, px
	gamma      float64
	contrast   float64
	black      float64 // screen black level
	tint       [3]float64
	border     bool // a screen bezel along edges
	borderSide [2]int
	borderW    float64
	reflection bool
	reflAngle  float64
	reflPos    float64
	reflWidth  float64
	reflI      float64
}

func drawRecapture(r *rand.Rand, lvl int) recapture {
	var p recapture
	p.pitch = between(r, [3][2]float64{{1.35, 1.8}, {1.8, 2.6}, {2.6, 4}}, lvl)
	p.angle = radians(uniform(r, 0.3, 3)) * float64(1-2*r.IntN(2))
	p.offset = [2]float64{r.Float64(), r.Float64()}
	p.gapX, p.gapY = uniform(r, 0.08, 0.2), uniform(r, 0.06, 0.18)
	p.sigma = between(r, [3][2]float64{{0.7, 0.9}, {0.6, 0.8}, {0.5, 0.7}}, lvl)
	p.gamma = between(r, [3][2]float64{{0.9, 1.1}, {0.85, 1.18}, {0.8, 1.25}}, lvl)
	p.contrast = between(r, [3][2]float64{{0.88, 0.95}, {0.8, 0.9}, {0.72, 0.85}}, lvl)
	p.black = between(r, [3][2]float64{{6, 14}, {10, 20}, {15, 30}}, lvl)
	cool := between(r, [3][2]float64{{0.01, 0.04}, {0.03, 0.06}, {0.05, 0.1}}, lvl)
	p.tint = [3]float64{1 - cool, 1, 1 + cool/2} // R, G, B
	if lvl == 2 {
		switch r.IntN(3) {
		case 0:
			p.border = true
		case 1:
			p.reflection = true
		default:
			p.border, p.reflection = true, true
		}
	}
	p.borderSide = [2]int{r.IntN(4), r.IntN(4)}
	p.borderW = uniform(r, 0.01, 0.03)
	p.reflAngle = uniform(r, 0, math.Pi)
	p.reflPos = uniform(r, -0.3, 0.3)
	p.reflWidth = uniform(r, 0.08, 0.25)
	p.reflI = uniform(r, 10, 28)
	return p
}

// Recapture simulates a photo of the document shown on a screen: the screen's pixel grid
// (RGB subpixels) and the moiré it makes, gamma and contrast change, a slight blur, a faint
// screen border or reflection for obvious strength.
//
// Strength is Subtle, Moderate or Obvious (anything else panics); the screen's pixel pitch is
// 1.35–1.8, 1.8–2.6 and 2.6–4 image pixels, its grid turned 0.3–3°. The screen shows the
// image at its own resolution (one colour per screen pixel), stripes of R, G and B
// subpixels with a black matrix; each camera pixel integrates that pattern over its area,
// and the pitch being no whole number of camera pixels is where the moiré comes from; the
// lens blurs the light before the sensor clips it. The result has img's size and alpha, and
// the document stays on img's pixel grid.
func Recapture(r *rand.Rand, img *image.RGBA, strength string) *image.RGBA {
	p := drawRecapture(r, level(strength))
	src := rgbMat(img)
	defer src.Close()
	w, h := src.Cols(), src.Rows()

	// What the screen shows: the image on the screen's grid. Image point (x, y) is screen
	// point M·(x, y): turned by angle about the centre, divided by the pitch.
	cs, sn := math.Cos(p.angle), math.Sin(p.angle)
	cx, cy := float64(w)/2, float64(h)/2
	diag := math.Hypot(float64(w), float64(h))
	n := int(diag/p.pitch) + 4
	u0, v0 := float64(n)/2+p.offset[0], float64(n)/2+p.offset[1]
	toScreen := func(x, y float64) (float64, float64) {
		dx, dy := x-cx, y-cy
		return (cs*dx+sn*dy)/p.pitch + u0, (-sn*dx+cs*dy)/p.pitch + v0
	}
	blurred := src.Clone()
	defer blurred.Close()
	gaussian(&blurred, 0.4*p.pitch)
	// Screen pixel (i, j) centre (i+0.5, j+0.5) shows the image at its inverse image.
	inv := gocv.NewMatWithSize(2, 3, gocv.MatTypeCV64F)
	defer inv.Close()
	// x = cx + p·(cs·(u−u0) − sn·(v−v0)), y = cy + p·(sn·(u−u0) + cs·(v−v0)), at u = i+0.5.
	a00, a01, a10, a11 := p.pitch*cs, -p.pitch*sn, p.pitch*sn, p.pitch*cs
	for i, v := range []float64{
		a00, a01, cx + a00*(0.5-u0) + a01*(0.5-v0) - 0.5,
		a10, a11, cy + a10*(0.5-u0) + a11*(0.5-v0) - 0.5,
	} {
		inv.SetDoubleAt(i/3, i%3, v)
	}
	shown := gocv.NewMat()
	defer shown.Close()
	gocv.WarpAffineWithParams(blurred, &shown, inv, image.Pt(n, n), gocv.InterpolationLinear|gocv.WarpInverseMap, gocv.BorderReplicate, color.RGBA{})
	sp, _ := shown.DataPtrUint8()

	// The camera: each pixel integrates the subpixel pattern over its area, a box of side
	// 1/pitch screen pixels (turned by the small angle, which is neglected within a pixel).
	a := 1 / p.pitch
	fill := (1 - 2*p.gapX) * (1 - 2*p.gapY) / 3 // lit fraction of the screen per channel
	norm := 1 / (a * a * fill)
	lut := tone{contrast: p.contrast, gamma: p.gamma, wb: [3]float64{p.tint[2], p.tint[1], p.tint[0]}}.lut()
	pix, _ := src.DataPtrUint8()
	lit := make([]float32, 3*w*h)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			u, v := toScreen(float64(x), float64(y))
			u0, u1, v0, v1 := u-a/2, u+a/2, v-a/2, v+a/2
			var acc [3]float64
			for j := int(math.Floor(v0)); j <= int(math.Floor(v1)); j++ {
				ov := overlap(v0, v1, float64(j)+p.gapY, float64(j)+1-p.gapY)
				if ov == 0 || j < 0 || j >= n {
					continue
				}
				for i := int(math.Floor(u0)); i <= int(math.Floor(u1)); i++ {
					if i < 0 || i >= n {
						continue
					}
					s := sp[3*(j*n+i):]
					for c := 0; c < 3; c++ { // subpixels R, G, B from left to right
						ou := overlap(u0, u1, float64(i)+(float64(c)+p.gapX)/3, float64(i)+(float64(c)+1-p.gapX)/3)
						acc[2-c] += float64(s[2-c]) * ou * ov
					}
				}
			}
			for c := range acc {
				lit[3*(y*w+x)+c] = float32(acc[c] * norm)
			}
		}
	}
	// The lens blurs the light before the sensor clips it.
	lm, err := gocv.NewMatFromBytes(h, w, gocv.MatTypeCV32FC3, float32Bytes(lit))
	if err != nil {
		panic(err)
	}
	defer lm.Close()
	gaussian(&lm, p.sigma)
	for i, v := range lit {
		pix[i] = clamp8(int(p.black + (255-p.black)*float64(lut[i%3][clamp8(int(v+0.5))])/255))
	}
	if p.border || p.reflection {
		p.frame(pix, w, h)
	}
	return rgbaImage(src, img)
}

// overlap is the length of the intersection of [a0, a1) and [b0, b1).
func overlap(a0, a1, b0, b1 float64) float64 { return max(0, min(a1, b1)-max(a0, b0)) }

// frame adds the obvious recapture's bezel and reflection to the BGR pixels.
func (p recapture) frame(pix []uint8, w, h int) {
	bw := p.borderW * float64(min(w, h))
	rc, rs := math.Cos(p.reflAngle), math.Sin(p.reflAngle)
	diag := math.Hypot(float64(w), float64(h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			k, add := 1.0, 0.0
			if p.border {
				for _, side := range p.borderSide {
					var d float64
					switch side {
					case 0:
						d = float64(x)
					case 1:
						d = float64(y)
					case 2:
						d = float64(w - 1 - x)
					default:
						d = float64(h - 1 - y)
					}
					// A dark bezel with a soft inner edge.
					k *= 0.25 + 0.75*max(0, min(1, (d-bw)/(0.3*bw)+0.5))
				}
			}
			if p.reflection {
				t := ((float64(x)-float64(w)/2)*rc+(float64(y)-float64(h)/2)*rs)/diag - p.reflPos
				add = p.reflI * math.Exp(-t*t/(2*p.reflWidth*p.reflWidth))
			}
			q := (*[3]uint8)(pix[3*(y*w+x):])
			for c := range q {
				q[c] = clamp8(int(float64(q[c])*k + add))
			}
		}
	}
}

// rgbMat converts img into a BGR Mat (ignoring alpha). The caller closes it.
func rgbMat(img *image.RGBA) gocv.Mat {
	m, err := pageMat(img, false)
	if err != nil {
		panic(err) // only for an empty image
	}
	defer m.Close()
	out := gocv.NewMat()
	gocv.CvtColor(m, &out, gocv.ColorBGRAToBGR)
	return out
}

// rgbaImage converts the BGR Mat m back into an image with like's bounds and alpha.
func rgbaImage(m gocv.Mat, like *image.RGBA) *image.RGBA {
	out := image.NewRGBA(like.Rect)
	pix, _ := m.DataPtrUint8()
	w, h := like.Rect.Dx(), like.Rect.Dy()
	for y := 0; y < h; y++ {
		src := like.Pix[like.PixOffset(like.Rect.Min.X, like.Rect.Min.Y+y):]
		dst := out.Pix[y*out.Stride:]
		for x := 0; x < w; x++ {
			a := int(src[4*x+3])
			q := pix[3*(y*w+x):]
			dst[4*x] = uint8((int(q[2])*a + 127) / 255)
			dst[4*x+1] = uint8((int(q[1])*a + 127) / 255)
			dst[4*x+2] = uint8((int(q[0])*a + 127) / 255)
			dst[4*x+3] = uint8(a)
		}
	}
	return out
}

// gaussian blurs m in place.
func gaussian(m *gocv.Mat, sigma float64) {
	if sigma < 0.2 {
		return
	}
	n := 2*int(math.Ceil(3*sigma)) + 1
	gocv.GaussianBlur(*m, m, image.Pt(n, n), sigma, sigma, gocv.BorderReflect101)
}
