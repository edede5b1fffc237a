package samples

import (
	"image"
	"image/color"
	"image/draw"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"sync"

	"github.com/docverify/docverify/samples/capture"
	"github.com/docverify/docverify/samples/people"
	"github.com/docverify/docverify/templates"
	"github.com/fogleman/gg"
	xdraw "golang.org/x/image/draw"
	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
)

// Document is one personalised document, ready to draw: the model, what is printed in each
// field, the MRZ as printed, the portraits, and whatever a forger changed.
type Document struct {
	Spec         *templates.Spec
	Printed      map[string]string // field name → the exact string printed in "field:<name>"
	MRZ          []string          // the MRZ lines as printed
	PortraitSeed uint64            // the portrait printed in the portrait region
	GhostSeed    uint64            // the portrait the ghost image was made from
	Seed         uint64            // this sheet's own randomness: fibres, foil angle, registration
	Tamper       Tamper
}

// Tamper is what a forger changed in the drawing of a document. The zero value is a genuine
// document.
type Tamper struct {
	Shift       map[string][2]float64 // region name → offset in mm
	Font        map[string]string     // region name → font drawn instead of the spec's
	MRZFont     string                // font of the MRZ instead of OCR-B
	MRZPitchMM  float64               // character pitch of the MRZ instead of 2.54 mm
	Without     map[string]bool       // region names not printed (a feature missing)
	Replace     map[string]string     // region name → another art style (a feature replaced)
	FlatOVD     bool                  // the hologram printed flat
	Feather     float64               // a substituted portrait's edge softness, mm
	Patch       *Patch                // a printed field altered over a patched background
	UVBright    bool                  // office paper: glows under UV
	UVNoPattern bool                  // no fluorescent pattern
	IRNoMRZ     bool                  // the MRZ printed with ink that infrared sees through
	IRAllDark   bool                  // everything printed absorbs infrared (toner)
}

// Patch describes how a field was altered: the background under it was repainted before the new
// text was printed.
type Patch struct {
	Field    string     // the field altered
	Fill     color.RGBA // the colour painted over the original (a forger's best match)
	Texture  float64    // 0: flat paint; 1: the genuine background redrawn (almost invisible)
	MarginMM float64    // how far the patch reaches beyond the text
}

// Rendered is a drawn document page with where everything ended up, in page pixels.
type Rendered struct {
	Page  capture.Page
	Boxes map[string]image.Rectangle // region name → its box; for fields, the printed text's tight box
}

// The base layers (paper, security printing, labels) of each model are the same on every sheet;
// they are drawn once and copied.
var bases sync.Map // baseKey → *base

type baseKey struct {
	spec    *templates.Spec
	without string
	replace string
}

type base struct {
	once            sync.Once
	visible, ir, uv *image.RGBA
	err             error
}

