package samples

import (
	"image"
	"image/color"
	"math"
	"math/rand/v2"

	"github.com/docverify/docverify/templates"
	"github.com/fogleman/gg"
)

// The security printing of the fictional specimens, drawn from a region's style and
// parameters. Every function is deterministic: the same region gives the same pixels.

// mmPx converts millimetres to pixels at dpi.
func mmPx(mm, dpi float64) float64 { return mm * dpi / 25.4 }

func rectPx(r templates.Rect, dpi float64) (x, y, w, h float64) {
	return mmPx(r[0], dpi), mmPx(r[1], dpi), mmPx(r[2], dpi), mmPx(r[3], dpi)
}

func colorAt(cs []string, i int, def string) color.RGBA {
	if i < len(cs) {
		return templates.ParseColor(cs[i])
	}
	return templates.ParseColor(def)
}

// drawFountain fills the region with a split-fountain (rainbow) gradient between its colours,
// as lithographic presses print it, overlaid with faint fine lines.
func drawFountain(dc *gg.Context, r templates.Region, dpi float64) {
	x, y, w, h := rectPx(r.Rect, dpi)
	vertical := r.Style == "fountain-v"
	var g gg.Gradient
	if vertical {
		g = gg.NewLinearGradient(x, y, x, y+h)
	} else {
		g = gg.NewLinearGradient(x, y, x+w, y)
	}
	n := max(len(r.Colors), 1)
	for i := 0; i < n; i++ {
		g.AddColorStop(float64(i)/math.Max(float64(n-1), 1), colorAt(r.Colors, i, "#eeeeee"))
	}
	dc.SetFillStyle(g)
	dc.DrawRectangle(x, y, w, h)
	dc.Fill()
	// Fine background lines: interlaced low-contrast waves every 0.6 mm.
	line := colorAt(r.Colors, n, "#9aa4b0")
	dc.SetColor(color.NRGBA{line.R, line.G, line.B, 70}) // not premultiplied: a light veil of the line colour
	dc.SetLineWidth(mmPx(r.Param("line_mm", 0.08), dpi))
	gap := mmPx(r.Param("gap_mm", 0.6), dpi)
	lambda := mmPx(r.Param("wavelength_mm", 9), dpi)
	amp := mmPx(r.Param("amplitude_mm", 0.8), dpi)
	for k := 0; float64(k)*gap < h+2*amp; k++ {
		y0 := y + float64(k)*gap - amp
		phase := float64(k%2) * math.Pi
		dc.NewSubPath()
		for px := x; px <= x+w; px += 2 {
			yy := y0 + amp*math.Sin(2*math.Pi*(px-x)/lambda+phase)
			if px == x {
				dc.MoveTo(px, yy)
			} else {
				dc.LineTo(px, yy)
			}
		}
		dc.Stroke()
	}
}

// drawRosette draws interlaced rose curves filling a circle in the region: the guilloche
// rosette of banknotes and passports, lines about 0.1 mm wide.
func drawRosette(dc *gg.Context, r templates.Region, dpi float64) {
	x, y, w, h := rectPx(r.Rect, dpi)
	cx, cy := x+w/2, y+h/2
	rmax := math.Min(w, h) / 2
	curves := int(r.Param("curves", 36))
	petals := r.Param("petals", 11)
	inner := r.Param("inner", 0.35)
	ripple := r.Param("ripple", 5)
	dc.SetLineWidth(mmPx(r.Param("line_mm", 0.1), dpi))
	for k := 0; k < curves; k++ {
		c := colorAt(r.Colors, k%max(len(r.Colors), 1), "#7f8fa6")
		dc.SetColor(c)
		phase := 2 * math.Pi * float64(k) / float64(curves)
		dc.NewSubPath()
		steps := 1440
		for i := 0; i <= steps; i++ {
			t := 2 * math.Pi * float64(i) / float64(steps)
			rad := rmax * (inner + (1-inner)*(0.5+0.5*math.Sin(petals*t+phase)) - 0.06*(0.5+0.5*math.Sin(ripple*petals*t)))
			px, py := cx+rad*math.Cos(t), cy+rad*math.Sin(t)
			if i == 0 {
				dc.MoveTo(px, py)
			} else {
				dc.LineTo(px, py)
			}
		}
		dc.ClosePath()
		dc.Stroke()
	}
}

