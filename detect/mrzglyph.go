package detect

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/docverify/docverify/mrz"
	"github.com/docverify/docverify/ocr"
	"github.com/docverify/docverify/templates"
	"github.com/fogleman/gg"
	"github.com/golang/freetype/truetype"
	"gocv.io/x/gocv"
	"golang.org/x/image/font"
)

// mrzAlphabet is the characters an MRZ is printed with.
const mrzAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"

// glyphPitch is the character pitch, in pixels, at which the glyph reader compares cells: a
// phone photo's MRZ rarely carries finer detail than 16 pixels per 2.54 mm, and the comparison
// costs the square of the scale.
const glyphPitch = 16.0

// neighbours is how many cells on each side place a cell (glyphReader.read).
const neighbours = 4

// mrzGlyphs is an MRZ read glyph by glyph in a straightened page: each character cell where the
// model prints it compared with every MRZ character drawn in OCR-B as the model prints it,
// blurred as the capture blurred the page.
type mrzGlyphs struct {
	lines []string
	// best is, for each character, the correlation of the character read; margin, that less
	// the best correlation of any other character the position may hold (mrz.Format.Allowed;
	// for a state code, of the next code that exists).
	best, margin [][]float64
	scores       [][][len(mrzAlphabet)]float64 // every character's correlation in each place
	rival        [][]byte                      // the character the margin was taken against (0: none)
	cells        [][]image.Point               // each character's cell (top-left, scaled pixels)
	// Where the cells are in the page: the area read, its scale, the cells' size (scaled).
	s            float64
	area         image.Rectangle
	cellW, cellH int
}

// quads are the lines read, in page pixels: from the first cell's left to the last's right.
func (g *mrzGlyphs) quads() []Quad {
	out := make([]Quad, len(g.cells))
	for li, cells := range g.cells {
		if len(cells) == 0 {
			continue
		}
		page := func(p image.Point, dx, dy int) [2]float64 {
			return [2]float64{float64(g.area.Min.X) + float64(p.X+dx)/g.s, float64(g.area.Min.Y) + float64(p.Y+dy)/g.s}
		}
		a, b := cells[0], cells[len(cells)-1]
		out[li] = Quad{page(a, 0, 0), page(b, g.cellW, 0), page(b, g.cellW, g.cellH), page(a, 0, g.cellH)}
	}
	return out
}

// meanBest is the mean correlation of the characters read.
func (g *mrzGlyphs) meanBest() float64 {
	var s float64
	var n int
	for _, l := range g.best {
		for _, v := range l {
			s += v
			n++
		}
	}
	return s / float64(max(n, 1))
}

// readMRZGlyphs reads an MRZ of format f printed as the model's region lays it out, off page
// pixels from where the model puts it, in page (straightened, BGR or grey); sigma is the
// Gaussian blur (page pixels) the capture is thought to have. The glyphs are first drawn with
// that blur; then the blur that makes the reading drawn again look most like the page (a
// phone's shake blurs along one direction) is looked for, and the page read again with it. It
// returns nil when the region is not in the page.
func readMRZGlyphs(page gocv.Mat, spec *templates.Spec, region templates.Region, f mrz.Format, off image.Point, sigma float64) *mrzGlyphs {
	r := newGlyphReader(page, spec, region, f, off)
	if r == nil {
		return nil
	}
	defer r.close()
	k0 := blurKernel{sigma * r.s, sigma * r.s, 0}
	g := r.read(k0)
	if k, ok := r.fitBlur(g, k0); ok {
		if g2 := r.read(k); g2.meanBest() > g.meanBest() {
			g = g2
		}
	}
	g.s, g.area, g.cellW, g.cellH = r.s, r.area, r.cellW, r.cellH
	return g
}

