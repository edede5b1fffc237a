package engine

import (
	"bytes"
	"image"
	"image/color"
	"image/png"

	"github.com/docverify/docverify/detect"
	"github.com/fogleman/gg"
	"golang.org/x/image/font/basicfont"
)

// Overlay draws the input image with the regions of the failed checks outlined in red and
// labelled with the check's name, those of checks that passed near their limits and are named
// among the top reasons (ReasonNearThreshold) in amber, and the MRZ's box in blue. It returns
// a PNG.
func Overlay(imageBytes []byte, rep *Report) ([]byte, error) {
	m, err := detect.Decode(imageBytes, detect.DefaultLimits)
	if err != nil {
		return nil, err
	}
	img, err := m.ToImage()
	m.Close()
	if err != nil {
		return nil, err
	}
	b := img.Bounds()
	dc := gg.NewContext(b.Dx(), b.Dy())
	dc.DrawImage(img, 0, 0)
	lw := float64(max(2, b.Dx()/400))
	var labels []image.Rectangle // the labels drawn so far
	quad := func(q *detect.Quad, c color.RGBA, label string) {
		if q == nil {
			return
		}
		dc.SetColor(c)
		dc.SetLineWidth(lw)
		dc.MoveTo(q[0][0], q[0][1])
		for i := 1; i < 4; i++ {
			dc.LineTo(q[i][0], q[i][1])
		}
		dc.ClosePath()
		dc.Stroke()
		if label != "" {
			dc.SetFontFace(basicfont.Face7x13)
			w, h := dc.MeasureString(label)
			// Above the region's top-left corner; above the labels already there when regions
			// share a corner (portrait_ghost's spans the portrait that portrait_integrity outlines).
			x, y := q[0][0], q[0][1]-h-6
			at := func() image.Rectangle { return image.Rect(int(x), int(y), int(x+w+8), int(y+h+6)) }
			for i := 0; i < len(labels) && overlapsAny(at(), labels); i++ {
				y -= h + 6
			}
			labels = append(labels, at())
			dc.SetColor(color.RGBA{darker(c.R), darker(c.G), darker(c.B), 220})
			dc.DrawRectangle(x, y, w+8, h+6)
			dc.Fill()
			dc.SetColor(color.White)
			dc.DrawString(label, x+4, y+h+2)
		}
	}
	if rep.MRZ != nil {
		quad(rep.MRZ.Box, color.RGBA{30, 90, 220, 255}, "")
	}
	near := map[string]bool{}
	for _, t := range rep.TopReasons {
		if t.Reason == ReasonNearThreshold {
			near[t.Check] = true
		}
	}
	for _, f := range rep.Checks {
		switch {
		case f.Status == detect.StatusFail:
			quad(f.Region, failColour, f.Name)
		case f.Status == detect.StatusPass && near[f.Name]:
			quad(f.Region, nearColour, f.Name+" (near its limit)")
		}
	}
	var out bytes.Buffer
	if err := png.Encode(&out, dc.Image()); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// The overlay's colours: a failed check's region, and one near its limit (topReasons).
var (
	failColour = color.RGBA{220, 20, 20, 255}
	nearColour = color.RGBA{230, 150, 0, 255}
)

// overlapsAny says whether r overlaps any of rs.
func overlapsAny(r image.Rectangle, rs []image.Rectangle) bool {
	for _, o := range rs {
		if r.Overlaps(o) {
			return true
		}
	}
	return false
}

// darker is a colour channel nine tenths as bright: a label's background under its outline's colour.
func darker(v uint8) uint8 { return uint8(int(v) * 9 / 10) }
