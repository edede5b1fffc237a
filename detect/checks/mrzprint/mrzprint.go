// Package mrzprint defines the mrz_print check: whether the MRZ is printed as ICAO requires,
// in OCR-B at 2.54 mm pitch, on straight lines where the model puts them.
package mrzprint

import (
	"image"
	"math"
	"strings"

	"github.com/docverify/docverify/detect"
	"github.com/docverify/docverify/detect/checks/mrzread"
	"github.com/docverify/docverify/templates"
	"gocv.io/x/gocv"
)

// Check is the mrz_print check.
var Check = &detect.Check{
	Name: "mrz_print",
	Doc: `Whether the MRZ is printed as ICAO Doc 9303 requires: OCR-B, 2.54 mm pitch, straight lines.

The MRZ as read is drawn again in OCR-B at ICAO's pitch and height where the model prints it,
and each quarter of each line is looked for in the straightened page (a quarter of a line more
than a quarter washed out by a lamp's reflection is left out): the quarters' best correlations
measure the font (another typeface correlates poorly), when the MRZ was read soundly (every
check digit holds, or every character was read surely): drawn as misread, it matches no font.
The pitch is measured on groups of six
characters, each looked for where the groups before it on its line place the line (a
counterfeiter's 2.42 mm pitch puts a passport line's end 4.6 mm from its place), groups of
fillers left out (they match a character off as well): the slope of the groups' offsets along
the line, against the stretch of the print around the MRZ (a phone photo's registration can
stretch a corner of the page by 3–4%).`,
	Requires: []*detect.Check{mrzread.Check},
	Measures: []*detect.Measure{font, pitch},
	Run:      run,
}

var (
	font  = &detect.Measure{Key: "mrz_print.font", Doc: "mean best correlation of the MRZ's line quarters with OCR-B", Threshold: 0.62, Scale: 0.06, Reason: "mrz_font", Bound: detect.PrintBound}
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
	if s.BlurSigma > 0 {
		// Drawn as sharp as the capture left the page: a blurred OCR-B and a blurred other
		// typeface both match a sharp drawing poorly.
		gocv.GaussianBlur(tmpl, &tmpl, image.Point{}, s.BlurSigma, s.BlurSigma, gocv.BorderReplicate)
	}
	place := region.Rect.Px(spec.DPI) // the region where the model prints it
	box := place
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
	reflection := s.ReflectionOver(box)
	glared := 0
	bandH := box.Dy() / max(len(lines), 1)
	for li := range lines {
		for k := 0; k < segments; k++ {
			seg := image.Rect(k*box.Dx()/segments, li*bandH, (k+1)*box.Dx()/segments, (li+1)*bandH)
			if reflection.WashedOut(seg.Add(box.Min)) {
				glared++
				continue
			}
			t := tmpl.Region(seg)
			win := seg.Add(box.Min).Inset(-searchPixels).Intersect(image.Rect(0, 0, grey.Cols(), grey.Rows()))
			w := grey.Region(win)
			if w.Cols() > t.Cols() && w.Rows() > t.Rows() {
				gocv.MatchTemplate(w, t, &res, gocv.TmCcoeffNormed, noMask)
				_, c, _, _ := gocv.MinMaxLoc(res)
				corrs = append(corrs, float64(c))
			}
			w.Close()
			t.Close()
		}
	}
	if len(corrs) == 0 {
		return detect.Skipped("no_mrz", nil), nil
	}
	d := drift{glare: reflection, grey: grey, tmpl: tmpl, lay: templates.MRZLayoutOf(region, spec.DPI, len(lines), 0),
		box: box, origin: place.Min, bandH: bandH, res: res, noMask: noMask}
	var slopes []float64
	for li, line := range lines {
		if b, ok := d.line(li, line); ok {
			slopes = append(slopes, b)
		}
	}
	// A phone photo's registration can stretch the bottom of the page by 3–4%, as much as a
	// counterfeiter's pitch: the pitch is measured against the print around the MRZ.
	stretch, _ := s.LocalStretch(place)
	pitchErr := 0.0
	if len(slopes) > 0 {
		pitchErr = math.Abs((1+mean(slopes))/(1+stretch) - 1)
	}
	ev := map[string]any{"pitch_mm": round(2.54 * (1 + mean(slopes)) / (1 + stretch)), "pitch_lines": len(slopes),
		"local_stretch": round(stretch), "quarters_washed_out": glared}
	grades := []detect.Finding{p.Grade(pitch, pitchErr)}
	if readSoundly(s.MRZ) {
		grades = append(grades, p.Grade(font, mean(corrs)))
	} else {
		// The MRZ drawn as misread would not match the page in any font: the font is not
		// judged (a genuine phone photo's MRZ read as other characters measured 0.52).
		if len(slopes) == 0 {
			return detect.Skipped("mrz_unsure", nil), nil
		}
		ev["font"] = "not judged: the MRZ was not read soundly"
	}
	f := detect.Worst(ev, grades...)
	f.Region = s.QuadOf(box)
	return f, nil
}

