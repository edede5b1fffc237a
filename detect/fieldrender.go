package detect

import (
	"image"
	"image/color"
	"image/draw"
	"math"
	"strings"
	"sync"

	"github.com/docverify/docverify/templates"
	"github.com/fogleman/gg"
	"gocv.io/x/gocv"
	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
)

// FieldMatch is how well a printed field shows an expected text: the text drawn as the model
// prints it (font, size, position) is looked for in the page, then each character on its own.
type FieldMatch struct {
	Whole float64 // correlation of the whole text
	Glyph float64 // lowest correlation of one character: a changed character shows here
	// Margin is the lowest, over the characters, of a character's correlation less the best
	// correlation of any other character of its kind (digit or capital letter) drawn in its
	// place: below 0 where the page shows another character better than the one expected.
	// Blur, noise and background printing lower every candidate's correlation alike, so the
	// margin holds its sign where the correlation alone drops. Set by MatchFieldContrast; 1
	// when no character has other candidates.
	Margin float64
	Found  bool // the text was drawn and looked for
	// Offset is where the whole text was found in the page less where the model prints it,
	// page pixels.
	Offset image.Point
}

// MatchField compares the page's field region with text drawn as region prints it. window is
// the part of the page to look in (the field's box with room around it).
func MatchField(page gocv.Mat, spec *templates.Spec, r templates.Region, text string, window image.Rectangle) (FieldMatch, error) {
	return matchField(page, spec, r, text, window, false)
}

// MatchFieldContrast is MatchField that also measures each character against the others of
// its kind (FieldMatch.Margin).
func MatchFieldContrast(page gocv.Mat, spec *templates.Spec, r templates.Region, text string, window image.Rectangle) (FieldMatch, error) {
	return matchField(page, spec, r, text, window, true)
}

