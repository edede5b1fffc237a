// Package mrzread defines the mrz_read check: whether the machine readable zone was found and
// read, and how confidently.
package mrzread

import (
	"github.com/docverify/docverify/detect"
	"github.com/docverify/docverify/mrz"
)

// Check is the mrz_read check.
var Check = &detect.Check{
	Name: "mrz_read",
	Doc: `Whether the machine readable zone was found and read, and with what confidence.

The reader locates the MRZ lines anywhere in the image (in the infrared image when given), reads
each with docverify's own OCR-B model and repairs the text with the MRZ rules. A genuine
document's MRZ reads cleanly; one that cannot be read at all, or only with low confidence, is
either damaged, badly captured or not printed as ICAO requires.`,
	Measures: []*detect.Measure{confidence},
	Run:      run,
}

// On photos the OCR's confidence follows the capture (blur, resolution, light) more than the
// print: the calibration set's genuine phone photos read at 0.972 and more and their tail put
// the threshold at 0.964, while genuine phone photos of seed 12012 read at 0.94 and were
// rejected for it; 4 of its 298 forged photos read below 0.964 (the measure's weight for
// photos came out 0). Calibration may not hold photos to more than 0.90.
var confidence = &detect.Measure{Key: "mrz_read.confidence", Doc: "mean character confidence of the OCR", Threshold: 0.75, Scale: 0.1, Reason: "mrz_low_confidence", PhotoBound: 0.90}

func run(p *detect.Pass) (detect.Finding, error) {
	r := p.Scan.MRZ
	if r == nil || r.Document == nil || r.Document.Format == mrz.FormatUnknown || len(r.Raw) == 0 {
		f := detect.Failed("mrz_unreadable", 1, map[string]any{"raw": rawOf(r)})
		if r != nil {
			f.Region = r.Box
		}
		return f, nil
	}
	ev := map[string]any{"format": r.Document.Format.String(), "corrections": len(r.Document.Corrections)}
	if r.Glyphs {
		ev["read"] = "glyph by glyph"
	}
	f := detect.Worst(ev, p.Grade(confidence, r.Confidence))
	f.Region = r.Box
	return f, nil
}

func rawOf(r *detect.MRZReading) int {
	if r == nil {
		return 0
	}
	return len(r.Raw)
}
