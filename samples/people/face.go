package people

import (
	"image"
	"image/draw"
	"math"
	"math/rand/v2"
)

// Drawing of a face, back to front. Every length is in design units (see pt).

var (
	white   = rgb{255, 255, 255}
	black   = rgb{18, 14, 14}
	sclera  = rgb{246, 243, 238}
	blushed = rgb{222, 110, 110}
)

// draw paints the portrait onto c, from the background forwards.
func (f *face) draw(c *canvas) {
	draw.Draw(c.img, c.img.Rect, imageUniform(f.bg), image.Point{}, draw.Src)

	head := new(path).smooth(f.contour(72, nil), false)
	f.drawBackHair(c)
	neckline, ne := f.neckline()
	skin := f.skinPath(neckline, ne)
	c.fill(skin, f.skin.scale(0.93).solid())
	// The jaw's shadow on the neck.
	for _, k := range []float64{1, 0.75, 0.5} {
		shade := new(path).ellipse(pt{f.cx, f.chin - 8}, (f.neckW+8)*(0.6+0.4*k), 32*k+4, false)
		c.fillClip(shade, f.skinDark.alpha(0.2), skin)
	}
	f.drawClothes(c, neckline, ne)
	if f.hair == hairLong && f.hairFront {
		below := new(path).polygon([]pt{{-50, f.chin}, {frameW + 50, f.chin}, {frameW + 50, frameH + 50}, {-50, frameH + 50}}, false)
		front := f.longHairPath(true)
		c.fillClip(front, f.hairCol.scale(0.92).solid(), below)
		f.drawHairStrands(c, front, below)
	}
	if f.hair == hairScarf {
		c.fill(f.scarfPath(0), f.scarf.scale(0.8).solid())
		c.fill(f.scarfPath(2), f.scarf.solid())
	} else if f.hair != hairLong && f.hair != hairBob {
		f.drawEars(c)
	}

	c.fill(head, f.skin.solid())
	f.drawFaceShade(c, head)
	f.drawEyes(c)
	f.drawBrows(c)
	f.drawNose(c)
	f.drawLines(c)
	f.drawBeard(c)
	f.drawMouth(c)
	if f.beard == beardMoustache || f.beard == beardGoatee || f.beard == beardFull {
		c.fill(f.moustachePath(), f.beardCol.scale(0.92).solid())
	}
	f.drawGlasses(c) // before the hair, which hides the temples where it covers them
	f.drawFrontHair(c, head)
	if f.hair == hairScarf {
		f.drawScarf(c, head)
	}
}

// imageUniform is c as an image of one colour.
func imageUniform(c rgb) *image.Uniform { return image.NewUniform(c.solid()) }

// spow is the signed power |v|^e with the sign of v.
func spow(v, e float64) float64 {
	if v < 0 {
		return -math.Pow(-v, e)
	}
	return math.Pow(v, e)
}

// contour is the outline of the face in n points, clockwise from the right at the eye line;
// grow, when not nil, moves it outwards by grow(th) at angle th.
func (f *face) contour(n int, grow func(th float64) float64) []pt {
	pts := make([]pt, n)
	for i := range pts {
		th := 2 * math.Pi * float64(i) / float64(n)
		g := 0.0
		if grow != nil {
			g = grow(th)
		}
		pts[i] = f.contourAt(th, g)
	}
	return pts
}

// contourAt is the point of the face outline at angle th, moved outwards by g.
func (f *face) contourAt(th, g float64) pt {
	c, s := math.Cos(th), math.Sin(th)
	if s < 0 { // the cranium
		e := 2 / f.skullN
		return pt{f.cx + (f.hw+g)*spow(c, e), f.eyeY + (f.eyeY-f.top+g)*spow(s, e)}
	}
	e := 2 / f.jawN
	v := math.Pow(s, e) // 0 at the eye line, 1 at the chin
	return pt{f.cx + (f.hw+g)*spow(c, e)*(1-f.taper*v*v), f.eyeY + (f.chin-f.eyeY+g)*v}
}

// halfWidth is the half width of the face at height y.
func (f *face) halfWidth(y float64) float64 {
	if y >= f.eyeY {
		v := math.Min(1, (y-f.eyeY)/(f.chin-f.eyeY))
		s := math.Pow(v, f.jawN/2)
		return f.hw * math.Pow(math.Sqrt(1-s*s), 2/f.jawN) * (1 - f.taper*v*v)
	}
	v := math.Min(1, (f.eyeY-y)/(f.eyeY-f.top))
	s := math.Pow(v, f.skullN/2)
	return f.hw * math.Pow(math.Sqrt(1-s*s), 2/f.skullN)
}

// crown is a point of an outline around the top of the head, from th = π (left, at the eye
// line) through 3π/2 (the top) to 2π (right), side and up units outside the skull.
func (f *face) crown(th, side, up float64) pt {
	c, s := math.Cos(th), math.Sin(th)
	e := 2 / f.skullN
	return pt{f.cx + (f.hw+side)*spow(c, e), f.eyeY + (f.eyeY-f.top+up)*spow(s, e)}
}

// crownArc samples crown from th0 to th1; vol gives the side and top volume at th.
func (f *face) crownArc(th0, th1 float64, n int, vol func(th float64) (side, up float64)) []pt {
	pts := make([]pt, 0, n+1)
	for i := 0; i <= n; i++ {
		th := th0 + (th1-th0)*float64(i)/float64(n)
		s, u := vol(th)
		pts = append(pts, f.crown(th, s, u))
	}
	return pts
}

// shoulderY is the top of the body dx units from the centre line, outside the neck.
func (f *face) shoulderY(dx float64) float64 {
	s := math.Max(0, dx-f.neckW)
	u := math.Min(1, s/(f.shoulderW-f.neckW))
	return f.neckBase + f.drop*(0.5*u+0.5*u*u*u) - 10*math.Exp(-s/9)
}

