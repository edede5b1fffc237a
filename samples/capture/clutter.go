package capture

import (
	"image"
	"image/color"
	"math"
	"math/rand/v2"
	"slices"

	"gocv.io/x/gocv"
)

// desktop renders the desk a phone shot shows around the document: a surface (wood, fabric,
// a plain or a speckled top), objects on it with their shadows, the document's own shadow
// (doc is its outline in the frame). It works at half resolution, blurs as the lens does
// (b), and returns a fw×fh BGR Mat.
func desktop(r *rand.Rand, fw, fh int, doc quad, lt phoneLight, b blur) gocv.Mat {
	w, h := fw/2, fh/2
	m := surface(r, w, h)
	defer m.Close()
	var objs []object
	if r.Float64() < 0.15 {
		objs = append(objs, paper(r, w, h))
	}
	for n := 1 + r.IntN(8); n > 0; n-- {
		objs = append(objs, randomObject(r, w, h))
	}

	// Shadows: silhouettes offset away from the light, blurred, darkening the surface.
	mask := gocv.NewMatWithSize(h, w, gocv.MatTypeCV8U)
	defer mask.Close()
	mask.SetTo(gocv.NewScalar(0, 0, 0, 0))
	sdx, sdy := lt.shadowLen*math.Cos(lt.shadowDir), lt.shadowLen*math.Sin(lt.shadowDir)
	ink := color.RGBA{B: 255}
	for _, o := range objs {
		o(&mask, ink, sdx, sdy)
	}
	half := doc.scaled(0.5, 0.5)
	k := lt.docShadow / lt.shadowLen
	fillPoly(&mask, half[:], ink, sdx*k, sdy*k)
	n := 2*int(math.Ceil(3*lt.shadowSigma)) + 1
	gocv.GaussianBlur(mask, &mask, image.Pt(n, n), lt.shadowSigma, lt.shadowSigma, gocv.BorderReflect101)
	pix, _ := m.DataPtrUint8()
	sh, _ := mask.DataPtrUint8()
	depth := int(lt.shadowDepth * 256)
	for i, s := range sh {
		if s == 0 {
			continue
		}
		g := 256 - depth*int(s)/255
		for c := 0; c < 3; c++ {
			pix[3*i+c] = uint8(int(pix[3*i+c]) * g >> 8)
		}
	}
	for _, o := range objs {
		o(&m, color.RGBA{}, 0, 0)
	}

	bb := b.scaled(0.5)
	bb.sigma = math.Hypot(bb.sigma, uniform(r, 0, 0.6))
	bb.apply(&m)
	out := gocv.NewMat()
	gocv.Resize(m, &out, image.Pt(fw, fh), 0, 0, gocv.InterpolationLinear)
	return out
}

// object draws itself onto m; with a non-zero ink it draws its silhouette in that colour
// instead, offset by (dx, dy).
type object func(m *gocv.Mat, ink color.RGBA, dx, dy float64)

// pick is the colour to draw: c, or ink when drawing a silhouette.
func pick(c, ink color.RGBA) color.RGBA {
	if ink != (color.RGBA{}) {
		return ink
	}
	return c
}

func rgb(r, g, b float64) color.RGBA {
	return color.RGBA{R: clamp8(int(r)), G: clamp8(int(g)), B: clamp8(int(b)), A: 255}
}

func shade(c color.RGBA, k float64) color.RGBA {
	return rgb(float64(c.R)*k, float64(c.G)*k, float64(c.B)*k)
}

func lighten(c color.RGBA, k float64) color.RGBA {
	return rgb(float64(c.R)+(255-float64(c.R))*k, float64(c.G)+(255-float64(c.G))*k, float64(c.B)+(255-float64(c.B))*k)
}

func choose(r *rand.Rand, cs ...color.RGBA) color.RGBA { return cs[r.IntN(len(cs))] }

// jitter varies c a little.
func jitter(r *rand.Rand, c color.RGBA, amount float64) color.RGBA {
	return rgb(float64(c.R)+uniform(r, -amount, amount), float64(c.G)+uniform(r, -amount, amount), float64(c.B)+uniform(r, -amount, amount))
}

const drawShift = 4 // sub-pixel bits for OpenCV drawing

func fixed(x float64) int { return int(math.Round(x * (1 << drawShift))) }