// drawWaves draws bands of interlaced sine waves across the region.
func drawWaves(dc *gg.Context, r templates.Region, dpi float64) {
	x, y, w, h := rectPx(r.Rect, dpi)
	lines := int(r.Param("lines", 24))
	lambda := mmPx(r.Param("wavelength_mm", 14), dpi)
	amp := h / 2 * r.Param("amplitude", 0.8)
	dc.SetLineWidth(mmPx(r.Param("line_mm", 0.1), dpi))
	for k := 0; k < lines; k++ {
		dc.SetColor(colorAt(r.Colors, k%max(len(r.Colors), 1), "#8899aa"))
		phase := 2 * math.Pi * float64(k) / float64(lines)
		dc.NewSubPath()
		for px := x; px <= x+w; px += 1.5 {
			u := (px - x) / lambda
			yy := y + h/2 + amp*math.Sin(2*math.Pi*u+phase)*math.Cos(math.Pi*u/3+phase/2)
			if px == x {
				dc.MoveTo(px, yy)
			} else {
				dc.LineTo(px, yy)
			}
		}
		dc.Stroke()
	}
}

// drawBorder draws a guilloche band along the region's edges: interlaced waves following the
// frame, as on the edge of a data page.
func drawBorder(dc *gg.Context, r templates.Region, dpi float64) {
	x, y, w, h := rectPx(r.Rect, dpi)
	band := mmPx(r.Param("band_mm", 3), dpi)
	lines := int(r.Param("lines", 8))
	lambda := mmPx(r.Param("wavelength_mm", 4), dpi)
	dc.SetLineWidth(mmPx(r.Param("line_mm", 0.1), dpi))
	// Walk the frame's centre line; offset perpendicular by a sine.
	perim := 2 * (w + h - 4*band/2)
	at := func(s float64) (px, py, nx, ny float64) {
		iw, ih := w-band, h-band
		x0, y0 := x+band/2, y+band/2
		switch {
		case s < iw:
			return x0 + s, y0, 0, 1
		case s < iw+ih:
			return x0 + iw, y0 + s - iw, -1, 0
		case s < 2*iw+ih:
			return x0 + iw - (s - iw - ih), y0 + ih, 0, -1
		default:
			return x0, y0 + ih - (s - 2*iw - ih), 1, 0
		}
	}
	for k := 0; k < lines; k++ {
		dc.SetColor(colorAt(r.Colors, k%max(len(r.Colors), 1), "#8a9bb0"))
		phase := 2 * math.Pi * float64(k) / float64(lines)
		dc.NewSubPath()
		for s := 0.0; s <= perim; s += 1.5 {
			px, py, nx, ny := at(s)
			off := band / 2 * 0.9 * math.Sin(2*math.Pi*s/lambda+phase)
			if s == 0 {
				dc.MoveTo(px+nx*off, py+ny*off)
			} else {
				dc.LineTo(px+nx*off, py+ny*off)
			}
		}
		dc.ClosePath()
		dc.Stroke()
	}
}

