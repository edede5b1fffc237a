package detect

import (
	"math"
	"slices"
	"sort"

	"gocv.io/x/gocv"
)

// The MRZ locator finds the two or three lines of the machine readable zone anywhere in a scan
// or photo, at any angle and scale, from what an MRZ is: rows of 30 to 44 characters of equal
// height at an exact pitch, two or three such rows parallel, equally long and evenly spaced.
// Dark blobs of character size are linked into straight, evenly stepped chains; chains are
// grouped into MRZs. Which way round the text reads is left to the OCR (the reader tries both).

// mrzCandidate is a group of parallel text lines that may be an MRZ, in input image pixels.
type mrzCandidate struct {
	lines []Quad  // each line, corners clockwise from its top-left (in the reading frame)
	chars []int   // characters found on each line
	pitch float64 // character pitch in input pixels
	score float64 // higher is more MRZ-like
}

// glyph is a dark blob that may be a character.
type glyph struct {
	x, y float64 // centre of the bounding box
	w, h float64
	used bool
}

// chain is a straight run of glyphs at a regular step.
type chain struct {
	g      []int   // glyph indices in order
	ux, uy float64 // unit direction
	step   float64 // median distance between neighbours
	height float64 // median glyph height
}

const locateMaxSide = 1600.0

// locateMRZ returns MRZ candidates in img (BGR or grey), best first.
func locateMRZ(img gocv.Mat) []mrzCandidate { return locateWith(img, printBinarisation) }

// locateFaintMRZ is locateMRZ for faint print: the binarisation takes pixels a little darker
// than their closer neighbourhood for print (a blurred phone photo's characters, 8–12 px high
// where the frame is scaled down, stand out from the paper by less than the usual margin).
func locateFaintMRZ(img gocv.Mat) []mrzCandidate { return locateWith(img, faintBinarisation) }

// binarisation is the adaptive threshold findGlyphs marks print with: the neighbourhood's size
// (pixels, odd) and how much darker than its mean a pixel must be.
type binarisation struct {
	block int
	c     float32
}

var (
	printBinarisation = binarisation{31, 12}
	faintBinarisation = binarisation{21, 8}
)

func locateWith(img gocv.Mat, b binarisation) []mrzCandidate {
	gray, s := locateGray(img)
	defer gray.Close()
	glyphs := findGlyphs(gray, b)
	chains := mergeChains(glyphs, findChains(glyphs))
	cands := groupChains(glyphs, chains)
	unscale(cands, s)
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].score > cands[j].score })
	return cands
}

// locateGray returns img in grey, scaled down by s so that its longer side is at most
// locateMaxSide; the caller closes it.
func locateGray(img gocv.Mat) (gocv.Mat, float64) {
	gray := gocv.NewMat()
	if img.Channels() > 1 {
		gocv.CvtColor(img, &gray, gocv.ColorBGRToGray)
	} else {
		img.CopyTo(&gray)
	}
	s := math.Min(1, locateMaxSide/math.Max(float64(gray.Cols()), float64(gray.Rows())))
	if s < 1 {
		scaleDown(gray, &gray, s)
	}
	return gray, s
}

// unscale brings candidates found in an image scaled by s back to the input's pixels.
func unscale(cands []mrzCandidate, s float64) {
	for i := range cands {
		for j := range cands[i].lines {
			for k := range cands[i].lines[j] {
				cands[i].lines[j][k][0] /= s
				cands[i].lines[j][k][1] /= s
			}
		}
		cands[i].pitch /= s
	}
}

// findGlyphs binarises dark print against its neighbourhood and keeps the blobs that could be
// characters.
func findGlyphs(gray gocv.Mat, b binarisation) []glyph {
	bin := gocv.NewMat()
	defer bin.Close()
	gocv.AdaptiveThreshold(gray, &bin, 255, gocv.AdaptiveThresholdMean, gocv.ThresholdBinaryInv, b.block, b.c)
	labels, stats, cents := gocv.NewMat(), gocv.NewMat(), gocv.NewMat()
	defer labels.Close()
	defer stats.Close()
	defer cents.Close()
	n := gocv.ConnectedComponentsWithStats(bin, &labels, &stats, &cents)
	statsF := gocv.NewMat()
	defer statsF.Close()
	stats.ConvertTo(&statsF, gocv.MatTypeCV32F)
	st, err := statsF.DataPtrFloat32()
	if err != nil {
		return nil
	}
	var out []glyph
	for i := 1; i < n; i++ { // 0 is the background
		l, t, w, h, a := st[i*5], st[i*5+1], st[i*5+2], st[i*5+3], st[i*5+4]
		if h < 6 || h > 90 || w < 2 || w > 2.2*h || a < 0.1*w*h {
			continue
		}
		out = append(out, glyph{x: float64(l + w/2), y: float64(t + h/2), w: float64(w), h: float64(h)})
	}
	return out
}

