package main

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"os"

	"github.com/golang/freetype/truetype"
	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
)

// super is the supersampling factor: glyphs are drawn at super times the output resolution,
// thickened or thinned there, and averaged down while the geometry is applied.
const super = 3

// typeface is the OCR-B font with the ratios that size it: cap height and advance per em.
type typeface struct {
	font      *truetype.Font
	capHeight float64 // height of H per unit of font size
}

func loadTypeface(path string) (*typeface, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	f, err := truetype.Parse(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	face := truetype.NewFace(f, &truetype.Options{Size: 1000, DPI: 72, Hinting: font.HintingNone})
	defer face.Close()
	for _, c := range Alphabet {
		if _, _, ok := face.GlyphBounds(c); !ok {
			return nil, fmt.Errorf("%s: no glyph for %q", path, c)
		}
	}
	bounds, _, _ := face.GlyphBounds('H')
	return &typeface{font: f, capHeight: float64(-bounds.Min.Y) / 64 / 1000}, nil
}

// canvas is a coverage mask drawn at super times the output resolution.
type canvas struct {
	w, h int
	pix  []uint8 // coverage 0..255, row-major
	ink  rect    // bounding box of the line to read, in canvas pixels
}

type rect struct{ x0, y0, x1, y1 float64 }

// draw draws the sample's line and its neighbours on a canvas: characters at a fixed pitch
// (ICAO: 2.54 mm for a character 2.0–2.4 mm high), each centred in its cell with a little
// jitter, the way an MRZ printer places them.
func (t *typeface) draw(s sample, p *params) (*canvas, error) {
	capH := p.height * super
	face := truetype.NewFace(t.font, &truetype.Options{Size: capH / t.capHeight, DPI: 72, Hinting: font.HintingNone, GlyphCacheEntries: 64})
	defer face.Close()
	pitch := p.pitch * capH
	linePitch := p.linePitch * capH
	n := max(len(s.text), len(s.above), len(s.below))
	pad := capH // room for jitter, slant and strokes grown
	w := int(2*pad + float64(n)*pitch)
	above, below := pad, pad // canvas above the cap line and below the baseline
	if p.neighbours {
		above, below = above+linePitch, below+linePitch
	}
	h := int(above + capH + below)
	mask := image.NewAlpha(image.Rect(0, 0, w, h))
	d := font.Drawer{Dst: mask, Src: image.Opaque, Face: face}
	base := above + capH // baseline of the line to read
	line := func(text string, baseline, shift float64) {
		for i, c := range []rune(text) {
			// OCR-B has no national letters: draw the base letter and its mark by hand.
			mark := marks[c]
			if mark.base != 0 {
				c = mark.base
			}
			adv, _ := face.GlyphAdvance(c)
			x := pad + shift + (float64(i)+0.5)*pitch - float64(adv)/64/2
			x += p.rng.NormFloat64() * p.jitter * pitch
			y := baseline + p.rng.NormFloat64()*p.jitter*capH
			d.Dot = fixed.Point26_6{X: fixed.Int26_6(x * 64), Y: fixed.Int26_6(y * 64)}
			d.DrawString(string(c))
			if mark.base != 0 {
				drawMark(mask, mark.kind, x+float64(adv)/64/2, y, capH)
			}
		}
	}
	shown := s.text
	if s.shown != "" {
		shown = s.shown
	}
	line(shown, base, 0)
	if s.above != "" && p.neighbours {
		line(s.above, base-linePitch, p.rng.NormFloat64()*0.1*pitch)
	}
	if s.below != "" && p.neighbours {
		line(s.below, base+linePitch, p.rng.NormFloat64()*0.1*pitch)
	}
	c := &canvas{w: w, h: h, pix: mask.Pix}
	for range p.weight {
		c.pix = morph(c.pix, w, h, true)
	}
	for range -p.weight {
		c.pix = morph(c.pix, w, h, false)
	}
	// The ink box of the line to read: the rows of its cells only.
	top, bottom := int(base-1.3*capH), int(base+0.3*capH)
	c.ink = rect{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	for y := max(top, 0); y < min(bottom, h); y++ {
		for x := 0; x < w; x++ {
			if c.pix[y*w+x] > 64 {
				c.ink.x0, c.ink.x1 = min(c.ink.x0, float64(x)), max(c.ink.x1, float64(x+1))
				c.ink.y0, c.ink.y1 = min(c.ink.y0, float64(y)), max(c.ink.y1, float64(y+1))
			}
		}
	}
	if math.IsInf(c.ink.x0, 1) {
		return nil, fmt.Errorf("nothing drawn for %q", s.text)
	}
	return c, nil
}

// morph dilates (grow) or erodes the mask by one canvas pixel with a 3×3 square: bolder or
// thinner strokes, as ink spread, toner and print heads vary.
func morph(src []uint8, w, h int, grow bool) []uint8 {
	pick := func(a, b uint8) uint8 {
		if grow == (a > b) {
			return a
		}
		return b
	}
	tmp := make([]uint8, len(src))
	for y := 0; y < h; y++ {
		row := src[y*w : (y+1)*w]
		for x := 0; x < w; x++ {
			v := row[x]
			if x > 0 {
				v = pick(v, row[x-1])
			}
			if x < w-1 {
				v = pick(v, row[x+1])
			}
			tmp[y*w+x] = v
		}
	}
	dst := src // src is all in tmp now: write the result over it
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			v := tmp[y*w+x]
			if y > 0 {
				v = pick(v, tmp[(y-1)*w+x])
			}
			if y < h-1 {
				v = pick(v, tmp[(y+1)*w+x])
			}
			dst[y*w+x] = v
		}
	}
	return dst
}

