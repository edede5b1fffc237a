// Package portraitintegrity defines the portrait_integrity check: the portrait's edges and its
// position against the specimen.
package portraitintegrity

import (
	"image"
	"math"
	"sort"

	"github.com/docverify/docverify/detect"
	"gocv.io/x/gocv"
)

// Check is the portrait_integrity check.
var Check = &detect.Check{
	Name: "portrait_integrity",
	Doc: `The portrait's edges and its position against the specimen.

A printed portrait ends in straight, sharp edges exactly where the model puts them. A
substituted photo shows itself at its edges: softened or feathered into the page, or laid a
little off. Where it lies is the box of its size, within 3.5 mm of its place, whose opposite
sides both lie on straight edges, in grey or in one colour channel (a photo's backdrop can differ
from the paper in hue more than in brightness): each side's mean gradient across it keeps one sense and
stays high along each third of its length, above the gradients a few pixels to its quieter side
(text, patterns and the outline of a face do not); it is placed off its place only where such a box is
clearly stronger than any near its place.
For each side, the mean gradient across the expected edge is also profiled over ±3 mm, in the
straightened page and in the reference blurred as the capture blurred the page; the lag that
best aligns the two profiles, within 0.7 mm of where the box lies (the portrait moves as a
whole), places the edge, and its peak's height against the reference's is its sharpness.`,
	Measures: []*detect.Measure{shift, sharpness},
	Run:      run,
}

var (
	// Issuers' personalisation printers place a portrait within a few tenths of a millimetre,
	// and the page's registration adds its own: the generator's genuine scans sat at 3 pixels
	// (0.31 mm) and calibration set the threshold there, where a genuine scan of an unseen set
	// measured 0.36 mm. The threshold is bounded at half a millimetre (forgers' portraits were
	// seen 1–3 mm off).
	shift     = &detect.Measure{Key: "portrait_integrity.shift_mm", Doc: "distance of the portrait from the specimen's place, mm", Threshold: 0.7, Scale: 0.25, HigherIsWorse: true, Reason: "portrait_edges", Bound: 0.5}
	sharpness = &detect.Measure{Key: "portrait_integrity.sharpness", Doc: "lowest sharpness of a portrait edge relative to the capture-matched reference's", Threshold: 0.6, Scale: 0.1, Reason: "portrait_edges"}
)

