package detect

import (
	"image"
	"image/color"
	"math"
	"testing"

	"gocv.io/x/gocv"
)

// TestGlared takes a specimen's reference as a phone photo's straightened page, dimmed and lit
// unevenly (brighter by a fifth from one side to the other), and adds a broad glow that lightens
// it towards white without reaching it (and a ghost portrait made lighter than the specimen's,
// as a holder's pale photo is): Glared marks the glow's centre and nothing far from it, the
// uneven light nowhere, and the ghost only where the glow reaches it. On a scan, nothing.
func TestGlared(t *testing.T) {
	ref, spec := specimenPage(t, "uto-passport-2019")
	defer ref.Close()
	w, h := ref.Cols(), ref.Rows()
	ghost, _ := spec.Region("ghost_portrait")
	gr := ghost.Rect.Px(spec.DPI)
	rosette, _ := spec.Region("guilloche")
	rr := rosette.Rect.Px(spec.DPI)
	glowAt := image.Pt((rr.Min.X+rr.Max.X)/2, (rr.Min.Y+rr.Max.Y)/2) // on the security printing
	sigma := 0.06 * float64(w)
	page := ref.Clone()
	defer page.Close()
	pix, err := page.DataPtrUint8()
	if err != nil {
		t.Fatal(err)
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			a := 0.75 * math.Exp(-(math.Pow(float64(x-glowAt.X), 2)+math.Pow(float64(y-glowAt.Y), 2))/(2*sigma*sigma))
			light := 0.75 + 0.15*float64(x)/float64(w)
			pale := image.Pt(x, y).In(gr)
			for c := 0; c < 3; c++ {
				v := float64(pix[3*(y*w+x)+c])
				if pale {
					v += 0.5 * (255 - v) // a lighter ghost than the specimen holder's
				}
				v *= light
				v += a * (255 - v)
				pix[3*(y*w+x)+c] = uint8(math.Min(255, v))
			}
		}
	}
	// A photo at 6 px/mm, square on.
	k := 6 / (spec.DPI / 25.4)
	photo := &Identification{Spec: spec, H: [9]float64{k, 0, 100, 0, k, 80, 0, 0, 1}}
	photo.Corners = pageCorners(photo.H, spec)
	s := &Scan{ID: photo, Page: page, Ref: ref}
	share := func(r image.Rectangle) float64 {
		m, _ := s.Glared(r)
		n := 0
		for _, v := range m {
			if v {
				n++
			}
		}
		return float64(n) / float64(len(m))
	}
	mm := int(spec.DPI / 25.4)
	centre := image.Rect(glowAt.X-3*mm, glowAt.Y-3*mm, glowAt.X+3*mm, glowAt.Y+3*mm)
	if v := share(centre); v < 0.9 {
		t.Errorf("the glow's centre: %.2f marked, want nearly all", v)
	}
	if v := share(gr); v > 0 {
		t.Errorf("the lighter ghost, far from the glow: %.2f marked, want none", v)
	}
	for _, r := range []image.Rectangle{image.Rect(w-25*mm, 5*mm, w-5*mm, 25*mm), image.Rect(5*mm, h-25*mm, 25*mm, h-5*mm)} {
		if v := share(r); v > 0 {
			t.Errorf("a corner far from the glow %v: %.2f marked, want none", r, v)
		}
	}
	scan := &Scan{ID: &Identification{Spec: spec, H: [9]float64{1, 0, 0, 0, 1, 0, 0, 0, 1}}, Page: page, Ref: ref}
	scan.ID.Corners = pageCorners(scan.ID.H, spec)
	if _, any := scan.Glared(image.Rect(0, 0, w, h)); any {
		t.Error("a scan: glare marked")
	}
}

// TestWashedOut checks which parts of a page count as washed out by a reflection: white over
// a greyer reference, on more than a quarter of the part.
func TestWashedOut(t *testing.T) {
	ref := gocv.NewMatWithSizeFromScalar(gocv.NewScalar(200, 200, 200, 0), 100, 200, gocv.MatTypeCV8UC3)
	defer ref.Close()
	page := ref.Clone()
	defer page.Close()
	// White over the left 60 columns, the top half of them.
	gocv.Rectangle(&page, image.Rect(0, 0, 60, 50), color.RGBA{255, 255, 255, 0}, -1)
	s := &Scan{Page: page, RefBlurred: ref}
	// Worked out over the page's left 150 columns, asked about rectangles in and beyond them.
	g := s.ReflectionOver(image.Rect(0, 0, 150, 100))
	for _, tc := range []struct {
		name string
		r    image.Rectangle
		want bool
	}{
		{"all white", image.Rect(0, 0, 60, 50), true},
		{"half white", image.Rect(0, 0, 60, 100), true},
		{"a fifth white", image.Rect(40, 0, 140, 50), false},
		{"no white", image.Rect(100, 0, 200, 100), false},
		{"beyond the map, off the page", image.Rect(300, 0, 400, 100), false},
		{"half in the map, its part white", image.Rect(0, 0, 300, 50), true},
	} {
		if got := g.WashedOut(tc.r); got != tc.want {
			t.Errorf("%s: washed out %v, want %v", tc.name, got, tc.want)
		}
	}
}
