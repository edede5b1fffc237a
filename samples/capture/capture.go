package capture

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"math"
	"math/rand/v2"

	"gocv.io/x/gocv"
)

// Kind is a capture device.
type Kind string

// The capture devices.
const (
	Scan  Kind = "scan"  // flatbed scanner at 300 dpi
	Kiosk Kind = "kiosk" // document reader: page on a glass window, fixed camera, visible, IR and UV
	Phone Kind = "phone" // hand-held phone camera over a desk
)

// Kinds lists every capture device.
func Kinds() []Kind { return []Kind{Scan, Kiosk, Phone} }

// Page is a rendered document page: Visible always, IR and UV when the document has them; all
// the same size, DPI pixels per inch (300).
type Page struct {
	Visible, IR, UV *image.RGBA
	DPI             float64 // pixels per inch; 0 means 300
}

// Shot is what the device delivers: encoded JPEG images (IR and UV only for Kiosk, when the page
// has them; on the same pixel grid as Visible), their size, and the homography that maps page
// pixels to shot pixels.
type Shot struct {
	Visible, IR, UV []byte     // JPEG; Visible and UV in colour, IR in one grey channel
	Width, Height   int        // shot size, px
	H               [9]float64 // row-major 3×3, page (x, y, 1) → shot, pixel centres at integers
	Quality         int        // JPEG quality used
}

// Map maps a point in page pixels to shot pixels.
func (s Shot) Map(x, y float64) (float64, float64) { return mat3(s.H).apply(x, y) }

// Corners returns where the page's outer corners (top-left, top-right, bottom-right,
// bottom-left) of a w×h page land in the shot.
func (s Shot) Corners(w, h int) [4][2]float64 { return pageQuad(w, h).mapped(mat3(s.H)) }

// ErrPage reports a page that cannot be captured.
var ErrPage = errors.New("capture: invalid page")

// Take captures p as a device of the given kind would. The same r state gives the same bytes.
//
// Take draws exactly two values from r, whatever the kind and the page, and everything it
// does depends only on those, the kind and the page's size and DPI (never on its content or
// on whether it has IR and UV images).
func Take(r *rand.Rand, kind Kind, p Page) (Shot, error) {
	src := rand.New(rand.NewPCG(r.Uint64(), r.Uint64()))
	if err := p.check(); err != nil {
		return Shot{}, err
	}
	switch kind {
	case Scan:
		return takeScan(src, p)
	case Kiosk:
		return takeKiosk(src, p)
	case Phone:
		return takePhone(src, p)
	}
	return Shot{}, fmt.Errorf("capture: unknown kind %q", kind)
}

func (p Page) check() error {
	if p.Visible == nil || p.Visible.Rect.Empty() {
		return fmt.Errorf("%w: no visible image", ErrPage)
	}
	if p.DPI < 0 || math.IsNaN(p.DPI) || math.IsInf(p.DPI, 0) {
		return fmt.Errorf("%w: DPI %v", ErrPage, p.DPI)
	}
	sz := p.Visible.Rect.Size()
	if sz.X > 20000 || sz.Y > 20000 {
		return fmt.Errorf("%w: %v px is too large", ErrPage, sz)
	}
	for _, o := range []struct {
		name string
		img  *image.RGBA
	}{{"IR", p.IR}, {"UV", p.UV}} {
		if o.img != nil && o.img.Rect.Size() != sz {
			return fmt.Errorf("%w: %s image is %v, visible %v", ErrPage, o.name, o.img.Rect.Size(), sz)
		}
	}
	return nil
}

// scale is how many 300-dpi pixels one page pixel spans.
func (p Page) scale() float64 {
	if p.DPI == 0 {
		return 1
	}
	return 300 / p.DPI
}

func mm(v float64) float64 { return v / 25.4 * 300 } // millimetres to 300-dpi pixels