// shoulder samples the top of the body on side (−1 left, 1 right) from dx0 to dx1, lifted
// by lift.
func (f *face) shoulder(side, dx0, dx1, lift float64) []pt {
	const n = 28
	pts := make([]pt, 0, n+1)
	for i := 0; i <= n; i++ {
		t := float64(i) / n
		t = t * t // denser near dx0
		if dx0 > dx1 {
			t = 1 - (1-float64(i)/n)*(1-float64(i)/n)
		}
		dx := dx0 + (dx1-dx0)*t
		pts = append(pts, pt{f.cx + side*dx, f.shoulderY(dx) - lift})
	}
	return pts
}

// neckline is the top edge of the clothes in front, left to right, and its half width.
func (f *face) neckline() ([]pt, float64) {
	cx, nb := f.cx, f.neckBase
	var ne float64
	var pts []pt
	switch f.clothes {
	case clothesVNeck:
		ne = f.neckW + 8
		l, r := pt{cx - ne, f.shoulderY(ne)}, pt{cx + ne, f.shoulderY(ne)}
		b := pt{cx, nb + 58}
		pts = append(quad(l, pt{cx - ne*0.45, nb + 20}, b, 10), quad(b, pt{cx + ne*0.45, nb + 20}, r, 10)[1:]...)
	case clothesScoop:
		ne = f.neckW + 34
		pts = quad(pt{cx - ne, f.shoulderY(ne)}, pt{cx, nb + 62}, pt{cx + ne, f.shoulderY(ne)}, 20)
	case clothesShirt:
		ne = f.neckW + 4
		l, r := pt{cx - ne, f.shoulderY(ne)}, pt{cx + ne, f.shoulderY(ne)}
		b := pt{cx, nb + 34}
		pts = append(quad(l, pt{cx - ne*0.4, nb + 8}, b, 8), quad(b, pt{cx + ne*0.4, nb + 8}, r, 8)[1:]...)
	case clothesSuit, clothesBlazer:
		ne = f.neckW + 12
		l, r := pt{cx - ne, f.shoulderY(ne)}, pt{cx + ne, f.shoulderY(ne)}
		b := pt{cx, nb + 130}
		pts = []pt{l, b, r}
	case clothesTurtle:
		ne = f.neckW + 3
		top := f.chin + 20
		pts = []pt{
			{cx - ne, f.shoulderY(ne)}, {cx - ne - 1, top + 10}, {cx - ne + 2, top + 1},
			{cx - ne*0.5, top - 3}, {cx, top - 4}, {cx + ne*0.5, top - 3}, {cx + ne - 2, top + 1},
			{cx + ne + 1, top + 10}, {cx + ne, f.shoulderY(ne)},
		}
	default: // crew
		ne = f.neckW + 5
		pts = quad(pt{cx - ne, f.shoulderY(ne)}, pt{cx, nb + 20}, pt{cx + ne, f.shoulderY(ne)}, 16)
	}
	return pts, ne
}

// crewLine is the edge of a shirt's collar around the neck, left to right.
func (f *face) crewLine() []pt {
	ne := f.neckW + 5
	return quad(pt{f.cx - ne, f.shoulderY(ne)}, pt{f.cx, f.neckBase + 16}, pt{f.cx + ne, f.shoulderY(ne)}, 16)
}

// skinPath is the neck and the skin the neckline shows, reaching a little below the neckline
// so that the clothes' edge blends onto skin.
func (f *face) skinPath(neckline []pt, ne float64) *path {
	if f.clothes == clothesSuit || f.clothes == clothesBlazer {
		neckline, ne = f.crewLine(), f.neckW+5
	}
	var pts []pt
	pts = append(pts, pt{f.cx - f.neckW*0.94, f.eyeY})
	pts = append(pts, f.shoulder(-1, f.neckW, ne, 0)...)
	for _, q := range neckline[1 : len(neckline)-1] {
		pts = append(pts, q.add(pt{0, 6}))
	}
	pts = append(pts, f.shoulder(1, ne, f.neckW, 0)...)
	pts = append(pts, pt{f.cx + f.neckW*0.94, f.eyeY})
	return new(path).polygon(pts, false)
}

// drawClothes draws the body's clothes up to the neckline, with collars, ties and lapels.
func (f *face) drawClothes(c *canvas, neckline []pt, ne float64) {
	const far = 290.0
	var pts []pt
	pts = append(pts, pt{f.cx - far, frameH + 60})
	pts = append(pts, f.shoulder(-1, far, ne, 1.2)...)
	pts = append(pts, neckline[1:len(neckline)-1]...)
	pts = append(pts, f.shoulder(1, ne, far, 1.2)...)
	pts = append(pts, pt{f.cx + far, frameH + 60})
	body := new(path).polygon(pts, false)
	c.fill(body, f.cloth.solid())

	dark := f.cloth.scale(0.72)
	// Folds towards the arms and a soft light on the shoulders.
	for _, s := range []float64{-1, 1} {
		x0 := f.cx + s*(f.neckW+95)
		c.fill(new(path).ribbon(quad(pt{x0, f.shoulderY(f.neckW+95) + 12}, pt{x0 + s*18, f.neckBase + 70}, pt{x0 + s*10, frameH + 10}, 12), taper(14, 0.2)), dark.alpha(0.16))
		c.fillClip(new(path).ribbon(f.shoulder(s, ne+4, far, -7), even(10)), white.alpha(0.07), body)
	}

	trim := f.cloth.scale(0.82)
	switch f.clothes {
	case clothesCrew:
		c.fill(new(path).ribbon(neckline, even(7)), trim.solid())
	case clothesVNeck:
		c.fill(new(path).ribbon(neckline, even(6)), trim.solid())
	case clothesScoop:
		c.fill(new(path).ribbon(neckline, even(2.5)), trim.alpha(0.8))
	case clothesTurtle:
		for i, y := range []float64{f.chin + 32, f.chin + 44} {
			w := f.neckW + 2 + float64(i)*3
			c.fill(new(path).ribbon(quad(pt{f.cx - w, y}, pt{f.cx, y + 8}, pt{f.cx + w, y}, 12), taper(2.5, 0.2)), dark.alpha(0.45))
		}
	case clothesShirt:
		f.drawCollar(c, f.cloth, 13)
		bottom := neckline[len(neckline)/2]
		c.fill(new(path).ribbon([]pt{bottom, {f.cx, frameH + 10}}, even(1.5)), dark.alpha(0.5))
		for y := bottom.y + 22; y < frameH; y += 36 {
			c.fill(new(path).ellipse(pt{f.cx + 5, y}, 2.6, 2.6, false), dark.alpha(0.8))
		}
	case clothesSuit, clothesBlazer:
		v := neckline[1]
		crew := f.crewLine()
		pts := []pt{neckline[0], v.add(pt{0, 4}), neckline[2]}
		for i := len(crew) - 1; i >= 0; i-- {
			pts = append(pts, crew[i])
		}
		c.fill(new(path).polygon(pts, false), f.shirt.solid())
		if f.hasTie {
			f.drawTie(c)
		}
		if f.clothes == clothesSuit {
			f.drawCollar(c, f.shirt, 2)
		} else {
			c.fill(new(path).ribbon(crew, even(3)), f.shirt.scale(0.85).solid())
		}
		for _, s := range []float64{-1, 1} {
			top := neckline[0]
			if s > 0 {
				top = neckline[2]
			}
			lapel := []pt{
				top, {f.cx + s*(f.neckW+34), f.neckBase + 14}, {f.cx + s*(f.neckW+24), f.neckBase + 26},
				{f.cx + s*(f.neckW+40), f.neckBase + 70}, v.add(pt{s * 3, 0}),
			}
			c.fill(new(path).polygon(lapel, false), f.cloth.scale(0.93).solid())
			c.fill(new(path).ribbon([]pt{top, v}, even(2)), dark.alpha(0.6))
			c.fill(new(path).ribbon(lapel[1:4], even(1.5)), dark.alpha(0.45))
		}
	}
}

