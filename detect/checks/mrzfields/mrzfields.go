// Package mrzfields defines the mrz_fields check: the MRZ's fields against ICAO's rules and
// against the specimen.
package mrzfields

import (
	"math"
	"strings"

	"github.com/docverify/docverify/detect"
	"github.com/docverify/docverify/detect/checks/mrzread"
	"github.com/docverify/docverify/mrz"
)

// Check is the mrz_fields check.
var Check = &detect.Check{
	Name: "mrz_fields",
	Doc: `The MRZ's fields against ICAO's rules and against the specimen.

Dates must be real dates with the expiry after the birth; state and document codes must exist;
names and fillers must keep their structure. Against the identified specimen: the layout,
document code and issuing state must be the model's, and the document number must have the
model's format. A field is not judged where the reading may show the OCR's error rather than
the print (reported as not judged, with the reading's confidence): a character of it read
unsurely (detect.MRZReading.Unsure), a document number whose check digit fails on an unsure
reading, an issuing state that exists nowhere one letter from the model's issuer, and every
field when the lines were read wider or narrower than the layout's and not
surely (the layout itself is then the repair's guess, and the check is not done). A forger's
MRZ is printed cleanly and read surely. An expired document is reported in the evidence but is
not a sign of forgery.`,
	Requires: []*detect.Check{mrzread.Check},
	Run:      run,
}

func run(p *detect.Pass) (detect.Finding, error) {
	if p.ResultOf[mrzread.Check].Reason == "mrz_unreadable" {
		return detect.Skipped("no_mrz", nil), nil
	}
	r := p.Scan.MRZ
	d := r.Document
	spec := p.Scan.Spec()
	notJudged := map[string]float64{}
	judged := func(field string) bool {
		conf, unsure := r.Unsure(field)
		if field == "issuing_state" && !unsure && spec != nil && misreadState(d, spec.IssuingState) {
			unsure = true
		}
		if unsure {
			notJudged[field] = round(conf)
		}
		return !unsure
	}
	if !judged("format") {
		f := detect.Skipped("mrz_unsure", map[string]any{"fields_not_judged": notJudged})
		f.Region = r.Box
		return f, nil
	}
	var broken []string
	for _, e := range d.Errors {
		if e.Code != mrz.CodeCheckDigit && e.Code != mrz.CodeUncertain && e.Field != "mrz" && judged(e.Field) {
			broken = append(broken, e.Field+":"+string(e.Code))
		}
	}
	var mismatch []string
	if spec != nil {
		if !strings.HasPrefix(d.Fields.DocumentCode, spec.DocumentCode[:1]) && judged("document_code") {
			mismatch = append(mismatch, "document_code")
		}
		if d.Fields.IssuingState != spec.IssuingState && judged("issuing_state") {
			mismatch = append(mismatch, "issuing_state")
		}
		if d.Format != spec.MRZFormat {
			mismatch = append(mismatch, "format")
		}
		if !spec.NumberMatches(d.Fields.DocumentNumber) {
			if conf, misread := r.Misread("document_number"); misread {
				// Its check digit fails on an unsure reading: a number misread, whose
				// format says nothing of the document's.
				notJudged["document_number"] = round(conf)
			} else {
				mismatch = append(mismatch, "document_number")
			}
		}
	}
	expired := false
	for _, w := range d.Warnings {
		if w.Code == mrz.WarnExpired {
			expired = true
		}
	}
	ev := map[string]any{"errors": broken, "specimen_mismatch": mismatch, "expired": expired}
	if len(notJudged) > 0 {
		ev["fields_not_judged"] = notJudged
	}
	var f detect.Finding
	switch {
	case len(mismatch) > 0:
		f = detect.Failed("mrz_specimen_mismatch", 0.8, ev)
	case len(broken) > 0:
		f = detect.Failed("mrz_field", 0.7, ev)
	default:
		f = detect.Passed("ok", 0, ev)
	}
	f.Region = r.Box
	return f, nil
}

// misreadState says whether the issuing state read is a code that exists nowhere one letter
// from the identified model's issuer: an OCR's misreading of it (a genuine phone photo's UTO read
// UTS, surely, beside names it could not read), not a forger's code, which would be a real one.
func misreadState(d *mrz.Document, issuer string) bool {
	unknown := false
	for _, e := range d.Errors {
		unknown = unknown || e.Field == "issuing_state" && e.Code == mrz.CodeUnknownCode
	}
	read := d.Fields.IssuingState
	if !unknown || len(read) != len(issuer) {
		return false
	}
	diff := 0
	for i := range read {
		if read[i] != issuer[i] {
			diff++
		}
	}
	return diff == 1
}

func round(v float64) float64 { return math.Round(v*1e4) / 1e4 }
