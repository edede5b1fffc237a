package engine

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"

	"github.com/docverify/docverify/detect"
)

// TestOverlayColours checks that the overlay outlines a failed check's region in red, that of a
// check named near its limit in amber, and leaves a passed check's that is not named alone.
func TestOverlayColours(t *testing.T) {
	box := func(x0, y0, x1, y1 float64) *detect.Quad {
		return &detect.Quad{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}}
	}
	finding := func(name string, st detect.Status, q *detect.Quad) detect.Finding {
		return detect.Finding{Name: name, Status: st, Region: q}
	}
	rep := &Report{
		Checks: []detect.Finding{
			finding("emblem", detect.StatusFail, box(20, 40, 120, 140)),
			finding("portrait_ghost", detect.StatusPass, box(150, 40, 250, 140)),
			finding("layout", detect.StatusPass, box(280, 40, 380, 140)),
		},
		TopReasons: []TopReason{{Check: "emblem", Reason: "emblem_mismatch"}, {Check: "portrait_ghost", Reason: ReasonNearThreshold}},
	}
	img := overlayOn(t, 400, 300, rep)
	// Each label's background, inside its top-left corner: the outline's colour, a little darker
	// (a channel computed in uint8 once wrapped round: the labels came out near black).
	for _, tc := range []struct {
		check     string
		x         int
		red, gMin int // the red channel at least, the green at least
		gMax      int // and at most
	}{
		{"emblem (failed)", 20, 150, 0, 60},
		{"portrait_ghost (near its limit)", 150, 150, 90, 200},
	} {
		r, g, _, _ := img.At(tc.x+1, 40-13-5).RGBA()
		if int(r>>8) < tc.red || int(g>>8) < tc.gMin || int(g>>8) > tc.gMax {
			t.Errorf("%s: label background red %d green %d, want red ≥ %d, green %d–%d", tc.check, r>>8, g>>8, tc.red, tc.gMin, tc.gMax)
		}
	}
	// Each box's left edge, half-way down (below the label).
	for _, tc := range []struct {
		check string
		x     int
		want  color.RGBA
	}{
		{"emblem (failed)", 20, failColour},
		{"portrait_ghost (near its limit)", 150, nearColour},
		{"layout (passed, not named)", 280, color.RGBA{255, 255, 255, 255}},
	} {
		r, g, b, _ := img.At(tc.x, 100).RGBA()
		got := color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), 255}
		if got != tc.want {
			t.Errorf("%s: outline %v, want %v", tc.check, got, tc.want)
		}
	}
}

// TestOverlayLabelsStack checks that the labels of two regions sharing a top-left corner are
// drawn one above the other, not one over the other.
func TestOverlayLabelsStack(t *testing.T) {
	box := &detect.Quad{{20, 60}, {200, 60}, {200, 180}, {20, 180}}
	rep := &Report{Checks: []detect.Finding{
		{Name: "portrait_integrity", Status: detect.StatusFail, Region: box},
		{Name: "portrait_ghost", Status: detect.StatusFail, Region: box},
	}}
	img := overlayOn(t, 300, 200, rep)
	// A label is 13 + 6 pixels high: the first's background just above the corner, the
	// second's one label higher.
	for _, y := range []int{60 - 19 + 1, 60 - 2*19 + 1} {
		r, g, _, _ := img.At(21, y).RGBA()
		if r>>8 < 150 || g>>8 > 60 {
			t.Errorf("no label's background at y %d: red %d green %d", y, r>>8, g>>8)
		}
	}
}

// overlayOn draws rep's overlay on a white image of w×h pixels and decodes it.
func overlayOn(t *testing.T, w, h int, rep *Report) image.Image {
	t.Helper()
	src := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := range src.Pix {
		src.Pix[i] = 255
	}
	var in bytes.Buffer
	if err := png.Encode(&in, src); err != nil {
		t.Fatal(err)
	}
	out, err := Overlay(in.Bytes(), rep)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	return img
}