// drawCollar draws the two flaps of a shirt collar in colour col, open by gap at the front.
func (f *face) drawCollar(c *canvas, col rgb, gap float64) {
	for _, s := range []float64{-1, 1} {
		x := func(dx float64) float64 { return f.cx + s*dx }
		flap := []pt{
			{x(f.neckW + 1), f.neckBase - 32}, {x(f.neckW + 24), f.shoulderY(f.neckW+24) + 4},
			{x(gap + 4), f.neckBase + 28}, {x(gap), f.neckBase + 4}, {x(f.neckW - 3), f.neckBase - 22},
		}
		c.fill(new(path).polygon(flap, false), col.solid())
		c.fill(new(path).ribbon(flap[1:4], even(1.6)), col.scale(0.62).alpha(0.6))
	}
}

// drawTie draws a tie from the collar down out of the frame.
func (f *face) drawTie(c *canvas) {
	cx, nb := f.cx, f.neckBase
	blade := new(path).polygon([]pt{{cx - 7, nb + 14}, {cx + 7, nb + 14}, {cx + 17, frameH + 20}, {cx - 17, frameH + 20}}, false)
	c.fill(blade, f.tie.solid())
	c.fill(new(path).ribbon([]pt{{cx - 2, nb + 18}, {cx - 4, frameH + 20}}, even(3)), f.tie.scale(0.8).alpha(0.6))
	knot := new(path).polygon([]pt{{cx - 10, nb - 2}, {cx + 10, nb - 2}, {cx + 7, nb + 17}, {cx - 7, nb + 17}}, false)
	c.fill(knot, f.tie.scale(0.9).solid())
}

// drawEars draws both ears, half hidden behind the face, with earrings when worn.
func (f *face) drawEars(c *canvas) {
	y := (f.browY() + f.noseY) / 2
	for _, s := range []float64{-1, 1} {
		x := f.cx + s*(f.halfWidth(y)+f.earR*0.22)
		rx, ry := f.earR*0.52, f.earR
		c.fill(new(path).ellipse(pt{x, y}, rx, ry, false), f.skin.scale(0.97).solid())
		c.fill(new(path).ellipse(pt{x - s*rx*0.12, y + ry*0.02}, rx*0.55, ry*0.7, false), f.skinDark.alpha(0.6))
		c.fill(new(path).ellipse(pt{x + s*rx*0.12, y - ry*0.04}, rx*0.5, ry*0.66, false), f.skin.scale(0.97).solid())
		if f.earrings {
			c.fill(new(path).ellipse(pt{x + s*1.5, y + ry*0.86}, 3.4, 3.4, false), f.earringCol.solid())
		}
	}
}

// drawFaceShade darkens the face towards its edges and adds blush.
func (f *face) drawFaceShade(c *canvas, head *path) {
	for _, g := range []float64{-20, -14, -9, -5, -2} {
		ring := new(path).add(head).smooth(f.contour(72, func(float64) float64 { return g }), true)
		c.fill(ring, f.skinDark.alpha(0.035))
	}
	for _, s := range []float64{-1, 1} {
		c.fill(new(path).ellipse(pt{f.cx + s*f.hw*0.52, f.noseY - 4}, f.hw*0.2, f.hw*0.12, false), blushed.alpha(f.blush))
	}
}

// browY is the height of the eyebrows' inner ends.
func (f *face) browY() float64 { return f.eyeY - f.eh - f.browGap }

// eye is the outline of one eye: inner corner, upper lid, outer corner, lower lid.
type eye struct {
	inner, outer, centre pt
	upper, lower         []pt // inner to outer, outer to inner
}

// eye is the outline of the eye on side s (−1 left, 1 right in the picture).
func (f *face) eye(s float64) eye {
	ex, ey := f.cx+s*f.eyeDX, f.eyeY
	e := eye{
		centre: pt{ex, ey},
		inner:  pt{ex - s*f.ew, ey + f.tilt*f.ew*0.3},
		outer:  pt{ex + s*f.ew, ey - f.tilt*f.ew},
	}
	e.upper = cubic(e.inner, pt{ex - s*f.ew*0.45, ey - f.eh*1.3}, pt{ex + s*f.ew*0.5, ey - f.eh*1.25}, e.outer, 16)
	e.lower = cubic(e.outer, pt{ex + s*f.ew*0.45, ey + f.eh*0.85}, pt{ex - s*f.ew*0.45, ey + f.eh*1.0}, e.inner, 16)
	return e
}