// grid indexes glyphs by cell for neighbour searches: cells of cell pixels, row by row from
// the image's top-left (glyphs lie at non-negative coordinates), each listing its glyphs in
// the order given.
type grid struct {
	cell   float64
	nx, ny int
	cells  [][]int // glyph indices, cell (cx, cy) at cy*nx + cx
}

func newGrid(gs []glyph, cell float64) *grid {
	g := &grid{cell: cell}
	for _, q := range gs {
		g.nx, g.ny = max(g.nx, int(q.x/cell)+1), max(g.ny, int(q.y/cell)+1)
	}
	g.cells = make([][]int, g.nx*g.ny)
	for i, q := range gs {
		k := int(q.y/cell)*g.nx + int(q.x/cell)
		g.cells[k] = append(g.cells[k], i)
	}
	return g
}

// near calls fn with each glyph in the cells that the square of half-side r around (x, y)
// touches, column of cells by column.
func (g *grid) near(x, y, r float64, fn func(int)) {
	x0, x1 := max(0, int((x-r)/g.cell)), min(g.nx-1, int((x+r)/g.cell))
	y0, y1 := max(0, int((y-r)/g.cell)), min(g.ny-1, int((y+r)/g.cell))
	for cx := x0; cx <= x1; cx++ {
		for cy := y0; cy <= y1; cy++ {
			for _, i := range g.cells[cy*g.nx+cx] {
				fn(i)
			}
		}
	}
}

// minChain is the fewest glyphs a chain needs to be an MRZ line (of 30 to 44 characters, some
// of which may merge or break).
const minChain = 18

// findChains links glyphs into straight runs at a regular step: characters of one line.
func findChains(gs []glyph) []chain {
	if len(gs) == 0 {
		return nil
	}
	g := newGrid(gs, 40)
	// Seeds: try the largest glyphs first (capitals and digits rather than fillers).
	order := make([]int, len(gs))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return gs[order[a]].h > gs[order[b]].h })
	var chains []chain
	for _, i := range order {
		if gs[i].used {
			continue
		}
		// The line's direction and step come from one of the seed's nearest neighbours: in a
		// line of text the next character is nearer than anything else of its size.
		var near []int
		g.near(gs[i].x, gs[i].y, 1.9*gs[i].h, func(j int) {
			if j == i || gs[j].used || !compatible(gs[i], gs[j]) {
				return
			}
			d := math.Hypot(gs[j].x-gs[i].x, gs[j].y-gs[i].y)
			if d >= 0.6*math.Max(gs[i].h, gs[j].h) {
				near = append(near, j)
			}
		})
		sort.Slice(near, func(a, b int) bool {
			return math.Hypot(gs[near[a]].x-gs[i].x, gs[near[a]].y-gs[i].y) < math.Hypot(gs[near[b]].x-gs[i].x, gs[near[b]].y-gs[i].y)
		})
		best := chain{}
		for _, j := range near[:min(3, len(near))] {
			if c := grow(gs, g, i, j); len(c.g) > len(best.g) {
				best = c
			}
		}
		if len(best.g) >= minChain {
			for _, k := range best.g {
				gs[k].used = true
			}
			chains = append(chains, best)
		}
	}
	return chains
}

// mergeChains joins chains that continue each other: one line broken where characters were
// lost.
func mergeChains(gs []glyph, cs []chain) []chain {
	for merged := true; merged; {
		merged = false
		for a := 0; a < len(cs) && !merged; a++ {
			for b := 0; b < len(cs) && !merged; b++ {
				if a == b || !continues(gs, cs[a], cs[b]) {
					continue
				}
				cs[a].g = append(cs[a].g, cs[b].g...)
				cs = append(cs[:b], cs[b+1:]...)
				merged = true
			}
		}
	}
	return cs
}

