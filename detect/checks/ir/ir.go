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
	Measures: []*detect.Measure{mrzContrast, invisible},
	Run:      run,
}

var (
	mrzContrast = &detect.Measure{Key: "ir.mrz_contrast", Doc: "contrast of the MRZ in IR relative to the reference's", Threshold: 0.45, Scale: 0.1, Reason: "ir_mrz_missing"}
	invisible   = &detect.Measure{Key: "ir.invisible_contrast", Doc: "contrast of the IR-invisible region relative to the reference's", Threshold: 2.5, Scale: 0.5, HigherIsWorse: true, Reason: "ir_unexpected_ink"}
)

func run(p *detect.Pass) (detect.Finding, error) {
	s := p.Scan
	if f, no := s.Unregistered(); no {
		return f, nil
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
	f := detect.Worst(nil, p.Grade(mrzContrast, mrz), p.Grade(invisible, inv))
	f.Region = s.QuadOf(mr)
	return f, nil
}