// drawEyes draws both eyes: socket shade, ball, iris, pupil, light, lids and creases.
func (f *face) drawEyes(c *canvas) {
	lash := f.hairCol.scale(0.35).mix(black, 0.6)
	for _, s := range []float64{-1, 1} {
		e := f.eye(s)
		c.fill(new(path).ellipse(e.centre.add(pt{0, -f.eh * 0.5}), f.ew*1.45, f.eh*2.3, false), f.skinDark.alpha(0.1+0.05*f.wrinkles))

		outline := append(append([]pt{}, e.upper...), e.lower[1:len(e.lower)-1]...)
		ball := new(path).polygon(outline, false)
		c.fill(ball, sclera.mix(f.skin, 0.1).solid())

		ir := math.Min(f.eh*1.05, f.ew*0.52)
		ic := e.centre.add(pt{0, f.eh * 0.08})
		c.fillClip(new(path).ellipse(ic, ir, ir, false), f.iris.scale(0.55).solid(), ball)
		c.fillClip(new(path).ellipse(ic, ir*0.86, ir*0.86, false), f.iris.solid(), ball)
		c.fillClip(new(path).ellipse(ic, ir*0.62, ir*0.62, false), f.iris.scale(1.25).alpha(0.4), ball)
		c.fillClip(new(path).ellipse(ic, ir*0.42, ir*0.42, false), black.solid(), ball)
		c.fillClip(new(path).ellipse(ic.add(pt{ir * 0.32, -ir * 0.32}), ir*0.17, ir*0.17, false), white.alpha(0.9), ball)
		// The upper lid's shadow on the eyeball.
		c.fillClip(new(path).ribbon(e.upper, even(f.eh*0.55)), black.alpha(0.16), ball)

		lid := f.ew * 0.1
		if f.liner {
			lid *= 1.35
		}
		c.fill(new(path).ribbon(e.upper, func(t float64) float64 { return lid * (0.55 + 0.6*t) }), lash.solid())
		c.fill(new(path).ribbon(e.lower[2:len(e.lower)-2], taper(1.3, 0.2)), f.skinDark.scale(0.8).alpha(0.45))
		if f.liner {
			o := e.outer
			c.fill(new(path).polygon([]pt{o.add(pt{-s * 5, -2}), o.add(pt{s * 7, -6}), o.add(pt{-s * 3, 1})}, false), lash.solid())
		}
		if f.crease {
			cr := make([]pt, 0, len(e.upper))
			for i, q := range e.upper[3 : len(e.upper)-1] {
				t := float64(i+3) / float64(len(e.upper)-1)
				cr = append(cr, q.add(pt{s * 1.5, -f.eh*0.55 - 2*math.Sin(math.Pi*t)}))
			}
			c.fill(new(path).ribbon(cr, taper(1.8, 0.2)), f.skinDark.scale(0.8).alpha(0.45))
		}
		if f.wrinkles > 0 {
			bag := make([]pt, 0, len(e.lower))
			for _, q := range e.lower[3 : len(e.lower)-3] {
				bag = append(bag, q.add(pt{0, f.eh * 0.7}))
			}
			c.fill(new(path).ribbon(bag, taper(1.6, 0.1)), f.skinDark.alpha(0.35*f.wrinkles))
			o := e.outer
			for _, a := range []float64{-0.35, 0, 0.35} {
				d := pt{s * math.Cos(a), math.Sin(a)}
				c.fill(new(path).ribbon([]pt{o.add(d.mul(6)), o.add(d.mul(14))}, taper(1.3, 0.2)), f.skinDark.alpha(0.3*f.wrinkles))
			}
		}
	}
}

// drawBrows draws both eyebrows as tapered strokes.
func (f *face) drawBrows(c *canvas) {
	by := f.browY()
	for _, s := range []float64{-1, 1} {
		ex := f.cx + s*f.eyeDX
		in := pt{ex - s*f.ew*0.95, by + 2}
		out := pt{ex + s*f.ew*f.browLen, by + f.browArch*0.3 + 3}
		peak := pt{ex + s*f.ew*0.35, by - f.browArch}
		ctrl := peak.mul(2).sub(in.lerp(out, 0.5))
		line := quad(in, ctrl, out, 16)
		w := f.browW
		c.fill(new(path).ribbon(line, func(t float64) float64 { return w * (0.8 - 0.55*t + 0.3*math.Sin(math.Pi*t)) }), f.browCol.alpha(0.93))
		c.fill(new(path).ribbon(line[2:12], taper(w*0.3, 0.2)), f.browCol.scale(1.3).alpha(0.3))
	}
}

// drawNose draws the nose by its shadows: bridge, wings, nostrils and the shade under the tip.
func (f *face) drawNose(c *canvas) {
	cx, ny, w := f.cx, f.noseY, f.noseW
	sh := f.skinDark
	c.fill(new(path).ribbon(quad(pt{cx + f.ew*0.4, f.browY() + 12}, pt{cx + w*0.3, (f.browY() + ny) / 2}, pt{cx + w*0.5, ny - 14}, 12), taper(7, 0.1)), sh.alpha(0.12))
	c.fill(new(path).ellipse(pt{cx, ny + 2}, w*0.55, 4, false), sh.alpha(0.28))
	for _, s := range []float64{-1, 1} {
		wing := quad(pt{cx + s*w*0.62, ny - 14}, pt{cx + s*w*1.1, ny - 5}, pt{cx + s*w*0.52, ny + 1}, 10)
		c.fill(new(path).ribbon(wing, taper(2.4, 0.25)), sh.scale(0.85).alpha(0.55))
		c.fill(new(path).ellipse(pt{cx + s*w*0.33, ny - 1.5}, w*0.2, w*0.085, false), sh.scale(0.55).alpha(0.65))
	}
	c.fill(new(path).ellipse(pt{cx - 2, ny - 10}, w*0.28, w*0.22, false), white.alpha(0.1))
}

