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