// Render draws the document. withIRUV also draws the infrared and ultraviolet images.
func Render(doc *Document, withIRUV bool) (*Rendered, error) {
	s := doc.Spec
	b, err := baseOf(s, doc.Tamper)
	if err != nil {
		return nil, err
	}
	out := &Rendered{Boxes: map[string]image.Rectangle{}}
	vis := cloneRGBA(b.visible)
	var ir, uv *image.RGBA
	if withIRUV {
		ir, uv = cloneRGBA(b.ir), cloneRGBA(b.uv)
	}
	rng := rand.New(rand.NewPCG(doc.Seed, 0x5eed))
	dpi := s.DPI

	// Registration of the personalisation printer: every sheet is a little off (≤ 0.25 mm).
	jx, jy := (rng.Float64()-0.5)*0.5, (rng.Float64()-0.5)*0.5
	shifted := func(r templates.Region, personal bool) templates.Region {
		if d, ok := doc.Tamper.Shift[r.Name]; ok {
			r.Rect[0] += d[0]
			r.Rect[1] += d[1]
		}
		if personal {
			r.Rect[0] += jx
			r.Rect[1] += jy
		}
		return r
	}

	for _, r := range s.Regions {
		if doc.Tamper.Without[r.Name] {
			continue
		}
		switch {
		case r.Kind == templates.KindOVD:
			drawOVD(vis, r, dpi, rng.Float64(), doc.Tamper.FlatOVD)
			out.Boxes[r.Name] = r.Rect.Px(dpi)
		case r.Kind == templates.KindPortrait:
			r = shifted(r, true)
			box := r.Rect.Px(dpi)
			p := people.Portrait(doc.PortraitSeed, box.Dx(), box.Dy())
			pasteFeathered(vis, p, box.Min, mmPx(doc.Tamper.Feather, dpi))
			if ir != nil {
				pasteGrey(ir, p, box.Min, 0.75)
			}
			out.Boxes[r.Name] = box
		case r.Kind == templates.KindGhostPortrait:
			r = shifted(r, true)
			box := r.Rect.Px(dpi)
			ghost(vis, people.Portrait(doc.GhostSeed, box.Dx(), box.Dy()), box.Min)
			out.Boxes[r.Name] = box
		case r.Kind == templates.KindMRZ:
			r = shifted(r, true)
			box, err := drawMRZ(vis, ir, r, dpi, doc)
			if err != nil {
				return nil, err
			}
			out.Boxes[r.Name] = box
		default:
			name, isField := r.Kind.IsField()
			if !isField {
				out.Boxes[r.Name] = r.Rect.Px(dpi)
				continue
			}
			text := doc.Printed[name]
			if text == "" {
				continue
			}
			r = shifted(r, true)
			if p := doc.Tamper.Patch; p != nil && p.Field == name {
				patch(vis, b.visible, r, dpi, p)
			}
			fontName := r.Font
			if f, ok := doc.Tamper.Font[r.Name]; ok {
				fontName = f
			}
			box, err := drawText(vis, r, dpi, fontName, text, templates.ParseColor(r.Color))
			if err != nil {
				return nil, err
			}
			if ir != nil && r.IR {
				if _, err := drawText(ir, r, dpi, fontName, text, color.RGBA{45, 45, 45, 255}); err != nil {
					return nil, err
				}
			}
			out.Boxes[r.Name] = box
		}
	}

	if uv != nil {
		dc := gg.NewContextForRGBA(uv)
		drawFibres(dc, rng, float64(uv.Rect.Dx()), float64(uv.Rect.Dy()), dpi)
		if doc.Tamper.UVBright {
			brighten(uv, color.RGBA{170, 175, 230, 255}, 0.8)
		}
		if doc.Tamper.UVNoPattern {
			// The pattern was in the base; a forger's sheet has none: repaint those regions.
			for _, r := range s.RegionsOf(templates.KindUVPattern) {
				box := r.Rect.Px(dpi)
				fill := uv.RGBAAt(box.Min.X, box.Min.Y-1)
				if doc.Tamper.UVBright {
					fill = color.RGBA{150, 155, 210, 255}
				}
				draw.Draw(uv, box, image.NewUniform(fill), image.Point{}, draw.Src)
			}
		}
	}
	if ir != nil && doc.Tamper.IRAllDark {
		// Toner absorbs infrared: the infrared image shows the whole visible print in grey.
		ir = greyOf(vis)
	}
	out.Page = capture.Page{Visible: vis, IR: ir, UV: uv, DPI: dpi}
	return out, nil
}

// baseOf draws, once per model and variant, the sheet before personalisation.
func baseOf(s *templates.Spec, t Tamper) (*base, error) {
	key := baseKey{spec: s, without: keyOf(t.Without), replace: keyOfStr(t.Replace)}
	v, _ := bases.LoadOrStore(key, &base{})
	b := v.(*base)
	b.once.Do(func() { b.visible, b.ir, b.uv, b.err = drawBase(s, t) })
	return b, b.err
}