// drawLines draws the lines age brings.
func (f *face) drawLines(c *canvas) {
	if f.wrinkles == 0 {
		return
	}
	sh := f.skinDark.scale(0.85)
	for _, s := range []float64{-1, 1} {
		fold := quad(pt{f.cx + s*f.noseW*1.05, f.noseY - 8}, pt{f.cx + s*(f.mw+14), (f.noseY+f.mouthY)/2 + 2}, pt{f.cx + s*(f.mw+9), f.mouthY + 12}, 12)
		c.fill(new(path).ribbon(fold, taper(2.6, 0.1)), sh.alpha(0.28*f.wrinkles))
	}
	for i := range 3 {
		y := f.browY() - 20 - float64(i)*11
		w := f.hw * (0.42 - 0.04*float64(i))
		c.fill(new(path).ribbon(quad(pt{f.cx - w, y + 3}, pt{f.cx, y - 4}, pt{f.cx + w, y + 3}, 14), taper(1.8, 0.05)), sh.alpha(0.2*f.wrinkles))
	}
}

// drawMouth draws closed lips with a neutral expression.
func (f *face) drawMouth(c *canvas) {
	cx, my, mw, ut, lt := f.cx, f.mouthY, f.mw, f.ut, f.lt
	l, r := pt{cx - mw, my}, pt{cx + mw, my}
	line := pt{cx, my + ut*0.3}
	upper := new(path)
	upper.moveTo(l)
	upper.quadTo(pt{cx - mw*0.75, my - ut*0.55}, pt{cx - mw*0.42, my - ut})
	upper.quadTo(pt{cx - mw*0.14, my - ut*1.08}, pt{cx, my - ut*0.72})
	upper.quadTo(pt{cx + mw*0.14, my - ut*1.08}, pt{cx + mw*0.42, my - ut})
	upper.quadTo(pt{cx + mw*0.75, my - ut*0.55}, r)
	upper.quadTo(line, l)
	upper.close()
	lower := new(path)
	lower.moveTo(l)
	lower.quadTo(line, r)
	lower.cubeTo(pt{cx + mw*0.55, my + lt*1.3}, pt{cx - mw*0.55, my + lt*1.3}, l)
	lower.close()

	c.fill(new(path).ellipse(pt{cx, my + lt + 6}, mw*0.45, 4, false), f.skinDark.alpha(0.2))
	c.fill(lower, f.lip.scale(1.06).solid())
	c.fill(upper, f.lip.scale(0.93).solid())
	c.fill(new(path).ellipse(pt{cx + 2, my + lt*0.5}, mw*0.3, lt*0.22, false), white.alpha(0.13))
	c.fill(new(path).ribbon(quad(l.add(pt{-1, 0.5}), line, r.add(pt{1, 0.5}), 16), taper(2.2, 0.4)), f.lip.scale(0.45).alpha(0.8))
	// The philtrum.
	for _, s := range []float64{-1, 1} {
		c.fill(new(path).ribbon([]pt{{cx + s*f.noseW*0.22, f.noseY + 3}, {cx + s*mw*0.16, my - ut*1.0}}, even(1.6)), f.skinDark.alpha(0.12))
	}
}

// beardRegion is where a beard grows (area) and the face grown by the beard's volume under
// the chin (clip).
func (f *face) beardRegion() (area, clip *path) {
	cx, hw, d := f.cx, f.hw, f.chin-f.eyeY
	vol := f.beardVol
	if f.beard == beardStubble {
		vol = 0
	}
	mid := (f.noseY + f.mouthY) / 2
	var pts []pt
	if f.beard == beardGoatee {
		vol *= 0.4
		lt := f.mouthY + f.lt
		pts = []pt{
			{cx - f.mw*0.42, lt + 2}, {cx + f.mw*0.42, lt + 2}, {cx + f.mw*0.4, f.chin - 4},
			{cx, f.chin + 1 + vol}, {cx - f.mw*0.4, f.chin - 4},
		}
	} else {
		top := f.eyeY - 0.01*(f.chin-f.top)
		low := f.eyeY + 0.38*d
		pts = []pt{
			{cx - hw*1.5, top}, {cx - hw + 12, top}, {cx - f.halfWidth(low) + 14, low},
			{cx - f.mw - 14, mid + 6}, {cx - f.mw - 4, mid - 2}, {cx - f.noseW - 3, f.noseY + 5}, {cx, f.noseY + 3},
			{cx + f.noseW + 3, f.noseY + 5}, {cx + f.mw + 4, mid - 2}, {cx + f.mw + 14, mid + 6},
			{cx + f.halfWidth(low) - 14, low}, {cx + hw - 12, top}, {cx + hw*1.5, top},
			{cx + hw*1.5, f.chin + 90}, {cx - hw*1.5, f.chin + 90},
		}
	}
	grow := func(th float64) float64 {
		s := math.Max(0, math.Sin(th))
		return 1 + vol*s*s + math.Min(vol, 3)*s*math.Abs(math.Sin(37*th))
	}
	return new(path).smooth(pts, false), new(path).smooth(f.contour(144, grow), false)
}

// drawBeard draws stubble, a goatee or a full beard.
func (f *face) drawBeard(c *canvas) {
	switch f.beard {
	case beardStubble:
		area, clip := f.beardRegion()
		c.fillClip(area, f.beardCol.scale(0.6).alpha(0.3), clip)
	case beardGoatee, beardFull:
		area, clip := f.beardRegion()
		c.fillClip(area, f.beardCol.alpha(0.45), clip.translate(pt{0, 1.5}))
		c.fillClip(area, f.beardCol.alpha(0.94), clip)
		c.fillClip(area.translate(pt{0, -4}), f.beardCol.scale(1.15).alpha(0.25), clip)
		r := rand.New(rand.NewPCG(uint64(f.hw*1000), uint64(f.chin*1000)))
		spread := f.hw * 0.8
		if f.beard == beardGoatee {
			spread = f.mw * 0.8
		}
		for range 40 {
			x := f.cx + between(r, -spread, spread)
			y := between(r, f.mouthY, f.chin+f.beardVol*0.6)
			d := pt{between(r, -2, 2), between(r, 5, 9)}
			col := f.beardCol.scale(0.7)
			if chance(r, 0.4) {
				col = f.beardCol.scale(1.35).mix(white, 0.1)
			}
			c.fillClip(new(path).ribbon([]pt{{x, y}, pt{x, y}.add(d)}, taper(1.6, 0.2)), col.alpha(0.35), clip)
		}
	}
}