// takeScan models a flatbed scanner: the page on the glass under a white or light grey lid.
func takeScan(r *rand.Rand, p Page) (Shot, error) {
	w, h := p.Visible.Rect.Dx(), p.Visible.Rect.Dy()
	theta := radians(uniform(r, -3, 3))
	scale := p.scale() * uniform(r, 0.99, 1.01)
	var m [4]float64 // margins: left, top, right, bottom
	for i := range m {
		m[i] = mm(uniform(r, 5, 20))
	}
	l := drawLid(r)
	b := blur{sigma: uniform(r, 0.45, 0.9)}
	temp, tint := uniform(r, -0.025, 0.025), uniform(r, -0.01, 0.01)
	t := tone{
		contrast:   uniform(r, 0.94, 1.04),
		brightness: uniform(r, -6, 6),
		gamma:      uniform(r, 0.94, 1.06),
		wb:         [3]float64{1 - temp, 1 + tint, 1 + temp},
	}
	d := develop{tone: t, sigma: uniform(r, 1.5, 5), seed: r.Uint64()}
	quality := 70 + r.IntN(26)

	hm := similarity(w, h, scale, theta, 0, 0)
	x0, y0, x1, y1 := pageQuad(w, h).mapped(hm).bounds()
	fw := int(math.Ceil(x1 - x0 + m[0] + m[2]))
	fh := int(math.Ceil(y1 - y0 + m[1] + m[3]))
	hm = translation(m[0]-x0-0.5, m[1]-y0-0.5).mul(hm)

	page, err := pageMat(p.Visible, false)
	if err != nil {
		return Shot{}, err
	}
	defer page.Close()
	bg := l.background(fw, fh, pageQuad(w, h).mapped(hm))
	defer bg.Close()
	if err := layer(&bg, page, hm, b, light{}, d); err != nil {
		return Shot{}, err
	}
	l.dirt(&bg)
	vis, err := encodeJPEG(bg, quality)
	if err != nil {
		return Shot{}, err
	}
	return Shot{Visible: vis, Width: fw, Height: fh, H: hm.normalized(), Quality: quality}, nil
}

// lid is a scanner's lid and glass: the colour around the page, the page's shadow, dust.
type lid struct {
	colour [3]float64 // BGR
	slope  [2]float64 // relative brightness change across the canvas, x and y
	shadow struct {
		dx, dy, sigma, depth float64 // offset and blur px, darkening 0–1
	}
	dust []speck
	hair []speck // points of a hair on the glass, or none
}

// speck is a dark point on the glass at fractions (u, v) of the canvas.
type speck struct {
	u, v, radius float64
	grey         uint8
}

func drawLid(r *rand.Rand) lid {
	var l lid
	v := uniform(r, 238, 253)
	if r.Float64() < 0.4 {
		v = uniform(r, 200, 232)
	}
	for c := range l.colour {
		l.colour[c] = v + uniform(r, -4, 4)
	}
	l.slope = [2]float64{uniform(r, -0.02, 0.02), uniform(r, -0.02, 0.02)}
	a := uniform(r, 0, 2*math.Pi)
	off := uniform(r, 0.7, 3)
	l.shadow.dx, l.shadow.dy = off*math.Cos(a), off*math.Sin(a)
	l.shadow.sigma = uniform(r, 1.5, 4)
	l.shadow.depth = uniform(r, 0.12, 0.4)
	for n := r.IntN(6); n > 0; n-- {
		l.dust = append(l.dust, speck{u: r.Float64(), v: r.Float64(), radius: uniform(r, 0.6, 2), grey: uint8(uniform(r, 50, 160))})
	}
	if r.Float64() < 0.1 {
		u, v := r.Float64(), r.Float64()
		dir := uniform(r, 0, 2*math.Pi)
		bend := uniform(r, -0.15, 0.15)
		step := uniform(r, 0.004, 0.012)
		grey := uint8(uniform(r, 40, 110))
		for i := 0; i < 12; i++ {
			l.hair = append(l.hair, speck{u: u, v: v, radius: 1, grey: grey})
			u, v = u+step*math.Cos(dir), v+step*math.Sin(dir)
			dir += bend + uniform(r, -0.1, 0.1)
		}
	}
	return l
}

