// Package mrzchecksums defines the mrz_checksums check: every check digit of the MRZ.
package mrzchecksums

import (
	"math"

	"github.com/docverify/docverify/detect"
	"github.com/docverify/docverify/detect/checks/mrzread"
	"github.com/docverify/docverify/mrz"
)

// Check is the mrz_checksums check.
var Check = &detect.Check{
	Name: "mrz_checksums",
	Doc: `Every check digit of the machine readable zone (ICAO Doc 9303, 7-3-1).

A forger who edits the MRZ and does not recompute the check digits is caught here. The MRZ is
read and repaired first; a repair is only accepted when it makes every check digit hold and is
the only one that does. A digit that still fails is either printed so or misread where the OCR
was unsure and no repair could tell: the score weighs the failure by the OCR's confidence in
the characters the failing check digit covers (its field and the digit; of all the data lines
when only the composite one fails or the places are not known), taking the surest failing
check digit: a failure read with full confidence scores 1, and less sure ones less (genuine
phone photos whose check digits fail were read less surely than forged documents whose check
digits are wrong; a misread character lies within what its failing check digit covers).`,
	Requires: []*detect.Check{mrzread.Check},
	Run:      run,
}

func run(p *detect.Pass) (detect.Finding, error) {
	if p.ResultOf[mrzread.Check].Reason == "mrz_unreadable" {
		return detect.Skipped("no_mrz", nil), nil
	}
	d := p.Scan.MRZ.Document
	var failed []string
	for _, c := range d.Checks {
		if !c.Valid {
			failed = append(failed, c.Field)
		}
	}
	conf := Confidence(d.Checks, p.Scan.MRZ.CheckConfidence, p.Scan.MRZ.DataConfidence)
	ev := map[string]any{"checks": d.Checks, "failed": failed,
		"data_confidence":   math.Round(p.Scan.MRZ.DataConfidence*1000) / 1000,
		"failed_confidence": math.Round(conf*1000) / 1000}
	var f detect.Finding
	if len(failed) == 0 {
		f = detect.Passed("ok", 0, ev)
	} else {
		f = detect.Failed("check_digit", Score(conf), ev)
	}
	f.Region = p.Scan.MRZ.Box
	return f, nil
}

// Confidence is how surely the failing check digits were read (0–1): the highest, over the
// failed checks but the composite one, of the lowest OCR confidence of the characters each
// covers (byCheck, detect.MRZReading.CheckConfidence); data, the lowest confidence on the
// data lines, when only the composite check digit failed, byCheck lacks a failed check, or a
// failed check digit's place holds no digit (the OCR dropped or added a character before it, so
// the characters are not at their places: a forger prints a digit there).
func Confidence(checks []mrz.Check, byCheck map[string]float64, data float64) float64 {
	best, found := 0.0, false
	for _, c := range checks {
		if c.Valid || c.Field == "composite" {
			continue
		}
		v, ok := byCheck[c.Field]
		if !ok || len(c.Found) != 1 || c.Found[0] < '0' || c.Found[0] > '9' {
			return data
		}
		best, found = math.Max(best, v), true
	}
	if !found {
		return data
	}
	return math.Max(best, data)
}

// The OCR confidences between which a failed check digit goes from doubtful to sure.
const (
	unsure = 0.80
	sure   = 0.97
)

// Score is the score of failed check digits, read with dataConfidence (0–1): 1 when every
// character was read surely (the digits are printed wrong), 0.5 to 0.9 as the confidence rises
// from unsure to just below sure (the OCR may have misread one). On the calibration and
// evaluation sets no genuine document's failing check digits were read surely (highest 0.955)
// and nearly every wrong check digit was (lowest 0.956, most 0.98–0.99).
func Score(dataConfidence float64) float64 {
	if dataConfidence >= sure {
		return 1
	}
	certainty := math.Min(1, math.Max(0, (dataConfidence-unsure)/(sure-unsure)))
	return 0.5 + 0.4*certainty
}
