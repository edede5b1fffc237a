package detect

import (
	"image"
	"image/color"
	"image/draw"
	"math/rand/v2"
	"testing"

	"github.com/docverify/docverify/templates"
	"github.com/fogleman/gg"
	"gocv.io/x/gocv"
)

// TestFieldMargin draws a field as its model prints it, blurs it and adds noise as poor
// captures do, and holds MatchFieldContrast's margin above 0 for the text printed and below 0
// for that text with one character changed.
func TestFieldMargin(t *testing.T) {
	spec := &testSpecimen(t, "uto-passport-2024").Spec
	for _, tc := range []struct {
		field, printed, other string
	}{
		{"document_number", "PA4829163", "PA4829168"},
		{"document_number", "PA4829163", "PA4329163"},
		{"surname", "OKONKWO", "OKONKWD"},
		{"surname", "LINDQVIST", "LINDQUIST"},
		{"birth_date", "17 MAR 1986", "17 MAR 1988"},
		{"expiry_date", "02 NOV 2031", "02 NOV 2034"},
	} {
		reg, ok := spec.Region("field:" + tc.field)
		if !ok {
			t.Fatalf("no field:%s", tc.field)
		}
		for _, sigma := range []float64{0, 1.5, 2.5} {
			page := drawField(t, spec, reg, tc.printed, sigma)
			win := reg.Rect.Px(spec.DPI).Inset(-int(2 * spec.DPI / 25.4))
			same, err := MatchFieldContrast(page, spec, reg, tc.printed, win)
			if err != nil {
				t.Fatal(err)
			}
			changed, err := MatchFieldContrast(page, spec, reg, tc.other, win)
			if err != nil {
				t.Fatal(err)
			}
			page.Close()
			t.Logf("%s blur %.1f: %q margin %.3f (glyph %.3f), %q margin %.3f (glyph %.3f)", tc.field, sigma,
				tc.printed, same.Margin, same.Glyph, tc.other, changed.Margin, changed.Glyph)
			if !same.Found || same.Margin <= 0 {
				t.Errorf("%s blur %.1f: the printed text %q has margin %.3f, want > 0", tc.field, sigma, tc.printed, same.Margin)
			}
			if !changed.Found || changed.Margin >= 0 {
				t.Errorf("%s blur %.1f: %q on a page printing %q has margin %.3f, want < 0", tc.field, sigma, tc.other, tc.printed, changed.Margin)
			}
		}
	}
}

// drawField prints text in a region of a blank page of the model, blurred with sigma (pixels)
// and with noise.
func drawField(t *testing.T, spec *templates.Spec, reg templates.Region, text string, sigma float64) gocv.Mat {
	t.Helper()
	size := spec.PagePx()
	face, done, err := templates.Face(reg.Font, reg.FontPx(spec.DPI))
	if err != nil {
		t.Fatal(err)
	}
	defer done()
	img := image.NewRGBA(image.Rect(0, 0, size.X, size.Y))
	draw.Draw(img, img.Rect, image.NewUniform(color.RGBA{236, 230, 218, 255}), image.Point{}, draw.Src)
	x, base := templates.TextBaseline(reg, spec.DPI, float64(face.Metrics().Ascent.Round()))
	dc := gg.NewContextForRGBA(img)
	dc.SetFontFace(face)
	dc.SetColor(color.RGBA{30, 30, 40, 255})
	dc.DrawString(text, x, base)
	rng := rand.New(rand.NewPCG(7, uint64(len(text))))
	for i := range img.Pix {
		if i%4 != 3 {
			v := float64(img.Pix[i]) + rng.NormFloat64()*6
			img.Pix[i] = uint8(min(255, max(0, v)))
		}
	}
	rgba, err := gocv.NewMatFromBytes(size.Y, size.X, gocv.MatTypeCV8UC4, img.Pix)
	if err != nil {
		t.Fatal(err)
	}
	defer rgba.Close()
	page := gocv.NewMat()
	gocv.CvtColor(rgba, &page, gocv.ColorRGBAToBGR)
	if sigma > 0 {
		gocv.GaussianBlur(page, &page, image.Point{}, sigma, sigma, gocv.BorderReflect)
	}
	return page
}

// TestWholeFieldSays holds the comparison behind viz_mrz_match's OCR margin: with a field
// printed one way, the whole field drawn as printed correlates with the page better than
// another value of the same length drawn in its place, sharp or blurred as phone photos are;
// a changed field therefore comes out below 0 (the MRZ's value worse than what OCR reads),
// a misreading above.
func TestWholeFieldSays(t *testing.T) {
	spec := &testSpecimen(t, "uto-passport-2024").Spec
	for _, tc := range []struct{ field, printed, other string }{
		{"surname", "PETIT", "DEMIR"},
		{"surname", "OKONKWO", "OKONKWD"}, // an OCR misreading of one letter
		{"expiry_date", "28 FEB 2032", "28 FEB 2027"},
		{"document_number", "UT1494714", "UI1494714"},
	} {
		reg, ok := spec.Region("field:" + tc.field)
		if !ok {
			t.Fatalf("no field:%s", tc.field)
		}
		win := reg.Rect.Px(spec.DPI).Inset(-int(2 * spec.DPI / 25.4))
		for _, sigma := range []float64{0, 1.5, 3} {
			page := drawField(t, spec, reg, tc.printed, sigma)
			same, err1 := MatchField(page, spec, reg, tc.printed, win)
			other, err2 := MatchField(page, spec, reg, tc.other, win)
			page.Close()
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			if !same.Found || !other.Found || same.Whole-other.Whole <= 0 {
				t.Errorf("%s blur %.1f: page printing %q: whole %.3f, %q drawn instead %.3f; want the printed text's higher",
					tc.field, sigma, tc.printed, same.Whole, tc.other, other.Whole)
			}
		}
	}
}

// testSpecimen is a specimen of the embedded library, or the test fails.
func testSpecimen(t testing.TB, id string) *templates.Specimen {
	t.Helper()
	lib, err := templates.Load("")
	if err != nil {
		t.Fatal(err)
	}
	sp, ok := lib.Get(id)
	if !ok {
		t.Fatalf("%s not in the library", id)
	}
	return sp
}