// glyphReader holds what reading an MRZ glyph by glyph needs: the page's MRZ area in grey,
// scaled, and each character drawn sharp.
type glyphReader struct {
	f            mrz.Format
	lay          templates.MRZLayout
	off          image.Point
	area         image.Rectangle // the page's MRZ area
	s            float64         // the scale from page to grey
	grey         gocv.Mat        // the area in grey, scaled
	sharp        []gocv.Mat      // mrzAlphabet drawn sharp, one cell each
	cellW, cellH int
	reach        int // how far a cell is first looked for
	res, mask    gocv.Mat
}

func newGlyphReader(page gocv.Mat, spec *templates.Spec, region templates.Region, f mrz.Format, off image.Point) *glyphReader {
	n, width := f.Lines(), f.Width()
	if n == 0 || width == 0 || page.Empty() {
		return nil
	}
	lay := templates.MRZLayoutOf(region, spec.DPI, n, 0)
	p, c := lay.Pitch, lay.CapHeight
	s := math.Min(1, glyphPitch/p)
	// The cell of a character: its pitch wide, from a quarter of the cap height above the
	// capitals to a quarter below the baseline.
	cellW, cellH := int(math.Round(p*s)), int(math.Round(1.5*c*s))
	if cellW < 6 || cellH < 8 {
		return nil
	}
	x0, b0 := lay.Origin(0, 0)
	x1, b1 := lay.Origin(n-1, width-1)
	area := image.Rect(int(x0-0.12*p-p)+off.X, int(b0-1.25*c-p)+off.Y, int(x1+p+p)+off.X, int(b1+0.25*c+p)+off.Y).
		Intersect(image.Rect(0, 0, page.Cols(), page.Rows()))
	if area.Dx() < width || area.Dy() < n {
		return nil
	}
	sharp := drawGlyphs(c*s, p*s, cellW, cellH)
	if len(sharp) != len(mrzAlphabet) {
		for _, g := range sharp {
			g.Close()
		}
		return nil
	}
	return &glyphReader{f: f, lay: lay, off: off, area: area, s: s, grey: greyScaled(page, area, s), sharp: sharp,
		cellW: cellW, cellH: cellH, reach: max(3, int(math.Round(0.45*p*s))), res: gocv.NewMat(), mask: gocv.NewMat()}
}

func (r *glyphReader) close() {
	r.grey.Close()
	for _, g := range r.sharp {
		g.Close()
	}
	r.res.Close()
	r.mask.Close()
}

// cell is where the model puts character i of line li: its cell's top-left in the scaled grey.
func (r *glyphReader) cell(li, i int) image.Point {
	x, b := r.lay.Origin(li, i)
	p, c := r.lay.Pitch, r.lay.CapHeight
	return image.Pt(int(math.Round((x-0.12*p+float64(r.off.X-r.area.Min.X))*r.s)),
		int(math.Round((b-1.25*c+float64(r.off.Y-r.area.Min.Y))*r.s)))
}