func fillPoly(m *gocv.Mat, pts [][2]float64, c color.RGBA, dx, dy float64) {
	ip := make([]image.Point, len(pts))
	for i, p := range pts {
		ip[i] = image.Pt(fixed(p[0]+dx), fixed(p[1]+dy))
	}
	pv := gocv.NewPointsVectorFromPoints([][]image.Point{ip})
	defer pv.Close()
	gocv.FillPolyWithParams(m, pv, c, gocv.LineAA, drawShift, image.Point{})
}

func disc(m *gocv.Mat, x, y, radius float64, c color.RGBA, thick int) {
	gocv.CircleWithParams(m, image.Pt(fixed(x), fixed(y)), fixed(radius), c, thick, gocv.LineAA, drawShift)
}

func arc(m *gocv.Mat, x, y, a, b, angle, from, to float64, c color.RGBA, thick int) {
	gocv.EllipseWithParams(m, image.Pt(fixed(x), fixed(y)), image.Pt(fixed(a), fixed(b)), angle, from, to, c, thick, gocv.LineAA, drawShift)
}

// stroke draws a polyline of the given thickness.
func stroke(m *gocv.Mat, pts [][2]float64, c color.RGBA, thick int, dx, dy float64) {
	if len(pts) < 2 {
		return
	}
	ip := make([]image.Point, 0, 2*len(pts))
	for _, p := range pts {
		ip = append(ip, image.Pt(int(math.Round(p[0]+dx)), int(math.Round(p[1]+dy))))
	}
	for i := len(pts) - 2; i > 0; i-- { // back along the same points: an open line
		ip = append(ip, ip[i])
	}
	pv := gocv.NewPointsVectorFromPoints([][]image.Point{ip})
	defer pv.Close()
	hier := gocv.NewMat()
	defer hier.Close()
	gocv.DrawContoursWithParams(m, pv, -1, c, thick, gocv.LineAA, hier, 0, image.Point{})
}

// bar is the outline of a segment from (x0, y0) to (x1, y1) of half-width hw.
func bar(x0, y0, x1, y1, hw float64) [][2]float64 {
	l := math.Hypot(x1-x0, y1-y0)
	nx, ny := -(y1-y0)/l*hw, (x1-x0)/l*hw
	return [][2]float64{{x0 + nx, y0 + ny}, {x1 + nx, y1 + ny}, {x1 - nx, y1 - ny}, {x0 - nx, y0 - ny}}
}

// rotated is the rectangle of size a×b centred at (cx, cy), turned by angle.
func rotated(cx, cy, a, b, angle float64) [][2]float64 {
	c, s := math.Cos(angle), math.Sin(angle)
	var pts [][2]float64
	for _, p := range [][2]float64{{-a / 2, -b / 2}, {a / 2, -b / 2}, {a / 2, b / 2}, {-a / 2, b / 2}} {
		pts = append(pts, [2]float64{cx + p[0]*c - p[1]*s, cy + p[0]*s + p[1]*c})
	}
	return pts
}

func randomObject(r *rand.Rand, w, h int) object {
	kinds := []struct {
		weight float64
		make   func(*rand.Rand, int, int) object
	}{
		{20, pen}, {8, pencil}, {12, coins}, {7, mug}, {12, cable}, {9, note},
		{8, keys}, {12, blob}, {5, glasses}, {7, rubberBand},
	}
	total := 0.0
	for _, k := range kinds {
		total += k.weight
	}
	u := r.Float64() * total
	for _, k := range kinds {
		if u -= k.weight; u < 0 {
			return k.make(r, w, h)
		}
	}
	return kinds[0].make(r, w, h)
}

