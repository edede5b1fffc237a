// Package securitypattern defines the security_pattern check: the guilloche, background and
// microprint against the specimen.
package securitypattern

import (
	"image"
	"math"

	"github.com/docverify/docverify/detect"
	"github.com/docverify/docverify/templates"
)

// Check is the security_pattern check.
var Check = &detect.Check{
	Name: "security_pattern",
	Doc: `The security printing (guilloche rosettes, borders and waves, microprint, background) against
the specimen.

Each region of kind guilloche, microprint or background is compared with the reference in the
straightened page: the correlation of the two (personal data and a lamp's reflection masked
out; the frame at the page's edge and plain background for detail only; rosettes and other
guilloche each measured apart, as they keep differently through a capture), and the fine-detail
energy (lines of 0.1 mm, text of 0.3 mm) against the reference's blurred as much as the capture
blurred the page (matched on the MRZ). A redrawn or missing pattern correlates poorly; a copy
or a print from a scan loses the fine detail beyond what the capture explains.`,
	Measures: []*detect.Measure{correlation, lines, detail},
	Run:      run,
}

var (
	correlation = &detect.Measure{Key: "security_pattern.correlation", Doc: "lowest correlation of a guilloche rosette with the reference's",
		Threshold: 0.6, Scale: 0.4, Reason: "pattern_mismatch", Bound: detect.PrintBound} // genuine 0.92+ on scans and kiosk captures, 0.46+ on phone photos; redrawn rosettes 0.3–0.6
	lines = &detect.Measure{Key: "security_pattern.lines", Doc: "lowest correlation of another guilloche (waves) with the reference's",
		Threshold: 0.6, Scale: 0.4, Reason: "pattern_mismatch", Bound: detect.PrintBound}
	detail = &detect.Measure{Key: "security_pattern.detail", Doc: "lowest fine-detail energy of a security printing region against the capture-matched reference",
		Threshold: 0.6, Scale: 0.1, Reason: "fine_detail_lost"}
)

func run(p *detect.Pass) (detect.Finding, error) {
	s := p.Scan
	spec := s.Spec()
	if f, no := s.Unregistered(); no {
		return f, nil
	}
	worstCorr, worstLines, worstDetail, borderCorr := math.Inf(1), math.Inf(1), math.Inf(1), math.Inf(1)
	var worstName, linesName, borderName string
	regions := map[string]any{}
	for _, r := range spec.Regions {
		if r.Kind != templates.KindGuilloche && r.Kind != templates.KindMicroprint && !(r.Kind == templates.KindBackground && r.Style == "") {
			continue
		}
		rect, ok := s.RegionRect(r.Name)
		if !ok {
			continue
		}
		if r.Style == "border" { // the frame: its top band stands for it
			band := int(r.Param("band_mm", 3) * spec.DPI / 25.4)
			rect = image.Rect(rect.Min.X, rect.Min.Y, rect.Max.X, rect.Min.Y+band)
		}
		if rect.Dx() < 20 || rect.Dy() < 8 {
			continue
		}
		page, ref, blurred := crops(s, rect)
		// At a quarter of the resolution, blurred, and over shifts of up to 2 mm: the pattern's
		// drawing, not its 0.1 mm lines, which the alignment cannot superpose exactly. Personal
		// print and a lamp's reflection are left out.
		mask := s.Masked(rect)
		for i, g := range detect.Glare(page, ref).Pix {
			if g > 0 {
				mask[i] = false
			}
		}
		pq, mq := detect.Shrink(page.Blur(2), mask, 4)
		rq, _ := detect.Shrink(ref.Blur(2), nil, 4)
		c := detect.NCCShift(pq, rq, mq, 3)
		// Fine detail against the reference blurred as the capture blurred the page.
		d := page.Detail() / math.Max(blurred.Detail(), 1e-6)
		regions[r.Name] = map[string]float64{"correlation": round(c), "detail": round(d)}
		// Plain background has too little pattern to correlate, and the frame's band at the
		// page's edge takes in the document's edge and what lies beyond it (genuine phone
		// photos: 0.16 to 0.9, median 0.46, where the rosette's median is 0.96): they count for
		// detail only.
		// A rosette's fine drawing and the broad lines of waves across the page keep
		// differently through a capture (genuine phone photos: rosettes 0.46+, median 0.96;
		// waves 0.41+): each kind is its own measure, held to its own genuine range.
		switch {
		case r.Kind != templates.KindGuilloche:
		case r.Style == "border":
			if c < borderCorr {
				borderCorr, borderName = c, r.Name
			}
		case r.Style == "rosette":
			if c < worstCorr {
				worstCorr, worstName = c, r.Name
			}
		case c < worstLines:
			worstLines, linesName = c, r.Name
		}
		worstDetail = math.Min(worstDetail, d)
	}
	if math.IsInf(worstCorr, 1) { // a model without a rosette: its other guilloche, or its frame
		worstCorr, worstName, worstLines = worstLines, linesName, math.Inf(1)
		if math.IsInf(worstCorr, 1) {
			worstCorr, worstName = borderCorr, borderName
		}
	}
	if len(regions) == 0 || math.IsInf(worstCorr, 1) {
		return detect.Skipped("no_region", nil), nil
	}
	gc := p.Grade(correlation, worstCorr)
	grades := []detect.Finding{gc, p.Grade(detail, worstDetail)}
	where := worstName
	if !math.IsInf(worstLines, 1) {
		gl := p.Grade(lines, worstLines)
		grades = append(grades, gl)
		if gl.Score > gc.Score {
			where = linesName
		}
	}
	f := detect.Worst(map[string]any{"regions": regions}, grades...)
	f.Region = s.RegionQuad(where)
	return f, nil
}

func crops(s *detect.Scan, r image.Rectangle) (page, ref, blurred detect.Grey) {
	a, b, c := detect.Crop(s.Page, r), detect.Crop(s.Ref, r), detect.Crop(s.RefBlurred, r)
	defer a.Close()
	defer b.Close()
	defer c.Close()
	return detect.GreyOf(a), detect.GreyOf(b), detect.GreyOf(c)
}

func round(v float64) float64 { return math.Round(v*1e4) / 1e4 }
