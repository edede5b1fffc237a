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
// labelled with the check's name, and the MRZ's box in blue. It returns a PNG.
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
	quad := func(q *detect.Quad, c color.Color, label string) {
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
			dc.SetColor(color.RGBA{200, 0, 0, 220})
			dc.DrawRectangle(q[0][0], q[0][1]-h-6, w+8, h+6)
			dc.Fill()
			dc.SetColor(color.White)
			dc.DrawString(label, q[0][0]+4, q[0][1]-4)
		}
	}
	if rep.MRZ != nil {
		quad(rep.MRZ.Box, color.RGBA{30, 90, 220, 255}, "")
	}
	for _, f := range rep.Checks {
		if f.Status == detect.StatusFail {
			quad(f.Region, color.RGBA{220, 20, 20, 255}, f.Name)
		}
	}
	var out bytes.Buffer
	if err := png.Encode(&out, dc.Image()); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

var _ image.Image