// drawEmblem draws the national emblem of Utopia: a sun with rays over a shield, or a star
// in a wreath, in the region's colours.
func drawEmblem(dc *gg.Context, r templates.Region, dpi float64) {
	x, y, w, h := rectPx(r.Rect, dpi)
	cx, cy := x+w/2, y+h/2
	rad := math.Min(w, h) / 2
	main, detail := colorAt(r.Colors, 0, "#a8873a"), colorAt(r.Colors, 1, "#6b5220")
	lw := mmPx(0.12, dpi)
	switch r.Style {
	case "star":
		dc.SetColor(main)
		dc.SetLineWidth(lw * 2)
		dc.DrawCircle(cx, cy, rad*0.95)
		dc.Stroke()
		for side := -1.0; side <= 1; side += 2 { // wreath
			for i := 0; i < 9; i++ {
				a := math.Pi/2 + side*(0.35+0.26*float64(i))
				lx, ly := cx+rad*0.78*math.Cos(a), cy+rad*0.78*math.Sin(a)
				dc.DrawEllipse(lx, ly, rad*0.07, rad*0.13)
				dc.Fill()
			}
		}
		dc.SetColor(detail)
		star(dc, cx, cy, rad*0.55, rad*0.22, 5, -math.Pi/2)
		dc.Fill()
	default: // sun over a shield
		dc.SetColor(main)
		rays := int(r.Param("rays", 24))
		for i := 0; i < rays; i++ {
			a := 2 * math.Pi * float64(i) / float64(rays)
			dc.MoveTo(cx+rad*0.42*math.Cos(a-0.07), cy+rad*0.42*math.Sin(a-0.07))
			dc.LineTo(cx+rad*0.98*math.Cos(a), cy+rad*0.98*math.Sin(a))
			dc.LineTo(cx+rad*0.42*math.Cos(a+0.07), cy+rad*0.42*math.Sin(a+0.07))
			dc.ClosePath()
			dc.Fill()
		}
		dc.DrawCircle(cx, cy, rad*0.45)
		dc.Fill()
		dc.SetColor(detail)
		// Shield.
		sw, sh := rad*0.5, rad*0.62
		dc.MoveTo(cx-sw/2, cy-sh/2)
		dc.LineTo(cx+sw/2, cy-sh/2)
		dc.LineTo(cx+sw/2, cy+sh*0.1)
		dc.QuadraticTo(cx+sw/2, cy+sh*0.4, cx, cy+sh/2)
		dc.QuadraticTo(cx-sw/2, cy+sh*0.4, cx-sw/2, cy+sh*0.1)
		dc.ClosePath()
		dc.Fill()
		dc.SetColor(main)
		star(dc, cx, cy-sh*0.05, sw*0.3, sw*0.12, 5, -math.Pi/2)
		dc.Fill()
	}
}

func star(dc *gg.Context, cx, cy, ro, ri float64, n int, rot float64) {
	for i := 0; i < 2*n; i++ {
		rad := ro
		if i%2 == 1 {
			rad = ri
		}
		a := rot + math.Pi*float64(i)/float64(n)
		if i == 0 {
			dc.MoveTo(cx+rad*math.Cos(a), cy+rad*math.Sin(a))
		} else {
			dc.LineTo(cx+rad*math.Cos(a), cy+rad*math.Sin(a))
		}
	}
	dc.ClosePath()
}

// drawMicroprint fills the region with lines of text about 0.3 mm high: unreadable to the eye,
// lost by copiers.
func drawMicroprint(dc *gg.Context, r templates.Region, dpi float64) error {
	x, y, w, h := rectPx(r.Rect, dpi)
	hpx := mmPx(r.Param("height_mm", 0.3), dpi)
	face, done, err := templates.Face("sans-bold", hpx/0.73) // cap height of DejaVu is 0.73 em
	if err != nil {
		return err
	}
	defer done()
	dc.SetFontFace(face)
	dc.SetColor(colorAt(r.Colors, 0, "#55606e"))
	text := r.Text
	if text == "" {
		text = "UTOPIA"
	}
	line := ""
	for len(line) < 400 {
		line += text + " "
	}
	gap := hpx * 1.6
	for yy := y + hpx; yy <= y+h+0.5; yy += gap {
		dc.Push()
		dc.DrawRectangle(x, y-hpx, w, h+2*hpx)
		dc.Clip()
		dc.DrawString(line, x, yy)
		dc.Pop()
	}
	// gg's Pop restores everything but the clip: without this, whatever is drawn next (the
	// emblem) is clipped to the microprint's last line and vanishes.
	dc.ResetClip()
	return nil
}

