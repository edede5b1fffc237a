package detect

import (
	"image"
	"math"
	"math/rand/v2"
	"testing"

	"gocv.io/x/gocv"
)

// TestAsCaptured samples a fine grating (2 page pixels a period) as a capture 2.5 times coarser
// than the page would: the grating folds into a coarse one of 10 page pixels (a quarter cycle
// per capture pixel), as a genuine document's fine printing does on a phone photo. At the
// page's own resolution (a scan) it stays as it was.
func TestAsCaptured(t *testing.T) {
	const w, h = 256, 256
	page := gocv.NewMatWithSize(h, w, gocv.MatTypeCV8U)
	defer page.Close()
	rng := rand.New(rand.NewPCG(1, 2))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ { // period 2 px, on paper's noise
			page.SetUCharAt(y, x, uint8(128+60*math.Cos(math.Pi*float64(x))+rng.NormFloat64()*15))
		}
	}
	r := image.Rect(32, 32, 224, 224)
	for _, tc := range []struct {
		name       string
		scale      float64 // image pixels per page pixel
		fine, fold float64 // the grating's periodicity at 2 and at 10 page pixels
	}{
		{"scan", 1, 10, 0},
		{"photo", 1 / 2.5, 0, 10},
	} {
		s := &Scan{ID: &Identification{H: [9]float64{tc.scale, 0, 3, 0, tc.scale, 5, 0, 0, 1}}}
		g, ok := s.AsCaptured(page, r)
		if !ok {
			t.Fatalf("%s: not sampled", tc.name)
		}
		fine, fold := Periodicity(g, 1.9, 2.2), Periodicity(g, 8.5, 12)
		t.Logf("%s: periodicity at 2 px %.1f, at 10 px %.1f", tc.name, fine, fold)
		if tc.fine > 0 && fine < tc.fine {
			t.Errorf("%s: the grating at 2 px measures %.1f, want at least %.0f", tc.name, fine, tc.fine)
		}
		if tc.fold > 0 && fold < tc.fold {
			t.Errorf("%s: the folded grating at 10 px measures %.1f, want at least %.0f", tc.name, fold, tc.fold)
		}
		if tc.fold == 0 && fold >= 10 {
			t.Errorf("%s: a grating at 10 px measures %.1f where none should be", tc.name, fold)
		}
	}
	if _, ok := (&Scan{}).AsCaptured(page, r); ok {
		t.Error("sampled without an identification")
	}
}
