package engine

import (
	"bytes"
	"image"
	"image/draw"
	"image/png"
	"math/rand/v2"
	"testing"

	"github.com/docverify/docverify/detect"
	"github.com/docverify/docverify/samples"
	"github.com/docverify/docverify/samples/capture"
)

// TestScreenColour runs screen_recapture on the demo set's genuine phone photo as given and as
// a photo of a screen showing it (the sample generator's screen: RGB subpixel stripes a few of
// the photo's pixels wide, integrated by the camera). The plain background's colour detail
// must stay well below its bound as given and go beyond it on the screen.
func TestScreenColour(t *testing.T) {
	e := testEngine(t)
	s := demoSample(t, "genuine phone photo", func(s samples.Sample) bool { return s.Label == "genuine" && s.Capture == "phone" })
	in := demoSampleInput(t, s)
	src, _, err := image.Decode(bytes.NewReader(in.Image))
	if err != nil {
		t.Fatal(err)
	}
	rgba := image.NewRGBA(src.Bounds())
	draw.Draw(rgba, rgba.Bounds(), src, src.Bounds().Min, draw.Src)
	var b bytes.Buffer
	if err := png.Encode(&b, capture.Recapture(rand.New(rand.NewPCG(7, 7)), rgba, "moderate")); err != nil {
		t.Fatal(err)
	}
	screenOf := func(img []byte) detect.Finding {
		t.Helper()
		return findingOf(t, e, Input{Image: img}, "screen_recapture")
	}
	const key = "screen_recapture.colour_detail"
	given := screenOf(in.Image)
	v0, ok := measureOf(given, key)
	if !ok || v0 > 1 {
		t.Errorf("as given: %s %s, colour detail %.2f (measured %v), want at most 1", given.Status, given.Reason, v0, ok)
	}
	shown := screenOf(b.Bytes())
	v1, ok := measureOf(shown, key)
	t.Logf("colour detail as given %.2f, on a screen %.2f", v0, v1)
	if !ok || v1 < 2.5 || shown.Status != detect.StatusFail || shown.Reason != "moire" {
		t.Errorf("on a screen: %s %s, colour detail %.2f (measured %v), want a moire failure beyond 2.5", shown.Status, shown.Reason, v1, ok)
	}
}