func pen(r *rand.Rand, w, h int) object {
	cx, cy := uniform(r, 0, float64(w)), uniform(r, 0, float64(h))
	a := uniform(r, 0, 2*math.Pi)
	l := uniform(r, 0.12, 0.28) * float64(w)
	hw := uniform(r, 3, 5.5)
	body := jitter(r, choose(r, rgb(20, 20, 25), rgb(25, 40, 120), rgb(170, 25, 30), rgb(235, 235, 230), rgb(180, 180, 185), rgb(30, 110, 60), rgb(230, 120, 20)), 12)
	cap := jitter(r, choose(r, body, rgb(20, 20, 25), rgb(25, 40, 140), rgb(180, 180, 185)), 10)
	c, s := math.Cos(a), math.Sin(a)
	x0, y0, x1, y1 := cx-c*l/2, cy-s*l/2, cx+c*l/2, cy+s*l/2
	return func(m *gocv.Mat, ink color.RGBA, dx, dy float64) {
		fillPoly(m, bar(x0, y0, x1, y1, hw), pick(body, ink), dx, dy)
		disc(m, x1+dx, y1+dy, hw, pick(body, ink), -1)
		// The tip: a cone and a point.
		tx, ty := x0-c*hw*2.5, y0-s*hw*2.5
		fillPoly(m, [][2]float64{{x0 - s*hw, y0 + c*hw}, {x0 + s*hw, y0 - c*hw}, {tx, ty}}, pick(shade(body, 0.8), ink), dx, dy)
		disc(m, tx+dx, ty+dy, 1, pick(rgb(40, 40, 40), ink), -1)
		if ink != (color.RGBA{}) {
			return
		}
		// Cap with clip, highlight along the body.
		cl := l * 0.35
		fillPoly(m, bar(x1-c*cl, y1-s*cl, x1, y1, hw*1.05), cap, 0, 0)
		fillPoly(m, bar(x1-c*cl*0.9, y1-s*cl*0.9, x1-c*cl*0.1, y1-s*cl*0.1, 1.2), shade(cap, 0.7), s*hw*0.2, -c*hw*0.2)
		fillPoly(m, bar(x0, y0, x1, y1, hw*0.18), lighten(body, 0.45), -s*hw*0.45, c*hw*0.45)
	}
}

func pencil(r *rand.Rand, w, h int) object {
	cx, cy := uniform(r, 0, float64(w)), uniform(r, 0, float64(h))
	a := uniform(r, 0, 2*math.Pi)
	l := uniform(r, 0.1, 0.25) * float64(w)
	hw := uniform(r, 3, 4.5)
	body := jitter(r, choose(r, rgb(235, 190, 30), rgb(40, 90, 40), rgb(180, 30, 30), rgb(30, 30, 30)), 10)
	c, s := math.Cos(a), math.Sin(a)
	x0, y0, x1, y1 := cx-c*l/2, cy-s*l/2, cx+c*l/2, cy+s*l/2
	return func(m *gocv.Mat, ink color.RGBA, dx, dy float64) {
		fillPoly(m, bar(x0, y0, x1, y1, hw), pick(body, ink), dx, dy)
		tx, ty := x0-c*hw*3.5, y0-s*hw*3.5
		fillPoly(m, [][2]float64{{x0 - s*hw, y0 + c*hw}, {x0 + s*hw, y0 - c*hw}, {tx, ty}}, pick(rgb(222, 184, 135), ink), dx, dy)
		if ink != (color.RGBA{}) {
			return
		}
		fillPoly(m, [][2]float64{{tx + c*hw*1.2 - s*hw*0.35, ty + s*hw*1.2 + c*hw*0.35}, {tx + c*hw*1.2 + s*hw*0.35, ty + s*hw*1.2 - c*hw*0.35}, {tx, ty}}, rgb(50, 50, 55), 0, 0)
		fillPoly(m, bar(x1-c*hw*1.5, y1-s*hw*1.5, x1, y1, hw), rgb(190, 190, 195), 0, 0)
		fillPoly(m, bar(x1, y1, x1+c*hw*2, y1+s*hw*2, hw), rgb(230, 140, 150), 0, 0)
		fillPoly(m, bar(x0, y0, x1-c*hw*1.5, y1-s*hw*1.5, hw*0.25), lighten(body, 0.35), -s*hw*0.4, c*hw*0.4)
		fillPoly(m, bar(x0, y0, x1-c*hw*1.5, y1-s*hw*1.5, hw*0.15), shade(body, 0.75), s*hw*0.5, -c*hw*0.5)
	}
}

