package detect

import (
	"image"
	"image/color"
	"math"
	"testing"

	"gocv.io/x/gocv"
)

// TestLocateMRZBesideTexture puts an MRZ on a page below a texture of equal blobs in rows of
// MRZ length (a tablecloth's weave, a printed screen: rows of 44 at an equal step, as an MRZ's
// are) and checks that the locator ranks the MRZ first. Without the texture test the texture's
// rows, three at a time, outrank the MRZ's two.
func TestLocateMRZBesideTexture(t *testing.T) {
	sp := testSpecimen(t, "uto-passport-2024")
	reg, ok := sp.Spec.Region("mrz")
	if !ok {
		t.Fatal("uto-passport-2024 has no mrz region")
	}
	lines := []string{"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"}
	grey, err := RenderMRZ(&sp.Spec, reg, lines)
	if err != nil {
		t.Fatal(err)
	}
	defer grey.Close()
	mrzImg := gocv.NewMat()
	defer mrzImg.Close()
	gocv.CvtColor(grey, &mrzImg, gocv.ColorGrayToBGR)

	for _, tc := range []struct {
		name      string
		rowStep   int // between rows of the texture
		staggered bool
	}{
		{"grid", 18, false},
		{"checkerboard", 12, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w, h := max(1500, mrzImg.Cols()+200), 700+mrzImg.Rows()+100
			page := gocv.NewMatWithSizeFromScalar(gocv.NewScalar(225, 225, 225, 0), h, w, gocv.MatTypeCV8UC3)
			defer page.Close()
			// The texture: 20 rows of 44 blobs at a 13-pixel step, in two patches side by side.
			for patch := 0; patch < 2; patch++ {
				for row := 0; row < 20; row++ {
					for i := 0; i < 44; i++ {
						x := 60 + patch*700 + i*13
						if tc.staggered && row%2 == 1 {
							x += 6
						}
						y := 60 + row*tc.rowStep
						gocv.Rectangle(&page, image.Rect(x, y, x+8, y+10), color.RGBA{60, 60, 60, 0}, -1)
					}
				}
			}
			at := image.Pt(100, 700)
			roi := page.Region(image.Rect(at.X, at.Y, at.X+mrzImg.Cols(), at.Y+mrzImg.Rows()))
			mrzImg.CopyTo(&roi)
			roi.Close()

			cands := locateMRZ(page)
			if len(cands) == 0 {
				t.Fatal("no candidate")
			}
			c := cands[0]
			var cy float64
			for _, q := range c.lines {
				cy += (q[0][1] + q[1][1] + q[2][1] + q[3][1]) / 4 / float64(len(c.lines))
			}
			want := float64(at.Y) + float64(mrzImg.Rows())/2
			if len(c.lines) != 2 || math.Abs(cy-want) > float64(mrzImg.Rows()) {
				t.Errorf("first candidate: %d lines centred at y %.0f (pitch %.1f, score %.2f), want the MRZ's 2 lines at y %.0f; %d candidates",
					len(c.lines), cy, c.pitch, c.score, want, len(cands))
			}
		})
	}
}

// TestLocateFaintMRZ draws an MRZ small, pale and blurred (ink 22 levels below the paper, as
// a blurred phone photo under bright light can leave it) and checks that the faint binarisation finds
// its two lines where the usual one finds no MRZ.
func TestLocateFaintMRZ(t *testing.T) {
	sp := testSpecimen(t, "uto-passport-2024")
	reg, _ := sp.Spec.Region("mrz")
	lines := []string{"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"}
	grey, err := RenderMRZ(&sp.Spec, reg, lines)
	if err != nil {
		t.Fatal(err)
	}
	defer grey.Close()
	// 0.45 of the specimen's 300 dpi (5.3 px/mm: capitals 12 px high), ink 188 on paper 210.
	gocv.Resize(grey, &grey, image.Point{}, 0.45, 0.45, gocv.InterpolationArea)
	grey.ConvertToWithParams(&grey, gocv.MatTypeCV8U, 22.0/255, 188)
	gocv.GaussianBlur(grey, &grey, image.Point{}, 1.2, 1.2, gocv.BorderReplicate)
	page := gocv.NewMatWithSizeFromScalar(gocv.NewScalar(210, 0, 0, 0), grey.Rows()+200, grey.Cols()+200, gocv.MatTypeCV8U)
	defer page.Close()
	roi := page.Region(image.Rect(100, 100, 100+grey.Cols(), 100+grey.Rows()))
	grey.CopyTo(&roi)
	roi.Close()
	if cs := locateMRZ(page); len(cs) > 0 {
		t.Fatalf("the usual binarisation found %d candidates: the test shows nothing", len(cs))
	}
	cs := locateFaintMRZ(page)
	if len(cs) == 0 || len(cs[0].lines) != 2 {
		t.Fatalf("faint binarisation: %d candidates, want the MRZ's two lines", len(cs))
	}
}
