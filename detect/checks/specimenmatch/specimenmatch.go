// Package specimenmatch defines the specimen_match check: how well the document matches the
// specimen it was identified as.
package specimenmatch

import (
	"image"
	"math"

	"github.com/docverify/docverify/detect"
)

// Check is the specimen_match check.
var Check = &detect.Check{
	Name: "specimen_match",
	Doc: `How well the document matches its specimen.

The pipeline identifies the model by matching the features of its printing with each
specimen's reference image (ORB keypoints, a RANSAC homography) and refines the alignment by
registering the straightened page with the reference over the model's static printing (ECC).
The check grades the registration's correlation, of the brightness or of the printing with the
light's slow changes across the page removed, whichever is higher (a page that does not reach
detect.MinRegistration is not registered: this check fails, saying so, and the checks that
compare the page with the reference region by region do not run), and the colours of the static printing: the
angle by which their hues are turned from the reference's, once the page's white is balanced
on the reference's paper (HueShift), when the turn is common to the page (a page registered
off its reference differs every which way, and is not graded on it). A capture leaves that
angle within a few degrees; a document printed in another design's colours turns it far
(Foreign). A document no specimen
explains is an unknown document (a fantasy document, or a model the library lacks) unless its
MRZ names a model of the library: then it claims to be a document it does not look like, and
is at least suspicious; but a document on a model's layout in colours that are not the
model's is no model of the library whatever its MRZ claims.`,
	Measures: []*detect.Measure{correlation, hueShift},
	Run:      run,
}

var (
	correlation = &detect.Measure{Key: "specimen_match.correlation", Doc: "correlation of the straightened page with the reference over static printing: of the brightness, or with the light's slow changes removed, whichever is higher (detect.Identification.Correlation)",
		Threshold: 0.55, Scale: 0.08, Reason: "specimen_weak", Bound: detect.PrintBound}
	hueShift = &detect.Measure{Key: "specimen_match.hue_shift", Doc: "degrees by which the hues of the static printing's colours are turned from the reference's",
		Threshold: 10, Scale: 4, HigherIsWorse: true, Reason: "specimen_colours"}
)

// ForeignHue is the hue shift, in degrees, from which a document's printing is in another
// design's colours: a twelfth of the colour wheel. Captures of genuine documents (scans, kiosk,
// phone photos in coloured light) measured up to 11° on 2,300 generated ones once white is
// balanced; a design in other colours turns them by much more (72–166° measured).
const ForeignHue = 30.0

// Foreign says whether a specimen_match finding measured the document's colours as another
// design's (a hue shift of at least ForeignHue).
func Foreign(f detect.Finding) bool {
	v, ok := f.Evidence["hue_shift_deg"].(float64)
	return ok && v >= ForeignHue
}

func run(p *detect.Pass) (detect.Finding, error) {
	s := p.Scan
	if s.ID == nil {
		f := detect.Failed("unknown_specimen", 1, map[string]any{"candidates_tried": s.Tried})
		return f, nil
	}
	ev := map[string]any{
		"specimen": s.ID.Spec.ID, "matches": s.ID.Matches, "inliers": s.ID.Inliers,
		"inlier_rate": math.Round(s.ID.InlierRate*1000) / 1000,
	}
	q := s.ID.Corners
	// The hue shift is measured whether or not the page registered: blocks of printing turned
	// alike measure the palette, and blocks compared with other printing do not agree.
	var hue *detect.Finding
	if !s.Page.Empty() && !s.Ref.Empty() {
		r := image.Rect(0, 0, s.Page.Cols(), s.Page.Rows())
		shift, agreement, n := detect.HueShift(s.Page, s.Ref, s.Masked(r), blockPx(s))
		ev["hue_agreement"], ev["hue_blocks"] = math.Round(agreement*1000)/1000, n
		if n >= minBlocks && agreement >= minAgreement {
			g := p.Grade(hueShift, shift)
			hue = &g
			ev["hue_shift_deg"] = math.Round(shift*100) / 100
		}
	}
	if s.ID.Correlation < detect.MinRegistration {
		// Not registered: the checks that compare the page with the reference region by
		// region do not run, and neither the correlation nor the hue shift is graded as a
		// measure (their calibrated thresholds come from registered pages).
		ev["correlation"], ev["min_correlation"] = math.Round(s.ID.Correlation*1e4)/1e4, detect.MinRegistration
		f := detect.Failed("not_registered", 1, ev)
		f.Region = &q
		return f, nil
	}
	grades := []detect.Finding{p.Grade(correlation, s.ID.Correlation)}
	if hue != nil {
		grades = append(grades, *hue)
	}
	f := detect.Worst(ev, grades...)
	f.Region = &q
	return f, nil
}

// minBlocks is the least number of coloured blocks the hue shift is measured on, and
// minAgreement the least agreement of their turns: a page registered off its reference
// compares blocks of different printing, whose hues differ every which way (agreement 0.4–0.6
// where it was seen); a palette turned as a whole turns every block alike (0.76–1).
const (
	minBlocks    = 50
	minAgreement = 0.7
)

// blockPx is the side of the blocks the hue shift averages over: a millimetre.
func blockPx(s *detect.Scan) int {
	return max(1, int(s.Spec().DPI/25.4+0.5))
}