// background renders the lid around a page whose outline in the canvas is q. It works on a
// grid four times as coarse (the lid is smooth) and returns a fw×fh BGR Mat.
func (l lid) background(fw, fh int, q quad) gocv.Mat {
	const k = 4
	sw, sh := (fw+k-1)/k, (fh+k-1)/k
	small := gocv.NewMatWithSize(sh, sw, gocv.MatTypeCV8UC3)
	defer small.Close()
	d, _ := small.DataPtrUint8()
	for y := 0; y < sh; y++ {
		gy := l.slope[1] * (float64(y)/float64(sh) - 0.5)
		for x := 0; x < sw; x++ {
			g := 1 + gy + l.slope[0]*(float64(x)/float64(sw)-0.5)
			for c := 0; c < 3; c++ {
				d[(y*sw+x)*3+c] = clamp8(int(l.colour[c] * g))
			}
		}
	}
	fx, fy := float64(sw)/float64(fw), float64(sh)/float64(fh)
	sq := q.scaled(fx, fy)
	pv := gocv.NewPointsVectorFromPoints([][]image.Point{sq.points(4, l.shadow.dx*fx, l.shadow.dy*fy)})
	defer pv.Close()
	s := 1 - l.shadow.depth
	gocv.FillPolyWithParams(&small, pv, bgr(l.colour[0]*s, l.colour[1]*s, l.colour[2]*s), gocv.LineAA, 4, image.Point{})
	sigma := max(0.5, l.shadow.sigma*fx)
	n := 2*int(math.Ceil(3*sigma)) + 1
	gocv.GaussianBlur(small, &small, image.Pt(n, n), sigma, sigma, gocv.BorderReflect101)
	full := gocv.NewMat()
	gocv.Resize(small, &full, image.Pt(fw, fh), 0, 0, gocv.InterpolationLinear)
	return full
}

// dirt draws dust and hair on the glass over the finished scan.
func (l lid) dirt(m *gocv.Mat) {
	fw, fh := float64(m.Cols()), float64(m.Rows())
	for _, s := range l.dust {
		c := image.Pt(int(s.u*fw*16), int(s.v*fh*16))
		gocv.CircleWithParams(m, c, int(s.radius*16), bgr(float64(s.grey), float64(s.grey), float64(s.grey)), -1, gocv.LineAA, 4)
	}
	if len(l.hair) > 1 {
		pts := make([][2]float64, len(l.hair))
		for i, s := range l.hair {
			pts[i] = [2]float64{s.u * fw, s.v * fh}
		}
		g := float64(l.hair[0].grey)
		stroke(m, pts, bgr(g, g, g), 1, 0, 0)
	}
}

// takeKiosk models a document reader: the page pressed on a glass window, a fixed camera,
// even lighting, a dark frame around the page; IR and UV through the same optics.
func takeKiosk(r *rand.Rand, p Page) (Shot, error) {
	w, h := p.Visible.Rect.Dx(), p.Visible.Rect.Dy()
	k := p.scale()
	frame := mm(8)
	fw := int(math.Round(float64(w)*k + 2*frame))
	fh := int(math.Round(float64(h)*k + 2*frame))
	theta := radians(uniform(r, -1, 1))
	scale := k * uniform(r, 0.997, 1.003)
	dx, dy := mm(uniform(r, -2, 2)), mm(uniform(r, -2, 2))
	quality := 88 + r.IntN(8)
	vis := drawKioskChannel(r, visibleLight)
	ir := drawKioskChannel(r, infrared)
	uv := drawKioskChannel(r, ultraviolet)
	hm := similarity(w, h, scale, theta, (float64(fw)-1)/2+dx, (float64(fh)-1)/2+dy)

	s := Shot{Width: fw, Height: fh, H: hm.normalized(), Quality: quality}
	var err error
	if s.Visible, err = vis.take(p.Visible, hm, fw, fh, quality); err != nil {
		return Shot{}, err
	}
	if p.IR != nil {
		if s.IR, err = ir.take(p.IR, hm, fw, fh, quality); err != nil {
			return Shot{}, err
		}
	}
	if p.UV != nil {
		if s.UV, err = uv.take(p.UV, hm, fw, fh, quality); err != nil {
			return Shot{}, err
		}
	}
	return s, nil
}

