// Package ir defines the ir check: the document under infrared light.
package ir

import (
	"math"

	"github.com/docverify/docverify/detect"
	"github.com/docverify/docverify/templates"
)

// Check is the ir check.
var Check = &detect.Check{
	Name: "ir",
	Doc: `The document under infrared light, when a kiosk gives the IR image.

The MRZ and chosen inks are printed with carbon, which absorbs infrared; the security
background is printed with inks infrared sees through. So in the IR image the MRZ stands out
and the guilloche vanishes. A counterfeit printed with dye inks loses its MRZ in IR; one
printed with toner shows everything. The contrast of the MRZ region and of the region the
model keeps IR-invisible are compared with the reference's.`,
	Run: run,
}

const (
	minMRZContrast = 0.45 // page / reference standard deviation
	mrzScale       = 0.1
	maxInvisible   = 2.5 // page / reference standard deviation
	invisibleScale = 0.5
)

func run(p *detect.Pass) (detect.Finding, error) {
	s := p.Scan
	if s.Spec() == nil {
		return detect.Skipped("not_identified", nil), nil
	}
	if s.PageIR.Empty() {
		return detect.Skipped("no_image", nil), nil
	}
	if s.RefIR.Empty() {
		return detect.Skipped("no_region", map[string]any{"why": "the specimen has no IR reference"}), nil
	}
	m, mRef, mr, ok1 := s.Pair("ir_visible", templates.Infrared)
	v, vRef, _, ok2 := s.Pair("ir_invisible", templates.Infrared)
	if !ok1 || !ok2 {
		return detect.Skipped("no_region", nil), nil
	}
	_, sm := m.MeanStd()
	_, smRef := mRef.MeanStd()
	_, sv := v.MeanStd()
	_, svRef := vRef.MeanStd()
	mrz := sm / math.Max(smRef, 1)
	inv := sv / math.Max(svRef, 2)
	mf := detect.Graded(mrz, minMRZContrast, mrzScale, false, "ok", "ir_mrz_missing", nil)
	vf := detect.Graded(inv, maxInvisible, invisibleScale, true, "ok", "ir_unexpected_ink", nil)
	f := mf
	if vf.Score > mf.Score {
		f = vf
	}
	f.Evidence = map[string]any{"mrz_contrast_ratio": round(mrz), "mrz_threshold": minMRZContrast,
		"invisible_contrast_ratio": round(inv), "invisible_threshold": maxInvisible}
	f.Region = s.QuadOf(mr)
	return f, nil
}

func round(v float64) float64 { return math.Round(v*1e3) / 1e3 }