// searchMM is how far either side of an expected edge the sharpness profiles reach; maxLagMM,
// how far off its place the portrait is looked for (forgers' portraits were seen 1–3 mm off).
const (
	searchMM = 3.0
	maxLagMM = 3.5
	nearMM   = 0.7
	farther  = 1.5
	// sideShare is how much of the strongest single side near the place counts as a box there:
	// a box elsewhere must be stronger than farther times that. A portrait whose backdrop is
	// the paper's colour (ICAO asks for a plain light one) shows one strong side at its place
	// and nothing of the other; at a fiftieth, genuine phone photos of that kind were placed
	// 1–3 mm off on pairs of faint lines elsewhere (their far boxes 5–11% of that side), where
	// portraits a forger moved made boxes of 27% and more of it.
	sideShare = 0.15
)

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// boxOffset is where a box of r's size lies in planes (of the crop win of the page: grey and
// each colour channel), as an offset in
// pixels within ±maxLag from r: the offset at which the box's left and right sides together,
// and its top and bottom together, lie on the strongest straight edges. A side is as strong as
// the weaker of its two sides, and a side as the weakest third of it: the mean signed gradient
// across each third of its length must keep one sense and be high all along. A photo's edge
// does that; text, patterns and the features of a face (which span part of a side) do not.
func boxOffset(planes []detect.Grey, win, r image.Rectangle, maxLag, near int) box {
	// grad is the gradient of plane g across a side's line at q (page pixels), at t along it;
	// false off the crop.
	grad := func(g detect.Grey, vertical bool, q, t int) (float64, bool) {
		x, y, dx, dy := q-win.Min.X, t-win.Min.Y, 1, 0
		if !vertical {
			x, y, dx, dy = t-win.Min.X, q-win.Min.Y, 0, 1
		}
		if x-dx < 0 || y-dy < 0 || x+dx >= g.W || y+dy >= g.H {
			return 0, false
		}
		return g.Pix[(y+dy)*g.W+x+dx] - g.Pix[(y-dy)*g.W+x-dx], true
	}
	// clutter is the mean absolute gradient across lines a few pixels to the quieter side of
	// q: a photo's edge has flat paper or its flat backdrop on at least one side, even where
	// it is laid against a column of text; the edge of a column of text or a face's outline
	// has strokes or features on both.
	clutter := func(g detect.Grey, vertical bool, q, from, to int) float64 {
		side := func(offsets []int) float64 {
			var sum float64
			n := 0
			for _, o := range offsets {
				for t := from; t < to; t += 2 {
					if v, ok := grad(g, vertical, q+o, t); ok {
						sum += math.Abs(v)
						n++
					}
				}
			}
			if n == 0 {
				return 0
			}
			return sum / float64(n)
		}
		return math.Min(side([]int{-6, -5, -4}), side([]int{4, 5, 6}))
	}
	// strength is how clearly plane g has a straight edge along the line at q: the weakest
	// third's mean gradient across it, less the clutter beside it; 0 where the thirds do not
	// keep one sense. Each line is measured once (the searches come back to the same lines).
	type line struct {
		plane    int
		vertical bool
		q        int
	}
	memo := map[line]float64{}
	strength := func(pi int, vertical bool, q, from, to int) float64 {
		k := line{pi, vertical, q}
		if v, ok := memo[k]; ok {
			return v
		}
		g := planes[pi]
		st, sense := math.Inf(1), 0.0
		for part := 0; part < 3; part++ {
			var sum float64
			n := 0
			for t := from + part*(to-from)/3; t < from+(part+1)*(to-from)/3; t++ {
				if v, ok := grad(g, vertical, q, t); ok {
					sum += v
					n++
				}
			}
			if n == 0 {
				st = 0
				break
			}
			m := sum / float64(n)
			if part > 0 && m*sense <= 0 {
				st = 0
				break
			}
			sense = m
			st = math.Min(st, math.Abs(m))
		}
		if st > 0 {
			st -= clutter(g, vertical, q, from, to)
		}
		memo[k] = st
		return st
	}
	edgeIn := func(pi int, vertical bool, pos, from, to int) float64 {
		best := 0.0
		for q := pos - 1; q <= pos+1; q++ { // an edge falls between pixels
			best = math.Max(best, strength(pi, vertical, q, from, to))
		}
		return best
	}
	// A pair of opposite sides is as strong as in the plane where it shows best: a photo's
	// backdrop can differ from the paper in hue more than in brightness (light blue on light
	// rose is one grey), and it differs so all round.
	pair := func(vertical bool, lo, hi, from, to int) float64 {
		best := 0.0
		for pi := range planes {
			best = math.Max(best, math.Min(edgeIn(pi, vertical, lo, from, to), edgeIn(pi, vertical, hi, from, to)))
		}
		return best
	}
	// The box is looked for near its place first (within near pixels: a genuine portrait is
	// printed within a few tenths of a millimetre of it, and registration adds as much); it is
	// placed farther only where a box is clearly stronger (by farther), not where the photo's
	// edges are faint and something else is as strong. One side standing out at its place
	// (side: the strongest single side near it) counts as a faint box there: a photo whose
	// backdrop is the paper's colour shows only its other side, and pairs of faint lines
	// elsewhere (a pattern's, a reflection's) must not outrank it.
	// sides is how strong each of the two sides is, in the plane where it shows best, at
	// offsets d: the strongest over them.
	sides := func(vertical bool, lo, hi, from, to int, ds ...int) (sLo, sHi float64) {
		for _, d := range ds {
			for pi := range planes {
				sLo = math.Max(sLo, edgeIn(pi, vertical, lo+d, from, to))
				sHi = math.Max(sHi, edgeIn(pi, vertical, hi+d, from, to))
			}
		}
		return sLo, sHi
	}
	search := func(vertical bool, lo, hi, from, to int) (int, float64, float64, float64) {
		bestNear, argNear, best, arg := math.Inf(-1), 0, math.Inf(-1), 0
		var around []int
		for d := -near; d <= near; d++ {
			around = append(around, d)
		}
		nLo, nHi := sides(vertical, lo, hi, from, to, around...)
		side := math.Max(nLo, nHi)
		for d := -maxLag; d <= maxLag; d++ {
			e := pair(vertical, lo+d, hi+d, from, to)
			if e > best {
				best, arg = e, d
			}
			if abs(d) <= near && (e > bestNear || e == bestNear && abs(d) < abs(argNear)) {
				bestNear, argNear = e, d
			}
		}
		// Placed farther, the box must also show more edge on its two sides together than
		// its place does: a genuine portrait whose one side is lost in a backdrop or a shirt
		// the paper's colour keeps its other side at its place, and a pair of lines
		// elsewhere (a header's band above, a shoulder below) drew it 3 mm off on a scan and
		// a phone photo of seed 24024 (sides there 0.45 and 1.35 times as strong as at the
		// place); portraits a forger moved left their place bare (2.7 times and more).
		if fLo, fHi := sides(vertical, lo, hi, from, to, arg); best > 0 && best > farther*math.Max(bestNear, sideShare*side) && fLo+fHi > farther*(nLo+nHi) {
			return arg, best, bestNear, side
		}
		return argNear, best, bestNear, side
	}
	var b box
	b.dx, b.far[0], b.near[0], b.side[0] = search(true, r.Min.X, r.Max.X-1, r.Min.Y+r.Dy()/10, r.Max.Y-r.Dy()/10)
	b.dy, b.far[1], b.near[1], b.side[1] = search(false, r.Min.Y, r.Max.Y-1, r.Min.X+r.Dx()/10, r.Max.X-r.Dx()/10)
	return b
}