func matchField(page gocv.Mat, spec *templates.Spec, r templates.Region, text string, window image.Rectangle, contrast bool) (FieldMatch, error) {
	m := FieldMatch{Margin: 1}
	fontName := r.Font
	if fontName == "" {
		fontName = "sans"
	}
	face, done, err := templates.Face(fontName, r.FontPx(spec.DPI))
	if err != nil {
		return m, err
	}
	defer done()
	x, base := templates.TextBaseline(r, spec.DPI, float64(face.Metrics().Ascent.Round()))
	b, _ := font.BoundString(face, text)
	box := image.Rect(int(math.Floor(x+fx(b.Min.X)))-2, int(math.Floor(base+fx(b.Min.Y)))-2,
		int(math.Ceil(x+fx(b.Max.X)))+2, int(math.Ceil(base+fx(b.Max.Y)))+2)
	if box.Dx() < 4 || box.Dy() < 4 {
		return m, nil
	}
	img := image.NewRGBA(image.Rect(0, 0, box.Dx(), box.Dy()))
	draw.Draw(img, img.Rect, image.White, image.Point{}, draw.Src)
	dc := gg.NewContextForRGBA(img)
	dc.SetFontFace(face)
	dc.SetColor(color.Black)
	dc.DrawString(text, x-float64(box.Min.X), base-float64(box.Min.Y))
	tmpl, err := rgbaToGrey(img)
	if err != nil {
		return m, err
	}
	defer tmpl.Close()

	pageGrey := gocv.NewMat()
	defer pageGrey.Close()
	win := window.Intersect(image.Rect(0, 0, page.Cols(), page.Rows()))
	region := page.Region(win)
	gocv.CvtColor(region, &pageGrey, gocv.ColorBGRToGray)
	region.Close()
	if pageGrey.Cols() <= tmpl.Cols() || pageGrey.Rows() <= tmpl.Rows() {
		return m, nil
	}
	res := gocv.NewMat()
	defer res.Close()
	none := gocv.NewMat()
	defer none.Close()
	gocv.MatchTemplate(pageGrey, tmpl, &res, gocv.TmCcoeffNormed, none)
	_, whole, _, at := gocv.MinMaxLoc(res)
	m.Whole, m.Found = float64(whole), true
	m.Offset = win.Min.Add(at).Sub(box.Min)

	// Each character: its advance cell, in the capitals' band (accents above and marks below
	// left out: the MRZ does not carry them), looked for near where the previous one was found
	// plus its advance: punctuation the MRZ drops (an apostrophe, a hyphen for a space) only
	// shifts what follows.
	hb, _ := font.BoundString(face, "H") // the face's metrics may not carry the cap height
	capTop := int(base + fx(hb.Min.Y) - float64(box.Min.Y) - 1)
	capBottom := int(base-float64(box.Min.Y)) + 2
	capTop, capBottom = max(0, capTop), min(tmpl.Rows(), capBottom)
	m.Glyph = 1
	var others *glyphSet
	if contrast {
		others = newGlyphSet(fontName, r.FontPx(spec.DPI), face, capBottom-capTop, base-float64(box.Min.Y)-float64(capTop))
		defer others.close()
	}
	pen := x - float64(box.Min.X)
	prev := rune(-1)
	// Holograms the text runs over colour it beyond comparison: letters over them are left out.
	var ovds []image.Rectangle
	for _, reg := range spec.Regions {
		if reg.Kind == templates.KindOVD {
			ovds = append(ovds, reg.Rect.Px(spec.DPI))
		}
	}
	drift := 0 // how far the page's text has drifted from the drawn text so far
	afterGap := true
	for _, ch := range text {
		if prev >= 0 {
			pen += fx(face.Kern(prev, ch))
		}
		adv, ok := face.GlyphAdvance(ch)
		if !ok {
			continue
		}
		x0, x1 := int(pen), int(math.Ceil(pen+fx(adv)))
		pen += fx(adv)
		prev = ch
		if ch == ' ' {
			afterGap = true
			continue
		}
		if x1-x0 < 3 || capBottom-capTop < 4 {
			continue
		}
		cell := image.Rect(max(x0, 0), capTop, min(x1, tmpl.Cols()), capBottom)
		reach := max(4, cell.Dx()*2/5)
		if afterGap {
			// A word's first letter: where the page puts a comma and a space, or a hyphen,
			// for the MRZ's filler, the words that follow shift by up to a letter.
			reach = max(reach, cell.Dx()*6/5)
			afterGap = false
		}
		g := tmpl.Region(cell)
		search := image.Rect(at.X+cell.Min.X+drift-reach, at.Y+cell.Min.Y-3, at.X+cell.Max.X+drift+reach, at.Y+cell.Max.Y+3).
			Intersect(image.Rect(0, 0, pageGrey.Cols(), pageGrey.Rows()))
		if search.Dx() <= cell.Dx() || search.Dy() <= cell.Dy() {
			g.Close()
			continue
		}
		onPage := search.Add(win.Min)
		covered := false
		for _, o := range ovds {
			covered = covered || onPage.Overlaps(o)
		}
		if covered {
			g.Close()
			continue
		}
		s := pageGrey.Region(search)
		r2 := gocv.NewMat()
		gocv.MatchTemplate(s, g, &r2, gocv.TmCcoeffNormed, none)
		// The best match, but the nearer of two alike: in "11" or "NN" the first letter also
		// matches where the second stands, so distance from where it is expected costs a little.
		expect := at.X + cell.Min.X + drift - search.Min.X
		c, loc := float32(-2), image.Point{}
		for yy := 0; yy < r2.Rows(); yy++ {
			for xx := 0; xx < r2.Cols(); xx++ {
				v := r2.GetFloatAt(yy, xx)
				pen := 0.15 * float32(math.Abs(float64(xx-expect))) / float32(cell.Dx())
				if v-pen > c-0.15*float32(math.Abs(float64(loc.X-expect)))/float32(cell.Dx()) || c == -2 {
					c, loc = v, image.Pt(xx, yy)
				}
			}
		}
		r2.Close()
		if others != nil {
			if d, ok := others.margin(s, g, ch, loc); ok {
				m.Margin = math.Min(m.Margin, d)
			}
		}
		s.Close()
		g.Close()
		drift = search.Min.X + loc.X - (at.X + cell.Min.X)
		m.Glyph = math.Min(m.Glyph, float64(c))
	}
	return m, nil
}