func coins(r *rand.Rand, w, h int) object {
	type coin struct {
		x, y, rad float64
		c         color.RGBA
	}
	var cs []coin
	cx, cy := uniform(r, 0, float64(w)), uniform(r, 0, float64(h))
	for n := 1 + r.IntN(4); n > 0; n-- {
		c := jitter(r, choose(r, rgb(200, 160, 70), rgb(190, 190, 185), rgb(175, 100, 60)), 15)
		cs = append(cs, coin{cx + uniform(r, -30, 30), cy + uniform(r, -30, 30), uniform(r, 8, 15), c})
	}
	return func(m *gocv.Mat, ink color.RGBA, dx, dy float64) {
		for _, c := range cs {
			disc(m, c.x+dx, c.y+dy, c.rad, pick(c.c, ink), -1)
			if ink == (color.RGBA{}) {
				disc(m, c.x, c.y, c.rad*0.8, shade(c.c, 0.8), 1)
				arc(m, c.x, c.y, c.rad*0.9, c.rad*0.9, 0, 200, 280, lighten(c.c, 0.5), 1)
				disc(m, c.x-c.rad*0.15, c.y+c.rad*0.1, c.rad*0.3, shade(c.c, 0.88), -1)
			}
		}
	}
}

func mug(r *rand.Rand, w, h int) object {
	cx, cy := uniform(r, 0, float64(w)), uniform(r, 0, float64(h))
	rad := uniform(r, 35, 60)
	rim := jitter(r, choose(r, rgb(240, 240, 235), rgb(30, 60, 140), rgb(170, 30, 35), rgb(30, 30, 30), rgb(230, 200, 60), rgb(90, 160, 120)), 10)
	full := r.Float64() < 0.6
	coffee := jitter(r, choose(r, rgb(60, 35, 20), rgb(120, 80, 45), rgb(25, 15, 10)), 8)
	ha := uniform(r, 0, 360)
	return func(m *gocv.Mat, ink color.RGBA, dx, dy float64) {
		hx, hy := cx+math.Cos(radians(ha))*rad*1.05, cy+math.Sin(radians(ha))*rad*1.05
		arc(m, hx+dx, hy+dy, rad*0.35, rad*0.22, ha, 0, 360, pick(rim, ink), max(2, int(rad*0.12)))
		disc(m, cx+dx, cy+dy, rad, pick(rim, ink), -1)
		if ink != (color.RGBA{}) {
			return
		}
		inner := shade(rim, 0.82)
		disc(m, cx, cy, rad*0.86, inner, -1)
		if full {
			disc(m, cx, cy, rad*0.78, coffee, -1)
			arc(m, cx, cy, rad*0.6, rad*0.6, 0, 200, 250, lighten(coffee, 0.25), 2)
		}
		arc(m, cx, cy, rad*0.95, rad*0.95, 0, 190, 260, lighten(rim, 0.4), 2)
	}
}

func cable(r *rand.Rand, w, h int) object {
	// From an edge of the frame, meandering.
	var x, y float64
	switch r.IntN(4) {
	case 0:
		x, y = 0, uniform(r, 0, float64(h))
	case 1:
		x, y = float64(w), uniform(r, 0, float64(h))
	case 2:
		x, y = uniform(r, 0, float64(w)), 0
	default:
		x, y = uniform(r, 0, float64(w)), float64(h)
	}
	dir := math.Atan2(float64(h)/2-y, float64(w)/2-x) + uniform(r, -0.6, 0.6)
	var pts [][2]float64
	step := uniform(r, 8, 14)
	turn := uniform(r, -0.12, 0.12)
	for i := 30 + r.IntN(40); i > 0; i-- {
		pts = append(pts, [2]float64{x, y})
		x, y = x+step*math.Cos(dir), y+step*math.Sin(dir)
		turn += uniform(r, -0.05, 0.05)
		turn = max(-0.15, min(0.15, turn))
		dir += turn
	}
	c := jitter(r, choose(r, rgb(25, 25, 25), rgb(235, 235, 230), rgb(120, 120, 125), rgb(200, 60, 40)), 8)
	thick := 3 + r.IntN(3)
	return func(m *gocv.Mat, ink color.RGBA, dx, dy float64) {
		stroke(m, pts, pick(c, ink), thick, dx, dy)
		if ink == (color.RGBA{}) && thick > 3 {
			stroke(m, pts, lighten(c, 0.3), 1, -1, -1)
		}
	}
}

// scribble is a line of handwriting-like strokes from (x, y) along direction a.
func scribble(r *rand.Rand, x, y, a, length, size float64) [][2]float64 {
	c, s := math.Cos(a), math.Sin(a)
	var pts [][2]float64
	ph := uniform(r, 0, 2*math.Pi)
	for t := 0.0; t < length; t += size * 0.35 {
		off := size * 0.5 * math.Sin(ph+t*uniform(r, 0.8, 1.6)/size*3)
		pts = append(pts, [2]float64{x + t*c - off*s, y + t*s + off*c})
	}
	return pts
}

