package detect

import (
	"image"
	"math"
	"testing"

	"github.com/docverify/docverify/templates"
	"gocv.io/x/gocv"
)

// TestHueShift turns the colours of every specimen's reference image and casts coloured light
// on it, and holds HueShift to the turn it made and to nothing for the light.
func TestHueShift(t *testing.T) {
	lib, err := templates.Load("")
	if err != nil {
		t.Fatal(err)
	}
	for _, sp := range lib.All() {
		b, err := sp.ImageBytes(templates.Visible)
		if err != nil {
			t.Fatal(err)
		}
		ref, err := gocv.IMDecode(b, gocv.IMReadColor)
		if err != nil || ref.Empty() {
			t.Fatalf("%s: decode: %v", sp.Spec.ID, err)
		}
		scan := &Scan{ID: &Identification{Spec: &sp.Spec}}
		mask := scan.Masked(image.Rect(0, 0, ref.Cols(), ref.Rows()))
		for _, tc := range []struct {
			name     string
			turn     float64 // degrees
			gain     [3]float64
			min, max float64
		}{
			{"the reference, through HSV and back", 0, [3]float64{1, 1, 1}, 0, 2},
			{"warm light", 0, [3]float64{0.8, 0.95, 1.05}, 0, 5},
			{"cool, dim light", 0, [3]float64{1, 0.9, 0.75}, 0, 5},
			{"colours turned by a fifth", 72, [3]float64{1, 1, 1}, 40, 90},
			{"colours turned by half, in warm light", 180, [3]float64{0.8, 0.95, 1.05}, 150, 180},
		} {
			t.Run(sp.Spec.ID+"/"+tc.name, func(t *testing.T) {
				page := recolour(ref, tc.turn, tc.gain)
				defer page.Close()
				shift, agreement, n := HueShift(page, ref, mask, 12)
				t.Logf("shift %.1f°, agreement %.3f, %d blocks", shift, agreement, n)
				if n < 50 {
					t.Fatalf("%d coloured blocks, want at least 50", n)
				}
				if shift < tc.min || shift > tc.max {
					t.Errorf("shift %.1f°, want %.0f–%.0f°", shift, tc.min, tc.max)
				}
			})
		}
		ref.Close()
	}
}

// recolour turns an image's hues by turn degrees, then multiplies its B, G, R by gain.
func recolour(m gocv.Mat, turn float64, gain [3]float64) gocv.Mat {
	hsv := gocv.NewMat()
	defer hsv.Close()
	gocv.CvtColor(m, &hsv, gocv.ColorBGRToHSVFull)
	b, _ := hsv.DataPtrUint8()
	d := uint8(math.Round(turn / 360 * 256))
	for i := 0; i < len(b); i += 3 {
		b[i] += d
	}
	out := gocv.NewMat()
	gocv.CvtColor(hsv, &out, gocv.ColorHSVToBGRFull)
	p, _ := out.DataPtrUint8()
	for i := range p {
		p[i] = uint8(math.Min(255, float64(p[i])*gain[i%3]))
	}
	return out
}

func BenchmarkHueShift(b *testing.B) {
	lib, err := templates.Load("")
	if err != nil {
		b.Fatal(err)
	}
	sp, _ := lib.Get("uto-passport-2024")
	buf, _ := sp.ImageBytes(templates.Visible)
	ref, _ := gocv.IMDecode(buf, gocv.IMReadColor)
	defer ref.Close()
	page := recolour(ref, 0, [3]float64{0.9, 1, 1})
	defer page.Close()
	scan := &Scan{ID: &Identification{Spec: &sp.Spec}}
	r := image.Rect(0, 0, ref.Cols(), ref.Rows())
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		HueShift(page, ref, scan.Masked(r), 12)
	}
}
