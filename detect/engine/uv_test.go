package engine

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"testing"

	"github.com/docverify/docverify/detect"
	"github.com/docverify/docverify/samples"
)

// TestUVPattern runs the uv check on the demo set's genuine kiosk capture as given, with its
// UV image moved a few pixels off the visible one (kiosks' lights do not line up exactly), and
// with its UV pattern glowing in another colour (red and green swapped: a pattern printed with
// another ink).
func TestUVPattern(t *testing.T) {
	e := testEngine(t)
	in := demoSampleInput(t, demoSample(t, "genuine capture with a UV image", func(s samples.Sample) bool {
		return s.Label == "genuine" && s.UV != nil
	}))
	uv, _, err := image.Decode(bytes.NewReader(in.UV))
	if err != nil {
		t.Fatal(err)
	}
	edit := func(f func(dst *image.RGBA, src image.Image)) []byte {
		dst := image.NewRGBA(uv.Bounds())
		f(dst, uv)
		var b bytes.Buffer
		if err := png.Encode(&b, dst); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	moved := edit(func(dst *image.RGBA, src image.Image) {
		r := src.Bounds()
		draw.Draw(dst, r, src, r.Min, draw.Src)                      // the edges stay filled
		draw.Draw(dst, r.Add(image.Pt(4, -3)), src, r.Min, draw.Src) // 4 px right, 3 up
	})
	otherInk := edit(func(dst *image.RGBA, src image.Image) {
		r := src.Bounds()
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				c := color.RGBAModel.Convert(src.At(x, y)).(color.RGBA)
				dst.SetRGBA(x, y, color.RGBA{R: c.G, G: c.R, B: c.B, A: 255})
			}
		}
	})
	uvOf := func(uvImage []byte) detect.Finding {
		t.Helper()
		return findingOf(t, e, Input{Image: in.Image, IR: in.IR, UV: uvImage}, "uv")
	}
	pattern := func(f detect.Finding) float64 {
		m, _ := f.Evidence["measures"].(map[string]float64)
		return m["uv.pattern"]
	}
	given := uvOf(in.UV)
	if given.Status != detect.StatusPass || given.Evidence["pattern_compared"] != "ink" {
		t.Fatalf("as given: %s %s, compared %v, want a pass in the pattern's ink", given.Status, given.Reason, given.Evidence["pattern_compared"])
	}
	if f := uvOf(moved); f.Status != detect.StatusPass || pattern(f) < pattern(given)-0.05 {
		t.Errorf("UV image 5 px off: %s, pattern %.3f (as given %.3f), want a pass within 0.05", f.Status, pattern(f), pattern(given))
	}
	if f := uvOf(otherInk); f.Status != detect.StatusFail || f.Reason != "uv_pattern_missing" {
		t.Errorf("pattern in another colour: %s %s, pattern %.3f, want uv_pattern_missing", f.Status, f.Reason, pattern(f))
	}
}
