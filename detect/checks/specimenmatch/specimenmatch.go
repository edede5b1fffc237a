// Package specimenmatch defines the specimen_match check: how well the document matches the
// specimen it was identified as.
package specimenmatch

import (
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
The check scores the registration's correlation and the share of feature matches the
homography explains. A document no specimen explains is an unknown document: a fantasy
document, or a model the library lacks.`,
	Run: run,
}

// Thresholds, from calibration on generated sets (docverify calibrate).
const (
	minCorrelation = 0.55
	scale          = 0.08
)

func run(p *detect.Pass) (detect.Finding, error) {
	s := p.Scan
	if s.ID == nil {
		f := detect.Failed("unknown_specimen", 1, map[string]any{"candidates_tried": s.Tried})
		return f, nil
	}
	ev := map[string]any{
		"specimen": s.ID.Spec.ID, "matches": s.ID.Matches, "inliers": s.ID.Inliers,
		"inlier_rate": math.Round(s.ID.InlierRate*1000) / 1000, "correlation": math.Round(s.ID.Correlation*1000) / 1000,
	}
	f := detect.Graded(s.ID.Correlation, minCorrelation, scale, false, "ok", "specimen_weak", ev)
	q := s.ID.Corners
	f.Region = &q
	return f, nil
}
