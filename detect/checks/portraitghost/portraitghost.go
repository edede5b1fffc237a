// Package portraitghost defines the portrait_ghost check: whether the ghost image shows the
// same person as the portrait.
package portraitghost

import (
	"github.com/docverify/docverify/detect"
	"github.com/docverify/docverify/templates"
)

// Check is the portrait_ghost check.
var Check = &detect.Check{
	Name: "portrait_ghost",
	Doc: `Whether the ghost image shows the same person as the main portrait.

Genuine documents print a second, faint portrait from the same photo. A forger who replaces the
main portrait rarely manages to replace the ghost image too. Both are reduced to grey at a
common small size, blurred to drop the ghost's line screen, and correlated.`,
	Measures: []*detect.Measure{correlation},
	Run:      run,
}

var correlation = &detect.Measure{Key: "portrait_ghost.correlation", Doc: "correlation of the ghost image with the portrait, grey, 16×20, blurred",
	Threshold: 0.55, Scale: 0.1, Reason: "ghost_mismatch"}

func run(p *detect.Pass) (detect.Finding, error) {
	s := p.Scan
	if s.Spec() == nil {
		return detect.Skipped("not_identified", nil), nil
	}
	portrait, _, pr, ok1 := s.Pair("portrait", templates.Visible)
	ghost, _, gr, ok2 := s.Pair("ghost_portrait", templates.Visible)
	if !ok1 || !ok2 {
		return detect.Skipped("no_region", nil), nil
	}
	// At 16×20 the ghost's line screen and the security printing behind it average out; the
	// face's shape (hair, face, shoulders) remains.
	const w, h = 16, 20
	a := portrait.Resize(w, h).Blur(1)
	b := ghost.Resize(w, h).Blur(1)
	c := detect.NCC(a, b)
	f := p.Grade(correlation, c)
	f.Region = s.QuadOf(pr.Union(gr))
	return f, nil
}