// moustachePath is a moustache over the upper lip, thinning towards the corners of the mouth.
func (f *face) moustachePath() *path {
	cx, my, mw, ny := f.cx, f.mouthY, f.mw, f.noseY
	top := ny + (my-ny)*0.38
	bottom := my - f.ut*0.55
	return new(path).smooth([]pt{
		{cx - mw - 3, my - 1}, {cx - mw*0.75, top + 5}, {cx - f.noseW*0.5, top}, {cx, top + 2},
		{cx + f.noseW*0.5, top}, {cx + mw*0.75, top + 5}, {cx + mw + 3, my - 1},
		{cx + mw*0.6, bottom - 1}, {cx, bottom}, {cx - mw*0.6, bottom - 1},
	}, false)
}

// drawBackHair draws the hair behind the head: long hair, volume, buns.
func (f *face) drawBackHair(c *canvas) {
	switch f.hair {
	case hairLong, hairBob:
		p := f.longHairPath(false)
		c.fill(p, f.hairCol.scale(0.92).solid())
		f.drawHairStrands(c, p)
	case hairAfro, hairCurlyShort:
		p := f.afroPath()
		c.fill(p, f.hairCol.solid())
		f.drawCurls(c, p)
	case hairBun:
		bc := pt{f.cx + f.bunDX, f.top - f.hairTop - f.bunR*0.55}
		c.fill(new(path).ellipse(bc, f.bunR, f.bunR*0.9, false), f.hairCol.scale(0.95).solid())
		for _, a := range []float64{0.35, 0.6} {
			arc := make([]pt, 0, 12)
			for i := range 12 {
				th := math.Pi*1.1 + math.Pi*0.8*float64(i)/11
				arc = append(arc, bc.add(pt{math.Cos(th) * f.bunR * a * 1.3, math.Sin(th) * f.bunR * a}))
			}
			c.fill(new(path).ribbon(arc, taper(2.5, 0.1)), f.hairCol.scale(0.7).alpha(0.6))
		}
	}
}

// longHairPath is the outline of long hair or a bob; cut leaves the neck and chest free
// where the hair falls in front of the shoulders.
func (f *face) longHairPath(cut bool) *path {
	cx, end := f.cx, f.hairEnd
	side, up, fl := f.hairSide, f.hairTop, f.hairFlare
	half := f.hw + side
	var pts []pt
	pts = append(pts, pt{cx - half - fl, end}, pt{cx - half - fl*0.5, f.chin}, pt{cx - half, f.eyeY + 20})
	pts = append(pts, f.crownArc(math.Pi, 2*math.Pi, 24, func(th float64) (float64, float64) {
		return side, up * (1 + 0.25*f.part*math.Cos(th))
	})...)
	pts = append(pts, pt{cx + half, f.eyeY + 20}, pt{cx + half + fl*0.5, f.chin}, pt{cx + half + fl, end})
	// Ends, a little uneven.
	inner := cx + f.neckW + 24
	if !cut {
		inner = cx - half - fl + 8
	}
	n := 6
	for i := 1; i < n; i++ {
		t := float64(i) / float64(n)
		x := cx + half + fl + (inner-cx-half-fl)*t
		pts = append(pts, pt{x, end - 6 + 8*float64(i%2)})
	}
	if cut {
		pts = append(pts, pt{inner, end - 8}, pt{cx + f.neckW + 10, f.neckBase + 10}, pt{cx + f.neckW*0.8, f.chin - 30}, pt{cx - f.neckW*0.8, f.chin - 30}, pt{cx - f.neckW - 10, f.neckBase + 10}, pt{2*cx - inner, end - 8})
		for i := 1; i < n; i++ {
			t := float64(i) / float64(n)
			x := 2*cx - inner + (inner-cx-half-fl)*t
			pts = append(pts, pt{x, end - 6 + 8*float64(i%2)})
		}
	}
	return new(path).smooth(pts, false)
}

// drawHairStrands draws darker and lighter strands inside long hair p, cut to clip too.
func (f *face) drawHairStrands(c *canvas, p *path, clip ...*path) {
	half := f.hw + f.hairSide
	for i, s := range []float64{-1, 1, -1, 1, -1, 1} {
		k := 0.55 + 0.08*float64(i/2)
		x0 := f.cx + s*half*k
		top := f.crown(math.Pi*1.5+s*0.9*float64(i/2+1)/3, f.hairSide*0.5, f.hairTop*0.5)
		line := quad(top, pt{x0 + s*half*0.45, f.eyeY}, pt{x0 + s*(half*0.5+f.hairFlare*0.8), f.hairEnd - 10}, 16)
		col := f.hairCol.scale(0.7).alpha(0.3)
		if i%3 == 2 {
			col = f.hairCol.scale(1.4).alpha(0.18)
		}
		c.fillClip(new(path).ribbon(line, taper(5, 0.1)), col, append(clip, p)...)
	}
}

// afroPath is the outline of curly hair's volume, scalloped.
func (f *face) afroPath() *path {
	const n = 96
	top := f.top - f.hairTop
	bottom := f.noseY
	if f.hair == hairCurlyShort {
		bottom = f.eyeY + 4
	}
	cy := (top + bottom) / 2
	if f.hair == hairAfro {
		cy = f.eyeY - 10
	}
	rx := f.hw + f.hairSide
	pts := make([]pt, n)
	for i := range pts {
		th := 2 * math.Pi * float64(i) / n
		ry := cy - top
		if math.Sin(th) > 0 {
			ry = bottom - cy
		}
		bump := 1 + 0.035*math.Abs(math.Sin(11*th))
		pts[i] = pt{f.cx + rx*math.Cos(th)*bump, cy + ry*math.Sin(th)*bump}
	}
	return new(path).smooth(pts, false)
}