// box is where boxOffset found the portrait: its offset in pixels, and for the left and right
// sides together and the top and bottom together, the strength of the strongest pair found and
// of the strongest near the place.
type box struct {
	dx, dy          int
	far, near, side [2]float64
}

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
	win := r.Inset(-int((maxLagMM + 1) * pxmm)).Intersect(image.Rect(0, 0, s.Page.Cols(), s.Page.Rows()))
	pc, rc := detect.Crop(s.Page, win), detect.Crop(s.RefBlurred, win)
	pg, rg := detect.GreyOf(pc), detect.GreyOf(rc)
	pc.Close()
	rc.Close()
	// Where the portrait lies: the box of its size whose opposite sides both lie on straight
	// edges. The portrait moves as a whole, and other print does not give a box's two sides
	// at once (text and patterns are not straight edges of one sense along a whole side).
	// It is looked for around its place as the static print around it says: a phone photo's
	// registration can be a millimetre off there.
	lx, ly, anchors := s.LocalOffset(r)
	planes := []detect.Grey{pg}
	pc = detect.Crop(s.Page, win)
	for _, ch := range gocv.Split(pc) {
		planes = append(planes, detect.GreyOf(ch))
		ch.Close()
	}
	pc.Close()
	near := int(nearMM * pxmm)
	b := boxOffset(planes, win, r.Add(image.Pt(lx, ly)), int(maxLagMM*pxmm), near)
	var sharps []float64
	ev := map[string]any{}
	sides := 0
	for _, sd := range []struct {
		name     string
		vertical bool
		pos      int
		from, to int
		out      int
		moved    int // the box's offset along the side's outward normal
	}{
		{"left", true, r.Min.X, r.Min.Y + r.Dy()/6, r.Max.Y - r.Dy()/6, -1, -b.dx},
		{"right", true, r.Max.X - 1, r.Min.Y + r.Dy()/6, r.Max.Y - r.Dy()/6, 1, b.dx},
		{"top", false, r.Min.Y, r.Min.X + r.Dx()/6, r.Max.X - r.Dx()/6, -1, -b.dy},
		{"bottom", false, r.Max.Y - 1, r.Min.X + r.Dx()/6, r.Max.X - r.Dx()/6, 1, b.dy},
	} {
		pi := profile(pg, win, sd.vertical, sd.pos, sd.from, sd.to, sd.out, reach)
		ri := profile(rg, win, sd.vertical, sd.pos, sd.from, sd.to, sd.out, reach)
		if pi == nil || ri == nil {
			continue
		}
		pgr, rgr := gradient(pi), gradient(ri)
		// The portrait moves as a whole: each side's edge is looked for within nearMM of where
		// the box puts it, not wherever its profile correlates best (a holder's hair or a line
		// beside a faint edge drew it 1.1–1.35 mm off on genuine scans, where the step is flatter).
		lag := bestLag(pgr, rgr, sd.moved-near, sd.moved+near)
		// The reference's edge is its gradient's peak; the page's is there plus the lag.
		re := argmax(rgr)
		pe := min(max(re+lag, 0), len(pgr)-1)
		sh := float64(lag) / pxmm
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
	dx, dy := float64(b.dx)/pxmm, float64(b.dy)/pxmm
	boxEv := map[string]any{"side": []float64{round2(b.side[0]), round2(b.side[1])}, "far": []float64{round2(b.far[0]), round2(b.far[1])}, "near": []float64{round2(b.near[0]), round2(b.near[1])}}
	grades := []detect.Finding{p.Grade(shift, math.Hypot(dx, dy))}
	if len(sharps) >= 2 {
		// The second softest side: one side may run along other print.
		sort.Float64s(sharps)
		grades = append(grades, p.Grade(sharpness, sharps[1]))
	}
	f := detect.Worst(map[string]any{"sides": ev, "box_edges": boxEv, "shift_x_mm": math.Round(dx*100) / 100, "shift_y_mm": math.Round(dy*100) / 100,
		"local_offset_mm": []float64{math.Round(float64(lx)/pxmm*100) / 100, math.Round(float64(ly)/pxmm*100) / 100}, "anchors": anchors}, grades...)
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

// bestLag is the shift of a against b (from lo to hi) that correlates them best.
func bestLag(a, b []float64, lo, hi int) int {
	best, bestLag := math.Inf(-1), lo
	for lag := lo; lag <= hi; lag++ {
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

func round2(v float64) float64 { return math.Round(v*100) / 100 }