// readSoundly says whether the MRZ as read is what is printed, so that drawing it measures
// the font: every check digit holds, or the OCR was sure of every character (an MRZ printed
// with a wrong check digit).
func readSoundly(r *detect.MRZReading) bool {
	if r == nil {
		return false
	}
	if r.Settled() {
		return true
	}
	d := r.Document
	if d == nil || len(d.Checks) == 0 {
		return false
	}
	for _, c := range d.Checks {
		if !c.Valid {
			return false
		}
	}
	return true
}

// drift measures how a line's characters drift from where ICAO's pitch puts them: the line
// cut into groups of groupChars characters, each group looked for where the groups found
// before it say it is (a 2.42 mm pitch puts the end of a passport's line 4.6 mm left of its
// place, beyond any fixed search; a search that stops short reads a third of the error).
type drift struct {
	glare       detect.Reflection // the reflection over the MRZ
	grey, tmpl  gocv.Mat          // the straightened page in grey; the MRZ drawn at ICAO's pitch
	lay         templates.MRZLayout
	box         image.Rectangle // the MRZ region on the page, where the print around it places it
	origin      image.Point     // the region's corner in the model's layout
	bandH       int             // each line's band in the region
	res, noMask gocv.Mat
}

const (
	groupChars = 6 // characters per group: 15 mm, over which a 5% pitch error smears 0.8 mm
	minPlaced  = 3 // characters other than fillers a group needs (a run of fillers matches one character off as well)
	firstReach = 3 // how far (mm) the first group is looked for, before any group places the line
)

// line returns the slope of the line's offsets along it (its relative pitch error) and
// whether two groups at least a third of the line apart placed it.
func (d drift) line(li int, line string) (float64, bool) {
	pxmm := d.lay.Pitch / 2.54
	var xs, dxs []float64
	page := image.Rect(0, 0, d.grey.Cols(), d.grey.Rows())
	for a := 0; a+minPlaced <= len(line); a += groupChars {
		b := min(a+groupChars, len(line))
		if b-a-strings.Count(line[a:b], "<") < minPlaced {
			continue
		}
		x0, _ := d.lay.Origin(li, a)
		x1, _ := d.lay.Origin(li, b)
		x0 -= d.lay.Pitch * 0.12
		x1 -= d.lay.Pitch * 0.12
		seg := image.Rect(int(x0)-d.origin.X, li*d.bandH, int(x1)-d.origin.X, (li+1)*d.bandH).
			Intersect(image.Rect(0, 0, d.tmpl.Cols(), d.tmpl.Rows()))
		if seg.Dx() < 2 || d.glare.WashedOut(seg.Add(d.box.Min)) {
			continue
		}
		mid := float64(seg.Min.X+seg.Max.X) / 2
		reach := searchPixels
		if len(xs) == 0 {
			reach = int(firstReach * pxmm)
		}
		at0 := image.Pt(predict(xs, dxs, mid), 0)
		win := seg.Add(d.box.Min).Add(at0).Inset(-reach).Intersect(page)
		t := d.tmpl.Region(seg)
		w := d.grey.Region(win)
		if w.Cols() > t.Cols() && w.Rows() > t.Rows() {
			gocv.MatchTemplate(w, t, &d.res, gocv.TmCcoeffNormed, d.noMask)
			_, _, _, at := gocv.MinMaxLoc(d.res)
			xs = append(xs, mid)
			dxs = append(dxs, float64(win.Min.X+at.X-(seg.Min.X+d.box.Min.X)))
		}
		w.Close()
		t.Close()
	}
	if len(xs) < 2 || xs[len(xs)-1]-xs[0] < float64(d.box.Dx())/3 {
		return 0, false
	}
	return detect.Slope(xs, dxs), true
}

// predict is the offset at x of the line through the points (xs, dxs): 0 without a point,
// the point's offset with one, the least-squares line's with more.
func predict(xs, dxs []float64, x float64) int {
	switch len(xs) {
	case 0:
		return 0
	case 1:
		return int(math.Round(dxs[0]))
	}
	b := detect.Slope(xs, dxs)
	return int(math.Round(mean(dxs) + b*(x-mean(xs))))
}

func mean(v []float64) float64 {
	var s float64
	for _, x := range v {
		s += x
	}
	return s / float64(max(len(v), 1))
}

func round(v float64) float64 { return math.Round(v*1e4) / 1e4 }