// read reads every line with the glyphs blurred by k: each cell first on its own, within
// reach; then where the cells around it matched best (the median of their offsets: registration
// shifts and stretches a line, a phone photo's unevenly along it), within two pixels.
func (r *glyphReader) read(k blurKernel) *mrzGlyphs {
	glyphs := make([]gocv.Mat, len(r.sharp))
	for i, g := range r.sharp {
		glyphs[i] = k.apply(g)
	}
	defer func() {
		for _, g := range glyphs {
			g.Close()
		}
	}()
	out := &mrzGlyphs{}
	for li := 0; li < r.f.Lines(); li++ {
		width := r.f.Width()
		m := r.lineMaps(glyphs, li)
		var is, dxs, dys []float64
		for i := 0; i < width; i++ {
			sc, at, ok := m.score(r.cell(li, i), r.reach)
			if !ok || maxOf(sc[:]) < 0.5 {
				continue
			}
			is = append(is, float64(i))
			dxs = append(dxs, float64(at.X))
			dys = append(dys, float64(at.Y))
		}
		fx, fy := robustLine(is, dxs), robustLine(is, dys)
		near := func(i int) (float64, float64) {
			var nx, ny []float64
			for k, j := range is {
				if math.Abs(j-float64(i)) <= neighbours {
					nx, ny = append(nx, dxs[k]), append(ny, dys[k])
				}
			}
			if len(nx) < 3 {
				return fx(float64(i)), fy(float64(i))
			}
			return median(nx), median(ny)
		}
		line := make([]byte, width)
		best, margin := make([]float64, width), make([]float64, width)
		cells := make([]image.Point, width)
		scores := make([][len(mrzAlphabet)]float64, width)
		rival := make([]byte, width)
		for i := 0; i < width; i++ {
			ox, oy := near(i)
			at := r.cell(li, i).Add(image.Pt(int(math.Round(ox)), int(math.Round(oy))))
			sc, moved, ok := m.score(at, 2)
			if !ok {
				line[i], cells[i] = '<', at
				continue
			}
			// The best of the characters the position may hold, against the next best of
			// them: a digit where only letters may stand is no rival.
			allowed := r.f.Allowed(li, i)
			k1, k2, second := -1, -1, math.Inf(-1)
			for k := range mrzAlphabet {
				if strings.IndexByte(allowed, mrzAlphabet[k]) < 0 {
					continue
				}
				switch {
				case k1 < 0 || sc[k] > sc[k1]:
					if k1 >= 0 {
						k2, second = k1, sc[k1]
					}
					k1 = k
				case sc[k] > second:
					k2, second = k, sc[k]
				}
			}
			line[i], cells[i], scores[i] = mrzAlphabet[k1], at.Add(moved), sc
			best[i], margin[i] = sc[k1], sc[k1]-second
			if k2 >= 0 {
				rival[i] = mrzAlphabet[k2]
			}
		}
		out.lines = append(out.lines, string(line))
		out.best = append(out.best, best)
		out.margin = append(out.margin, margin)
		out.cells = append(out.cells, cells)
		out.scores = append(out.scores, scores)
		out.rival = append(out.rival, rival)
	}
	out.readCodes(r.f)
	return out
}

// codeSlack is how much better (summed correlation over its three characters) a state code
// the reading does not know must match than the best code it knows to be read as printed: a
// code that exists is read as the best of those that exist, unless the page clearly shows
// another (a fantasy state's).
const codeSlack = 0.1

// readCodes reads the state codes (issuing state, nationality) as the known code that matches
// best (mrz.KnownStates), each of its characters as sure as the code beats the next known
// one, unless the characters read one by one clearly spell another code.
func (g *mrzGlyphs) readCodes(f mrz.Format) {
	codes := mrz.KnownStates()
	idx := func(ch byte) int { return strings.IndexByte(mrzAlphabet, ch) }
	for _, sp := range f.CodeSpans() {
		if sp.Line >= len(g.lines) || sp.End > len(g.lines[sp.Line]) || sp.End-sp.Start != 3 {
			continue
		}
		sc := g.scores[sp.Line][sp.Start:sp.End]
		free := 0.0
		for i := range sc {
			free += g.best[sp.Line][sp.Start+i]
		}
		best, second, code, next := math.Inf(-1), math.Inf(-1), "", ""
		for _, c := range codes {
			v := sc[0][idx(c[0])] + sc[1][idx(c[1])] + sc[2][idx(c[2])]
			switch {
			case v > best:
				best, second, code, next = v, best, c, code
			case v > second:
				second, next = v, c
			}
		}
		if code == "" || free-best > codeSlack {
			continue
		}
		b := []byte(g.lines[sp.Line])
		for i := range 3 {
			b[sp.Start+i] = code[i]
			g.best[sp.Line][sp.Start+i] = sc[i][idx(code[i])]
			g.margin[sp.Line][sp.Start+i] = best - second
			if next != "" {
				g.rival[sp.Line][sp.Start+i] = next[i]
			}
		}
		g.lines[sp.Line] = string(b)
	}
}

// glyphMaps holds, for a band of the grey image, each glyph's correlation with the cell at
// every place in the band.
type glyphMaps struct {
	top  int         // the band's first row
	w, h int         // the maps' size
	corr [][]float32 // per glyph, row by row
}