func keyOf(m map[string]bool) string {
	var parts []string
	for k, v := range m {
		if v {
			parts = append(parts, k)
		}
	}
	sort.Strings(parts)
	return strings.Join(parts, ",")
}

func keyOfStr(m map[string]string) string {
	var parts []string
	for k, v := range m {
		parts = append(parts, k+"="+v)
	}
	sort.Strings(parts)
	return strings.Join(parts, ",")
}

func drawBase(s *templates.Spec, t Tamper) (vis, ir, uv *image.RGBA, err error) {
	size := s.PagePx()
	dpi := s.DPI
	vis = image.NewRGBA(image.Rectangle{Max: size})
	draw.Draw(vis, vis.Rect, image.NewUniform(templates.ParseColor(s.Paper.Color)), image.Point{}, draw.Src)
	ir = image.NewRGBA(vis.Rect)
	draw.Draw(ir, ir.Rect, image.NewUniform(color.RGBA{222, 222, 222, 255}), image.Point{}, draw.Src)
	uv = image.NewRGBA(vis.Rect)
	paperUV := color.RGBA{18, 16, 38, 255} // security paper: dull under UV
	if s.Paper.UV != "" && s.Paper.UV != "dull" {
		paperUV = templates.ParseColor(s.Paper.UV)
	}
	draw.Draw(uv, uv.Rect, image.NewUniform(paperUV), image.Point{}, draw.Src)

	dc := gg.NewContextForRGBA(vis)
	irc := gg.NewContextForRGBA(ir)
	uvc := gg.NewContextForRGBA(uv)
	for _, r := range s.Regions {
		if t.Without[r.Name] {
			continue
		}
		if style, ok := t.Replace[r.Name]; ok {
			r.Style = style
			if len(r.Colors) > 1 {
				r.Colors = append([]string{r.Colors[1]}, r.Colors[0])
			}
			r.Params = nil
		}
		drawArt := func(c *gg.Context, r templates.Region) error {
			switch r.Kind {
			case templates.KindBackground:
				if r.Style != "" {
					drawFountain(c, r, dpi)
				}
			case templates.KindGuilloche:
				switch r.Style {
				case "rosette":
					drawRosette(c, r, dpi)
				case "border":
					drawBorder(c, r, dpi)
				default:
					drawWaves(c, r, dpi)
				}
			case templates.KindMicroprint:
				return drawMicroprint(c, r, dpi)
			case templates.KindEmblem:
				drawEmblem(c, r, dpi)
			case templates.KindLabel, templates.KindText:
				_, err := drawText(c.Image().(*image.RGBA), r, dpi, r.Font, r.Text, templates.ParseColor(r.Color))
				return err
			}
			return nil
		}
		if err := drawArt(dc, r); err != nil {
			return nil, nil, nil, err
		}
		if r.IR { // infrared-absorbing ink: dark grey in the infrared image
			g := r
			g.Colors = []string{"#3c3c3c", "#3c3c3c", "#3c3c3c"}
			g.Color = "#3c3c3c"
			if err := drawArt(irc, g); err != nil {
				return nil, nil, nil, err
			}
		}
		if r.Kind == templates.KindUVPattern {
			drawUVPattern(uvc, r, dpi)
		}
	}
	return vis, ir, uv, nil
}

