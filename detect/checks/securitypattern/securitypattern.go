// Package securitypattern defines the security_pattern check: the guilloche, background and
// microprint against the specimen.
package securitypattern

import (
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
straightened page: the correlation of the two (personal data masked out), and the fine-detail
energy (lines of 0.1 mm, text of 0.3 mm) relative to the reference's. A redrawn or missing
pattern correlates poorly; a copy or a print from a scan loses the fine detail.`,
	Run: run,
}

const (
	minCorrelation = 0.35
	corrScale      = 0.08
	minDetail      = 0.35 // page detail / reference detail
	detailScale    = 0.1
)

func run(p *detect.Pass) (detect.Finding, error) {
	s := p.Scan
	spec := s.Spec()
	if spec == nil {
		return detect.Skipped("not_identified", nil), nil
	}
	worstCorr, worstDetail := math.Inf(1), math.Inf(1)
	var worstName string
	ev := map[string]any{}
	n := 0
	for _, r := range spec.Regions {
		if r.Kind != templates.KindGuilloche && r.Kind != templates.KindMicroprint && !(r.Kind == templates.KindBackground && r.Style == "") {
			continue
		}
		page, ref, rect, ok := s.Pair(r.Name, templates.Visible)
		if !ok || rect.Dx() < 20 || rect.Dy() < 8 {
			continue
		}
		mask := s.Masked(rect)
		c := detect.NCCMasked(page.Blur(1), ref.Blur(1), mask)
		rd := ref.Detail()
		det := 1.0
		if rd > 0 {
			det = page.Detail() / rd
		}
		ev[r.Name] = map[string]float64{"correlation": round(c), "detail_ratio": round(det)}
		if r.Kind == templates.KindGuilloche || r.Kind == templates.KindBackground {
			if c < worstCorr {
				worstCorr, worstName = c, r.Name
			}
		}
		worstDetail = math.Min(worstDetail, det)
		n++
	}
	if n == 0 {
		return detect.Skipped("no_region", nil), nil
	}
	cf := detect.Graded(worstCorr, minCorrelation, corrScale, false, "ok", "pattern_mismatch", nil)
	df := detect.Graded(worstDetail, minDetail, detailScale, false, "ok", "fine_detail_lost", nil)
	f := cf
	if df.Score > cf.Score {
		f = df
	}
	ev["min_correlation"], ev["correlation_threshold"] = round(worstCorr), minCorrelation
	ev["min_detail_ratio"], ev["detail_threshold"] = round(worstDetail), minDetail
	f.Evidence = ev
	f.Region = s.RegionQuad(worstName)
	return f, nil
}

func round(v float64) float64 { return math.Round(v*1e4) / 1e4 }