func note(r *rand.Rand, w, h int) object {
	cx, cy := uniform(r, 0, float64(w)), uniform(r, 0, float64(h))
	side := uniform(r, 35, 60)
	a := uniform(r, 0, 2*math.Pi)
	paperC := jitter(r, choose(r, rgb(250, 235, 110), rgb(250, 160, 190), rgb(160, 230, 160), rgb(150, 200, 240), rgb(250, 180, 90)), 10)
	inkC := choose(r, rgb(20, 30, 110), rgb(20, 20, 20), rgb(150, 20, 20))
	var lines [][][2]float64
	c, s := math.Cos(a), math.Sin(a)
	for i := 0; i < 2+r.IntN(3); i++ {
		ox, oy := -side*0.38, -side*0.3+float64(i)*side*0.2
		lines = append(lines, scribble(r, cx+ox*c-oy*s, cy+ox*s+oy*c, a, side*uniform(r, 0.4, 0.75), side*0.08))
	}
	return func(m *gocv.Mat, ink color.RGBA, dx, dy float64) {
		fillPoly(m, rotated(cx, cy, side, side, a), pick(paperC, ink), dx, dy)
		if ink != (color.RGBA{}) {
			return
		}
		for _, l := range lines {
			stroke(m, l, inkC, 1, 0, 0)
		}
	}
}

func keys(r *rand.Rand, w, h int) object {
	cx, cy := uniform(r, 0, float64(w)), uniform(r, 0, float64(h))
	ring := uniform(r, 7, 12)
	metal := jitter(r, choose(r, rgb(190, 190, 185), rgb(200, 170, 80)), 10)
	type key struct {
		a, l float64
		head color.RGBA
	}
	var ks []key
	for n := 1 + r.IntN(3); n > 0; n-- {
		ks = append(ks, key{uniform(r, 0, 2*math.Pi), uniform(r, 28, 45), jitter(r, choose(r, metal, rgb(30, 30, 30), rgb(40, 80, 160), rgb(180, 40, 40)), 10)})
	}
	return func(m *gocv.Mat, ink color.RGBA, dx, dy float64) {
		disc(m, cx+dx, cy+dy, ring, pick(metal, ink), 2)
		for _, k := range ks {
			c, s := math.Cos(k.a), math.Sin(k.a)
			hx, hy := cx+c*(ring+8), cy+s*(ring+8)
			ex, ey := hx+c*k.l, hy+s*k.l
			blade := bar(hx, hy, ex, ey, 3)
			// Teeth along one side.
			for t := 0.45; t < 0.95; t += 0.12 {
				px, py := hx+(ex-hx)*t, hy+(ey-hy)*t
				blade = append(blade[:3:3], append([][2]float64{{px - s*5, py + c*5}}, blade[3:]...)...)
			}
			fillPoly(m, blade, pick(metal, ink), dx, dy)
			disc(m, hx+dx, hy+dy, 8, pick(k.head, ink), -1)
			if ink == (color.RGBA{}) {
				disc(m, hx-c*4, hy-s*4, 2, shade(k.head, 0.5), -1)
			}
		}
	}
}

func blob(r *rand.Rand, w, h int) object {
	cx, cy := uniform(r, 0, float64(w)), uniform(r, 0, float64(h))
	rad := uniform(r, 12, 45)
	n := 10 + r.IntN(8)
	stretch := uniform(r, 1, 2.2)
	a := uniform(r, 0, math.Pi)
	var amp [4]float64
	for i := range amp {
		amp[i] = uniform(r, -0.2, 0.2)
	}
	var pts [][2]float64
	for i := 0; i < 3*n; i++ {
		t := 2 * math.Pi * float64(i) / float64(3*n)
		rr := rad * (1 + amp[0]*math.Cos(2*t) + amp[1]*math.Sin(3*t) + amp[2]*math.Cos(5*t+amp[3]*10))
		px, py := rr*math.Cos(t)*stretch, rr*math.Sin(t)
		pts = append(pts, [2]float64{cx + px*math.Cos(a) - py*math.Sin(a), cy + px*math.Sin(a) + py*math.Cos(a)})
	}
	c := rgb(uniform(r, 20, 240), uniform(r, 20, 240), uniform(r, 20, 240))
	hl := r.Float64() < 0.6
	return func(m *gocv.Mat, ink color.RGBA, dx, dy float64) {
		fillPoly(m, pts, pick(c, ink), dx, dy)
		if ink == (color.RGBA{}) && hl {
			arc(m, cx-rad*0.2, cy-rad*0.2, rad*0.5*stretch, rad*0.3, radians(a*180/math.Pi), 0, 360, lighten(c, 0.25), -1)
		}
	}
}