// drawText prints text in a region: left-aligned, the baseline so that capital letters fill the
// region's height as the size says. It returns the tight box of the ink.
func drawText(img *image.RGBA, r templates.Region, dpi float64, fontName, text string, c color.RGBA) (image.Rectangle, error) {
	if fontName == "" {
		fontName = "sans"
	}
	face, done, err := templates.Face(fontName, r.FontPx(dpi))
	if err != nil {
		return image.Rectangle{}, err
	}
	defer done()
	x, baseline := templates.TextBaseline(r, dpi, float64(face.Metrics().Ascent.Round()))
	dc := gg.NewContextForRGBA(img)
	dc.SetFontFace(face)
	dc.SetColor(c)
	dc.DrawString(text, x, baseline)
	b, _ := font.BoundString(face, text)
	box := image.Rect(
		int(math.Floor(x+fixedF(b.Min.X))), int(math.Floor(baseline+fixedF(b.Min.Y))),
		int(math.Ceil(x+fixedF(b.Max.X))), int(math.Ceil(baseline+fixedF(b.Max.Y))))
	return box, nil
}

func fixedF(v fixed.Int26_6) float64 { return float64(v) / 64 }

// drawMRZ prints the MRZ lines in OCR-B at ICAO's 2.54 mm pitch (or what a forger used), one
// character per cell, the lines evenly spaced in the region. ir, when not nil, gets the MRZ in
// infrared-absorbing ink.
func drawMRZ(vis, ir *image.RGBA, r templates.Region, dpi float64, doc *Document) (image.Rectangle, error) {
	fontName := "ocrb"
	if doc.Tamper.MRZFont != "" {
		fontName = doc.Tamper.MRZFont
	}
	lay := templates.MRZLayoutOf(r, dpi, len(doc.MRZ), doc.Tamper.MRZPitchMM)
	face, done, err := templates.Face(fontName, templates.OCRBEm(lay.CapHeight))
	if err != nil {
		return image.Rectangle{}, err
	}
	defer done()
	var box image.Rectangle
	for _, dst := range []*image.RGBA{vis, ir} {
		if dst == nil || (dst == ir && doc.Tamper.IRNoMRZ) {
			continue
		}
		dc := gg.NewContextForRGBA(dst)
		dc.SetFontFace(face)
		ink := templates.ParseColor(r.Color)
		if r.Color == "" || dst == ir {
			ink = color.RGBA{20, 20, 24, 255}
		}
		dc.SetColor(ink)
		for li, line := range doc.MRZ {
			var x0, baseline float64
			for i, ch := range line {
				x, b := lay.Origin(li, i)
				if i == 0 {
					x0, baseline = x, b
				}
				dc.DrawString(string(ch), x, b)
			}
			left := x0 - lay.Pitch*0.12
			lb := image.Rect(int(left), int(baseline-lay.CapHeight), int(math.Ceil(left+lay.Pitch*float64(len(line)))), int(math.Ceil(baseline+1)))
			box = box.Union(lb)
		}
	}
	return box, nil
}

// pasteFeathered copies the portrait in; feather > 0 softens its edges into the paper (a
// substituted photo's glued border).
func pasteFeathered(dst, src *image.RGBA, at image.Point, feather float64) {
	w, h := src.Rect.Dx(), src.Rect.Dy()
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			if !image.Pt(at.X+x, at.Y+y).In(dst.Rect) {
				continue
			}
			a := 1.0
			if feather > 0 {
				d := math.Min(math.Min(float64(x), float64(w-1-x)), math.Min(float64(y), float64(h-1-y)))
				a = math.Min(1, d/feather)
			}
			so, do := src.PixOffset(x, y), dst.PixOffset(at.X+x, at.Y+y)
			for i := 0; i < 3; i++ {
				dst.Pix[do+i] = uint8(a*float64(src.Pix[so+i]) + (1-a)*float64(dst.Pix[do+i]))
			}
		}
	}
}

// pasteGrey copies the portrait into an infrared image as grey, darkened by k.
func pasteGrey(dst, src *image.RGBA, at image.Point, k float64) {
	for y := 0; y < src.Rect.Dy(); y++ {
		for x := 0; x < src.Rect.Dx(); x++ {
			if !image.Pt(at.X+x, at.Y+y).In(dst.Rect) {
				continue
			}
			so, do := src.PixOffset(x, y), dst.PixOffset(at.X+x, at.Y+y)
			g := uint8(k * (0.3*float64(src.Pix[so]) + 0.59*float64(src.Pix[so+1]) + 0.11*float64(src.Pix[so+2])))
			dst.Pix[do], dst.Pix[do+1], dst.Pix[do+2] = g, g, g
		}
	}
}

