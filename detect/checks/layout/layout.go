// Package layout defines the layout check: whether the printed fields are where the specimen
// puts them.
package layout

import (
	"image"
	"math"
	"sort"

	"github.com/docverify/docverify/detect"
	"github.com/docverify/docverify/detect/checks/vizmrz"
	"github.com/docverify/docverify/templates"
)

// Check is the layout check.
var Check = &detect.Check{
	Name: "layout",
	Doc: `Whether the printed fields sit where the specimen puts them.

Personalisation printers place every field at the model's position, within a few tenths of a
millimetre. A field whose text viz_mrz_match found, drawn as the model prints it, is where that
drawing was found; another field is measured by its ink: the left edge (in a window wider than
the field) and the height of its densest rows (in the field's own box), in the straightened page
and in the reference (blurred as the capture blurred the page). The caption printed with the
security background next to a field is found by matching the reference's caption box in the page
within 1.5 mm, and its offset subtracted, which cancels any error of the page's alignment; a
caption not found, or lying off the median of the captions by more than captionSpread, is taken
to be at that median (fields moved into a caption's box drag its match along). The median offset
over the fields found by their text is the layout shift; where fewer than three were, the median
over the fields measured by their ink is, held to a threshold of its own (the ink's edge depends
on the letters: genuine phone photos measured up to half a millimetre so).`,
	Requires: []*detect.Check{vizmrz.Check},
	Measures: []*detect.Measure{shiftMeasure, inkShiftMeasure},
	Run:      run,
}

var (
	shiftMeasure    = &detect.Measure{Key: "layout.shift_mm", Doc: "median offset from the specimen's layout of the fields found by their drawn text, mm", Threshold: 0.4, Scale: 0.2, HigherIsWorse: true, Reason: "layout_shift"}
	inkShiftMeasure = &detect.Measure{Key: "layout.ink_shift_mm", Doc: "median offset from the specimen's layout of the fields measured by their ink, where fewer than three were found by their text, mm", Threshold: 0.6, Scale: 0.2, HigherIsWorse: true, Reason: "layout_shift"}
)

func run(p *detect.Pass) (detect.Finding, error) {
	s := p.Scan
	spec := s.Spec()
	if f, no := s.Unregistered(); no {
		return f, nil
	}
	pxmm := spec.DPI / 25.4
	placed := vizmrz.Offsets(p.ResultOf[vizmrz.Check])
	type measured struct {
		name     string
		fdx, fdy float64 // the field's offset, mm
		ldx, ldy float64 // its caption's, mm
		caption  bool    // its caption was found
		drawn    bool    // placed by its drawn text
		box      image.Rectangle
	}
	var ms []measured
	var lxs, lys []float64
	for _, r := range spec.Regions {
		name, ok := r.Kind.IsField()
		if !ok {
			continue
		}
		fr, _ := s.RegionRect(r.Name)
		lr, hasLabel := s.RegionRect("label:" + name)
		if !hasLabel {
			continue
		}
		m := measured{name: name, box: fr}
		if o, ok := placed[name]; ok && len(o) == 2 {
			m.fdx, m.fdy, m.drawn = o[0], o[1], true
		} else {
			fdx, fdy, ok := offset(s, fr, pxmm)
			if !ok {
				continue
			}
			m.fdx, m.fdy = fdx/pxmm, fdy/pxmm
		}
		if ldx, ldy, ok := labelOffset(s, lr, pxmm); ok {
			m.ldx, m.ldy, m.caption = ldx/pxmm, ldy/pxmm, true
			lxs, lys = append(lxs, m.ldx), append(lys, m.ldy)
		}
		ms = append(ms, m)
	}
	if len(lxs) < 3 {
		return detect.Skipped("no_region", map[string]any{"captions_found": len(lxs)}), nil
	}
	var drawn, ink [2][]float64 // dx and dy of the fields found by their text, by their ink
	var area image.Rectangle
	byField := map[string][]float64{}
	mlx, mly := median(lxs), median(lys)
	for _, m := range ms {
		if !m.caption || math.Hypot(m.ldx-mlx, m.ldy-mly) > captionSpread {
			m.ldx, m.ldy = mlx, mly
		}
		dx, dy := m.fdx-m.ldx, m.fdy-m.ldy
		if m.drawn {
			drawn[0], drawn[1] = append(drawn[0], dx), append(drawn[1], dy)
		} else {
			ink[0], ink[1] = append(ink[0], dx), append(ink[1], dy)
		}
		byField[m.name] = []float64{round(dx), round(dy)}
		area = area.Union(m.box)
	}
	measure, offsets, by := shiftMeasure, drawn, "drawn text"
	if len(drawn[0]) < 3 {
		measure, offsets, by = inkShiftMeasure, ink, "ink"
	}
	if len(offsets[0]) < 3 {
		return detect.Skipped("no_region", map[string]any{"fields_measured": len(ms)}), nil
	}
	mx, my := median(offsets[0]), median(offsets[1])
	shift := math.Hypot(mx, my)
	f := detect.Worst(map[string]any{"shift_x_mm": round(mx), "shift_y_mm": round(my), "fields_measured": len(offsets[0]),
		"measured_by": by, "fields_mm": byField},
		p.Grade(measure, shift))
	f.Region = s.QuadOf(area)
	return f, nil
}

