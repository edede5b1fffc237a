package suite

import (
	"testing"

	"github.com/docverify/docverify/detect"
	"github.com/docverify/docverify/templates"
	"gocv.io/x/gocv"
)

// TestUnregisteredPage runs every check on a page that was identified but did not register to
// its model's reference: the checks that compare the page with the reference region by region
// say not_done (not_registered) and never pass, and specimen_match fails, saying so. The MRZ's
// own checks, which do not read the page at the model's regions, are left out.
func TestUnregisteredPage(t *testing.T) {
	lib, err := templates.Load("")
	if err != nil {
		t.Fatal(err)
	}
	sp, ok := lib.Get("uto-passport-2024")
	if !ok {
		t.Fatal("uto-passport-2024 not in the library")
	}
	page := sp.Spec.PagePx()
	for _, corr := range []float64{0, 0.3, detect.MinRegistration - 0.01} {
		scan := &detect.Scan{
			ID:   &detect.Identification{Spec: &sp.Spec, Correlation: corr},
			Page: gocv.NewMatWithSize(page.Y, page.X, gocv.MatTypeCV8UC3),
			Ref:  gocv.NewMatWithSize(page.Y, page.X, gocv.MatTypeCV8UC3),
			MRZ:  &detect.MRZReading{},
		}
		mrzOnly := map[string]bool{"mrz_read": true, "mrz_checksums": true, "mrz_fields": true}
		results := map[*detect.Check]detect.Finding{}
		for _, c := range Checks {
			if mrzOnly[c.Name] {
				results[c] = detect.Failed("mrz_unreadable", 1, nil)
				continue
			}
			f, err := c.Run(&detect.Pass{Check: c, Scan: scan, ResultOf: results})
			if err != nil {
				t.Fatalf("%s: %v", c.Name, err)
			}
			results[c] = f
			switch {
			case c.Name == "specimen_match":
				if f.Status != detect.StatusFail || f.Reason != "not_registered" {
					t.Errorf("correlation %.2f: specimen_match %s (%s), want fail (not_registered)", corr, f.Status, f.Reason)
				}
			case f.Status != detect.StatusNotDone || f.Reason != "not_registered":
				t.Errorf("correlation %.2f: %s %s (%s), want not_done (not_registered)", corr, c.Name, f.Status, f.Reason)
			}
		}
		scan.Page.Close()
		scan.Ref.Close()
	}
}
