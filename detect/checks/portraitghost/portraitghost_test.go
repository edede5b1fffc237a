package portraitghost

import (
	"testing"

	"github.com/docverify/docverify/detect"
)

// TestGlare checks what counts as a reflection on the laminate: near white and well above
// the specimen's grey there, not a light backdrop the specimen has too, nor a pale face.
func TestGlare(t *testing.T) {
	for _, tc := range []struct {
		name      string
		page, ref float64
		want      float64
	}{
		{"reflection over a face", 250, 150, 1},
		{"reflection over a light backdrop", 252, 228, 1},
		{"the light backdrop itself", 238, 236, 0},
		{"white paper, as the specimen's", 248, 240, 0},
		{"a pale face", 235, 200, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			page := detect.Grey{W: 2, H: 1, Pix: []float64{tc.page, 100}}
			ref := detect.Grey{W: 2, H: 1, Pix: []float64{tc.ref, 100}}
			g := glare(page, ref)
			if g.Pix[0] != tc.want || g.Pix[1] != 0 {
				t.Errorf("glare %v (and %v beside it), want %v", g.Pix[0], g.Pix[1], tc.want)
			}
		})
	}
}
