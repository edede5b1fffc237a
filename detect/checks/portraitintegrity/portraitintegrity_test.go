package portraitintegrity

import (
	"image"
	"math/rand/v2"
	"testing"

	"github.com/docverify/docverify/detect"
	"github.com/docverify/docverify/detect/detecttest"
)

// TestBoxOffset draws a faint photo (a backdrop 8 grey levels off the paper) at known offsets
// from its place, with a column of dark text strokes beside it and noise, and checks that the
// box is found where it was drawn; on paper with no photo the box stays at its place.
func TestBoxOffset(t *testing.T) {
	win := image.Rect(0, 0, 400, 500)
	place := image.Rect(60, 60, 300, 400) // the model's box
	const maxLag, near = 41, 8            // 3.5 and 0.7 mm at 300 dpi
	draw := func(dx, dy int, photo bool) detect.Grey {
		g := detect.Grey{W: win.Dx(), H: win.Dy(), Pix: make([]float64, win.Dx()*win.Dy())}
		rng := rand.New(rand.NewPCG(1, uint64(dx*1000+dy)))
		for y := 0; y < g.H; y++ {
			for x := 0; x < g.W; x++ {
				v := 225.0
				if photo && x >= place.Min.X+dx && x < place.Max.X+dx && y >= place.Min.Y+dy && y < place.Max.Y+dy {
					v = 233 // the photo's backdrop
				}
				// A column of text to the right: strokes 3 px wide every 9 px, in lines.
				if x >= 336 && x < 396 && (x-336)%9 < 3 && (y/20)%2 == 0 {
					v = 40
				}
				g.Pix[y*g.W+x] = v + rng.NormFloat64()*1.5
			}
		}
		return g
	}
	// {32, 0}: the photo's right edge 4 px from the text, whose strokes fill one side of it.
	for _, tc := range []struct{ dx, dy int }{{0, 0}, {24, 0}, {-24, 0}, {0, 30}, {35, -20}, {5, -4}, {32, 0}, {32, 12}} {
		gx, gy := boxOffset(draw(tc.dx, tc.dy, true), win, place, maxLag, near)
		if abs(gx-tc.dx) > 1 || abs(gy-tc.dy) > 1 {
			t.Errorf("photo drawn %+d, %+d px off its place: found at %+d, %+d", tc.dx, tc.dy, gx, gy)
		}
	}
	if gx, gy := boxOffset(draw(0, 0, false), win, place, maxLag, near); gx != 0 || gy != 0 {
		t.Errorf("no photo: found a box at %+d, %+d, want its place", gx, gy)
	}
}

// TestLocalOffset (of detect.Scan; here beside its first user) moves each model's reference by a few pixels and finds the print around the
// portrait moved by as much.
func TestLocalOffset(t *testing.T) {
	const dx, dy = 6, -4
	for _, id := range []string{"uto-idcard-2021", "uto-passport-2019", "uto-passport-2024", "uto-visa-2020"} {
		t.Run(id, func(t *testing.T) {
			s := detecttest.MovedPage(t, id, dx, dy)
			defer s.Close()
			r, ok := s.RegionRect("portrait")
			if !ok {
				t.Fatal("no portrait region")
			}
			x, y, n := s.LocalOffset(r)
			if n < 2 {
				t.Fatalf("%d captions or titles found near the portrait, want 2 or more", n)
			}
			if abs(x-dx) > 1 || abs(y-dy) > 1 {
				t.Errorf("found %d, %d px off, want %d, %d", x, y, dx, dy)
			}
		})
	}
}
