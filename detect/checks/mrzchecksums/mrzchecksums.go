// Package mrzchecksums defines the mrz_checksums check: every check digit of the MRZ.
package mrzchecksums

import (
	"github.com/docverify/docverify/detect"
	"github.com/docverify/docverify/detect/checks/mrzread"
)

// Check is the mrz_checksums check.
var Check = &detect.Check{
	Name: "mrz_checksums",
	Doc: `Every check digit of the machine readable zone (ICAO Doc 9303, 7-3-1).

A forger who edits the MRZ and does not recompute the check digits is caught here. The MRZ is
read and repaired first; a repair is only accepted when it makes every check digit hold and is
the only one that does, so a wrong digit after repair is a wrong digit on the document.`,
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
	ev := map[string]any{"checks": d.Checks, "failed": failed}
	var f detect.Finding
	if len(failed) == 0 {
		f = detect.Passed("ok", 0, ev)
	} else {
		f = detect.Failed("check_digit", 0.7+0.3*float64(len(failed))/float64(max(len(d.Checks), 1)), ev)
	}
	f.Region = p.Scan.MRZ.Box
	return f, nil
}