// drawCurls draws small curls over curly hair, inside clip.
func (f *face) drawCurls(c *canvas, clip *path) {
	r := rand.New(rand.NewPCG(uint64(f.hw*977), uint64(f.top*1013)))
	rx := f.hw + f.hairSide
	n := 70
	if f.hair == hairAfro {
		n = 130
	}
	for range n {
		th := between(r, math.Pi*0.92, math.Pi*2.08)
		k := between(r, 0.2, 0.95)
		p := f.crown(th, (rx-f.hw)*k, f.hairTop*k)
		rad := between(r, 4, 8)
		a0 := between(r, 0, 2*math.Pi)
		arc := make([]pt, 0, 10)
		for i := range 10 {
			a := a0 + math.Pi*1.4*float64(i)/9
			arc = append(arc, p.add(pt{math.Cos(a) * rad, math.Sin(a) * rad}))
		}
		col := f.hairCol.scale(between(r, 0.72, 0.85)).alpha(0.45)
		if chance(r, 0.3) {
			col = f.hairCol.mix(white, between(r, 0.12, 0.2)).alpha(0.35)
		}
		c.fillClip(new(path).ribbon(arc, taper(2.4, 0.3)), col, clip)
	}
}

// capPath is the hair on top of the head down to the hairline, for short styles; framing
// adds locks down the sides of the face for long styles.
func (f *face) capPath() *path {
	cx, hw, L := f.cx, f.hw, f.chin-f.top
	side, up := f.hairSide, f.hairTop
	var pts []pt
	frame := f.hair == hairLong || f.hair == hairBob
	bottom := f.eyeY - 0.03*L
	if frame {
		bottom = math.Min(f.mouthY, f.hairEnd-12)
		side -= 2
	}
	pts = append(pts, pt{cx - hw - side + 2, bottom})
	pts = append(pts, f.crownArc(math.Pi+0.06, 2*math.Pi-0.06, 24, func(th float64) (float64, float64) {
		u := up * (1 + 0.3*f.part*math.Cos(th))
		if f.hair == hairCurlyShort {
			u += 4 * math.Abs(math.Sin(9*th))
		}
		return side, u
	})...)
	pts = append(pts, pt{cx + hw + side - 2, bottom})

	// The hairline, right to left.
	hl, rec := f.hairLine, f.recede
	by := f.browY()
	var line []pt
	if frame {
		for y := bottom; y > by-0.02*L; y -= 14 {
			t := (bottom - y) / (bottom - by)
			line = append(line, pt{cx + f.halfWidth(y) - 3 - 9*t, y})
		}
	} else {
		line = append(line, pt{cx + hw - 1.5, bottom}, pt{cx + hw*0.93, by - 0.04*L})
	}
	switch {
	case f.bangs:
		// A fringe, its edge in little points, swept towards the parting's other side.
		const n = 16
		for i := 0; i <= n; i++ {
			t := 1 - 2*float64(i)/n
			y := by - 10 - f.part*5*t + 4*math.Abs(t)*math.Abs(t)
			if i%2 == 1 {
				y -= 3.5
			}
			line = append(line, pt{cx + t*hw*0.88, y})
		}
	case frame:
		line = append(line, pt{cx + hw*0.6, hl + 0.07*L}, pt{cx + f.part*hw*0.42, hl}, pt{cx - hw*0.6, hl + 0.07*L})
	default:
		line = append(line, pt{cx + hw*0.62, hl + rec + 0.025*L}, pt{cx + hw*0.3, hl + rec*0.5}, pt{cx + f.part*hw*0.2, hl - 2}, pt{cx - hw*0.3, hl + rec*0.5}, pt{cx - hw*0.62, hl + rec + 0.025*L})
	}
	if frame {
		for y := by - 0.02*L; y < bottom; y += 14 {
			t := (bottom - y) / (bottom - by)
			line = append(line, pt{cx - f.halfWidth(y) + 3 + 9*t, y})
		}
	} else {
		line = append(line, pt{cx - hw*0.93, by - 0.04*L}, pt{cx - hw + 1.5, bottom})
	}
	pts = append(pts, line...)
	return new(path).smooth(pts, false)
}

// drawFrontHair draws the hair over the forehead, with its shadow and sheen.
func (f *face) drawFrontHair(c *canvas, head *path) {
	switch f.hair {
	case hairScarf:
		return
	case hairBald:
		if f.recede > 0 || f.band == older {
			// What is left at the sides and back, from behind the ears to the temples.
			for _, s := range []float64{-1, 1} {
				th0, th1 := math.Pi-0.15, math.Pi+0.5
				if s > 0 {
					th0, th1 = 2*math.Pi+0.15, 2*math.Pi-0.5
				}
				band := f.crownArc(th0, th1, 12, func(float64) (float64, float64) { return -3, -3 })
				c.fill(new(path).ribbon(band, func(t float64) float64 { return 2 + 14*(1-t) }), f.hairCol.alpha(0.85))
			}
		}
		c.fill(new(path).ellipse(pt{f.cx - f.hw*0.25, f.top + 20}, f.hw*0.3, 10, false), white.alpha(0.12))
		return
	}
	p := f.capPath()
	c.fillClip(p.translate(pt{0, 6}), f.skinDark.alpha(0.3), head)
	a := 1.0
	if f.hair == hairBuzz {
		a = 0.72
	}
	c.fill(p, f.hairCol.alpha(a))
	if f.hair == hairBuzz || f.hair == hairCurlyShort || f.hair == hairAfro {
		if f.hair != hairBuzz {
			f.drawCurls(c, p)
		}
		return
	}
	// Strands from the parting, and a sheen.
	px := f.cx + f.part*f.hw*0.3
	for i := range 7 {
		t := float64(i)/6*2 - 1
		end := pt{f.cx + t*f.hw*0.95, f.hairLine + 10 + 20*math.Abs(t)}
		if f.hair == hairSlick || f.hair == hairBun {
			end = pt{f.cx + t*f.hw*0.8, f.hairLine + 6}
		}
		start := pt{px + t*f.hw*0.3, f.top - f.hairTop*0.5 + 6*t*t}
		col := f.hairCol.scale(0.7).alpha(0.35)
		if i%2 == 1 {
			col = f.hairCol.scale(1.4).alpha(0.2)
		}
		c.fillClip(new(path).ribbon(quad(start, pt{(start.x+end.x)/2 + t*20, (start.y + end.y) / 2}, end, 12), taper(4, 0.1)), col, p)
	}
	sheen := f.crownArc(math.Pi*1.5-0.55, math.Pi*1.5+0.25, 14, func(float64) (float64, float64) { return -6, f.hairTop*0.5 - 6 })
	c.fillClip(new(path).ribbon(sheen, taper(9, 0.1)), white.alpha(0.09), p)
}

