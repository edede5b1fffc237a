//go:build matprofile

package capture

import (
	"testing"

	"gocv.io/x/gocv"
)

// TestMatsClosed checks that Take and the effects close every Mat they make. Run it with
// `go test -tags matprofile ./samples/capture`.
func TestMatsClosed(t *testing.T) {
	p := testPage(true, true)
	before := gocv.MatProfile.Count()
	for _, k := range Kinds() {
		for seed := uint64(1); seed <= 4; seed++ {
			if _, err := Take(seeded(seed), k, p); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, e := range effects {
		for _, s := range Strengths() {
			e.f(seeded(1), p.Visible, s)
		}
	}
	if n := gocv.MatProfile.Count() - before; n != 0 {
		t.Errorf("%d Mats left open", n)
	}
}
