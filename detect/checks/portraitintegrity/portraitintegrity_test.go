package portraitintegrity

import (
	"gocv.io/x/gocv"
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
		b := boxOffset([]detect.Grey{draw(tc.dx, tc.dy, true)}, win, place, maxLag, near)
		gx, gy := b.dx, b.dy
		if abs(gx-tc.dx) > 1 || abs(gy-tc.dy) > 1 {
			t.Errorf("photo drawn %+d, %+d px off its place: found at %+d, %+d", tc.dx, tc.dy, gx, gy)
		}
	}
	if b := boxOffset([]detect.Grey{draw(0, 0, false)}, win, place, maxLag, near); b.dx != 0 || b.dy != 0 {
		gx, gy := b.dx, b.dy
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

// TestBoxOffsetColour draws a photo whose backdrop differs from the paper in hue, not in grey
// (light blue on light rose), moved 2 mm: the colour channels find it where grey alone does
// not; and a photo at its place with a backdrop of the paper's colour above (its top edge
// invisible) and faint lines elsewhere stays at its place.
func TestBoxOffsetColour(t *testing.T) {
	win := image.Rect(0, 0, 400, 500)
	place := image.Rect(60, 60, 300, 400)
	const maxLag, near = 41, 8
	rng := rand.New(rand.NewPCG(7, 8))
	planes := func(paint func(x, y int) [3]float64) []detect.Grey {
		ps := make([]detect.Grey, 4) // grey, B, G, R
		for i := range ps {
			ps[i] = detect.Grey{W: win.Dx(), H: win.Dy(), Pix: make([]float64, win.Dx()*win.Dy())}
		}
		for y := 0; y < win.Dy(); y++ {
			for x := 0; x < win.Dx(); x++ {
				bgr := paint(x, y)
				for c := range bgr {
					bgr[c] += rng.NormFloat64() * 1.5
				}
				i := y*win.Dx() + x
				ps[0].Pix[i] = 0.114*bgr[0] + 0.587*bgr[1] + 0.299*bgr[2]
				for c := range bgr {
					ps[c+1].Pix[i] = bgr[c]
				}
			}
		}
		return ps
	}
	paper, backdrop := [3]float64{215, 225, 232}, [3]float64{246, 226, 201} // BGR; grey 224.6 and 224.2
	const dx = 24                                                           // 2 mm at 300 dpi
	moved := planes(func(x, y int) [3]float64 {
		if x >= place.Min.X+dx && x < place.Max.X+dx && y >= place.Min.Y && y < place.Max.Y {
			return backdrop
		}
		return paper
	})
	if b := boxOffset(moved, win, place, maxLag, near); b.dx != dx || b.dy != 0 {
		t.Errorf("hue-only backdrop moved %d px: found at %+d, %+d", dx, b.dx, b.dy)
	}
	if b := boxOffset(moved[:1], win, place, maxLag, near); b.dx == dx {
		t.Errorf("grey alone found the hue-only backdrop: the test shows nothing")
	}
	// At its place: a dark band (clothing) along its bottom edge, the backdrop above it the
	// paper's colour; a faint pair of lines 30 px above its top and its bottom, 6 grey levels
	// darker than the paper, and 20 (a pair a tenth as strong as the band's edge, as
	// reflections and patterns made on genuine phone photos of an unseen set: a fiftieth of the
	// side counted for a box at the place, and those were placed 1–3 mm off).
	for _, depth := range []float64{6, 20} {
		white := planes(func(x, y int) [3]float64 {
			in := x >= place.Min.X && x < place.Max.X
			switch {
			case in && y >= place.Max.Y-20 && y < place.Max.Y:
				return [3]float64{60, 40, 40}
			case in && (y == place.Min.Y-30 || y == place.Max.Y-31):
				return [3]float64{paper[0] - depth, paper[1] - depth, paper[2] - depth}
			}
			return paper
		})
		if b := boxOffset(white, win, place, maxLag, near); b.dy != 0 {
			t.Errorf("photo at its place, top edge invisible, lines %.0f levels dark: found %+d px off vertically, want 0 (far %.2f, near %.2f, side %.2f)", depth, b.dy, b.far[1], b.near[1], b.side[1])
		}
	}
}

// TestEdgeWhereTheBoxIs darkens a soft band inside the portrait 1.2 mm below its top edge (a
// holder's hair, a backdrop's shading) on a page that is its model's reference: the band's step
// is steeper than the portrait's own faint top edge, and a side's edge looked for anywhere
// within 1.5 mm was found on it and measured soft (genuine scans rejected at 99). The portrait
// moves as a whole, so each side's edge is looked for near where the box lies: the sides keep
// their place and their sharpness.
func TestEdgeWhereTheBoxIs(t *testing.T) {
	const id = "uto-idcard-2021"
	scan := detecttest.MovedPage(t, id, 0, 0)
	defer scan.Close()
	scan.ID.Correlation, scan.ID.H = 1, [9]float64{1, 0, 0, 0, 1, 0, 0, 0, 1} // registered
	r, ok := scan.RegionRect("portrait")
	if !ok {
		t.Fatal("no portrait region")
	}
	pxmm := scan.Spec().DPI / 25.4
	top := r.Min.Y + int(1.2*pxmm)
	band := image.Rect(r.Min.X+r.Dx()/8, top, r.Max.X-r.Dx()/8, top+int(2.5*pxmm))
	dark := scan.Page.Region(band)
	dark.SetTo(gocv.NewScalar(70, 60, 50, 0))
	dark.Close()
	soft := scan.Page.Region(image.Rect(band.Min.X, band.Min.Y-int(pxmm), band.Max.X, band.Min.Y+int(pxmm)))
	gocv.GaussianBlur(soft, &soft, image.Point{}, 0.3*pxmm, 0.3*pxmm, gocv.BorderReplicate)
	soft.Close()
	f, err := Check.Run(&detect.Pass{Check: Check, Scan: scan, ResultOf: map[*detect.Check]detect.Finding{}})
	if err != nil {
		t.Fatal(err)
	}
	sides, _ := f.Evidence["sides"].(map[string]any)
	topSide, _ := sides["top"].(map[string]float64)
	t.Logf("status %s (%s), score %.3f, sides %v", f.Status, f.Reason, f.Score, sides)
	if topSide["shift_mm"] > 0.75 || topSide["shift_mm"] < -0.75 {
		t.Errorf("the top edge was placed %.2f mm off, on the band", topSide["shift_mm"])
	}
	if f.Status != detect.StatusPass {
		t.Errorf("status %s (%s), want pass: the portrait is the model's own", f.Status, f.Reason)
	}
}

// TestBoxOffsetOneSide draws a photo at its place whose bottom edge is lost (a shirt the
// paper's grey) and whose top edge shows, with a band's edge as strong 3 mm above its top and a
// faint shoulder line 3 mm above its bottom (a genuine scan of seed 24024: its portrait was
// placed 3 mm up on that pair, and rejected at 99). The pair there shows less edge on its two
// sides together than the place does: the box stays at its place. The same photo moved up
// 3 mm, its place left bare, is found where it was moved.
func TestBoxOffsetOneSide(t *testing.T) {
	win := image.Rect(0, 0, 400, 560)
	place := image.Rect(60, 100, 300, 440)
	const maxLag, near, up = 41, 8, 37 // 3.5, 0.7 and 3.1 mm at 300 dpi
	draw := func(dy int, genuine bool) detect.Grey {
		g := detect.Grey{W: win.Dx(), H: win.Dy(), Pix: make([]float64, win.Dx()*win.Dy())}
		rng := rand.New(rand.NewPCG(3, uint64(dy+100)))
		top, bottom := place.Min.Y+dy, place.Max.Y+dy
		for y := 0; y < g.H; y++ {
			for x := 0; x < g.W; x++ {
				v := 225.0 // paper
				in := x >= place.Min.X && x < place.Max.X
				switch {
				case genuine && y < place.Min.Y-up:
					v = 219 // a header's band, its lower edge 3 mm above the photo's top
				case genuine && in && y >= top && y < bottom-up:
					// The photo's backdrop, lighter towards the shoulders: a faint shoulder
					// line where the shirt begins. The shirt, from there to the bottom, is
					// the paper's grey: no bottom edge.
					v = 231 - 3.5*float64(y-top)/float64(bottom-up-top)
				case !genuine && in && y >= top && y < bottom:
					v = 233 // a forger's photo, both edges showing
				}
				g.Pix[y*g.W+x] = v + rng.NormFloat64()*0.5
			}
		}
		return g
	}
	if b := boxOffset([]detect.Grey{draw(0, true)}, win, place, maxLag, near); b.dy != 0 {
		t.Errorf("photo at its place, bottom edge lost, a band above: found %+d px off vertically, want 0 (far %.2f, near %.2f, side %.2f)", b.dy, b.far[1], b.near[1], b.side[1])
	}
	if b := boxOffset([]detect.Grey{draw(-up, false)}, win, place, maxLag, near); abs(b.dy+up) > 1 {
		t.Errorf("photo moved %d px up: found %+d px off vertically (far %.2f, near %.2f, side %.2f)", -up, b.dy, b.far[1], b.near[1], b.side[1])
	}
}
