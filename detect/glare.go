package detect

import (
	"image"
	"math"
	"sort"

	"github.com/docverify/docverify/templates"
	"gocv.io/x/gocv"
)

// glareMap marks, in cells of about a millimetre of the straightened page, where a lamp's
// reflection on the laminate lightens the page: true = glare.
type glareMap struct {
	cell int // page pixels per cell side
	w, h int
	on   []bool
}

// glareRise is how much lighter than the reference predicts (grey levels) a cell must be to be
// taken for a reflection, at least: the printing's own differences from the specimen, a capture's
// noise and what its uneven light leaves after the fit stay well within it.
const glareRise = 22

// glarePaperMargin is how much darker than the paper (grey levels) a cell under a reflection
// may be.
const glarePaperMargin = 15

// glareHalo is how far (cells) around the static printing it is found on a reflection is taken
// to reach: a glow's halo, and the personal printing (a ghost image) it spreads over, whose own
// difference from the specimen's says nothing of the light.
const glareHalo = 2

// Glared returns, for a page rectangle, a mask (true = under a reflection) of its pixels, and
// whether there is any. Only photos have reflections (a scanner's or a reader's light makes
// none), so on other captures nothing is marked.
//
// A reflection adds light that the specimen does not have: a broad, pale glow that washes out
// the fine printing under it and whitens its surroundings short of white. The page and the
// reference are taken to cells of about a millimetre, the page's cells fitted as the
// reference's times a gain plus an offset and a plane of light (least squares over the static
// printing, once more without the cells the first fit left far out). Cells of the static
// printing lighter than the fit by glareRise or more, and by four times the fit's typical
// residual, and within glarePaperMargin of the paper's lightness, are glare, and so is what lies
// within glareHalo cells of them, personal printing included. Personal printing is not judged
// itself: a holder's photo differs from the specimen holder's (a lighter backdrop in the ghost
// image is lighter than the specimen predicts, and near the paper's white) whatever the light.
func (s *Scan) Glared(r image.Rectangle) ([]bool, bool) {
	s.mu.Lock()
	if !s.glareDone {
		s.glareDone = true
		s.glare = s.findGlare()
	}
	g := s.glare
	s.mu.Unlock()
	out := make([]bool, r.Dx()*r.Dy())
	if g == nil {
		return out, false
	}
	any := false
	for y := r.Min.Y; y < r.Max.Y; y++ {
		cy := min(y/g.cell, g.h-1)
		for x := r.Min.X; x < r.Max.X; x++ {
			cx := min(x/g.cell, g.w-1)
			if cy >= 0 && cx >= 0 && g.on[cy*g.w+cx] {
				out[(y-r.Min.Y)*r.Dx()+x-r.Min.X] = true
				any = true
			}
		}
	}
	return out, any
}

func (s *Scan) findGlare() *glareMap {
	spec := s.Spec()
	if spec == nil || s.Page.Empty() || s.Ref.Empty() || CaptureOf(s.ID).Class != CapturePhoto {
		return nil
	}
	cell := max(4, int(math.Round(spec.DPI/25.4)))
	w, h := s.Page.Cols()/cell, s.Page.Rows()/cell
	if w < 8 || h < 8 {
		return nil
	}
	// Each cell the mean of its pixels, in colour first and then grey (a cell's mean is the
	// same either way).
	small := func(m gocv.Mat) Grey {
		out := blockMeans(m, cell)
		defer out.Close()
		return GreyOf(out)
	}
	page, ref := small(s.Page), small(s.Ref)
	// The static printing's cells: those whose centre lies outside everything personal
	// (Masked's regions, with its margin).
	use := staticCells(spec, cell, w, h)
	onStatic := append([]bool(nil), use...)
	var res []float64
	spread := 0.0
	for round := 0; round < 2; round++ {
		c, ok := fitLight(page, ref, use)
		if !ok {
			return nil
		}
		res = make([]float64, w*h)
		var abs []float64
		for i := range res {
			x, y := float64(i%w)/float64(w), float64(i/w)/float64(h)
			res[i] = page.Pix[i] - (c[0]*ref.Pix[i] + c[1] + c[2]*x + c[3]*y)
			if use[i] {
				abs = append(abs, math.Abs(res[i]))
			}
		}
		if len(abs) < 20 {
			return nil
		}
		sort.Float64s(abs)
		spread = abs[len(abs)/2] * 1.4826
		for i, v := range res {
			if use[i] && math.Abs(v) > math.Max(glareRise, 4*spread) {
				use[i] = false // far out: fitted again without it
			}
		}
	}
	level := math.Max(glareRise, 4*spread)
	// A reflection lightens towards white: the cell must also come near the paper's own
	// lightness (the static printing's lightest tenth), which printing that merely differs
	// from the specimen's (a holder's lighter ghost image) does not.
	var lit []float64
	for i, u := range use {
		if u {
			lit = append(lit, page.Pix[i])
		}
	}
	sort.Float64s(lit)
	paper := lit[len(lit)*9/10]
	g := &glareMap{cell: cell, w: w, h: h, on: make([]bool, w*h)}
	for i, v := range res {
		if !onStatic[i] || v < level || page.Pix[i] < paper-glarePaperMargin {
			continue
		}
		x, y := i%w, i/w
		for yy := max(0, y-glareHalo); yy <= min(h-1, y+glareHalo); yy++ {
			for xx := max(0, x-glareHalo); xx <= min(w-1, x+glareHalo); xx++ {
				g.on[yy*w+xx] = true
			}
		}
	}
	return g
}

