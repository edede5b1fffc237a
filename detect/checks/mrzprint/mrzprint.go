// Package mrzprint defines the mrz_print check: whether the MRZ is printed as ICAO requires,
// in OCR-B at 2.54 mm pitch, on straight lines where the model puts them.
package mrzprint

import (
	"image"
	"math"

	"github.com/docverify/docverify/detect"
	"github.com/docverify/docverify/detect/checks/mrzread"
	"gocv.io/x/gocv"
)

// Check is the mrz_print check.
var Check = &detect.Check{
	Name: "mrz_print",
	Doc: `Whether the MRZ is printed as ICAO Doc 9303 requires: OCR-B, 2.54 mm pitch, straight lines.

The MRZ as read is drawn again in OCR-B at ICAO's pitch and height where the model prints it,
and each quarter of each line is looked for in the straightened page (a quarter of a line more
than a quarter washed out by a lamp's reflection is left out). The best correlation of each
quarter measures the font (another typeface correlates poorly); how the quarters' offsets
drift along a line measures the pitch (a counterfeiter's 2.42 mm pitch drifts 5%) and the
baseline's skew.`,
	Requires: []*detect.Check{mrzread.Check},
	Measures: []*detect.Measure{font, pitch},
	Run:      run,
}

var (
	font  = &detect.Measure{Key: "mrz_print.font", Doc: "mean best correlation of the MRZ's line quarters with OCR-B", Threshold: 0.62, Scale: 0.06, Reason: "mrz_font"}
	pitch = &detect.Measure{Key: "mrz_print.pitch_error", Doc: "relative error of the character pitch against 2.54 mm", Threshold: 0.018, Scale: 0.006, HigherIsWorse: true, Reason: "mrz_pitch"}
)

const (
	segments     = 4
	searchPixels = 18
)

func run(p *detect.Pass) (detect.Finding, error) {
	s := p.Scan
	spec := s.Spec()
	if f, no := s.Unregistered(); no {
		return f, nil
	}
	if p.ResultOf[mrzread.Check].Reason == "mrz_unreadable" {
		return detect.Skipped("no_mrz", nil), nil
	}
	region, ok := spec.Region("mrz")
	if !ok {
		return detect.Skipped("no_region", nil), nil
	}
	lines := s.MRZ.Document.Lines
	tmpl, err := detect.RenderMRZ(spec, region, lines)
	if err != nil {
		return detect.Finding{}, err
	}
	defer tmpl.Close()
	box := region.Rect.Px(spec.DPI)
	// Where the print around it places the MRZ: a phone photo's registration can be more
	// than the search's 1.5 mm off there.
	dx, dy, _ := s.LocalOffset(box)
	box = box.Add(image.Pt(dx, dy))
	grey := gocv.NewMat()
	defer grey.Close()
	gocv.CvtColor(s.Page, &grey, gocv.ColorBGRToGray)
	res := gocv.NewMat()
	defer res.Close()
	noMask := gocv.NewMat()
	defer noMask.Close()

	var corrs []float64
	var slopes []float64
	glared := 0
	bandH := box.Dy() / max(len(lines), 1)
	for li := range lines {
		var xs, dxs []float64
		for k := 0; k < segments; k++ {
			seg := image.Rect(k*box.Dx()/segments, li*bandH, (k+1)*box.Dx()/segments, (li+1)*bandH)
			if washedOut(s, seg.Add(box.Min)) {
				glared++
				continue
			}
			t := tmpl.Region(seg)
			win := seg.Add(box.Min).Inset(-searchPixels).Intersect(image.Rect(0, 0, grey.Cols(), grey.Rows()))
			w := grey.Region(win)
			if w.Cols() > t.Cols() && w.Rows() > t.Rows() {
				gocv.MatchTemplate(w, t, &res, gocv.TmCcoeffNormed, noMask)
				_, c, _, at := gocv.MinMaxLoc(res)
				corrs = append(corrs, float64(c))
				xs = append(xs, float64(seg.Min.X+seg.Dx()/2))
				dxs = append(dxs, float64(win.Min.X+at.X-(seg.Min.X+box.Min.X)))
			}
			w.Close()
			t.Close()
		}
		if len(xs) >= 3 {
			slopes = append(slopes, slope(xs, dxs))
		}
	}
	if len(corrs) == 0 {
		return detect.Skipped("no_mrz", nil), nil
	}
	pitchErr := 0.0
	if len(slopes) > 0 {
		pitchErr = math.Abs(mean(slopes))
	}
	f := detect.Worst(map[string]any{"pitch_mm": round(2.54 * (1 + mean(slopes))), "quarters_washed_out": glared},
		p.Grade(font, mean(corrs)), p.Grade(pitch, pitchErr))
	f.Region = s.QuadOf(box)
	return f, nil
}

// washedOut says whether a lamp's reflection covers more than a quarter of a page rectangle
// (detect.Glare against the reference there): its print is not there to judge. A genuine phone
// photo whose reflection whitened the end of an MRZ line measured a font correlation of 0.11,
// where all others reached 0.5.
func washedOut(s *detect.Scan, r image.Rectangle) bool {
	r = r.Intersect(image.Rect(0, 0, s.Page.Cols(), s.Page.Rows()))
	if r.Empty() || s.RefBlurred.Empty() {
		return false
	}
	a, b := detect.Crop(s.Page, r), detect.Crop(s.RefBlurred, r)
	defer a.Close()
	defer b.Close()
	g := detect.Glare(detect.GreyOf(a), detect.GreyOf(b))
	n := 0.0
	for _, v := range g.Pix {
		n += v
	}
	return 4*n > float64(len(g.Pix))
}

func mean(v []float64) float64 {
	var s float64
	for _, x := range v {
		s += x
	}
	return s / float64(max(len(v), 1))
}

// slope fits y = a + b·x by least squares and returns b.
func slope(x, y []float64) float64 {
	mx, my := mean(x), mean(y)
	var sxy, sxx float64
	for i := range x {
		sxy += (x[i] - mx) * (y[i] - my)
		sxx += (x[i] - mx) * (x[i] - mx)
	}
	if sxx == 0 {
		return 0
	}
	return sxy / sxx
}

func round(v float64) float64 { return math.Round(v*1e4) / 1e4 }
