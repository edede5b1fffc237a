package detect

import (
	"image"
	"image/color"
	"math"
	"testing"
)

// TestInkOf checks that the ink map keeps strokes of the ink's colour and drops strokes of
// other colours as bright, the way security fibres cross a UV pattern.
func TestInkOf(t *testing.T) {
	bg := [3]uint8{34, 17, 17} // B, G, R: the dark blue of paper under UV
	ink := color.RGBA{R: 255, G: 122, B: 217, A: 255}
	strokes := []struct {
		name    string
		bgr     [3]uint8
		atLeast float64 // the map's value at the stroke is at least this…
		atMost  float64 // …and at most this
	}{
		{"the ink", [3]uint8{217, 122, 255}, 300, 400},
		{"the ink, dimmer", [3]uint8{120, 70, 140}, 130, 200},
		{"a yellow fibre", [3]uint8{40, 230, 240}, 0, 0},
		{"a green fibre", [3]uint8{90, 220, 60}, 0, 0},
		{"a blue fibre", [3]uint8{250, 120, 70}, 0, 0},
		{"a red fibre", [3]uint8{60, 50, 250}, 0, 70},
		{"background", bg, 0, 0},
	}
	// Most of the image is background, so that the median finds it.
	c := BGR{W: 20, H: 1, Pix: make([]uint8, 60)}
	for i := range 20 {
		copy(c.Pix[3*i:], bg[:])
	}
	for i, s := range strokes {
		copy(c.Pix[3*i:], s.bgr[:])
	}
	m := c.InkOf(ink)
	if len(m.Pix) != 20 {
		t.Fatalf("map of %d pixels, want 20", len(m.Pix))
	}
	for i, s := range strokes {
		if v := m.Pix[i]; v < s.atLeast || v > s.atMost {
			t.Errorf("%s: %.1f, want %.0f to %.0f", s.name, v, s.atLeast, s.atMost)
		}
	}
	if got := (BGR{W: 1, H: 1, Pix: []uint8{217, 122, 255}}).InkOf(ink); len(got.Pix) != 0 {
		t.Errorf("an image all of the ink's colour gave a map: %v", got.Pix)
	}
}

// TestNCCNear checks that a pattern a few pixels off still correlates fully within reach, not
// beyond it, and that different patterns do not.
func TestNCCNear(t *testing.T) {
	const w, h = 80, 60
	rings := func(cx, cy float64) Grey {
		g := Grey{W: w, H: h, Pix: make([]float64, w*h)}
		for y := range h {
			for x := range w {
				g.Pix[y*w+x] = 128 + 100*math.Sin(math.Hypot(float64(x)-cx, float64(y)-cy)/1.2)
			}
		}
		return g
	}
	ref := rings(40, 30)
	off := rings(43, 28) // 3 px right, 2 up
	other := rings(10, 50)
	for _, tc := range []struct {
		name     string
		a        Grey
		reach    int
		min, max float64
	}{
		{"the same", ref, 4, 0.999, 1.001},
		{"off by (3, −2), reach 4", off, 4, 0.999, 1.001},
		{"off by (3, −2), reach 1", off, 1, -1, 0.6},
		{"another pattern", other, 4, -1, 0.5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := NCCNear(tc.a, ref, tc.reach); got < tc.min || got > tc.max {
				t.Errorf("NCCNear = %.3f, want %.3f to %.3f", got, tc.min, tc.max)
			}
		})
	}
	if got := NCCNear(ref, Grey{W: w, H: h, Pix: make([]float64, w*h)}, 4); got != 0 {
		t.Errorf("NCCNear with a flat reference = %v, want 0", got)
	}
}

// TestLocate checks that a piece cut from an image is found where it was cut, and that a flat
// template is found nowhere.
func TestLocate(t *testing.T) {
	const w, h = 90, 70
	g := Grey{W: w, H: h, Pix: make([]float64, w*h)}
	for y := range h {
		for x := range w {
			g.Pix[y*w+x] = 128 + 60*math.Sin(float64(x*x)/37+float64(y)/5) + 50*math.Cos(float64(x*y)/53)
		}
	}
	piece := g.Sub(image.Rect(31, 12, 61, 40))
	if piece.W != 30 || piece.H != 28 {
		t.Fatalf("Sub gave %dx%d, want 30x28", piece.W, piece.H)
	}
	if x, y, c := Locate(g, piece); x != 31 || y != 12 || c < 0.999 {
		t.Errorf("Locate = (%d, %d) at %.3f, want (31, 12) at 1", x, y, c)
	}
	flat := Grey{W: 10, H: 10, Pix: make([]float64, 100)}
	if _, _, c := Locate(g, flat); c != 0 {
		t.Errorf("a flat template found at %.3f, want 0", c)
	}
	if _, _, c := Locate(piece, g); c != 0 {
		t.Errorf("a template larger than the image found at %.3f, want 0", c)
	}
}
