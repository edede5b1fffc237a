// Package detecttest holds helpers for the checks' tests: specimens' references as pages.
package detecttest

import (
	"image"
	"image/color"
	"testing"

	"github.com/docverify/docverify/detect"
	"github.com/docverify/docverify/templates"
	"gocv.io/x/gocv"
)

// MovedPage returns a scan of the embedded specimen id whose reference (also the blurred
// reference) is its visible image and whose page is that image moved by dx, dy pixels, its
// edges repeated; close the scan's Page and RefBlurred when done (Close does).
func MovedPage(t testing.TB, id string, dx, dy float64) *detect.Scan {
	t.Helper()
	return WarpedPage(t, id, [6]float64{1, 0, dx, 0, 1, dy})
}

// WarpedPage is MovedPage with the page the image under the affine map m (x' = m0·x + m1·y +
// m2, y' = m3·x + m4·y + m5).
func WarpedPage(t testing.TB, id string, m [6]float64) *detect.Scan {
	t.Helper()
	sp := Specimen(t, id)
	b, err := sp.ImageBytes(templates.Visible)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := gocv.IMDecode(b, gocv.IMReadColor)
	if err != nil || ref.Empty() {
		t.Fatalf("%s: decode: %v", id, err)
	}
	a := gocv.NewMatWithSize(2, 3, gocv.MatTypeCV64F)
	defer a.Close()
	for i, v := range m {
		a.SetDoubleAt(i/3, i%3, v)
	}
	moved := gocv.NewMat()
	gocv.WarpAffineWithParams(ref, &moved, a, image.Pt(ref.Cols(), ref.Rows()), gocv.InterpolationLinear, gocv.BorderReplicate, color.RGBA{})
	return &detect.Scan{ID: &detect.Identification{Spec: &sp.Spec}, Page: moved, RefBlurred: ref}
}

// Specimen is model id of the embedded library; the test fails when there is none.
func Specimen(t testing.TB, id string) *templates.Specimen {
	t.Helper()
	lib, err := templates.Load("")
	if err != nil {
		t.Fatal(err)
	}
	sp, ok := lib.Get(id)
	if !ok {
		t.Fatalf("no specimen %s in the library", id)
	}
	return sp
}
