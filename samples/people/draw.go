package people

import (
	"image"
	"image/color"
	"image/draw"
	"math"

	"golang.org/x/image/vector"
)

// pt is a point in design units: the portrait is designed on a 413×531 frame (35×45 mm at
// 300 dpi) and scaled to the size asked for.
type pt struct{ x, y float64 }

func (p pt) add(q pt) pt             { return pt{p.x + q.x, p.y + q.y} }
func (p pt) sub(q pt) pt             { return pt{p.x - q.x, p.y - q.y} }
func (p pt) mul(k float64) pt        { return pt{p.x * k, p.y * k} }
func (p pt) lerp(q pt, t float64) pt { return pt{p.x + (q.x-p.x)*t, p.y + (q.y-p.y)*t} }

// segKind says what a path segment draws.
type segKind uint8

const (
	segMove segKind = iota
	segLine
	segQuad
	segCube
	segClose
)

// seg is one path segment; p holds its control points and end point.
type seg struct {
	kind segKind
	p    [3]pt
}

// points is how many of p the segment uses.
func (s seg) points() int {
	switch s.kind {
	case segMove, segLine:
		return 1
	case segQuad:
		return 2
	case segCube:
		return 3
	}
	return 0
}

// path is a set of closed outlines in design units, filled with the non-zero rule: an
// outline drawn the other way round cuts a hole.
type path struct{ segs []seg }

func (p *path) moveTo(a pt)          { p.segs = append(p.segs, seg{kind: segMove, p: [3]pt{a}}) }
func (p *path) lineTo(a pt)          { p.segs = append(p.segs, seg{kind: segLine, p: [3]pt{a}}) }
func (p *path) quadTo(b, c pt)       { p.segs = append(p.segs, seg{kind: segQuad, p: [3]pt{b, c}}) }
func (p *path) cubeTo(b, c, d pt)    { p.segs = append(p.segs, seg{kind: segCube, p: [3]pt{b, c, d}}) }
func (p *path) close()               { p.segs = append(p.segs, seg{kind: segClose}) }
func (p *path) add(q *path) *path    { p.segs = append(p.segs, q.segs...); return p }
func (p *path) translate(d pt) *path { return p.transform(func(a pt) pt { return a.add(d) }) }

// transform returns a copy of p with every point mapped by f.
func (p *path) transform(f func(pt) pt) *path {
	q := &path{segs: make([]seg, len(p.segs))}
	for i, s := range p.segs {
		q.segs[i] = s
		for j := range s.p {
			q.segs[i].p[j] = f(s.p[j])
		}
	}
	return q
}

// kappa places the control points of a cubic Bézier quarter circle.
const kappa = 0.5522847498

// ellipse adds an axis-aligned ellipse, clockwise on screen, or anticlockwise when rev.
func (p *path) ellipse(c pt, rx, ry float64, rev bool) *path {
	if rev {
		ry = -ry
	}
	kx, ky := rx*kappa, ry*kappa
	p.moveTo(pt{c.x + rx, c.y})
	p.cubeTo(pt{c.x + rx, c.y + ky}, pt{c.x + kx, c.y + ry}, pt{c.x, c.y + ry})
	p.cubeTo(pt{c.x - kx, c.y + ry}, pt{c.x - rx, c.y + ky}, pt{c.x - rx, c.y})
	p.cubeTo(pt{c.x - rx, c.y - ky}, pt{c.x - kx, c.y - ry}, pt{c.x, c.y - ry})
	p.cubeTo(pt{c.x + kx, c.y - ry}, pt{c.x + rx, c.y - ky}, pt{c.x + rx, c.y})
	p.close()
	return p
}

// roundRect adds a rectangle of half sizes hw, hh around c with corner radius r.
func (p *path) roundRect(c pt, hw, hh, r float64, rev bool) *path {
	r = math.Min(r, math.Min(hw, hh))
	k := r * (1 - kappa)
	x0, x1, y0, y1 := c.x-hw, c.x+hw, c.y-hh, c.y+hh
	pts := []pt{
		{x0 + r, y0}, {x1 - r, y0}, {x1 - k, y0}, {x1, y0 + k}, {x1, y0 + r},
		{x1, y1 - r}, {x1, y1 - k}, {x1 - k, y1}, {x1 - r, y1},
		{x0 + r, y1}, {x0 + k, y1}, {x0, y1 - k}, {x0, y1 - r},
		{x0, y0 + r}, {x0, y0 + k}, {x0 + k, y0}, {x0 + r, y0},
	}
	if rev {
		for i, j := 0, len(pts)-1; i < j; i, j = i+1, j-1 {
			pts[i], pts[j] = pts[j], pts[i]
		}
	}
	p.moveTo(pts[0])
	for i := 1; i+3 < len(pts)+1; i += 4 {
		p.lineTo(pts[i])
		p.cubeTo(pts[i+1], pts[i+2], pts[i+3])
	}
	p.close()
	return p
}

