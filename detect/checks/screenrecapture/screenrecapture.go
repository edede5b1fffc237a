// Package screenrecapture defines the screen_recapture check: signs that the image is a photo
// of a screen.
package screenrecapture

import (
	"image"
	"math"

	"github.com/docverify/docverify/detect"
	"gocv.io/x/gocv"
)

// Check is the screen_recapture check.
var Check = &detect.Check{
	Name: "screen_recapture",
	Doc: `Signs that the image is a photo of the document shown on a screen.

A screen's pixel grid (1.3–4 pixels at a scan's resolution) and the moiré it makes with the
camera leave strong, regular peaks in the spectrum. In the plain background area, the strongest
regular pattern at those periods that the reference lacks is measured; the periods are the
capture's pixels, as many page pixels each as the page was enlarged from a phone photo.

A screen lights each of its pixels with red, green and blue stripes side by side; a camera
that does not resolve them integrates them unevenly, and colour fringes and bands appear where
the print has none. In the same plain area, the fine detail of the colour (the YCrCb image's
chroma, less its own 1-pixel blur) is measured against the reference's, blurred as the
capture is: a photo of paper has less of it than the reference (a camera's blur, JPEG's halved
chroma); a photo of a screen often more.`,
	Measures: []*detect.Measure{grid, colour},
	Run:      run,
}

var (
	// The calibration set's genuine phone photos (191) measured up to 9.9 and their tail gave a
	// threshold of 11.85; those of four evaluation sets (312) measured 11.8–13.4 four times in a
	// hundred, their colour detail 0.1–0.3 (nothing of a screen's stripes): the tail is
	// longer than 200 documents of a class show, so calibration may not hold documents to less
	// than 14. Photos of screens that only the grid caught measured 15.5 and more; scanned and
	// read screens 15.8 and more.
	grid = &detect.Measure{Key: "screen_recapture.grid", Doc: "regular pattern at 2–4.5 of the capture's pixels that the reference lacks", Threshold: 6, Scale: 2, HigherIsWorse: true, Reason: "moire", Bound: 14}
	// The calibration set's genuine documents measured up to 1.4 (scans and kiosk captures) and
	// 1.75 (phone photos), the evaluation set's up to 1.9 and 2.0: the tail is longer than 200
	// documents of a class show, so calibration may not hold documents to less than 2.5. Photos
	// of screens measured 2.5 and more in half the cases (a grid the camera resolves, on scans and
	// readers, gives 100 and more).
	colour = &detect.Measure{Key: "screen_recapture.colour_detail", Doc: "fine detail of the plain background's colour (chroma) over the reference's, blurred as the capture is", Threshold: 2.5, Scale: 0.5, HigherIsWorse: true, Reason: "moire", Bound: 2.5}
)

func run(p *detect.Pass) (detect.Finding, error) {
	s := p.Scan
	if f, no := s.Unregistered(); no {
		return f, nil
	}
	// A photo's page is drawn at the specimen's resolution from fewer pixels: a grid of a few
	// of the photo's pixels is as many times wider on the page.
	scale := 1.0
	if c := detect.CaptureOf(s.ID); c.PxPerMM > 0 {
		scale = math.Max(1, s.Spec().DPI/25.4/c.PxPerMM)
	}
	best, where := 0.0, ""
	for _, name := range []string{"background"} {
		page, ref, _, ok := s.PairBlurred(name)
		if !ok {
			continue
		}
		// The reference as the capture's pixels sampled it: the moiré the genuine printing makes
		// with them is in both.
		if r, ok := s.RegionRect(name); ok {
			if g, ok := s.AsCaptured(s.RefBlurred, r); ok {
				ref = g
			}
		}
		if v := detect.ExcessPeriodicity(page, ref, 2*scale, 4.5*scale); v > best || where == "" {
			best, where = v, name
		}
	}
	if where == "" {
		return detect.Skipped("no_region", nil), nil
	}
	grades := []detect.Finding{p.Grade(grid, best)}
	if v, ok := colourDetail(s, where); ok {
		grades = append(grades, p.Grade(colour, v))
	}
	f := detect.Worst(map[string]any{"region": where, "period_scale": math.Round(scale*100) / 100}, grades...)
	f.Region = s.RegionQuad(where)
	return f, nil
}

// colourDetail is the fine-detail energy of a region's chroma (Cr and Cb together) on the page
// over that on the reference blurred as the page is; ok is false without both images or when
// the reference's chroma has no detail to compare with.
func colourDetail(s *detect.Scan, name string) (float64, bool) {
	r, ok := s.RegionRect(name)
	if !ok || s.Page.Empty() || s.RefBlurred.Empty() {
		return 0, false
	}
	var d [2]float64
	for i, m := range []gocv.Mat{s.Page, s.RefBlurred} {
		d[i] = chromaDetail(m, r)
	}
	if d[1] < minChromaDetail {
		return 0, false
	}
	return math.Round(d[0]/d[1]*1e4) / 1e4, true
}

// minChromaDetail is the reference's chroma detail (squared levels) below which the ratio is
// not taken: a reference with next to no colour texture would magnify any noise.
const minChromaDetail = 1e-3

// chromaDetail is the sum of the fine-detail energies of the Cr and Cb planes of a BGR image's
// rectangle.
func chromaDetail(m gocv.Mat, r image.Rectangle) float64 {
	c := detect.Crop(m, r)
	defer c.Close()
	ycc := gocv.NewMat()
	defer ycc.Close()
	gocv.CvtColor(c, &ycc, gocv.ColorBGRToYCrCb)
	planes := gocv.Split(ycc)
	sum := 0.0
	for i, p := range planes {
		if i > 0 {
			sum += detect.GreyOf(p).Detail()
		}
		p.Close()
	}
	return sum
}