// scarfPath is the outline of a headscarf draped over the shoulders, inset units inside.
func (f *face) scarfPath(inset float64) *path {
	cx, hw := f.cx, f.hw
	side, up := f.hairSide, f.hairTop
	pts := []pt{{cx - 205, frameH + 30}, {cx - hw - 75, f.neckBase + 20}, {cx - hw - side - 8, f.chin - 6}, {cx - hw - side, f.eyeY + 10}}
	pts = append(pts, f.crownArc(math.Pi, 2*math.Pi, 24, func(float64) (float64, float64) { return side, up })...)
	pts = append(pts, pt{cx + hw + side, f.eyeY + 10}, pt{cx + hw + side + 8, f.chin - 6}, pt{cx + hw + 75, f.neckBase + 20}, pt{cx + 205, frameH + 30})
	for i, q := range pts {
		d := q.sub(pt{cx, f.eyeY})
		if l := math.Hypot(d.x, d.y); l > 0 {
			pts[i] = q.sub(d.mul(inset / l))
		}
	}
	return new(path).smooth(pts, false)
}

// scarfOpening is where a headscarf shows the face.
func (f *face) scarfOpening() []pt {
	L := f.chin - f.top
	pts := f.contour(72, func(th float64) float64 {
		if s := math.Sin(th); s > 0 {
			return -3 + 9*s*s
		}
		return -3
	})
	for i, q := range pts {
		u := (q.x - f.cx) / f.hw
		if fy := f.top + 0.12*L + 0.12*L*u*u; q.y < fy {
			pts[i].y = fy
		}
	}
	return pts
}

// drawScarf draws the front of a headscarf around the face, with folds.
func (f *face) drawScarf(c *canvas, head *path) {
	opening := f.scarfOpening()
	ring := new(path).add(f.scarfPath(2)).smooth(opening, true)
	c.fillClip(ring.translate(pt{0, 5}), f.skinDark.alpha(0.35), head)
	c.fill(ring, f.scarf.solid())
	if f.hasBand {
		var band []pt
		for _, q := range opening {
			if q.y < f.eyeY-10 {
				band = append(band, q)
			}
		}
		// The opening runs clockwise from the right: start the band at its left end.
		for i := 1; i < len(band); i++ {
			if band[i].x-band[i-1].x > 40 {
				band = append(band[i:], band[:i]...)
				break
			}
		}
		c.fill(new(path).ribbon(band, even(8)), f.scarfBand.solid())
	}
	fold := f.scarf.scale(0.72).alpha(0.45)
	for _, s := range []float64{-1, 1} {
		x := f.cx + s*(f.hw+f.hairSide*0.4)
		c.fill(new(path).ribbon(quad(pt{x, f.eyeY - 30}, pt{x + s*6, f.chin}, pt{f.cx + s*f.hw*0.5, f.chin + 28}, 14), taper(4, 0.1)), fold)
		c.fill(new(path).ribbon(quad(pt{f.cx + s*(f.hw+30), f.chin + 10}, pt{f.cx + s*(f.hw+40), f.neckBase + 30}, pt{f.cx + s*(f.hw+70), frameH}, 12), taper(6, 0.1)), fold)
	}
	c.fill(new(path).ribbon(quad(pt{f.cx - f.hw*0.6, f.chin + 14}, pt{f.cx, f.chin + 36}, pt{f.cx + f.hw*0.6, f.chin + 14}, 14), taper(4, 0.1)), fold)
}

// drawGlasses draws a pair of glasses: lenses, frame, bridge and temples.
func (f *face) drawGlasses(c *canvas) {
	if f.glasses == glassNone {
		return
	}
	fw := f.frameW
	var lw, lh float64
	for _, s := range []float64{-1, 1} {
		lc := pt{f.cx + s*f.eyeDX, f.eyeY + 2}
		outer, inner := new(path), new(path)
		switch f.glasses {
		case glassRound:
			lw, lh = f.ew*1.38, f.ew*1.3
			outer.ellipse(lc, lw+fw/2, lh+fw/2, false)
			inner.ellipse(lc, lw-fw/2, lh-fw/2, true)
		case glassRect:
			lw, lh = f.ew*1.5, f.ew*1.05
			outer.roundRect(lc, lw+fw/2, lh+fw/2, f.ew*0.4+fw/2, false)
			inner.roundRect(lc, lw-fw/2, lh-fw/2, f.ew*0.4-fw/2, true)
		default:
			lw, lh = f.ew*1.48, f.ew*1.12
			outer.ellipse(lc, lw+fw/2, lh+fw/2, false)
			inner.ellipse(lc, lw-fw/2, lh-fw/2, true)
		}
		c.fill(inner, white.alpha(0.08))
		c.fill(new(path).add(outer).add(inner), f.frameCol.solid())
		temple := []pt{{lc.x + s*lw, f.eyeY - lh*0.35}, {f.cx + s*(f.halfWidth(f.eyeY)+1), f.eyeY - lh*0.3}}
		c.fill(new(path).ribbon(temple, even(fw*0.8)), f.frameCol.solid())
	}
	x := f.eyeDX - lw
	bridge := quad(pt{f.cx - x - 1, f.eyeY - lh*0.2}, pt{f.cx, f.eyeY - lh*0.6}, pt{f.cx + x + 1, f.eyeY - lh*0.2}, 10)
	c.fill(new(path).ribbon(bridge, even(fw*0.8)), f.frameCol.solid())
}
