package detect

import (
	"image"
	"image/color"
	"image/draw"
	"math"

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
	Found bool    // the text was drawn and looked for
}

// MatchField compares the page's field region with text drawn as region prints it. window is
// the part of the page to look in (the field's box with room around it).
func MatchField(page gocv.Mat, spec *templates.Spec, r templates.Region, text string, window image.Rectangle) (FieldMatch, error) {
	var m FieldMatch
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

	// Each character: its advance cell, in the capitals' band (accents above and marks below
	// left out: the MRZ does not carry them), looked for near where the previous one was found
	// plus its advance: punctuation the MRZ drops (an apostrophe, a hyphen for a space) only
	// shifts what follows.
	hb, _ := font.BoundString(face, "H") // the face's metrics may not carry the cap height
	capTop := int(base + fx(hb.Min.Y) - float64(box.Min.Y) - 1)
	capBottom := int(base-float64(box.Min.Y)) + 2
	capTop, capBottom = max(0, capTop), min(tmpl.Rows(), capBottom)
	m.Glyph = 1
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
		s.Close()
		g.Close()
		drift = search.Min.X + loc.X - (at.X + cell.Min.X)
		m.Glyph = math.Min(m.Glyph, float64(c))
	}
	return m, nil
}

// MatchFieldAny is MatchField for several ways the field may be printed: the best match.
func MatchFieldAny(page gocv.Mat, spec *templates.Spec, r templates.Region, texts []string, window image.Rectangle) (FieldMatch, string, error) {
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
	return best, which, nil
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
