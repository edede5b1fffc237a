package layout

import (
	"image"
	"testing"

	"github.com/docverify/docverify/detect"
	"github.com/docverify/docverify/templates"
)

// TestStopAtPictures checks, on every model of the library, that no field's or caption's
// search window reaches into a portrait, ghost portrait or OVD, and that each still holds its
// box and reaches past it where nothing is in the way.
func TestStopAtPictures(t *testing.T) {
	lib, err := templates.Load("")
	if err != nil {
		t.Fatal(err)
	}
	narrowed := 0
	for _, sp := range lib.All() {
		s := &detect.Scan{ID: &detect.Identification{Spec: &sp.Spec}}
		pxmm := sp.Spec.DPI / 25.4
		reach := int(3.5 * pxmm)
		page := sp.Spec.PagePx()
		for _, reg := range sp.Spec.Regions {
			if _, field := reg.Kind.IsField(); !field && reg.Kind != templates.KindLabel {
				continue
			}
			r, _ := s.RegionRect(reg.Name)
			full := image.Rect(r.Min.X-reach, r.Min.Y, r.Max.X+reach, r.Max.Y).Intersect(image.Rect(0, 0, page.X, page.Y))
			w := stopAtPictures(s, full, r)
			if !r.In(w) {
				t.Errorf("%s %s: window %v does not hold the box %v", sp.Spec.ID, reg.Name, w, r)
			}
			for _, k := range pictures {
				for _, pic := range sp.Spec.RegionsOf(k) {
					pr, _ := s.RegionRect(pic.Name)
					if pr.Overlaps(w) && !pr.Overlaps(r) {
						t.Errorf("%s %s: window %v reaches into %s %v", sp.Spec.ID, reg.Name, w, pic.Name, pr)
					}
				}
			}
			if w != full {
				narrowed++
			}
		}
	}
	// The identity card's fields and captions start 3 mm right of its portrait: their windows
	// must have been narrowed.
	if narrowed == 0 {
		t.Error("no window was narrowed: the identity card's fields beside the portrait should be")
	}
}
