package detect

import (
	"image"
	"image/color"
	"image/draw"
	"sync"

	"github.com/docverify/docverify/templates"
	"github.com/fogleman/gg"
	"github.com/golang/freetype/truetype"
	"gocv.io/x/gocv"
	"golang.org/x/image/font"
)

var ocrb = sync.OnceValues(func() (*truetype.Font, error) { return truetype.Parse(templates.OCRBFont()) })

// RenderMRZ draws MRZ lines in OCR-B as the model's MRZ region lays them out (ICAO pitch and
// height), black on white, the size of the region at the spec's resolution: what a genuine
// document's MRZ looks like. It returns a grey Mat the caller closes.
func RenderMRZ(spec *templates.Spec, r templates.Region, lines []string) (gocv.Mat, error) {
	return RenderMRZAt(spec, r, lines, 0)
}

// RenderMRZAt is RenderMRZ at another pitch (mm; 0 is the model's): what a counterfeiter's
// MRZ looks like, for tests.
func RenderMRZAt(spec *templates.Spec, r templates.Region, lines []string, pitchMM float64) (gocv.Mat, error) {
	f, err := ocrb()
	if err != nil {
		return gocv.NewMat(), err
	}
	box := r.Rect.Px(spec.DPI)
	img := image.NewRGBA(image.Rect(0, 0, box.Dx(), box.Dy()))
	draw.Draw(img, img.Rect, image.White, image.Point{}, draw.Src)
	lay := templates.MRZLayoutOf(r, spec.DPI, len(lines), pitchMM)
	face := truetype.NewFace(f, &truetype.Options{Size: templates.OCRBEm(lay.CapHeight), DPI: 72, Hinting: font.HintingNone})
	defer face.Close()
	dc := gg.NewContextForRGBA(img)
	dc.SetFontFace(face)
	dc.SetColor(color.Black)
	for li, line := range lines {
		for i, ch := range line {
			x, b := lay.Origin(li, i)
			dc.DrawString(string(ch), x-float64(box.Min.X), b-float64(box.Min.Y))
		}
	}
	rgba, err := gocv.NewMatFromBytes(img.Rect.Dy(), img.Rect.Dx(), gocv.MatTypeCV8UC4, img.Pix)
	if err != nil {
		return gocv.NewMat(), err
	}
	defer rgba.Close()
	out := gocv.NewMat()
	gocv.CvtColor(rgba, &out, gocv.ColorRGBAToGray)
	return out, nil
}
