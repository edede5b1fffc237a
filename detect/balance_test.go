package detect

import (
	"math"
	"testing"

	"gocv.io/x/gocv"
)

// TestPaperBalance takes a specimen's reference as a phone photo's straightened page under a
// warm lamp (blue ×0.80, green ×0.90), lit unevenly (brighter by a fifth from one side to the
// other) and with a reflection clipped to white: PaperBalance finds the gains that undo the
// cast, and with them the hologram's spread of hues is the reference's again, where the tinted
// paper around the foil, one saturated hue, narrows it unbalanced. The reference as its own
// page needs no balance.
func TestPaperBalance(t *testing.T) {
	ref, spec := specimenPage(t, "uto-visa-2020")
	defer ref.Close()
	w, h := ref.Cols(), ref.Rows()
	page := ref.Clone()
	defer page.Close()
	pix, err := page.DataPtrUint8()
	if err != nil {
		t.Fatal(err)
	}
	cast := [3]float64{0.80, 0.90, 1} // B, G, R
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			light := 0.8 + 0.2*float64(x)/float64(w)
			glare := x > w/10 && x < w/5 && y > h/10 && y < h/4
			for c := 0; c < 3; c++ {
				v := float64(pix[3*(y*w+x)+c]) * cast[c] * light
				if glare {
					v = 255
				}
				pix[3*(y*w+x)+c] = uint8(math.Round(v))
			}
		}
	}
	k := 6 / (spec.DPI / 25.4) // a photo at 6 px/mm
	photo := &Identification{Spec: spec, H: [9]float64{k, 0, 100, 0, k, 80, 0, 0, 1}}
	photo.Corners = pageCorners(photo.H, spec)

	same := (&Scan{ID: photo, Page: ref, Ref: ref}).PaperBalance()
	for c, g := range same {
		if math.Abs(g-1) > 0.01 {
			t.Errorf("the reference as its own page: gain %d = %.3f, want 1", c, g)
		}
	}

	s := &Scan{ID: photo, Page: page, Ref: ref}
	gain := s.PaperBalance()
	for c, want := range [3]float64{1, 0.80 / 0.90, 0.80} {
		if math.Abs(gain[c]-want) > 0.02 {
			t.Errorf("gain %d = %.3f, want %.3f (all %.3f)", c, gain[c], want, gain)
		}
	}

	reg, ok := spec.Region("ovd")
	if !ok {
		t.Fatal("no ovd region")
	}
	r := reg.Rect.Px(spec.DPI)
	crop := func(m gocv.Mat) BGR {
		c := Crop(m, r)
		defer c.Close()
		return BGROf(c)
	}
	_, want := crop(ref).Saturation()
	_, tinted := crop(page).Saturation()
	_, balanced := crop(page).Balanced(gain).Saturation()
	t.Logf("hologram's hue spread: reference %.3f, tinted %.3f, balanced %.3f", want, tinted, balanced)
	if tinted > 0.8*want {
		t.Errorf("the cast did not narrow the hologram's hues (%.3f against %.3f): the test shows nothing", tinted, want)
	}
	if math.Abs(balanced-want) > 0.1*want {
		t.Errorf("balanced hue spread %.3f, want the reference's %.3f within a tenth", balanced, want)
	}
}
