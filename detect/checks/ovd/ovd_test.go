package ovd

import (
	"math"
	"testing"

	"github.com/docverify/docverify/detect"
	"github.com/docverify/docverify/detect/detecttest"
	"github.com/docverify/docverify/templates"
)

// TestOVDUnderColouredLight takes a visa's specimen as its own page, under a warm lamp (blue
// ×0.80, green ×0.90) and as it is, with its hologram and with the hologram's patch printed
// over in the paper's colour, held to 0.7 (scans are held to 0.88 by the calibration): the
// hologram passes under either light, balanced on the paper (unbalanced, the tinted
// paper around the foil narrows its spread of hues to 0.62 of the specimen's, and a genuine visa
// photographed so failed), and its absence fails under either.
func TestOVDUnderColouredLight(t *testing.T) {
	for _, tc := range []struct {
		name  string
		cast  [3]float64 // B, G, R gains of the light
		blank bool       // the hologram's patch printed over in the paper's colour
		want  detect.Status
	}{
		{"as the specimen", [3]float64{1, 1, 1}, false, detect.StatusPass},
		{"warm lamp", [3]float64{0.80, 0.90, 1}, false, detect.StatusPass},
		{"no hologram", [3]float64{1, 1, 1}, true, detect.StatusFail},
		{"no hologram, warm lamp", [3]float64{0.80, 0.90, 1}, true, detect.StatusFail},
	} {
		t.Run(tc.name, func(t *testing.T) {
			scan := detecttest.MovedPage(t, "uto-visa-2020", 0, 0)
			defer scan.Close()
			scan.Ref = scan.RefBlurred
			scan.ID.Correlation = 1
			scan.Thresholds = map[string]detect.Threshold{colour.Key: {Value: 0.7, Scale: colour.Scale}}
			spec := scan.Spec()
			r, ok := scan.RegionRect("ovd")
			if !ok {
				t.Fatal("no ovd region")
			}
			paper := templates.ParseColor(spec.Paper.Color)
			pix, err := scan.Page.DataPtrUint8()
			if err != nil {
				t.Fatal(err)
			}
			w := scan.Page.Cols()
			for y := 0; y < scan.Page.Rows(); y++ {
				for x := 0; x < w; x++ {
					p := pix[3*(y*w+x) : 3*(y*w+x)+3]
					if tc.blank && y >= r.Min.Y && y < r.Max.Y && x >= r.Min.X && x < r.Max.X {
						p[0], p[1], p[2] = paper.B, paper.G, paper.R
					}
					for c := range 3 {
						p[c] = uint8(math.Round(float64(p[c]) * tc.cast[c]))
					}
				}
			}
			f, err := Check.Run(&detect.Pass{Check: Check, Scan: scan, ResultOf: map[*detect.Check]detect.Finding{}})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s %.2f, evidence %v", f.Status, f.Score, f.Evidence)
			if f.Status != tc.want {
				t.Errorf("status %s (%s), want %s", f.Status, f.Reason, tc.want)
			}
		})
	}
}