// smooth adds a closed smooth outline that follows the polygon pts (through the midpoints of
// its sides, with the corners as control points), reversed when rev.
func (p *path) smooth(pts []pt, rev bool) *path {
	n := len(pts)
	if n < 3 {
		return p
	}
	at := func(i int) pt {
		i = (i%n + n) % n
		if rev {
			i = n - 1 - i
		}
		return pts[i]
	}
	p.moveTo(at(0).lerp(at(1), 0.5))
	for i := 1; i <= n; i++ {
		p.quadTo(at(i), at(i).lerp(at(i+1), 0.5))
	}
	p.close()
	return p
}

// polygon adds the closed polygon pts, reversed when rev.
func (p *path) polygon(pts []pt, rev bool) *path {
	for i := range pts {
		j := i
		if rev {
			j = len(pts) - 1 - i
		}
		if i == 0 {
			p.moveTo(pts[j])
		} else {
			p.lineTo(pts[j])
		}
	}
	p.close()
	return p
}

// ribbon adds a band of width width(t) (t from 0 to 1) along the open polyline pts: a stroke
// that can taper.
func (p *path) ribbon(pts []pt, width func(t float64) float64) *path {
	n := len(pts)
	if n < 2 {
		return p
	}
	left := make([]pt, n)
	right := make([]pt, n)
	for i := range pts {
		a, b := pts[max(i-1, 0)], pts[min(i+1, n-1)]
		d := b.sub(a)
		l := math.Hypot(d.x, d.y)
		if l == 0 {
			l = 1
		}
		nrm := pt{-d.y / l, d.x / l}
		w := width(float64(i)/float64(n-1)) / 2
		left[i] = pts[i].add(nrm.mul(w))
		right[i] = pts[i].sub(nrm.mul(w))
	}
	p.moveTo(left[0])
	for _, q := range left[1:] {
		p.lineTo(q)
	}
	for i := n - 1; i >= 0; i-- {
		p.lineTo(right[i])
	}
	p.close()
	return p
}

// cubic samples the cubic Bézier curve a, b, c, d at n+1 points.
func cubic(a, b, c, d pt, n int) []pt {
	out := make([]pt, n+1)
	for i := range out {
		t := float64(i) / float64(n)
		u := 1 - t
		out[i] = pt{
			u*u*u*a.x + 3*u*u*t*b.x + 3*u*t*t*c.x + t*t*t*d.x,
			u*u*u*a.y + 3*u*u*t*b.y + 3*u*t*t*c.y + t*t*t*d.y,
		}
	}
	return out
}

// quad samples the quadratic Bézier curve a, b, c at n+1 points.
func quad(a, b, c pt, n int) []pt {
	out := make([]pt, n+1)
	for i := range out {
		t := float64(i) / float64(n)
		u := 1 - t
		out[i] = pt{u*u*a.x + 2*u*t*b.x + t*t*c.x, u*u*a.y + 2*u*t*b.y + t*t*c.y}
	}
	return out
}

// taper is a stroke width that is w in the middle and thins to w·end at both ends.
func taper(w, end float64) func(float64) float64 {
	return func(t float64) float64 {
		return w * (end + (1-end)*math.Sin(math.Pi*t))
	}
}

// even is a stroke width that is w all along.
func even(w float64) func(float64) float64 { return func(float64) float64 { return w } }

// canvas fills paths in design units onto an RGBA image with anti-aliasing.
type canvas struct {
	img    *image.RGBA
	k      float64 // pixels per design unit
	ox, oy float64 // where the design origin lands, in pixels
	z      vector.Rasterizer
	a, b   image.Alpha // scratch masks for clipped fills
}

// design frame, in design units.
const (
	frameW = 413.0
	frameH = 531.0
)

// newCanvas draws on img, the design frame scaled to fit and centred.
func newCanvas(img *image.RGBA) *canvas {
	w, h := float64(img.Rect.Dx()), float64(img.Rect.Dy())
	k := math.Min(w/frameW, h/frameH)
	return &canvas{img: img, k: k, ox: (w - frameW*k) / 2, oy: (h - frameH*k) / 2}
}

// px maps a design point to pixels.
func (c *canvas) px(a pt) (float32, float32) {
	return float32(c.ox + a.x*c.k), float32(c.oy + a.y*c.k)
}

