package detect

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestGridNear checks the locator's neighbour search against its definition: every glyph whose
// cell the square around a point touches, cells column by column, each cell's glyphs in the
// order given; for points inside, outside and across the image's edges.
func TestGridNear(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	var gs []glyph
	for range 500 {
		gs = append(gs, glyph{x: rng.Float64() * 1600, y: rng.Float64() * 1200, h: 20})
	}
	const cell = 40
	g := newGrid(gs, cell)
	for range 2000 {
		x, y := rng.Float64()*1800-100, rng.Float64()*1400-100
		r := rng.Float64() * 200
		var got []int
		g.near(x, y, r, func(i int) { got = append(got, i) })
		var want []int
		x0, x1 := int((x-r)/cell), int((x+r)/cell)
		y0, y1 := int((y-r)/cell), int((y+r)/cell)
		for cx := x0; cx <= x1; cx++ {
			for cy := y0; cy <= y1; cy++ {
				for i, q := range gs {
					if int(q.x/cell) == cx && int(q.y/cell) == cy {
						want = append(want, i)
					}
				}
			}
		}
		if !slices.Equal(got, want) {
			t.Fatalf("near (%.1f, %.1f) within %.1f: %v, want %v", x, y, r, got, want)
		}
		// Every glyph within r of the point (in both coordinates) is among them.
		for i, q := range gs {
			if math.Abs(q.x-x) <= r && math.Abs(q.y-y) <= r && !slices.Contains(got, i) {
				t.Fatalf("near (%.1f, %.1f) within %.1f: glyph %d at (%.1f, %.1f) missed", x, y, r, i, q.x, q.y)
			}
		}
	}
}