// at is the bilinear coverage at canvas point (x, y), pixel centres at half-integers.
func (c *canvas) at(x, y float64) float32 {
	x -= 0.5
	y -= 0.5
	x0, y0 := math.Floor(x), math.Floor(y)
	fx, fy := float32(x-x0), float32(y-y0)
	ix, iy := int(x0), int(y0)
	get := func(x, y int) float32 {
		if x < 0 || y < 0 || x >= c.w || y >= c.h {
			return 0
		}
		return float32(c.pix[y*c.w+x]) / 255
	}
	a := get(ix, iy)*(1-fx) + get(ix+1, iy)*fx
	b := get(ix, iy+1)*(1-fx) + get(ix+1, iy+1)*fx
	return a*(1-fy) + b*fy
}

// homography is a 3×3 projective transform, row-major, h[8] = 1 after solving.
type homography [9]float64

func (m homography) apply(x, y float64) (float64, float64) {
	w := m[6]*x + m[7]*y + m[8]
	return (m[0]*x + m[1]*y + m[2]) / w, (m[3]*x + m[4]*y + m[5]) / w
}

func (m homography) inverse() homography {
	a, b, c, d, e, f, g, h, i := m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8]
	det := a*(e*i-f*h) - b*(d*i-f*g) + c*(d*h-e*g)
	return homography{
		(e*i - f*h) / det, (c*h - b*i) / det, (b*f - c*e) / det,
		(f*g - d*i) / det, (a*i - c*g) / det, (c*d - a*f) / det,
		(d*h - e*g) / det, (b*g - a*h) / det, (a*e - b*d) / det,
	}
}

// solveHomography finds the transform taking the four points src to dst.
func solveHomography(src, dst [4][2]float64) homography {
	var a [8][9]float64
	for k := range 4 {
		x, y, u, v := src[k][0], src[k][1], dst[k][0], dst[k][1]
		a[2*k] = [9]float64{x, y, 1, 0, 0, 0, -u * x, -u * y, u}
		a[2*k+1] = [9]float64{0, 0, 0, x, y, 1, -v * x, -v * y, v}
	}
	for col := range 8 {
		piv := col
		for r := col + 1; r < 8; r++ {
			if math.Abs(a[r][col]) > math.Abs(a[piv][col]) {
				piv = r
			}
		}
		a[col], a[piv] = a[piv], a[col]
		for r := range 8 {
			if r != col {
				f := a[r][col] / a[col][col]
				for k := col; k < 9; k++ {
					a[r][k] -= f * a[col][k]
				}
			}
		}
	}
	var m homography
	for k := range 8 {
		m[k] = a[k][8] / a[k][k]
	}
	m[8] = 1
	return m
}