// band is a kiosk's illumination.
type band int

const (
	visibleLight band = iota
	infrared
	ultraviolet
)

// kioskChannel is one illumination of a document reader.
type kioskChannel struct {
	grey   bool
	base   [3]float64 // colour of the dark frame, BGR
	mottle [48]float64
	b      blur
	d      develop
}

func drawKioskChannel(r *rand.Rand, b band) kioskChannel {
	var c kioskChannel
	switch b {
	case visibleLight:
		v := uniform(r, 10, 28)
		c.base = [3]float64{v + uniform(r, -3, 3), v + uniform(r, -3, 3), v + uniform(r, -3, 3)}
		c.b = blur{sigma: uniform(r, 0.45, 0.75)}
		c.d.sigma = uniform(r, 1, 2.2)
	case infrared:
		v := uniform(r, 6, 20)
		c.grey = true
		c.base = [3]float64{v, v, v}
		c.b = blur{sigma: uniform(r, 0.6, 1.0)}
		c.d.sigma = uniform(r, 1.2, 2.5)
	case ultraviolet:
		k := uniform(r, 0.7, 1.2)
		c.base = [3]float64{k * uniform(r, 45, 75), k * uniform(r, 8, 20), k * uniform(r, 22, 40)}
		c.b = blur{sigma: uniform(r, 0.55, 0.9)}
		c.d.sigma = uniform(r, 1.8, 3.5)
	}
	for i := range c.mottle {
		c.mottle[i] = uniform(r, -0.12, 0.12)
	}
	temp := uniform(r, -0.012, 0.012)
	c.d.tone = tone{
		contrast:   uniform(r, 0.97, 1.03),
		brightness: uniform(r, -3, 3),
		gamma:      uniform(r, 0.97, 1.03),
		wb:         [3]float64{1 - temp, 1, 1 + temp},
	}
	if c.grey {
		c.d.tone = c.d.tone.grey()
	}
	c.d.seed = r.Uint64()
	return c
}

// take renders img through hm as this channel sees it and encodes it.
func (c kioskChannel) take(img *image.RGBA, hm mat3, fw, fh, quality int) ([]byte, error) {
	page, err := pageMat(img, c.grey)
	if err != nil {
		return nil, err
	}
	defer page.Close()
	cn := 3
	if c.grey {
		cn = 1
	}
	// The dark frame: base colour, mottled on an 8×6 grid.
	mt := gocv.MatTypeCV8UC3
	if c.grey {
		mt = gocv.MatTypeCV8U
	}
	small := gocv.NewMatWithSize(6, 8, mt)
	defer small.Close()
	d, _ := small.DataPtrUint8()
	for i := 0; i < 48; i++ {
		for ch := 0; ch < cn; ch++ {
			d[i*cn+ch] = clamp8(int(math.Round(c.base[ch] * (1 + c.mottle[i]))))
		}
	}
	bg := gocv.NewMat()
	defer bg.Close()
	gocv.Resize(small, &bg, image.Pt(fw, fh), 0, 0, gocv.InterpolationLinear)
	if err := layer(&bg, page, hm, c.b, light{}, c.d); err != nil {
		return nil, err
	}
	return encodeJPEG(bg, quality)
}

// bgr is a drawing colour for gocv, which takes color.RGBA and writes B, G, R.
func bgr(b, g, r float64) color.RGBA {
	return color.RGBA{R: clamp8(int(math.Round(r))), G: clamp8(int(math.Round(g))), B: clamp8(int(math.Round(b))), A: 255}
}