// lineMaps correlates every glyph with every place of the band that line li's cells, looked
// for within reach, cover.
func (r *glyphReader) lineMaps(glyphs []gocv.Mat, li int) glyphMaps {
	top, bottom := math.MaxInt, math.MinInt
	for i := 0; i < r.f.Width(); i++ {
		c := r.cell(li, i)
		top, bottom = min(top, c.Y-r.reach), max(bottom, c.Y+r.cellH+r.reach)
	}
	top, bottom = max(top, 0), min(bottom, r.grey.Rows())
	if bottom-top < r.cellH || r.grey.Cols() < r.cellW {
		return glyphMaps{}
	}
	band := r.grey.Region(image.Rect(0, top, r.grey.Cols(), bottom))
	defer band.Close()
	m := glyphMaps{top: top, corr: make([][]float32, len(glyphs))}
	for k, g := range glyphs {
		gocv.MatchTemplate(band, g, &r.res, gocv.TmCcoeffNormed, r.mask)
		m.w, m.h = r.res.Cols(), r.res.Rows()
		v, err := r.res.DataPtrFloat32()
		if err != nil {
			return glyphMaps{}
		}
		m.corr[k] = append([]float32(nil), v...)
	}
	return m
}

// score compares the cell at c (scaled pixels), looked for within reach, with every glyph:
// each glyph's best correlation, and how far from c the best glyph matched.
func (m glyphMaps) score(c image.Point, reach int) (scores [len(mrzAlphabet)]float64, moved image.Point, ok bool) {
	if m.corr == nil {
		return scores, moved, false
	}
	x0, x1 := max(c.X-reach, 0), min(c.X+reach, m.w-1)
	y0, y1 := max(c.Y-m.top-reach, 0), min(c.Y-m.top+reach, m.h-1)
	if x0 > x1 || y0 > y1 {
		return scores, moved, false
	}
	best := -2.0
	for k, corr := range m.corr {
		v, at := float32(-2), image.Point{}
		for y := y0; y <= y1; y++ {
			row := corr[y*m.w : (y+1)*m.w]
			for x := x0; x <= x1; x++ {
				if row[x] > v {
					v, at = row[x], image.Pt(x, y)
				}
			}
		}
		scores[k] = float64(v)
		if float64(v) > best {
			best, moved = float64(v), image.Pt(at.X-c.X, at.Y+m.top-c.Y)
		}
	}
	return scores, moved, true
}

// fitBlur looks for the blur that makes reading g, drawn sharp where its characters were found,
// look most like the page: Gaussian, as wide as from k0 or a half to twice as wide, then
// stretched along one of six directions. It says whether another blur than k0 fits better.
func (r *glyphReader) fitBlur(g *mrzGlyphs, k0 blurKernel) (blurKernel, bool) {
	drawn := gocv.NewMatWithSize(r.grey.Rows(), r.grey.Cols(), gocv.MatTypeCV8U)
	defer drawn.Close()
	drawn.SetTo(gocv.NewScalar(255, 0, 0, 0))
	bounds := image.Rect(0, 0, r.grey.Cols(), r.grey.Rows())
	var strip image.Rectangle
	for li, line := range g.lines {
		for i := range line {
			at := image.Rectangle{Min: g.cells[li][i], Max: g.cells[li][i].Add(image.Pt(r.cellW, r.cellH))}
			if !at.In(bounds) {
				continue
			}
			strip = strip.Union(at)
			dst := drawn.Region(at)
			gocv.Min(dst, r.sharp[strings.IndexByte(mrzAlphabet, line[i])], &dst)
			dst.Close()
		}
	}
	if strip.Empty() {
		return k0, false
	}
	// Each blur is drawn over the strip and a margin as wide as the widest blur reaches.
	pad := int(math.Ceil(3 * 2 * math.Sqrt(3) * math.Max(k0.major, 0.5)))
	around := strip.Inset(-pad).Intersect(bounds)
	inner := strip.Sub(around.Min)
	src := drawn.Region(around)
	defer src.Close()
	page := r.grey.Region(strip)
	defer page.Close()
	fit := func(k blurKernel) float64 {
		b := k.apply(src)
		defer b.Close()
		v := b.Region(inner)
		defer v.Close()
		gocv.MatchTemplate(page, v, &r.res, gocv.TmCcoeffNormed, r.mask)
		_, c, _, _ := gocv.MinMaxLoc(r.res)
		return float64(c)
	}
	best, bestFit := k0, fit(k0)
	try := func(k blurKernel) {
		if v := fit(k); v > bestFit {
			best, bestFit = k, v
		}
	}
	// As wide as k0 or from half to twice as wide; then stretched along one of six
	// directions; then more or less stretched along the best.
	base := math.Max(k0.major, 0.5)
	for _, f := range []float64{0.5, 0.7, 1.4, 2} {
		try(blurKernel{base * f, base * f, 0})
	}
	iso := best.major
	stretched := func(st, angle float64) blurKernel {
		return blurKernel{iso * math.Sqrt(st), iso / math.Sqrt(st), angle}
	}
	for a := 0; a < 6; a++ {
		try(stretched(2.2, float64(a)*math.Pi/6))
	}
	if best.major != best.minor {
		angle := best.angle
		for _, st := range []float64{1.5, 3} {
			try(stretched(st, angle))
		}
	}
	return best, best != k0
}

