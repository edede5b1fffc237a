package detect

import (
	"image"
	"image/color"
	"math"
	"testing"

	"gocv.io/x/gocv"
)

// TestScaleDown checks the reduction the MRZ locator uses, against
// the area average on print-like content (strokes 3 pixels wide on paper): the same sizes; the
// same pixels at half size and below; above, the same picture (correlation 0.97 or more) at the
// same mean level (within half a grey level: no ink lost or added).
func TestScaleDown(t *testing.T) {
	src := gocv.NewMatWithSizeFromScalar(gocv.NewScalar(235, 0, 0, 0), 1300, 1900, gocv.MatTypeCV8U)
	defer src.Close()
	for y := 40; y < 1260; y += 37 { // lines of "text": dark strokes 3 px wide, 22 px high
		for x := 30; x < 1850; x += 11 {
			gocv.Rectangle(&src, image.Rect(x, y, x+3, y+22), color.RGBA{40, 40, 40, 255}, -1)
		}
	}
	for _, s := range []float64{0.3, 0.49, 0.5, 0.66, 0.82, 0.97} {
		got, want := gocv.NewMat(), gocv.NewMat()
		scaleDown(src, &got, s)
		gocv.Resize(src, &want, image.Point{}, s, s, gocv.InterpolationArea)
		if got.Cols() != want.Cols() || got.Rows() != want.Rows() {
			t.Fatalf("scale %.2f: %dx%d, want %dx%d", s, got.Cols(), got.Rows(), want.Cols(), want.Rows())
		}
		diff := gocv.NewMat()
		gocv.AbsDiff(got, want, &diff)
		_, maxDiff, _, _ := gocv.MinMaxLoc(diff)
		res, none := gocv.NewMat(), gocv.NewMat()
		gocv.MatchTemplate(got, want, &res, gocv.TmCcoeffNormed, none)
		corr := res.GetFloatAt(0, 0)
		shift := math.Abs(got.Mean().Val1 - want.Mean().Val1)
		t.Logf("scale %.2f: largest difference %.0f, correlation %.4f, mean level apart %.3f", s, maxDiff, corr, shift)
		switch {
		case s <= 0.5 && maxDiff != 0:
			t.Errorf("scale %.2f: differs from the area average by up to %.0f", s, maxDiff)
		case corr < 0.97 || shift > 0.5:
			t.Errorf("scale %.2f: correlation with the area average %.4f, mean level %.3f apart", s, corr, shift)
		}
		res.Close()
		none.Close()
		diff.Close()
		got.Close()
		want.Close()
	}
}