// offset measures how far the ink of a box is in the page from where it is in the reference:
// the left edge in a window 3.5 mm wider on each side (but not into a neighbouring picture), the
// densest rows in the box itself.
func offset(s *detect.Scan, r image.Rectangle, pxmm float64) (dx, dy float64, ok bool) {
	reach := int(3.5 * pxmm)
	wide := image.Rect(r.Min.X-reach, r.Min.Y, r.Max.X+reach, r.Max.Y).Intersect(image.Rect(0, 0, s.Page.Cols(), s.Page.Rows()))
	wide = stopAtPictures(s, wide, r)
	pw, rw := grey(s, wide)
	pl, okp := left(pw)
	rl, okr := left(rw)
	if !okp || !okr {
		return 0, 0, false
	}
	pt, rt := grey(s, r)
	py, ok1 := rowsCentre(pt)
	ry, ok2 := rowsCentre(rt)
	if !ok1 || !ok2 {
		return 0, 0, false
	}
	return pl - rl, py - ry, true
}

// pictures are the kinds of region whose content differs from the reference's on every genuine
// document (the holder's photos) or with the light (the OVD): ink found there is not the field's.
var pictures = []templates.Kind{templates.KindPortrait, templates.KindGhostPortrait, templates.KindOVD}

// stopAtPictures narrows a field's search window w (around its box r) so that it stops short of the
// pictures beside the box. A window that reached 0.5 mm into the portrait beside an identity
// card's fields found a phone photo's blurred edge of the holder's clothes as the fields' left
// edge: shifts of 3.5 to 5 mm on genuine documents.
func stopAtPictures(s *detect.Scan, w, r image.Rectangle) image.Rectangle {
	for _, k := range pictures {
		for _, reg := range s.Spec().RegionsOf(k) {
			pr, ok := s.RegionRect(reg.Name)
			if !ok || pr.Max.Y <= w.Min.Y || pr.Min.Y >= w.Max.Y {
				continue // not beside the window's rows
			}
			switch {
			case pr.Max.X <= r.Min.X && pr.Max.X > w.Min.X:
				w.Min.X = pr.Max.X
			case pr.Min.X >= r.Max.X && pr.Min.X < w.Max.X:
				w.Max.X = pr.Min.X
			}
		}
	}
	return w
}

// labelOffset is how far a caption is in the page from where it is in the reference: the
// reference's caption box (the caption and the security print around it, which the forger's
// printer does not place) looked for in the page within 1.5 mm. The whole print is matched, not
// its first column of ink: captions are printed light, and a reflection, or a darker print
// beside them in the window, hides where their ink starts.
func labelOffset(s *detect.Scan, r image.Rectangle, pxmm float64) (dx, dy float64, ok bool) {
	x, y, c := s.PrintOffset(r, int(1.5*pxmm))
	if c < minLabelCorr {
		return 0, 0, false
	}
	return float64(x), float64(y), true
}

// captionSpread is how far (mm) a caption may lie off the median of the page's captions and
// still place its field (a caption not found is taken at the median too): registration errs smoothly across a page, by tenths of a millimetre
// between neighbouring captions, while a field moved a millimetre into its caption's box moved
// that caption's match by 0.3 to 1.4 mm on a scan.
const captionSpread = 0.3

// minLabelCorr is the correlation below which a caption counts as not found.
const minLabelCorr = 0.3

func grey(s *detect.Scan, r image.Rectangle) (page, ref detect.Grey) {
	a, b := detect.Crop(s.Page, r), detect.Crop(s.RefBlurred, r)
	defer a.Close()
	defer b.Close()
	return detect.GreyOf(a), detect.GreyOf(b)
}

// left is the first column holding ink.
func left(g detect.Grey) (float64, bool) {
	b, ok := detect.InkBox(g, detect.InkMargin(g))
	return float64(b.Min.X), ok
}

// rowsCentre is the centre of the rows holding ink.
func rowsCentre(g detect.Grey) (float64, bool) {
	b, ok := detect.InkBox(g, detect.InkMargin(g))
	if !ok {
		return 0, false
	}
	return float64(b.Min.Y+b.Max.Y) / 2, true
}

func median(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	return s[len(s)/2]
}

func round(v float64) float64 { return math.Round(v*100) / 100 }