// continues reports whether chain b carries on where chain a ends, in a's direction.
func continues(gs []glyph, a, b chain) bool {
	ax, ay := a.ux, a.uy
	bx, by := b.ux, b.uy
	if ax*bx+ay*by < 0 { // b runs the other way: compare reversed
		bx, by = -bx, -by
	}
	if math.Abs(ax*by-ay*bx) > math.Sin(3*math.Pi/180) || math.Abs(a.step-b.step) > 0.15*a.step {
		return false
	}
	end := gs[a.g[len(a.g)-1]]
	first, last := gs[b.g[0]], gs[b.g[len(b.g)-1]]
	if (first.x-end.x)*ax+(first.y-end.y)*ay < 0 {
		first = last
	}
	along := (first.x-end.x)*ax + (first.y-end.y)*ay
	across := math.Abs((first.x-end.x)*-ay + (first.y-end.y)*ax)
	return along > 0.5*a.step && along < 6*a.step && across < 0.4*a.height
}

// compatible reports whether two glyphs may be neighbours on a line: sizes of one font (a
// filler < is about half a capital's height).
func compatible(a, b glyph) bool {
	r := a.h / b.h
	return r > 0.4 && r < 2.5
}

// grow follows a line from glyph i through j in both directions, one step at a time.
func grow(gs []glyph, g *grid, i, j int) chain {
	dx, dy := gs[j].x-gs[i].x, gs[j].y-gs[i].y
	step := math.Hypot(dx, dy)
	ux, uy := dx/step, dy/step
	// A glyph halfway between the two means they are not neighbours: the step would skip every
	// other character.
	halfway := false
	g.near(gs[i].x+dx/2, gs[i].y+dy/2, 0.3*step, func(k int) {
		if k != i && k != j && compatible(gs[i], gs[k]) && math.Hypot(gs[k].x-gs[i].x-dx/2, gs[k].y-gs[i].y-dy/2) < 0.3*step {
			halfway = true
		}
	})
	if halfway {
		return chain{g: []int{i}}
	}
	fwd := []int{i, j}
	seen := map[int]bool{i: true, j: true}
	extend := func(path []int, sx, sy float64) []int {
		for {
			last := gs[path[len(path)-1]]
			// The next glyph is about a step further along the line. Glyph boxes sit unevenly
			// in their cells (a 1 or a < is narrow), so the tolerance is wider along the line
			// than across it.
			bestK, bestErr := -1, math.Inf(1)
			for gap := 1; bestK < 0 && gap <= 4; gap++ { // up to three glyphs may be lost
				px, py := last.x+sx*step*float64(gap), last.y+sy*step*float64(gap)
				g.near(px, py, 0.6*step, func(k int) {
					if seen[k] || gs[k].used || !compatible(last, gs[k]) {
						return
					}
					ex, ey := gs[k].x-px, gs[k].y-py
					along, across := math.Abs(ex*sx+ey*sy), math.Abs(-ex*sy+ey*sx)
					if along > 0.45*step || across > 0.3*math.Max(last.h, gs[k].h) {
						return
					}
					if e := along + 2*across; e < bestErr {
						bestK, bestErr = k, e
					}
				})
			}
			if bestK < 0 {
				return path
			}
			seen[bestK] = true
			path = append(path, bestK)
			// Follow the line's drift: re-estimate the direction from the path.
			if n := len(path); n >= 4 {
				a, b := gs[path[n-4]], gs[path[n-1]]
				ddx, ddy := b.x-a.x, b.y-a.y
				l := math.Hypot(ddx, ddy)
				sx, sy = ddx/l, ddy/l
			}
		}
	}
	fwd = extend(fwd, ux, uy)
	back := extend([]int{i}, -ux, -uy)
	// back runs from i outwards: reverse it and join.
	path := make([]int, 0, len(back)+len(fwd))
	for k := len(back) - 1; k >= 1; k-- {
		path = append(path, back[k])
	}
	path = append(path, fwd...)
	c := chain{g: path}
	if len(path) < 2 {
		return c
	}
	// A chain that steps over glyphs (every other character of a line) is no line.
	skipped := 0
	for k := 1; k < len(path); k++ {
		a, b := gs[path[k-1]], gs[path[k]]
		mx, my := (a.x+b.x)/2, (a.y+b.y)/2
		d := math.Hypot(b.x-a.x, b.y-a.y)
		g.near(mx, my, 0.25*d, func(q int) {
			if q != path[k-1] && q != path[k] && math.Hypot(gs[q].x-mx, gs[q].y-my) < 0.25*d && compatible(a, gs[q]) {
				skipped++
			}
		})
	}
	if skipped*5 > len(path) {
		return chain{g: []int{i}}
	}
	a, b := gs[path[0]], gs[path[len(path)-1]]
	l := math.Hypot(b.x-a.x, b.y-a.y)
	c.ux, c.uy = (b.x-a.x)/l, (b.y-a.y)/l
	var steps, hs []float64
	for k := 1; k < len(path); k++ {
		steps = append(steps, math.Hypot(gs[path[k]].x-gs[path[k-1]].x, gs[path[k]].y-gs[path[k-1]].y))
	}
	for _, k := range path {
		// The glyph's extent across the line, from its upright bounding box: its height for
		// level text, its width for text turned a quarter.
		hs = append(hs, math.Abs(c.ux)*gs[k].h+math.Abs(c.uy)*gs[k].w)
	}
	c.step, c.height = median(steps), percentile(hs, 0.8)
	return c
}

