package mrzfields

import (
	"testing"

	"github.com/docverify/docverify/detect"
	"github.com/docverify/docverify/detect/checks/mrzread"
	"github.com/docverify/docverify/mrz"
	"github.com/docverify/docverify/templates"
)

// TestMisreadNumberNotJudged reads an MRZ of a model whose document numbers are a letter, two
// digits, a letter and five digits, with its number's first digit read as a letter (the
// number's check digit then fails): read unsurely, that is a misreading and the number's format
// is not judged; read surely, the number is printed so and unlike the model's, a mismatch. A
// number of the model's format is judged either way.
func TestMisreadNumberNotJudged(t *testing.T) {
	lib, err := templates.Load("")
	if err != nil {
		t.Fatal(err)
	}
	sp, ok := lib.Get("uto-passport-2024")
	if !ok {
		t.Fatal("no uto-passport-2024")
	}
	fields := mrz.Fields{DocumentCode: "P", IssuingState: "UTO", Surname: "TESTER", GivenNames: "ANNA",
		DocumentNumber: "D30D21763", Nationality: "UTO", BirthDate: mrz.Date{Year: 1971, Month: 1, Day: 12},
		Sex: "F", ExpiryDate: mrz.Date{Year: 2036, Month: 3, Day: 12}}
	lines, err := mrz.Generate(sp.Spec.MRZFormat, fields)
	if err != nil {
		t.Fatal(err)
	}
	misread := []string{lines[0], lines[1][:1] + "B" + lines[1][2:]} // D3… read as DB…
	for _, tc := range []struct {
		name     string
		lines    []string
		conf     float64
		status   detect.Status
		notJudge bool
	}{
		{"as printed", lines, 0.99, detect.StatusPass, false},
		{"number misread, unsure", misread, 0.8, detect.StatusPass, true},
		{"number printed so, read surely", misread, 0.995, detect.StatusFail, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := mrz.Parse(tc.lines)
			scan := &detect.Scan{ID: &detect.Identification{Spec: &sp.Spec}, MRZ: &detect.MRZReading{Raw: tc.lines, Document: doc,
				CheckConfidence: map[string]float64{"document_number": tc.conf, "birth_date": 0.99, "expiry_date": 0.99}}}
			p := &detect.Pass{Check: Check, Scan: scan, ResultOf: map[*detect.Check]detect.Finding{mrzread.Check: detect.Passed("ok", 0, nil)}}
			f, err := Check.Run(p)
			if err != nil {
				t.Fatal(err)
			}
			notJudged, _ := f.Evidence["fields_not_judged"].(map[string]float64)
			_, skipped := notJudged["document_number"]
			t.Logf("status %s reason %s evidence %v", f.Status, f.Reason, f.Evidence)
			if f.Status != tc.status || skipped != tc.notJudge {
				t.Errorf("status %s (%s), number not judged %v; want %s, %v", f.Status, f.Reason, skipped, tc.status, tc.notJudge)
			}
		})
	}
}