// ghost prints a faint greyscale copy of the portrait with a line screen, multiplied over the
// background.
func ghost(dst, src *image.RGBA, at image.Point) {
	for y := 0; y < src.Rect.Dy(); y++ {
		screen := 1.0
		if y%3 == 0 {
			screen = 0.55
		}
		for x := 0; x < src.Rect.Dx(); x++ {
			if !image.Pt(at.X+x, at.Y+y).In(dst.Rect) {
				continue
			}
			so, do := src.PixOffset(x, y), dst.PixOffset(at.X+x, at.Y+y)
			g := (0.3*float64(src.Pix[so]) + 0.59*float64(src.Pix[so+1]) + 0.11*float64(src.Pix[so+2])) / 255
			ink := 1 - (1-g)*0.45*screen // light ink
			for i := 0; i < 3; i++ {
				dst.Pix[do+i] = uint8(float64(dst.Pix[do+i]) * ink)
			}
		}
	}
}

// patch repaints a field's area before new text is printed: flat paint, or the genuine
// background redrawn with a small offset (a careful forger's work).
func patch(dst, clean *image.RGBA, r templates.Region, dpi float64, p *Patch) {
	box := r.Rect.Px(dpi)
	m := int(mmPx(p.MarginMM, dpi))
	box = image.Rect(box.Min.X-m, box.Min.Y-m, box.Max.X+m, box.Max.Y+m).Intersect(dst.Rect)
	off := int(mmPx(0.4, dpi))
	for y := box.Min.Y; y < box.Max.Y; y++ {
		for x := box.Min.X; x < box.Max.X; x++ {
			sx, sy := x+off, y+off/2
			if !image.Pt(sx, sy).In(clean.Rect) {
				sx, sy = x, y
			}
			so, do := clean.PixOffset(sx, sy), dst.PixOffset(x, y)
			for i, f := range [3]uint8{p.Fill.R, p.Fill.G, p.Fill.B} {
				dst.Pix[do+i] = uint8(p.Texture*float64(clean.Pix[so+i]) + (1-p.Texture)*float64(f))
			}
		}
	}
}

func brighten(img *image.RGBA, c color.RGBA, k float64) {
	for i := 0; i < len(img.Pix); i += 4 {
		img.Pix[i] = uint8(k*float64(c.R) + (1-k)*float64(img.Pix[i]))
		img.Pix[i+1] = uint8(k*float64(c.G) + (1-k)*float64(img.Pix[i+1]))
		img.Pix[i+2] = uint8(k*float64(c.B) + (1-k)*float64(img.Pix[i+2]))
	}
}

func greyOf(src *image.RGBA) *image.RGBA {
	out := image.NewRGBA(src.Rect)
	for i := 0; i < len(src.Pix); i += 4 {
		g := uint8(0.3*float64(src.Pix[i]) + 0.59*float64(src.Pix[i+1]) + 0.11*float64(src.Pix[i+2]))
		out.Pix[i], out.Pix[i+1], out.Pix[i+2], out.Pix[i+3] = g, g, g, 255
	}
	return out
}

func cloneRGBA(src *image.RGBA) *image.RGBA {
	out := &image.RGBA{Pix: make([]uint8, len(src.Pix)), Stride: src.Stride, Rect: src.Rect}
	copy(out.Pix, src.Pix)
	return out
}

// scaleTo resizes an image to w×h with a good filter.
func scaleTo(src image.Image, w, h int) *image.RGBA {
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	xdraw.CatmullRom.Scale(dst, dst.Rect, src, src.Bounds(), xdraw.Src, nil)
	return dst
}
