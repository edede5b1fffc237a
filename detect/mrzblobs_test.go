package detect

import (
	"image"
	"image/color"
	"math"
	"testing"

	"gocv.io/x/gocv"
)

// TestLocateMRZBlobs draws two MRZ-like lines of small print, turns them by an angle and blurs
// them until the characters run together, and checks that the blob locator finds both lines
// where they are, in reading order, and nothing on a page without them.
func TestLocateMRZBlobs(t *testing.T) {
	lines := []string{"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"}
	for _, angle := range []float64{0, 17, -90} {
		img := gocv.NewMatWithSizeFromScalar(gocv.NewScalar(235, 235, 235, 0), 900, 1200, gocv.MatTypeCV8UC3)
		defer img.Close()
		gocv.Rectangle(&img, image.Rect(200, 250, 1000, 330), color.RGBA{120, 120, 120, 0}, 2) // other print
		var centres [][2]float64
		for i, l := range lines {
			org := image.Pt(250, 450+i*40)
			gocv.PutText(&img, l, org, gocv.FontHersheyPlain, 1.2, color.RGBA{20, 20, 20, 0}, 1)
			size := gocv.GetTextSize(l, gocv.FontHersheyPlain, 1.2, 1)
			centres = append(centres, [2]float64{float64(org.X) + float64(size.X)/2, float64(org.Y) - float64(size.Y)/2})
		}
		rot := gocv.GetRotationMatrix2D(image.Pt(600, 450), angle, 1)
		gocv.WarpAffineWithParams(img, &img, rot, image.Pt(1200, 900), gocv.InterpolationLinear, gocv.BorderReplicate, color.RGBA{})
		for i, c := range centres {
			x, y := c[0], c[1]
			centres[i] = [2]float64{rot.GetDoubleAt(0, 0)*x + rot.GetDoubleAt(0, 1)*y + rot.GetDoubleAt(0, 2), rot.GetDoubleAt(1, 0)*x + rot.GetDoubleAt(1, 1)*y + rot.GetDoubleAt(1, 2)}
		}
		rot.Close()
		gocv.GaussianBlur(img, &img, image.Pt(0, 0), 2.2, 2.2, gocv.BorderDefault)

		cands := locateMRZBlobs(img)
		if len(cands) == 0 {
			t.Fatalf("angle %v: no candidate", angle)
		}
		found := false
		for _, c := range cands {
			if len(c.lines) != 2 {
				continue
			}
			ok := true
			for i, q := range c.lines {
				mx, my := (q[0][0]+q[1][0]+q[2][0]+q[3][0])/4, (q[0][1]+q[1][1]+q[2][1]+q[3][1])/4
				// Lines come top first when the text reads upright; the reader also tries them
				// turned half round, so either order is a find.
				if math.Hypot(mx-centres[i][0], my-centres[i][1]) > 15 && math.Hypot(mx-centres[1-i][0], my-centres[1-i][1]) > 15 {
					ok = false
				}
			}
			found = found || ok
		}
		if !found {
			t.Errorf("angle %v: no candidate of two lines at %v; got %+v", angle, centres, cands)
		}
	}

	blank := gocv.NewMatWithSizeFromScalar(gocv.NewScalar(235, 235, 235, 0), 900, 1200, gocv.MatTypeCV8UC3)
	defer blank.Close()
	gocv.Rectangle(&blank, image.Rect(200, 250, 1000, 330), color.RGBA{120, 120, 120, 0}, 2)
	if cands := locateMRZBlobs(blank); len(cands) != 0 {
		t.Errorf("a page without print: %d candidates", len(cands))
	}
}
