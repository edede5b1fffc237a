// Package portraitintegrity defines the portrait_integrity check: the portrait's edges and its
// position against the specimen.
package portraitintegrity

import (
	"image"
	"math"
	"sort"

	"github.com/docverify/docverify/detect"
)

// Check is the portrait_integrity check.
var Check = &detect.Check{
	Name: "portrait_integrity",
	Doc: `The portrait's edges and its position against the specimen.

A printed portrait ends in straight, sharp edges exactly where the model puts them. A
substituted photo shows itself at its edges: softened or feathered into the page, or laid a
little off. For each side, the mean gradient across the expected edge is profiled over ±3 mm,
in the straightened page and in the reference blurred as the capture blurred the page; the lag that best aligns the two profiles is
how far the edge is off, and the edge peak's height against the reference's is its sharpness.`,
	Measures: []*detect.Measure{shift, sharpness},
	Run:      run,
}

var (
	shift     = &detect.Measure{Key: "portrait_integrity.shift_mm", Doc: "largest offset of a portrait edge from the specimen's, mm", Threshold: 0.7, Scale: 0.25, HigherIsWorse: true, Reason: "portrait_edges"}
	sharpness = &detect.Measure{Key: "portrait_integrity.sharpness", Doc: "lowest sharpness of a portrait edge relative to the capture-matched reference's", Threshold: 0.6, Scale: 0.1, Reason: "portrait_edges"}
)

const searchMM = 3.0

func run(p *detect.Pass) (detect.Finding, error) {
	s := p.Scan
	spec := s.Spec()
	if f, no := s.Unregistered(); no {
		return f, nil
	}
	r, ok := s.RegionRect("portrait")
	if !ok {
		return detect.Skipped("no_region", nil), nil
	}
	pxmm := spec.DPI / 25.4
	reach := int(searchMM * pxmm)
	win := r.Inset(-reach).Intersect(image.Rect(0, 0, s.Page.Cols(), s.Page.Rows()))
	pc, rc := detect.Crop(s.Page, win), detect.Crop(s.RefBlurred, win)
	pg, rg := detect.GreyOf(pc), detect.GreyOf(rc)
	pc.Close()
	rc.Close()
	var sharps []float64
	ev := map[string]any{}
	sides := 0
	lags := map[string]float64{}
	for _, sd := range []struct {
		name     string
		vertical bool
		pos      int
		from, to int
		out      int
	}{
		{"left", true, r.Min.X, r.Min.Y + r.Dy()/6, r.Max.Y - r.Dy()/6, -1},
		{"right", true, r.Max.X - 1, r.Min.Y + r.Dy()/6, r.Max.Y - r.Dy()/6, 1},
		{"top", false, r.Min.Y, r.Min.X + r.Dx()/6, r.Max.X - r.Dx()/6, -1},
		{"bottom", false, r.Max.Y - 1, r.Min.X + r.Dx()/6, r.Max.X - r.Dx()/6, 1},
	} {
		pi := profile(pg, win, sd.vertical, sd.pos, sd.from, sd.to, sd.out, reach)
		ri := profile(rg, win, sd.vertical, sd.pos, sd.from, sd.to, sd.out, reach)
		if pi == nil || ri == nil {
			continue
		}
		pgr, rgr := gradient(pi), gradient(ri)
		lag := bestLag(pgr, rgr, reach/2)
		// The reference's edge is its gradient's peak; the page's is there plus the lag.
		re := argmax(rgr)
		pe := min(max(re+lag, 0), len(pgr)-1)
		sh := float64(lag) / pxmm
		lags[sd.name] = sh
		side := map[string]float64{"shift_mm": math.Round(sh*100) / 100}
		// Sharpness is measured where both have a step: the backdrops of two photos differ, and
		// one may match the paper.
		if rs, ps := steepness(ri, re), steepness(pi, pe); rs > 0 && ps > 0 {
			sharp := ps / rs
			side["sharpness"] = math.Round(sharp*100) / 100
			sharps = append(sharps, sharp)
		}
		ev[sd.name] = side
		sides++
	}
	if sides < 3 {
		return detect.Skipped("no_region", nil), nil
	}
	// The portrait moves as a whole: its horizontal offset is what the left and right edges
	// agree on, its vertical one what the top and bottom do (one edge may lock on other print).
	// Offsets are outward: a portrait moved right has its left edge at −δ, its right one at +δ.
	dx := (lags["right"] - lags["left"]) / 2
	dy := (lags["bottom"] - lags["top"]) / 2
	grades := []detect.Finding{p.Grade(shift, math.Hypot(dx, dy))}
	if len(sharps) >= 2 {
		// The second softest side: one side may run along other print.
		sort.Float64s(sharps)
		grades = append(grades, p.Grade(sharpness, sharps[1]))
	}
	f := detect.Worst(map[string]any{"sides": ev, "shift_x_mm": math.Round(dx*100) / 100, "shift_y_mm": math.Round(dy*100) / 100}, grades...)
	f.Region = s.QuadOf(r)
	return f, nil
}

// profile is the mean intensity across an edge at offsets −reach+2…reach−2 (outward positive)
// along the part of the edge from–to.
func profile(g detect.Grey, win image.Rectangle, vertical bool, pos, from, to, out, reach int) []float64 {
	var prof []float64
	for d := -reach + 2; d <= reach-2; d++ {
		var sum float64
		n := 0
		for t := from; t < to; t++ {
			x, y := t-win.Min.X, pos+d*out-win.Min.Y
			if vertical {
				x, y = pos+d*out-win.Min.X, t-win.Min.Y
			}
			if x < 0 || y < 0 || x >= g.W || y >= g.H {
				continue
			}
			sum += g.Pix[y*g.W+x]
			n++
		}
		if n == 0 {
			return nil
		}
		prof = append(prof, sum/float64(n))
	}
	return prof
}

// gradient is the absolute central difference of a profile.
func gradient(v []float64) []float64 {
	g := make([]float64, len(v))
	for i := 1; i+1 < len(v); i++ {
		g[i] = math.Abs(v[i+1]-v[i-1]) / 2
	}
	return g
}

// steepness is how sharp the step of a profile at i is: the steepest slope near i over the
// height of the step (the difference of the levels 3–8 pixels either side). Blur or feathering
// spreads the step and lowers it, whatever the contrast.
func steepness(v []float64, i int) float64 {
	g := gradient(v)
	peak := 0.0
	for k := max(1, i-2); k <= min(len(v)-2, i+2); k++ {
		peak = math.Max(peak, g[k])
	}
	level := func(a, b int) float64 {
		var s float64
		n := 0
		for k := max(0, a); k <= min(len(v)-1, b); k++ {
			s += v[k]
			n++
		}
		if n == 0 {
			return 0
		}
		return s / float64(n)
	}
	step := math.Abs(level(i+3, i+8) - level(i-8, i-3))
	if step < 4 {
		return 0 // no step to speak of
	}
	return peak / step
}

// bestLag is the shift of a against b (within ±maxLag) that correlates them best.
func bestLag(a, b []float64, maxLag int) int {
	best, bestLag := math.Inf(-1), 0
	for lag := -maxLag; lag <= maxLag; lag++ {
		var s float64
		for i := range b {
			if j := i + lag; j >= 0 && j < len(a) {
				s += a[j] * b[i]
			}
		}
		if s > best {
			best, bestLag = s, lag
		}
	}
	return bestLag
}

func argmax(v []float64) int {
	k := 0
	for i := range v {
		if v[i] > v[k] {
			k = i
		}
	}
	return k
}