// blurKernel is a Gaussian blur, sigma major along angle (radians from the x axis) and minor
// across it (pixels).
type blurKernel struct{ major, minor, angle float64 }

// apply returns m blurred by k (a copy when k is below a third of a pixel).
func (k blurKernel) apply(m gocv.Mat) gocv.Mat {
	out := gocv.NewMat()
	if k.major < 0.33 {
		m.CopyTo(&out)
		return out
	}
	if k.minor == k.major {
		gocv.GaussianBlur(m, &out, image.Point{}, k.major, k.major, gocv.BorderReplicate)
		return out
	}
	h := int(math.Ceil(3 * k.major))
	size := 2*h + 1
	kern := gocv.NewMatWithSize(size, size, gocv.MatTypeCV32F)
	defer kern.Close()
	cs, sn := math.Cos(k.angle), math.Sin(k.angle)
	minor := math.Max(k.minor, 0.33)
	var sum float64
	vals := make([]float64, size*size)
	for y := -h; y <= h; y++ {
		for x := -h; x <= h; x++ {
			u, v := float64(x)*cs+float64(y)*sn, -float64(x)*sn+float64(y)*cs
			w := math.Exp(-u*u/(2*k.major*k.major) - v*v/(2*minor*minor))
			vals[(y+h)*size+x+h] = w
			sum += w
		}
	}
	for i, w := range vals {
		kern.SetFloatAt(i/size, i%size, float32(w/sum))
	}
	gocv.Filter2D(m, &out, -1, kern, image.Pt(-1, -1), 0, gocv.BorderReplicate)
	return out
}

// greyScaled is the page's rectangle r in grey, scaled by s (area averaging).
func greyScaled(page gocv.Mat, r image.Rectangle, s float64) gocv.Mat {
	view := page.Region(r)
	defer view.Close()
	g := gocv.NewMat()
	if view.Channels() > 1 {
		gocv.CvtColor(view, &g, gocv.ColorBGRToGray)
	} else {
		view.CopyTo(&g)
	}
	if s < 1 {
		gocv.Resize(g, &g, image.Point{X: int(math.Round(float64(r.Dx()) * s)), Y: int(math.Round(float64(r.Dy()) * s))}, 0, 0, gocv.InterpolationArea)
	}
	return g
}

