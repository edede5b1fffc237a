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
		centres := putLines(&img, lines, image.Pt(250, 450), 40)
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
		if !twoLinesAt(cands, centres) {
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

// TestLocateMRZBlobsParagraph puts a paragraph of eight lines of small print, each as long as an
// MRZ line, beside a blurred two-line MRZ of larger print: the MRZ, which stands apart, must be
// the first candidate, and groups of the paragraph's lines come after it.
func TestLocateMRZBlobsParagraph(t *testing.T) {
	img := gocv.NewMatWithSizeFromScalar(gocv.NewScalar(235, 235, 235, 0), 1200, 1400, gocv.MatTypeCV8UC3)
	defer img.Close()
	para := []string{"THE<QUICK<BROWN<FOX<JUMPS<OVER<THE<LAZY<DOGS", "PACK<MY<BOX<WITH<FIVE<DOZEN<LIQUOR<JUGS<NOW<", "HOW<VEXINGLY<QUICK<DAFT<ZEBRAS<JUMP<AT<DAWN<",
		"SPHINX<OF<BLACK<QUARTZ<JUDGE<MY<VOW<AT<NOON<", "WALTZ<BAD<NYMPH<FOR<QUICK<JIGS<VEX<AND<MORE<", "GLIB<JOCKS<QUIZ<NYMPH<TO<VEX<DWARF<AND<THEN<",
		"JACKDAWS<LOVE<MY<BIG<SPHINX<OF<QUARTZ<TODAY<", "FIVE<BOXING<WIZARDS<JUMP<QUICKLY<AT<NIGHT<<<"}
	for i, l := range para {
		gocv.PutText(&img, l, image.Pt(650, 150+i*32), gocv.FontHersheyPlain, 1.3, color.RGBA{30, 30, 30, 0}, 1)
	}
	lines := []string{"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"}
	var mrzCentre [2]float64
	for i, l := range lines {
		org := image.Pt(100, 800+i*45)
		gocv.PutText(&img, l, org, gocv.FontHersheyPlain, 1.4, color.RGBA{20, 20, 20, 0}, 1)
		size := gocv.GetTextSize(l, gocv.FontHersheyPlain, 1.4, 1)
		mrzCentre[0] += (float64(org.X) + float64(size.X)/2) / 2
		mrzCentre[1] += (float64(org.Y) - float64(size.Y)/2) / 2
	}
	gocv.GaussianBlur(img, &img, image.Pt(0, 0), 2.2, 2.2, gocv.BorderDefault)
	cands := locateMRZBlobs(img)
	var paragraph int
	for i, c := range cands {
		x, y := centreOf(c.lines)
		isMRZ := math.Hypot(x-mrzCentre[0], y-mrzCentre[1]) < 20
		if i == 0 && !isMRZ {
			t.Errorf("first candidate at %.0f,%.0f (%d lines), want the MRZ at %.0f,%.0f", x, y, len(c.lines), mrzCentre[0], mrzCentre[1])
		}
		if !isMRZ {
			paragraph++
		}
	}
	if paragraph == 0 {
		t.Errorf("no group of the paragraph's lines found: the test does not test the ranking (%d candidates)", len(cands))
	}
}

// centreOf is the centre of a candidate's lines.
func centreOf(lines []Quad) (float64, float64) {
	var x, y float64
	for _, q := range lines {
		for _, p := range q {
			x += p[0] / float64(4*len(lines))
			y += p[1] / float64(4*len(lines))
		}
	}
	return x, y
}

// TestLocateMRZBlobsOnDarkDesk lays a light page on a dark desk, its MRZ blurred until the
// characters run together: the page's outline, marked all round by the binarisation, encloses
// the lines' blobs, which must still be found (a genuine visa photographed so was reported
// unreadable when only outermost blobs were looked at).
func TestLocateMRZBlobsOnDarkDesk(t *testing.T) {
	lines := []string{"V<UTOTER<HORST<<DIRK<JAN<<<<<<<<<<<<<<<<<<<<", "V430027368CHN0209168M2612225<<<<<<<<<<<<<<<<"}
	img := gocv.NewMatWithSizeFromScalar(gocv.NewScalar(40, 45, 40, 0), 900, 1200, gocv.MatTypeCV8UC3)
	defer img.Close()
	gocv.Rectangle(&img, image.Rect(220, 200, 980, 660), color.RGBA{235, 235, 235, 0}, -1)
	centres := putLines(&img, lines, image.Pt(250, 590), 36)
	gocv.GaussianBlur(img, &img, image.Pt(0, 0), 2.2, 2.2, gocv.BorderDefault)
	if cands := locateMRZBlobs(img); !twoLinesAt(cands, centres) {
		t.Errorf("no candidate of two lines at %v; got %+v", centres, cands)
	}
}

// putLines prints lines of small dark print on img, the first's baseline starting at org, each
// next step pixels lower, and returns each line's centre.
func putLines(img *gocv.Mat, lines []string, org image.Point, step int) [][2]float64 {
	var centres [][2]float64
	for i, l := range lines {
		o := org.Add(image.Pt(0, i*step))
		gocv.PutText(img, l, o, gocv.FontHersheyPlain, 1.2, color.RGBA{20, 20, 20, 0}, 1)
		size := gocv.GetTextSize(l, gocv.FontHersheyPlain, 1.2, 1)
		centres = append(centres, [2]float64{float64(o.X) + float64(size.X)/2, float64(o.Y) - float64(size.Y)/2})
	}
	return centres
}

// twoLinesAt says whether a candidate of two lines has them centred within 15 pixels of the
// centres given. Lines come top first when the text reads upright; the reader also tries them
// turned half round, so either order is a find.
func twoLinesAt(cands []mrzCandidate, centres [][2]float64) bool {
	for _, c := range cands {
		if len(c.lines) != 2 {
			continue
		}
		ok := true
		for i, q := range c.lines {
			mx, my := (q[0][0]+q[1][0]+q[2][0]+q[3][0])/4, (q[0][1]+q[1][1]+q[2][1]+q[3][1])/4
			if math.Hypot(mx-centres[i][0], my-centres[i][1]) > 15 && math.Hypot(mx-centres[1-i][0], my-centres[1-i][1]) > 15 {
				ok = false
			}
		}
		if ok {
			return true
		}
	}
	return false
}