// warp places the canvas in the output image: scaled down, sheared, rotated and with its
// corners moved a little (perspective), cropped to the line with the sample's margins. It
// returns the coverage image and the box of the line to read in output pixels.
func warp(c *canvas, p *params) (cov []float32, w, h int, box rect) {
	src := [4][2]float64{{c.ink.x0, c.ink.y0}, {c.ink.x1, c.ink.y0}, {c.ink.x1, c.ink.y1}, {c.ink.x0, c.ink.y1}}
	cx, cy := (c.ink.x0+c.ink.x1)/2/super, (c.ink.y0+c.ink.y1)/2/super
	sin, cos := math.Sincos(p.rotation * math.Pi / 180)
	shear := math.Tan(p.shear * math.Pi / 180)
	var dst [4][2]float64
	box = rect{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	for k, q := range src {
		x, y := q[0]/super-cx, (q[1]/super-cy)*p.stretchY
		x += shear * y
		x, y = x*cos-y*sin, x*sin+y*cos
		x += p.rng.NormFloat64() * p.perspective * p.height
		y += p.rng.NormFloat64() * p.perspective * p.height
		dst[k] = [2]float64{x, y}
		box.x0, box.x1 = min(box.x0, x), max(box.x1, x)
		box.y0, box.y1 = min(box.y0, y), max(box.y1, y)
	}
	ox := math.Floor(box.x0 - p.margin[3]*p.height)
	oy := math.Floor(box.y0 - p.margin[0]*p.height)
	w = int(math.Ceil(box.x1+p.margin[1]*p.height) - ox)
	h = int(math.Ceil(box.y1+p.margin[2]*p.height) - oy)
	for k := range dst {
		dst[k][0] -= ox
		dst[k][1] -= oy
	}
	box = rect{box.x0 - ox, box.y0 - oy, box.x1 - ox, box.y1 - oy}
	inv := solveHomography(src, dst).inverse()
	cov = make([]float32, w*h)
	const k = 2 // samples per output pixel and axis: a 2×2 grid over the 3×3 canvas pixels it covers
	for v := range h {
		for u := range w {
			var sum float32
			for j := range k {
				for i := range k {
					x, y := inv.apply(float64(u)+(float64(i)+0.5)/k, float64(v)+(float64(j)+0.5)/k)
					sum += c.at(x, y)
				}
			}
			cov[v*w+u] = sum / (k * k)
		}
	}
	return cov, w, h, box
}

// A national letter as OCR-B lacks it: its base letter and the mark drawn over or under it.
type markedLetter struct {
	base rune
	kind string // tilde, dots, acute, grave, circumflex, ring, cedilla
}

var marks = map[rune]markedLetter{
	'Ñ': {'N', "tilde"}, 'Ä': {'A', "dots"}, 'Ë': {'E', "dots"}, 'Ö': {'O', "dots"}, 'Ü': {'U', "dots"},
	'Á': {'A', "acute"}, 'É': {'E', "acute"}, 'Í': {'I', "acute"}, 'Ó': {'O', "acute"}, 'Ú': {'U', "acute"}, 'Ý': {'Y', "acute"},
	'À': {'A', "grave"}, 'È': {'E', "grave"}, 'Ì': {'I', "grave"}, 'Ò': {'O', "grave"}, 'Ù': {'U', "grave"},
	'Â': {'A', "circumflex"}, 'Ê': {'E', "circumflex"}, 'Î': {'I', "circumflex"}, 'Ô': {'O', "circumflex"}, 'Û': {'U', "circumflex"},
	'Å': {'A', "ring"}, 'Ç': {'C', "cedilla"},
}

// drawMark draws a diacritic for a letter centred at cx with its baseline at y, as strokes of
// round dots about as thick as OCR-B's.
func drawMark(m *image.Alpha, kind string, cx, y, capH float64) {
	top := y - capH
	r := 0.06 * capH
	dot := func(x, y, r float64) {
		for yy := int(y - r - 1); yy <= int(y+r+1); yy++ {
			for xx := int(x - r - 1); xx <= int(x+r+1); xx++ {
				if (float64(xx)+0.5-x)*(float64(xx)+0.5-x)+(float64(yy)+0.5-y)*(float64(yy)+0.5-y) <= r*r &&
					image.Pt(xx, yy).In(m.Rect) {
					m.SetAlpha(xx, yy, color.Alpha{A: 255})
				}
			}
		}
	}
	stroke := func(x0, y0, x1, y1 float64) {
		n := int(math.Hypot(x1-x0, y1-y0)/(r/2)) + 1
		for k := 0; k <= n; k++ {
			t := float64(k) / float64(n)
			dot(x0+t*(x1-x0), y0+t*(y1-y0), r)
		}
	}
	w := 0.28 * capH
	switch kind {
	case "tilde":
		n := 24
		for k := 0; k <= n; k++ {
			t := float64(k) / float64(n)
			dot(cx-w+2*w*t, top-0.22*capH-0.08*capH*math.Sin(2*math.Pi*t), r)
		}
	case "dots":
		dot(cx-0.45*w, top-0.2*capH, 1.6*r)
		dot(cx+0.45*w, top-0.2*capH, 1.6*r)
	case "acute":
		stroke(cx-0.2*w, top-0.08*capH, cx+0.35*w, top-0.35*capH)
	case "grave":
		stroke(cx+0.2*w, top-0.08*capH, cx-0.35*w, top-0.35*capH)
	case "circumflex":
		stroke(cx-0.6*w, top-0.08*capH, cx, top-0.32*capH)
		stroke(cx, top-0.32*capH, cx+0.6*w, top-0.08*capH)
	case "ring":
		n := 20
		for k := 0; k < n; k++ {
			a := 2 * math.Pi * float64(k) / float64(n)
			dot(cx+0.35*w*math.Cos(a), top-0.22*capH+0.12*capH*math.Sin(a), 0.8*r)
		}
	case "cedilla":
		stroke(cx, y, cx+0.1*w, y+0.15*capH)
		stroke(cx+0.1*w, y+0.15*capH, cx-0.3*w, y+0.3*capH)
	}
}