func glasses(r *rand.Rand, w, h int) object {
	cx, cy := uniform(r, 0, float64(w)), uniform(r, 0, float64(h))
	a := uniform(r, 0, 360)
	lens := uniform(r, 18, 26)
	frame := jitter(r, choose(r, rgb(20, 20, 20), rgb(90, 50, 30), rgb(160, 160, 165), rgb(40, 40, 110)), 10)
	c, s := math.Cos(radians(a)), math.Sin(radians(a))
	return func(m *gocv.Mat, ink color.RGBA, dx, dy float64) {
		for _, side := range []float64{-1, 1} {
			lx, ly := cx+side*c*lens*1.15, cy+side*s*lens*1.15
			arc(m, lx+dx, ly+dy, lens, lens*0.75, a, 0, 360, pick(frame, ink), 3)
			tx, ty := lx+side*c*lens, ly+side*s*lens
			stroke(m, [][2]float64{{tx, ty}, {tx - s*lens*3, ty + c*lens*3}}, pick(frame, ink), 2, dx, dy)
		}
		arc(m, cx+dx, cy+dy-2, lens*0.3, lens*0.25, a, 180, 360, pick(frame, ink), 2)
	}
}

func rubberBand(r *rand.Rand, w, h int) object {
	cx, cy := uniform(r, 0, float64(w)), uniform(r, 0, float64(h))
	a, b := uniform(r, 12, 30), uniform(r, 5, 14)
	ang := uniform(r, 0, 360)
	c := jitter(r, choose(r, rgb(200, 60, 50), rgb(230, 200, 60), rgb(60, 120, 200), rgb(120, 80, 40)), 15)
	return func(m *gocv.Mat, ink color.RGBA, dx, dy float64) {
		arc(m, cx+dx, cy+dy, a, b, ang, 0, 360, pick(c, ink), 2)
	}
}

// paper is a large sheet mostly out of the frame, with printed or written lines: never
// whole in the frame, so that it does not pass for the document.
func paper(r *rand.Rand, w, h int) object {
	pw := uniform(r, 0.6, 0.9) * float64(max(w, h))
	ph := pw * 1.414
	a := uniform(r, -0.5, 0.5)
	// Centre beyond an edge so that at most about half of it shows.
	var cx, cy float64
	switch r.IntN(4) {
	case 0:
		cx, cy = -uniform(r, 0.05, 0.3)*pw, uniform(r, 0, float64(h))
	case 1:
		cx, cy = float64(w)+uniform(r, 0.05, 0.3)*pw, uniform(r, 0, float64(h))
	case 2:
		cx, cy = uniform(r, 0, float64(w)), -uniform(r, 0.05, 0.3)*ph
	default:
		cx, cy = uniform(r, 0, float64(w)), float64(h)+uniform(r, 0.05, 0.3)*ph
	}
	white := jitter(r, rgb(240, 240, 236), 8)
	written := r.Float64() < 0.4
	inkC := choose(r, rgb(20, 30, 110), rgb(30, 30, 30))
	c, s := math.Cos(a), math.Sin(a)
	var lines [][][2]float64
	for y := -ph/2 + ph*0.08; y < ph/2-ph*0.08; y += uniform(r, 7, 10) {
		x := -pw/2 + pw*0.1
		end := pw/2 - pw*0.1 - uniform(r, 0, pw*0.3)
		if written {
			lines = append(lines, scribble(r, cx+x*c-y*s, cy+x*s+y*c, a, end-x, 4))
			continue
		}
		for x < end {
			wl := uniform(r, 6, 25)
			x0, y0 := cx+x*c-y*s, cy+x*s+y*c
			x1, y1 := cx+(x+wl)*c-y*s, cy+(x+wl)*s+y*c
			lines = append(lines, [][2]float64{{x0, y0}, {x1, y1}})
			x += wl + uniform(r, 3, 5)
		}
	}
	return func(m *gocv.Mat, ink color.RGBA, dx, dy float64) {
		fillPoly(m, rotated(cx, cy, pw, ph, a), pick(white, ink), dx, dy)
		if ink != (color.RGBA{}) {
			return
		}
		if written {
			for _, l := range lines {
				stroke(m, l, inkC, 1, 0, 0)
			}
			return
		}
		for _, l := range lines {
			fillPoly(m, bar(l[0][0], l[0][1], l[1][0], l[1][1], 1.2), rgb(120, 120, 125), 0, 0)
		}
	}
}