// drawGlyphs draws each character of mrzAlphabet in OCR-B of cap height capH in a w×h cell, as
// glyphReader cuts cells (the glyph's left 12% of the pitch in, its baseline a quarter cap
// height above the bottom), sharp.
func drawGlyphs(capH, pitch float64, w, h int) []gocv.Mat {
	f, err := ocrb()
	if err != nil {
		return nil
	}
	face := truetype.NewFace(f, &truetype.Options{Size: templates.OCRBEm(capH), DPI: 72, Hinting: font.HintingNone})
	defer face.Close()
	out := make([]gocv.Mat, 0, len(mrzAlphabet))
	for _, ch := range mrzAlphabet {
		img := image.NewRGBA(image.Rect(0, 0, w, h))
		draw.Draw(img, img.Rect, image.White, image.Point{}, draw.Src)
		dc := gg.NewContextForRGBA(img)
		dc.SetFontFace(face)
		dc.SetColor(color.Black)
		dc.DrawString(string(ch), 0.12*pitch, float64(h)-0.25*capH)
		g, err := rgbaToGrey(img)
		if err != nil {
			continue
		}
		out = append(out, g)
	}
	return out
}

// robustLine fits y = a + b·x by least squares, leaving out the points more than 1.5 from a
// first fit; without points the line is 0, with fewer than five it is their median.
func robustLine(xs, ys []float64) func(float64) float64 {
	if len(xs) == 0 {
		return func(float64) float64 { return 0 }
	}
	if len(xs) < 5 {
		m := median(ys)
		return func(float64) float64 { return m }
	}
	fit := func(keep []bool) (float64, float64) {
		var sx, sy, sxx, sxy, k float64
		for i := range xs {
			if keep[i] {
				sx, sy, sxx, sxy, k = sx+xs[i], sy+ys[i], sxx+xs[i]*xs[i], sxy+xs[i]*ys[i], k+1
			}
		}
		d := k*sxx - sx*sx
		if k == 0 || d == 0 {
			return median(ys), 0
		}
		b := (k*sxy - sx*sy) / d
		return (sy - b*sx) / k, b
	}
	keep := make([]bool, len(xs))
	// Start from the median offset, so that a few cells matched far off do not pull the fit.
	m := median(ys)
	for i := range xs {
		keep[i] = math.Abs(ys[i]-m) <= 2.5
	}
	a, b := fit(keep)
	for i := range xs {
		keep[i] = math.Abs(ys[i]-(a+b*xs[i])) <= 1.5
	}
	a, b = fit(keep)
	return func(x float64) float64 { return a + b*x }
}

func maxOf(v []float64) float64 {
	m := math.Inf(-1)
	for _, x := range v {
		m = math.Max(m, x)
	}
	return m
}

// GlyphMargin is how much better (in correlation) than any other character a glyph must match
// its cell to count as read as surely as the OCR at MinNameConfidence: the glyph reader's
// confidence in a character is 0.95 plus its margin less GlyphMargin (0.98, SureConfidence,
// at a margin of 0.08). A character no check digit covers must be read at SureConfidence by
// its glyph alone, or be read alike by an OCR at MinNameConfidence at least: on the phone
// photos of seeds 8008 and 9009 no name read with every letter's margin at 0.05 or more was
// wrong, but on seed 10010 a name's E washed out to an L at a margin of 0.05 (and the OCR,
// unsure, read it so too): a reading wrong and valid is the worst outcome.
const GlyphMargin = 0.05