// MatchFieldAny is MatchFieldContrast for several ways the field may be printed: the best match
// (by Glyph) and which way it was. The ways are compared without the contrast, which is then
// measured on the best; a single way is matched once.
func MatchFieldAny(page gocv.Mat, spec *templates.Spec, r templates.Region, texts []string, window image.Rectangle) (FieldMatch, string, error) {
	if len(texts) == 1 {
		m, err := MatchFieldContrast(page, spec, r, texts[0], window)
		return m, texts[0], err
	}
	var best FieldMatch
	var which string
	for _, t := range texts {
		m, err := MatchField(page, spec, r, t, window)
		if err != nil {
			return best, which, err
		}
		if m.Found && (!best.Found || m.Glyph > best.Glyph) {
			best, which = m, t
		}
	}
	if best.Found {
		c, err := MatchFieldContrast(page, spec, r, which, window)
		if err != nil {
			return best, which, err
		}
		best.Margin = c.Margin
	}
	return best, which, nil
}

// glyphSet is every digit and capital letter of a face drawn alone, each centred in a canvas
// as wide as the widest, in the capitals' band of a field's drawing: the characters a printed
// character could have been instead. The drawings are made once per face and band and kept
// (glyphCache); a set makes the strips it compares with (strip) and close releases them.
type glyphSet struct {
	*glyphDrawings
	h      int
	strips map[stripKey]gocv.Mat
}

type stripKey struct {
	kind string
	w, k int
}

// glyphDrawings are a face's glyphs drawn in a band: grey, w × h pixels each.
type glyphDrawings struct {
	w   int
	pix map[rune][]byte
}

type glyphKey struct {
	font         string
	px, baseline float64
	h            int
}

// glyphCache holds the drawings by face and band: as many as the library's models have
// fields of different fonts and sizes.
var glyphCache sync.Map // glyphKey → *glyphDrawings

const (
	digits   = "0123456789"
	capitals = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
)

// newGlyphSet draws the set in a band h pixels high whose baseline lies at baseline, or
// finds it drawn.
func newGlyphSet(fontName string, px float64, face font.Face, h int, baseline float64) *glyphSet {
	baseline = math.Round(baseline*8) / 8
	key := glyphKey{fontName, px, baseline, h}
	set := &glyphSet{h: h, strips: map[stripKey]gocv.Mat{}}
	if d, ok := glyphCache.Load(key); ok {
		set.glyphDrawings = d.(*glyphDrawings)
		return set
	}
	d := &glyphDrawings{pix: map[rune][]byte{}}
	for _, ch := range digits + capitals {
		if adv, ok := face.GlyphAdvance(ch); ok {
			d.w = max(d.w, int(math.Ceil(fx(adv)))+2)
		}
	}
	if d.w > 0 && h >= 4 {
		for _, ch := range digits + capitals {
			adv, ok := face.GlyphAdvance(ch)
			if !ok {
				continue
			}
			img := image.NewRGBA(image.Rect(0, 0, d.w, h))
			draw.Draw(img, img.Rect, image.White, image.Point{}, draw.Src)
			dc := gg.NewContextForRGBA(img)
			dc.SetFontFace(face)
			dc.SetColor(color.Black)
			dc.DrawString(string(ch), (float64(d.w)-fx(adv))/2, baseline)
			grey := make([]byte, d.w*h)
			for i := range grey {
				grey[i] = img.Pix[4*i] // black on white: R = G = B
			}
			d.pix[ch] = grey
		}
	}
	glyphCache.Store(key, d)
	set.glyphDrawings = d
	return set
}

func (set *glyphSet) close() {
	for _, m := range set.strips {
		m.Close()
	}
}