// surface renders a desk top w×h (BGR).
func surface(r *rand.Rand, w, h int) gocv.Mat {
	m := gocv.NewMatWithSize(h, w, gocv.MatTypeCV8UC3)
	pix, _ := m.DataPtrUint8()
	switch u := r.Float64(); {
	case u < 0.4:
		wood(r, w, h, pix)
	case u < 0.6:
		fabric(r, w, h, pix)
	case u < 0.85:
		plain(r, w, h, pix)
	default:
		speckled(r, w, h, pix)
	}
	return m
}

// valueNoise is smooth noise in [-1, 1] (about) over w×h from a gw×gh grid of random values.
func valueNoise(r *rand.Rand, gw, gh, w, h int) []float32 {
	s := smallField(max(2, gw), max(2, gh), func(u, v float64) float64 { return uniform(r, -1, 1) })
	defer s.Close()
	big := gocv.NewMat()
	defer big.Close()
	gocv.Resize(s, &big, image.Pt(w, h), 0, 0, gocv.InterpolationCubic)
	d, _ := big.DataPtrFloat32()
	return slices.Clone(d)
}

// setBGR writes colour (r, g, b) at pixel i.
func setBGR(pix []uint8, i int, r, g, b float64) {
	pix[3*i] = clamp8(int(b))
	pix[3*i+1] = clamp8(int(g))
	pix[3*i+2] = clamp8(int(r))
}

var cosTable = func() (t [1024]float32) {
	for i := range t {
		t[i] = float32(math.Cos(2 * math.Pi * float64(i) / 1024))
	}
	return
}()

func fastCos(turns float64) float64 { return float64(cosTable[int(turns*1024)&1023]) }

// wood is planks of wood with growth rings and fibres.
func wood(r *rand.Rand, w, h int, pix []uint8) {
	vertical := r.Float64() < 0.5
	gw, gh := w, h // grain along x of the generated grid
	if vertical {
		gw, gh = h, w
	}
	base := jitter(r, choose(r, rgb(196, 154, 108), rgb(110, 72, 48), rgb(150, 88, 58), rgb(215, 180, 130), rgb(165, 150, 135), rgb(225, 212, 195), rgb(130, 100, 75)), 12)
	dk := uniform(r, 0.6, 0.78)
	period := uniform(r, 12, 40)
	warp := uniform(r, 8, 40)
	slant := uniform(r, -0.05, 0.05)
	plank := uniform(r, 80, 260)
	off := uniform(r, 0, plank)
	var tones, phases [64]float64
	for i := range tones {
		tones[i], phases[i] = uniform(r, -0.07, 0.07), uniform(r, 0, 50)
	}
	n1 := valueNoise(r, 4, gh/3, gw, gh)
	n2 := valueNoise(r, 5, 4, gw, gh)
	n3 := valueNoise(r, gw/30, gh/1, gw, gh)
	br, bg, bb := float64(base.R), float64(base.G), float64(base.B)
	for y := 0; y < gh; y++ {
		py := float64(y) + off
		pi := int(py/plank) & 63
		seam := math.Mod(py, plank) < 1.2
		for x := 0; x < gw; x++ {
			i := y*gw + x
			t := (float64(y) + warp*float64(n2[i]) + slant*float64(x) + phases[pi]*period) / period
			ring := 0.5 + 0.5*fastCos(t)
			ring *= ring * ring
			k := 1 + tones[pi] + 0.05*float64(n3[i])
			mix := max(0, min(1, 0.45*ring+0.22*(float64(n1[i])+1)/2))
			f := k * (1 - mix*(1-dk))
			if seam {
				f *= 0.65
			}
			j := i
			if vertical {
				j = x*w + y // transpose: grid (x, y) is pixel (y, x)
			}
			setBGR(pix, j, br*f, bg*f, bb*f)
		}
	}
}