func median(v []float64) float64 { return percentile(v, 0.5) }

func percentile(v []float64, p float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	return s[int(p*float64(len(s)-1))]
}

// groupChains finds MRZs among the chains: two or three parallel chains of equal step, equally
// long, side by side at one to three character heights apart.
func groupChains(gs []glyph, chains []chain) []mrzCandidate {
	// Orient every chain to read left to right (or top to bottom when upright) and order them
	// across their direction.
	type line struct {
		c      chain
		x0, y0 float64 // start (centre of the first glyph)
		length float64
		nx, ny float64 // normal, pointing "down" the page
		offset float64 // position along the normal
	}
	var ls []line
	for _, c := range chains {
		if c.ux < 0 || (c.ux == 0 && c.uy < 0) {
			for a, b := 0, len(c.g)-1; a < b; a, b = a+1, b-1 {
				c.g[a], c.g[b] = c.g[b], c.g[a]
			}
			c.ux, c.uy = -c.ux, -c.uy
		}
		f, l := gs[c.g[0]], gs[c.g[len(c.g)-1]]
		ln := line{c: c, x0: f.x, y0: f.y, length: math.Hypot(l.x-f.x, l.y-f.y), nx: -c.uy, ny: c.ux}
		ln.offset = ln.x0*ln.nx + ln.y0*ln.ny
		ls = append(ls, ln)
	}
	var out []mrzCandidate
	used := map[int]bool{}
	sort.Slice(ls, func(a, b int) bool { return ls[a].offset < ls[b].offset })
	for a := range ls {
		if used[a] {
			continue
		}
		group := []int{a}
		for b := a + 1; b < len(ls) && len(group) < 3; b++ {
			p, q := ls[group[len(group)-1]], ls[b]
			across := (q.x0-p.x0)*p.nx + (q.y0-p.y0)*p.ny
			along := (q.x0-p.x0)*p.c.ux + (q.y0-p.y0)*p.c.uy
			h := math.Max(p.c.height, q.c.height)
			if across < 1.2*h {
				continue
			}
			// Lines of fillers make the median glyph short: bound the spacing by the pitch too
			// (ICAO: lines 3.5–4.5 mm apart at a 2.54 mm pitch; printers and lenses vary).
			if across > math.Max(3.5*h, 3*p.c.step) {
				break
			}
			parallel := math.Abs(p.c.ux*q.c.uy-p.c.uy*q.c.ux) < math.Sin(4*math.Pi/180)
			sameStep := math.Abs(q.c.step-p.c.step) < 0.12*p.c.step
			// MRZ lines are equally long and start together, but blur or a glare may break a
			// line's chain: a shorter chain counts when it lies along the other one.
			long, short := p, q
			if short.length > long.length {
				long, short = short, long
			}
			sameLength := math.Abs(q.length-p.length) < 0.12*p.length+2*p.c.step
			s0 := (short.x0-long.x0)*long.c.ux + (short.y0-long.y0)*long.c.uy
			within := s0 > -2.5*long.c.step && s0+short.length < long.length+2.5*long.c.step
			fragment := short.length > 0.4*long.length && within
			if parallel && sameStep && ((sameLength && math.Abs(along) < 2.5*p.c.step) || fragment) {
				group = append(group, b)
			}
		}
		if len(group) < 2 {
			continue
		}
		// A woven or printed texture (a tablecloth, a halftone screen) makes rows of equal
		// blobs at an equal step, row after row: an MRZ has no other row of its own pitch
		// beside it, within a line's spacing before its first line, between its lines or after
		// its last.
		first, last := ls[group[0]], ls[group[len(group)-1]]
		spacing := ((last.x0-first.x0)*first.nx + (last.y0-first.y0)*first.ny) / float64(len(group)-1)
		lattice := false
		for k := range ls {
			q := ls[k]
			if lattice || slices.Contains(group, k) ||
				math.Abs(first.c.ux*q.c.uy-first.c.uy*q.c.ux) > math.Sin(4*math.Pi/180) || math.Abs(q.c.step-first.c.step) > 0.12*first.c.step {
				continue
			}
			o := (q.x0-first.x0)*first.nx + (q.y0-first.y0)*first.ny
			if o < -1.25*spacing || o > (float64(len(group)-1)+1.25)*spacing {
				continue
			}
			// Not a piece of one of the group's own lines.
			own := false
			for _, m := range group {
				own = own || math.Abs(o-((ls[m].x0-first.x0)*first.nx+(ls[m].y0-first.y0)*first.ny)) < 0.3*spacing
			}
			// Beside the group, not off to one side.
			s0 := (q.x0-first.x0)*first.c.ux + (q.y0-first.y0)*first.c.uy
			overlap := math.Min(s0+q.length, first.length) - math.Max(s0, 0)
			lattice = !own && overlap > 0.5*math.Min(q.length, first.length)
		}
		c := mrzCandidate{}
		var pitch float64
		for _, k := range group {
			used[k] = true
			pitch += ls[k].c.step / float64(len(group))
		}
		c.pitch = pitch
		// The lines' common extent along the longest line's direction.
		ref := ls[group[0]]
		for _, k := range group {
			if ls[k].length > ref.length {
				ref = ls[k]
			}
		}
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, k := range group {
			l := ls[k]
			a := (l.x0-ref.x0)*ref.c.ux + (l.y0-ref.y0)*ref.c.uy
			lo, hi = math.Min(lo, a), math.Max(hi, a+l.length)
		}
		for _, k := range group {
			l := ls[k]
			// This line's own start, moved along the common direction to the common extent.
			a := (l.x0-ref.x0)*ref.c.ux + (l.y0-ref.y0)*ref.c.uy
			x0, y0 := l.x0+ref.c.ux*(lo-a), l.y0+ref.c.uy*(lo-a)
			length := hi - lo
			n := int(math.Round(length/pitch)) + 1
			c.chars = append(c.chars, n)
			// The line box: from half a pitch before the first glyph to half a pitch after the
			// last, the character height plus margins across.
			half := 0.5*pitch + 0.7*pitch
			// (The pitch bounds it from below: in lines of fillers the median glyph is a short <.)
			hh := math.Max(0.95*l.c.height, 0.75*pitch)
			ux, uy := ref.c.ux, ref.c.uy
			sx, sy := x0-ux*half, y0-uy*half
			ex, ey := x0+ux*(length+half), y0+uy*(length+half)
			c.lines = append(c.lines, Quad{
				{sx - l.nx*hh, sy - l.ny*hh}, {ex - l.nx*hh, ey - l.ny*hh},
				{ex + l.nx*hh, ey + l.ny*hh}, {sx + l.nx*hh, sy + l.ny*hh},
			})
		}
		// MRZ lines hold 30, 36 or 44 characters: score how close the count is.
		c.score = float64(len(group))
		for _, n := range c.chars {
			best := math.Inf(1)
			for _, want := range []int{30, 36, 44} {
				best = math.Min(best, math.Abs(float64(n-want)))
			}
			c.score -= best / 10
		}
		if lattice {
			c.score -= latticePenalty
		}
		out = append(out, c)
	}
	return out
}

