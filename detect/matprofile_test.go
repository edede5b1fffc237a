//go:build matprofile

package detect

import (
	"bytes"
	"image"
	"testing"
	"time"

	"gocv.io/x/gocv"
)

// TestNoMatLeftGlyphs reads MRZs glyph by glyph, sharp and shaken (the blur fitted too), and
// asserts that every gocv Mat made on the way was closed:
//
//	go test -tags matprofile -run NoMatLeft ./detect
func TestNoMatLeftGlyphs(t *testing.T) {
	r := &MRZReader{Now: func() time.Time { return time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC) }}
	for _, how := range []string{"sharp", "shaken"} {
		page, spec, _ := glyphPage(t, "uto-passport-2024")
		degrade(t, page, spec, how)
		before := gocv.MatProfile.Count()
		if got := r.ReadPageGlyphs(page, spec, image.Point{}, 0, nil, func(x, y float64) (float64, float64) { return x, y }); got == nil {
			t.Fatalf("%s: nothing read", how)
		}
		if n := gocv.MatProfile.Count() - before; n != 0 {
			var b bytes.Buffer
			gocv.MatProfile.WriteTo(&b, 1)
			t.Fatalf("%s: %d Mats left open:\n%s", how, n, b.String())
		}
		page.Close()
	}
}