// ReadPageGlyphs reads the MRZ of a page straightened into model spec's frame glyph by glyph:
// each character's cell, where the model prints it (off page pixels from there), compared with
// the 37 MRZ characters drawn in OCR-B as the model prints them and blurred as the capture
// blurred the page (sigma, page pixels, and then the blur that fits the reading best). It
// reads what the OCR cannot: print so blurred, by a phone's shake or its focus, that the OCR
// drops and merges characters; a glyph reader cannot drop one. Each position is read as the
// best of the characters the layout lets it hold (a digit is no rival to a letter in a name),
// each state code as the best code that exists unless the page clearly shows another (a
// fantasy state's). The OCR's readings of the same MRZ (others) vouch for the characters they
// read alike surely (lines aligned character by character); a character no check digit covers
// (names, codes, nationality, sex, a visa's optional data) that neither matched very clearly
// (SureConfidence) nor was so vouched for makes the reading invalid. toImage maps page pixels into the input image. It returns nil when the
// model has no MRZ region in the page.
func (r *MRZReader) ReadPageGlyphs(page gocv.Mat, spec *templates.Spec, off image.Point, sigma float64, others []*MRZReading, toImage func(x, y float64) (float64, float64)) *MRZReading {
	start := time.Now()
	now := time.Now
	if r.Now != nil {
		now = r.Now
	}
	region, ok := spec.Region("mrz")
	if !ok {
		return nil
	}
	f := spec.MRZFormat
	g := readMRZGlyphs(page, spec, region, f, off, sigma)
	if g == nil {
		return nil
	}
	read := make([]ocr.Line, len(g.lines))
	uncovered := 100.0 // the least confidence of a character no check digit covers nor an OCR vouched for
	for li, text := range g.lines {
		l := ocr.Line{Text: text, Chars: make([]ocr.Char, len(text))}
		vouch := vouchers(text, li, others)
		for i := range text {
			glyph := math.Max(0, math.Min(100, 100*(0.95+g.margin[li][i]-GlyphMargin)))
			c := math.Max(glyph, vouch[i])
			l.Chars[i] = ocr.Char{Text: text[i : i+1], Conf: c}
			l.Conf += c / float64(len(text))
			if !f.Covered(li, i) && vouch[i] == 0 {
				uncovered = math.Min(uncovered, glyph)
			}
		}
		read[li] = l
	}
	// A check digit vouches for its field's characters read unsurely only when at most one
	// was, and not where it cannot tell that one from its rival (8 from S): two or more
	// wrong characters pass it one time in ten (a phone photo's document number read as
	// TFLJJ1R78 for ID5921878 held its check digit and the composite one).
	unsureData := unvouched(f, g.lines, func(li, i int) float64 { return read[li].Chars[i].Conf },
		func(li, i int) bool { return g.rival[li][i] != 0 && mrz.CheckAlike(g.lines[li][i], g.rival[li][i]) })
	quads := g.quads()
	for li := range quads {
		for k, p := range quads[li] {
			x, y := toImage(p[0], p[1])
			quads[li][k] = [2]float64{x, y}
		}
	}
	glyphs := &MRZReader{OCR: r.OCR, Now: r.Now, Uncertain: 100 * MinNameConfidence}
	reading := glyphs.assemble(read, quads, now())
	if d := reading.Document; d.Valid && uncovered < 100*SureConfidence {
		d.Valid = false
		d.Errors = append(d.Errors, &mrz.Error{Field: "mrz", Code: mrz.CodeUncertain,
			Message: fmt.Sprintf("a character no check digit covers, and no sure OCR reading read alike, was read glyph by glyph with confidence %.3f, below %.2f", uncovered/100, SureConfidence)})
	}
	reading.unsureData = unsureData // the rivals known
	reading.vouch()
	// What an OCR reading read alike, the OCR could read: only a reading of other characters
	// is the glyphs' own.
	reading.Glyphs = true
	for _, o := range others {
		if o != nil && o.Document != nil && slices.Equal(o.Document.Lines, reading.Document.Lines) {
			reading.Glyphs = false
		}
	}
	reading.Elapsed = time.Since(start)
	return reading
}

// DataHolds says whether a reading is of a known layout, read at its width, and every rule of
// its data holds: its only faults are characters no check digit covers read unsurely (names,
// codes); read glyph by glyph, none of its data was read too unsurely for the check digits to
// vouch for it. Such a reading says what the data is, not who the holder is.
func (r *MRZReading) DataHolds() bool {
	if r == nil || r.Document == nil || len(r.unsureData) > 0 || !r.readAtWidth() {
		return false
	}
	for _, e := range r.Document.Errors {
		if e.Code != mrz.CodeUncertain {
			return false
		}
	}
	for _, c := range r.Document.Checks {
		if !c.Valid {
			return false
		}
	}
	return true
}