// margin compares the page's character at loc in search (where the template g of ch matched
// best, g's size) with every character of ch's kind drawn in a cell as wide as g, each shifted
// by up to a fifth of the cell: ch's best correlation less the best of any other. ok is false
// for a character of no kind or a blank cell.
//
// All candidates are compared in one template match: the page's cell is looked for in a strip
// of the candidates' drawings side by side, each with room to shift.
func (set *glyphSet) margin(search, g gocv.Mat, ch rune, loc image.Point) (float64, bool) {
	kind := digits
	switch {
	case strings.ContainsRune(capitals, ch):
		kind = capitals
	case !strings.ContainsRune(digits, ch):
		return 0, false
	}
	w, h := g.Cols(), g.Rows()
	own := strings.IndexRune(kind, ch)
	if w > set.w || h != set.h || len(set.pix) == 0 || loc.X+w > search.Cols() || loc.Y+h > search.Rows() {
		return 0, false
	}
	k := max(2, w/5)
	strip, ok := set.strip(kind, w, k)
	if !ok {
		return 0, false
	}
	cell := search.Region(image.Rect(loc.X, loc.Y, loc.X+w, loc.Y+h))
	defer cell.Close()
	mean, sd := gocv.NewMat(), gocv.NewMat()
	gocv.MeanStdDev(cell, &mean, &sd)
	blank := sd.GetDoubleAt(0, 0) < 2
	mean.Close()
	sd.Close()
	if blank {
		return 0, false
	}
	res, none := gocv.NewMat(), gocv.NewMat()
	defer res.Close()
	defer none.Close()
	gocv.MatchTemplate(strip, cell, &res, gocv.TmCcoeffNormed, none)
	vals, err := res.DataPtrFloat32()
	if err != nil {
		return 0, false
	}
	cols, cw := res.Cols(), w+2*k
	best := make([]float64, len(kind))
	for i := range best {
		best[i] = -2
		for y := 0; y < res.Rows(); y++ {
			for x := i * cw; x <= i*cw+2*k && x < cols; x++ {
				best[i] = math.Max(best[i], float64(vals[y*cols+x]))
			}
		}
	}
	other := -2.0
	for i, v := range best {
		if i != own {
			other = math.Max(other, v)
		}
	}
	if best[own] < -1 || other < -1 {
		return 0, false
	}
	return best[own] - other, true
}

// strip is the characters of kind drawn side by side, each in a cell w+2k wide (its drawing's
// middle w columns, white k columns either side) with two white rows above and below; made
// once per set.
func (set *glyphSet) strip(kind string, w, k int) (gocv.Mat, bool) {
	key := stripKey{kind, w, k}
	if m, ok := set.strips[key]; ok {
		return m, true
	}
	cw, sh := w+2*k, set.h+4
	n := len(kind)
	pix := make([]byte, n*cw*sh)
	for i := range pix {
		pix[i] = 255
	}
	x0 := (set.w - w) / 2
	for i, ch := range kind {
		d, ok := set.pix[ch]
		if !ok {
			return gocv.Mat{}, false
		}
		for y := 0; y < set.h; y++ {
			copy(pix[(y+2)*n*cw+i*cw+k:], d[y*set.w+x0:y*set.w+x0+w])
		}
	}
	view, err := gocv.NewMatFromBytes(sh, n*cw, gocv.MatTypeCV8U, pix)
	if err != nil {
		return gocv.Mat{}, false
	}
	m := view.Clone()
	view.Close()
	set.strips[key] = m
	return m, true
}

func fx(v fixed.Int26_6) float64 { return float64(v) / 64 }

func rgbaToGrey(img *image.RGBA) (gocv.Mat, error) {
	m, err := gocv.NewMatFromBytes(img.Rect.Dy(), img.Rect.Dx(), gocv.MatTypeCV8UC4, img.Pix)
	if err != nil {
		return gocv.NewMat(), err
	}
	defer m.Close()
	out := gocv.NewMat()
	gocv.CvtColor(m, &out, gocv.ColorRGBAToGray)
	return out, nil
}
