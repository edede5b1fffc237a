package detect

import (
	"testing"

	"github.com/docverify/docverify/templates"
)

// TestCaptureOf classifies identified pages of a 125 × 88 mm model by their corners in the
// image: a scanner's page square on at 300 dpi, a phone's close and nearly square on at the same
// resolution (its far side 2% shorter: a photo), a phone's far off, and a page not identified.
func TestCaptureOf(t *testing.T) {
	spec := &templates.Spec{SizeMM: [2]float64{125, 88}}
	page := func(pxmm, shrink float64) *Identification {
		w, h := 125*pxmm, 88*pxmm
		d := w * shrink / 2 // the bottom side shorter by shrink of the top's length
		return &Identification{Spec: spec, Corners: Quad{{100, 100}, {100 + w, 100}, {100 + w - d, 100 + h}, {100 + d, 100 + h}}}
	}
	for _, tc := range []struct {
		name string
		id   *Identification
		want string
	}{
		{"scanner, 300 dpi, square on", page(11.81, 0.001), CaptureDocument},
		{"reader, 400 dpi", page(15.7, 0), CaptureDocument},
		{"phone close, nearly square on", page(11.3, 0.02), CapturePhoto},
		{"phone far off, square on", page(6, 0), CapturePhoto},
		{"phone in perspective", page(9, 0.2), CapturePhoto},
		{"not identified", nil, CaptureDocument},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := CaptureOf(tc.id); got.Class != tc.want {
				t.Errorf("class %s (%+v), want %s", got.Class, got, tc.want)
			}
		})
	}
}