// bounds is the pixel rectangle that holds p, clipped to the image.
func (c *canvas) bounds(p *path) image.Rectangle {
	x0, y0 := math.Inf(1), math.Inf(1)
	x1, y1 := math.Inf(-1), math.Inf(-1)
	for _, s := range p.segs {
		for _, q := range s.p[:s.points()] {
			x, y := c.px(q)
			x0, y0 = math.Min(x0, float64(x)), math.Min(y0, float64(y))
			x1, y1 = math.Max(x1, float64(x)), math.Max(y1, float64(y))
		}
	}
	if x0 > x1 {
		return image.Rectangle{}
	}
	r := image.Rect(int(math.Floor(x0)), int(math.Floor(y0)), int(math.Ceil(x1))+1, int(math.Ceil(y1))+1)
	return r.Intersect(c.img.Rect)
}

// raster loads p into the rasterizer, relative to the pixel rectangle r.
func (c *canvas) raster(p *path, r image.Rectangle) {
	c.z.Reset(r.Dx(), r.Dy())
	dx, dy := float32(r.Min.X), float32(r.Min.Y)
	at := func(a pt) (float32, float32) {
		x, y := c.px(a)
		return x - dx, y - dy
	}
	open := false
	for _, s := range p.segs {
		switch s.kind {
		case segMove:
			if open {
				c.z.ClosePath()
			}
			c.z.MoveTo(at(s.p[0]))
			open = true
		case segLine:
			c.z.LineTo(at(s.p[0]))
		case segQuad:
			bx, by := at(s.p[0])
			cx, cy := at(s.p[1])
			c.z.QuadTo(bx, by, cx, cy)
		case segCube:
			bx, by := at(s.p[0])
			cx, cy := at(s.p[1])
			ex, ey := at(s.p[2])
			c.z.CubeTo(bx, by, cx, cy, ex, ey)
		case segClose:
			c.z.ClosePath()
			open = false
		}
	}
	if open {
		c.z.ClosePath()
	}
}

// fill paints p in colour col.
func (c *canvas) fill(p *path, col color.NRGBA) {
	r := c.bounds(p)
	if r.Empty() || col.A == 0 {
		return
	}
	c.mask(&c.a, p, r)
	c.blend(r, col)
}

// mask rasterises p into m over the pixel rectangle r.
func (c *canvas) mask(m *image.Alpha, p *path, r image.Rectangle) {
	n := r.Dx() * r.Dy()
	if cap(m.Pix) < n {
		m.Pix = make([]uint8, n)
	}
	m.Pix = m.Pix[:n]
	clear(m.Pix)
	m.Stride, m.Rect = r.Dx(), image.Rect(0, 0, r.Dx(), r.Dy())
	c.raster(p, r)
	c.z.DrawOp = draw.Src
	c.z.Draw(m, m.Rect, image.Opaque, image.Point{})
}

// fillClip paints p in colour col where it lies inside every one of clips.
func (c *canvas) fillClip(p *path, col color.NRGBA, clips ...*path) {
	r := c.bounds(p)
	for _, q := range clips {
		r = r.Intersect(c.bounds(q))
	}
	if r.Empty() || col.A == 0 {
		return
	}
	c.mask(&c.a, p, r)
	for _, q := range clips {
		c.mask(&c.b, q, r)
		for i, v := range c.b.Pix {
			c.a.Pix[i] = uint8((uint16(c.a.Pix[i])*uint16(v) + 127) / 255)
		}
	}
	c.blend(r, col)
}

// blend paints col through the mask c.a over the pixel rectangle r, skipping the pixels the
// mask leaves out (most of a ring's or a stroke's bounding box).
func (c *canvas) blend(r image.Rectangle, col color.NRGBA) {
	w := r.Dx()
	sr, sg, sb, sa := uint32(col.R), uint32(col.G), uint32(col.B), uint32(col.A)
	for y := 0; y < r.Dy(); y++ {
		row := c.a.Pix[y*w : y*w+w]
		pix := c.img.Pix[c.img.PixOffset(r.Min.X, r.Min.Y+y):]
		for x, m := range row {
			if m == 0 {
				continue
			}
			a := (uint32(m)*sa + 127) / 255
			i := 4 * x
			if a == 255 {
				pix[i], pix[i+1], pix[i+2], pix[i+3] = col.R, col.G, col.B, 255
				continue
			}
			na := 255 - a
			pix[i] = uint8((sr*a + uint32(pix[i])*na + 127) / 255)
			pix[i+1] = uint8((sg*a + uint32(pix[i+1])*na + 127) / 255)
			pix[i+2] = uint8((sb*a + uint32(pix[i+2])*na + 127) / 255)
			pix[i+3] = uint8(a + (uint32(pix[i+3])*na+127)/255)
		}
	}
}