// fabric is a woven cloth (plain or twill) with wrinkles.
func fabric(r *rand.Rand, w, h int, pix []uint8) {
	p := uniform(r, 2.2, 4.5)
	twill := r.Float64() < 0.5
	warpC := jitter(r, choose(r, rgb(40, 60, 110), rgb(120, 120, 125), rgb(200, 185, 160), rgb(40, 90, 60), rgb(120, 30, 40), rgb(35, 35, 40), rgb(180, 150, 110)), 15)
	weftC := warpC
	if r.Float64() < 0.4 {
		weftC = lighten(warpC, uniform(r, 0.1, 0.4))
	}
	tv := make([]float64, int(float64(max(w, h))/p)+3)
	for i := range tv {
		tv[i] = uniform(r, -0.06, 0.06)
	}
	wr := valueNoise(r, 7, 5, w, h)
	amp := uniform(r, 0.06, 0.18)
	for y := 0; y < h; y++ {
		fy := float64(y) / p
		iy := int(fy)
		for x := 0; x < w; x++ {
			fx := float64(x) / p
			ix := int(fx)
			var top bool
			if twill {
				top = (ix+iy)%3 != 0
			} else {
				top = (ix+iy)%2 == 0
			}
			i := y*w + x
			k := 1 + amp*float64(wr[i])
			var c color.RGBA
			if top {
				c = warpC
				k *= (1 + tv[ix]) * (0.78 + 0.22*math.Sin(math.Pi*(fx-float64(ix))))
			} else {
				c = weftC
				k *= (1 + tv[iy]) * (0.78 + 0.22*math.Sin(math.Pi*(fy-float64(iy))))
			}
			setBGR(pix, i, float64(c.R)*k, float64(c.G)*k, float64(c.B)*k)
		}
	}
}

// plain is a smooth desk top (laminate, paint, a desk mat) with faint mottling and grain.
func plain(r *rand.Rand, w, h int, pix []uint8) {
	c := jitter(r, choose(r, rgb(236, 236, 232), rgb(200, 200, 198), rgb(150, 150, 150), rgb(70, 70, 72), rgb(35, 35, 38), rgb(215, 200, 175), rgb(60, 90, 70), rgb(170, 190, 205)), 10)
	n := valueNoise(r, 5, 4, w, h)
	amp := uniform(r, 0.01, 0.05)
	rng := fastRand(r.Uint64())
	for i := range n {
		k := 1 + amp*float64(n[i]) + 0.015*(float64(rng.next()&255)/128-1)
		setBGR(pix, i, float64(c.R)*k, float64(c.G)*k, float64(c.B)*k)
	}
}

// speckled is a granite, terrazzo or cork top: a base with specks of other colours.
func speckled(r *rand.Rand, w, h int, pix []uint8) {
	base := jitter(r, choose(r, rgb(190, 185, 180), rgb(60, 60, 62), rgb(170, 130, 90), rgb(225, 220, 210)), 12)
	var specks [3]color.RGBA
	for i := range specks {
		specks[i] = rgb(uniform(r, 0, 255), uniform(r, 0, 255), uniform(r, 0, 255))
		if r.Float64() < 0.6 {
			specks[i] = shade(base, uniform(r, 0.3, 1.4))
		}
	}
	n := valueNoise(r, 6, 5, w, h)
	for i := range n {
		k := 1 + 0.05*float64(n[i])
		setBGR(pix, i, float64(base.R)*k, float64(base.G)*k, float64(base.B)*k)
	}
	density := uniform(r, 0.01, 0.05)
	for d := int(float64(w*h) * density); d > 0; d-- {
		x, y := r.IntN(w), r.IntN(h)
		c := specks[r.IntN(3)]
		sz := 1 + r.IntN(2)
		for yy := y; yy < min(h, y+sz); yy++ {
			for xx := x; xx < min(w, x+sz); xx++ {
				setBGR(pix, yy*w+xx, float64(c.R), float64(c.G), float64(c.B))
			}
		}
	}
}