// drawOVD draws an optically variable patch: diffraction colours that shift with the viewing
// angle (phase), fine concentric rings and an embossed star. Flat draws the office-printer
// imitation: a smooth pastel gradient without the fine structure.
func drawOVD(img *image.RGBA, r templates.Region, dpi, phase float64, flat bool) {
	x, y, w, h := rectPx(r.Rect, dpi)
	cx, cy := x+w/2, y+h/2
	rad := math.Min(w, h) / 2
	round := r.Style != "stripe"
	ring := mmPx(r.Param("ring_mm", 0.35), dpi)
	for py := int(y); py < int(y+h); py++ {
		for px := int(x); px < int(x+w); px++ {
			dx, dy := float64(px)-cx, float64(py)-cy
			d := math.Hypot(dx, dy)
			if round && d > rad {
				continue
			}
			if !(image.Pt(px, py).In(img.Rect)) {
				continue
			}
			var hue, sat, val float64
			if flat {
				hue = math.Mod(0.55+0.15*(float64(px)-x)/w, 1)
				sat, val = 0.18, 0.86
			} else {
				hue = math.Mod(phase+0.9*(float64(px)-x)/w+0.6*(float64(py)-y)/h+0.08*math.Sin(d/ring), 1)
				if hue < 0 {
					hue++
				}
				sat = 0.55 + 0.3*math.Sin(d/ring*2.1)
				val = 0.78 + 0.18*math.Cos(d/ring)
				// Embossed star: brighter inside a five-pointed star.
				a := math.Atan2(dy, dx) + math.Pi/2
				k := math.Cos(5*a) * 0.5
				if d < rad*(0.38+0.14*k) {
					val = math.Min(1, val+0.12)
					sat *= 0.7
				}
			}
			c := hsv(hue, sat, val)
			o := img.PixOffset(px, py)
			// Blend 85% over the paper: the foil lets some print show through.
			for i, v := range [3]uint8{c.R, c.G, c.B} {
				img.Pix[o+i] = uint8((int(v)*85 + int(img.Pix[o+i])*15) / 100)
			}
		}
	}
}

func hsv(h, s, v float64) color.RGBA {
	i := math.Floor(h * 6)
	f := h*6 - i
	p, q, t := v*(1-s), v*(1-f*s), v*(1-(1-f)*s)
	var r, g, b float64
	switch int(i) % 6 {
	case 0:
		r, g, b = v, t, p
	case 1:
		r, g, b = q, v, p
	case 2:
		r, g, b = p, v, t
	case 3:
		r, g, b = p, q, v
	case 4:
		r, g, b = t, p, v
	default:
		r, g, b = v, p, q
	}
	return color.RGBA{uint8(r * 255), uint8(g * 255), uint8(b * 255), 255}
}

// drawUVPattern draws what fluoresces under ultraviolet light in the region: the emblem and
// concentric waves in the region's UV colour.
func drawUVPattern(dc *gg.Context, r templates.Region, dpi float64) {
	x, y, w, h := rectPx(r.Rect, dpi)
	c := templates.ParseColor(r.UV)
	if r.UV == "" {
		c = templates.ParseColor("#66e0ff")
	}
	dc.SetColor(c)
	dc.SetLineWidth(mmPx(0.25, dpi))
	cx, cy := x+w/2, y+h/2
	for k := 1; k <= 6; k++ {
		rr := math.Min(w, h) / 2 * float64(k) / 6
		dc.DrawEllipse(cx, cy, rr*w/math.Min(w, h), rr)
		dc.Stroke()
	}
	em := r
	em.Style = r.Style
	em.Colors = []string{colorHex(c), colorHex(color.RGBA{c.R / 2, c.G / 2, c.B / 2, 255})}
	em.Rect = templates.Rect{r.Rect[0] + r.Rect[2]/2 - r.Rect[3]*0.3, r.Rect[1] + r.Rect[3]*0.2, r.Rect[3] * 0.6, r.Rect[3] * 0.6}
	drawEmblem(dc, em, dpi)
}

// drawFibres scatters fluorescent fibres over the paper, as security paper has them: random for
// every sheet.
func drawFibres(dc *gg.Context, rng *rand.Rand, w, h float64, dpi float64) {
	colors := []color.RGBA{{255, 80, 80, 255}, {80, 255, 120, 255}, {90, 140, 255, 255}, {255, 230, 90, 255}}
	dc.SetLineWidth(mmPx(0.08, dpi))
	n := int(w * h / mmPx(1, dpi) / mmPx(1, dpi) / 40)
	for i := 0; i < n; i++ {
		dc.SetColor(colors[rng.IntN(len(colors))])
		px, py := rng.Float64()*w, rng.Float64()*h
		a := rng.Float64() * 2 * math.Pi
		l := mmPx(1+rng.Float64()*3, dpi)
		dc.MoveTo(px, py)
		dc.QuadraticTo(px+l/2*math.Cos(a+0.4), py+l/2*math.Sin(a+0.4), px+l*math.Cos(a), py+l*math.Sin(a))
		dc.Stroke()
	}
}

func colorHex(c color.RGBA) string {
	const hexd = "0123456789abcdef"
	return string([]byte{'#', hexd[c.R>>4], hexd[c.R&15], hexd[c.G>>4], hexd[c.G&15], hexd[c.B>>4], hexd[c.B&15]})
}