// fitLight fits page ≈ c0·ref + c1 + c2·x + c3·y (x, y across the page, 0–1) by least squares
// over the cells in use.
func fitLight(page, ref Grey, use []bool) ([4]float64, bool) {
	a := make([][]float64, 4)
	for r := range a {
		a[r] = make([]float64, 5)
	}
	for i, u := range use {
		if !u {
			continue
		}
		x, y := float64(i%page.W)/float64(page.W), float64(i/page.W)/float64(page.H)
		f := [4]float64{ref.Pix[i], 1, x, y}
		for r := 0; r < 4; r++ {
			for c := 0; c < 4; c++ {
				a[r][c] += f[r] * f[c]
			}
			a[r][4] += f[r] * page.Pix[i]
		}
	}
	c, ok := solveAugmented(a)
	if !ok {
		return [4]float64{}, false
	}
	return [4]float64(c), true
}

// Reflection is where a lamp's reflection washes out the print of a page rectangle (Glare
// against the blurred reference there), worked out once for the rectangles within it.
type Reflection struct {
	at     image.Rectangle // the page rectangle the map covers
	marked Grey            // 1 where the reflection washes the print out
}

// ReflectionOver maps the reflection over the page rectangle r (the part of it on the page).
func (s *Scan) ReflectionOver(r image.Rectangle) Reflection {
	r = r.Intersect(image.Rect(0, 0, s.Page.Cols(), s.Page.Rows()))
	if r.Empty() || s.RefBlurred.Empty() {
		return Reflection{}
	}
	a, b := Crop(s.Page, r), Crop(s.RefBlurred, r)
	defer a.Close()
	defer b.Close()
	return Reflection{at: r, marked: Glare(GreyOf(a), GreyOf(b))}
}

// WashedOut says whether the reflection covers more than a quarter of the page rectangle r
// (its part within the map): its print is not there to judge. A genuine phone photo whose
// reflection whitened the end of an MRZ line measured a font correlation of 0.11, where all
// others reached 0.5.
func (g Reflection) WashedOut(r image.Rectangle) bool {
	part := g.marked.Sub(r.Intersect(g.at).Sub(g.at.Min))
	if len(part.Pix) == 0 {
		return false
	}
	n := 0.0
	for _, v := range part.Pix {
		n += v
	}
	return 4*n > float64(len(part.Pix))
}

// staticCells marks the cells (cell page pixels a side, w×h of them) of a model's static
// printing: those whose centre lies outside everything personal (Masked's regions, with a
// margin of a millimetre).
func staticCells(spec *templates.Spec, cell, w, h int) []bool {
	use := make([]bool, w*h)
	for i := range use {
		use[i] = true
	}
	margin := int(spec.DPI / 25.4)
	for _, reg := range spec.Regions {
		if !personal(reg) {
			continue
		}
		b := reg.Rect.Px(spec.DPI)
		b = image.Rect(b.Min.X-margin, b.Min.Y-margin, b.Max.X+margin, b.Max.Y+margin)
		for cy := max(0, b.Min.Y/cell-1); cy < min(h, b.Max.Y/cell+1); cy++ {
			for cx := max(0, b.Min.X/cell-1); cx < min(w, b.Max.X/cell+1); cx++ {
				if image.Pt(cx*cell+cell/2, cy*cell+cell/2).In(b) {
					use[cy*w+cx] = false
				}
			}
		}
	}
	return use
}