// latticePenalty ranks a group of rows that is part of a texture below any group that is not
// (scores of those are 1 to 3), without dropping it.
const latticePenalty = 3

func dist(a, b [2]float64) float64 { return math.Hypot(a[0]-b[0], a[1]-b[1]) }

// homography computes the 3×3 matrix mapping four points src onto dst (the identity when the
// points are degenerate).
func homography(src, dst [4][2]float64) [9]float64 {
	// The 8×8 linear system for h0…h7 (h8 = 1).
	a := make([][]float64, 8)
	for i := 0; i < 4; i++ {
		x, y, u, v := src[i][0], src[i][1], dst[i][0], dst[i][1]
		a[2*i] = []float64{x, y, 1, 0, 0, 0, -u * x, -u * y, u}
		a[2*i+1] = []float64{0, 0, 0, x, y, 1, -v * x, -v * y, v}
	}
	x, ok := solveAugmented(a)
	if !ok {
		return [9]float64{1, 0, 0, 0, 1, 0, 0, 0, 1}
	}
	var h [9]float64
	copy(h[:8], x)
	h[8] = 1
	return h
}

func applyH(h [9]float64, x, y float64) (float64, float64) {
	w := h[6]*x + h[7]*y + h[8]
	return (h[0]*x + h[1]*y + h[2]) / w, (h[3]*x + h[4]*y + h[5]) / w
}
