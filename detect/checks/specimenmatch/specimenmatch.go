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
homography explains. A document no specimen explains is an unknown document (a fantasy
document, or a model the library lacks) unless its MRZ names a model of the library: then it
claims to be a document it does not look like, and is at least suspicious.`,
	Measures: []*detect.Measure{correlation},
	Run:      run,
}

var correlation = &detect.Measure{Key: "specimen_match.correlation", Doc: "ECC correlation of the straightened page with the reference over static printing",
	Threshold: 0.55, Scale: 0.08, Reason: "specimen_weak"}

func run(p *detect.Pass) (detect.Finding, error) {
	s := p.Scan
	if s.ID == nil {
		f := detect.Failed("unknown_specimen", 1, map[string]any{"candidates_tried": s.Tried})
		return f, nil
	}
	f := detect.Worst(map[string]any{
		"specimen": s.ID.Spec.ID, "matches": s.ID.Matches, "inliers": s.ID.Inliers,
		"inlier_rate": math.Round(s.ID.InlierRate*1000) / 1000,
	}, p.Grade(correlation, s.ID.Correlation))
	q := s.ID.Corners
	f.Region = &q
	return f, nil
}
