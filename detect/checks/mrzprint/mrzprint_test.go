package mrzprint

import (
	"image"
	"image/color"
	"testing"

	"github.com/docverify/docverify/detect"
	"gocv.io/x/gocv"
)

// TestWashedOut checks which parts of a page count as washed out by a reflection: white over
// a greyer reference, on more than a quarter of the part.
func TestWashedOut(t *testing.T) {
	ref := gocv.NewMatWithSizeFromScalar(gocv.NewScalar(200, 200, 200, 0), 100, 200, gocv.MatTypeCV8UC3)
	defer ref.Close()
	page := ref.Clone()
	defer page.Close()
	// White over the left 60 columns, the top half of them.
	gocv.Rectangle(&page, image.Rect(0, 0, 60, 50), color.RGBA{255, 255, 255, 0}, -1)
	s := &detect.Scan{Page: page, RefBlurred: ref}
	for _, tc := range []struct {
		name string
		r    image.Rectangle
		want bool
	}{
		{"all white", image.Rect(0, 0, 60, 50), true},
		{"half white", image.Rect(0, 0, 60, 100), true},
		{"a fifth white", image.Rect(40, 0, 140, 50), false},
		{"no white", image.Rect(100, 0, 200, 100), false},
		{"off the page", image.Rect(300, 0, 400, 100), false},
	} {
		if got := washedOut(s, tc.r); got != tc.want {
			t.Errorf("%s: washed out %v, want %v", tc.name, got, tc.want)
		}
	}
}