// checkedFields are the fields with a check digit of their own.
var checkedFields = []string{"document_number", "birth_date", "expiry_date", "optional_data"}

// checkedBy says whether field's check digit covers position pos of line li (mrz.Format.CheckSpans);
// for field "", whether none of checkedFields' does.
func checkedBy(f mrz.Format, field string, li, pos int) bool {
	if field == "" {
		for _, fd := range checkedFields {
			if checkedBy(f, fd, li, pos) {
				return false
			}
		}
		return true
	}
	for _, sp := range f.CheckSpans(field) {
		if sp.Line == li && pos >= sp.Start && pos < sp.End {
			return true
		}
	}
	return false
}

// vouchers is, for each character of a line read glyph by glyph, the highest confidence with
// which another reading (line li of its OCR, aligned character by character) read the same
// character there, when at least MinNameConfidence: an OCR sure of a character vouches for the
// glyph read alike (one unsure of it does not: the two misread a washed-out E as L alike). 0
// where none read it alike surely.
func vouchers(text string, li int, others []*MRZReading) []float64 {
	out := make([]float64, len(text))
	for _, o := range others {
		if o == nil || li >= len(o.read) {
			continue
		}
		line := o.read[li]
		if d := len(line.Text) - len(text); d < -3 || d > 3 {
			continue // not read as a line of this MRZ: what aligns there does so by chance
		}
		for i, j := range alignAlike(text, line.Text) {
			if j < 0 {
				continue
			}
			c := 0.0
			if j < len(line.Chars) {
				c = line.Chars[j].Conf
			}
			if c >= 100*MinNameConfidence {
				out[i] = math.Max(out[i], c)
			}
		}
	}
	return out
}

// alignAlike aligns b with a character by character (a longest common subsequence): for each
// character of a, the index of the character of b aligned with it and equal to it, or -1.
func alignAlike(a, b string) []int {
	n, m := len(a), len(b)
	l := make([][]int, n+1)
	for i := range l {
		l[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				l[i][j] = l[i+1][j+1] + 1
			} else {
				l[i][j] = max(l[i+1][j], l[i][j+1])
			}
		}
	}
	out := make([]int, n)
	for i := range out {
		out[i] = -1
	}
	for i, j := 0, 0; i < n && j < m; {
		switch {
		case a[i] == b[j]:
			out[i] = j
			i, j = i+1, j+1
		case l[i+1][j] >= l[i][j+1]:
			i++
		default:
			j++
		}
	}
	return out
}

// SecondOpinion says whether glyphs, the MRZ read glyph by glyph where the model prints it,
// corrects r, an OCR reading that is sure of every character yet fails a check digit: glyphs
// is valid, has r's lines and widths, and differs from r in one character, which it matched
// clearly (at MinNameConfidence: a margin of GlyphMargin over any rival). An OCR
// sure of a misread character (an 8 at a washed-out corner read as 6) is otherwise taken
// for a wrong check digit printed so; a wrong digit really printed so reads so glyph by glyph
// as well, and a valid reading differing from it needs a second, clear misread of exactly
// the digit that makes the check hold.
func (r *MRZReading) SecondOpinion(glyphs *MRZReading) bool {
	if r == nil || glyphs == nil || r.Document == nil || glyphs.Document == nil || !glyphs.Document.Valid ||
		r.Document.Valid || r.Document.Format != glyphs.Document.Format || len(glyphs.read) != len(r.Document.Lines) {
		return false
	}
	diff := 0
	for li, l := range glyphs.Document.Lines {
		o := r.Document.Lines[li]
		if len(o) != len(l) || len(glyphs.read[li].Chars) != len(l) {
			return false
		}
		for i := range l {
			if l[i] == o[i] {
				continue
			}
			if diff++; diff > 1 || glyphs.read[li].Chars[i].Conf < 100*MinNameConfidence {
				return false
			}
		}
	}
	return diff == 1
}
