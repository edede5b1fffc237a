package mrzfields

import (
	"strings"
	"time"

	"github.com/docverify/docverify/ocr"
	"testing"

	"github.com/docverify/docverify/detect"
	"github.com/docverify/docverify/detect/checks/mrzread"
	"github.com/docverify/docverify/detect/detecttest"
	"github.com/docverify/docverify/mrz"
	"github.com/docverify/docverify/templates"
)

// TestMisreadNumberNotJudged reads an MRZ of a model whose document numbers are a letter, two
// digits, a letter and five digits, with its number's first digit read as a letter (the
// number's check digit then fails): read unsurely, that is a misreading and the number's format
// is not judged; read surely, the number is printed so and unlike the model's, a mismatch. A
// number of the model's format is judged either way.
func TestMisreadNumberNotJudged(t *testing.T) {
	sp, lines := testerPassport(t)
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
			f, notJudged := runOn(t, sp, tc.lines, tc.conf)
			_, skipped := notJudged["document_number"]
			t.Logf("status %s reason %s evidence %v", f.Status, f.Reason, f.Evidence)
			if f.Status != tc.status || skipped != tc.notJudge {
				t.Errorf("status %s (%s), number not judged %v; want %s, %v", f.Status, f.Reason, skipped, tc.status, tc.notJudge)
			}
		})
	}
}

// TestUnsureFieldsNotJudged reads a visa's MRZ as an OCR might: a field that breaks the rules
// or differs from the model is judged only where the OCR read it surely. The nationality CHN
// read as CMM is an unknown code when read surely (printed so) and not judged when read
// unsurely (a misreading); lines read narrower than the layout's, the visa's V dropped, are the
// repair's guess: not judged at all when read unsurely, and a layout unlike the model's when read
// surely.
func TestUnsureFieldsNotJudged(t *testing.T) {
	sp := detecttest.Specimen(t, "uto-visa-2020")
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	fields := mrz.Fields{DocumentCode: "V", IssuingState: "UTO", Surname: "TESTER", GivenNames: "ANNA",
		DocumentNumber: "V45877242", Nationality: "CHN", BirthDate: mrz.Date{Year: 1959, Month: 3, Day: 28},
		Sex: "F", ExpiryDate: mrz.Date{Year: 2027, Month: 3, Day: 2}}
	lines, err := mrz.Generate(sp.Spec.MRZFormat, fields)
	if err != nil {
		t.Fatal(err)
	}
	cmm := []string{lines[0], strings.Replace(lines[1], "CHN", "CMM", 1)}
	short := []string{lines[0][1:], lines[1][:len(lines[1])-3]}
	// ocrLines gives every character confidence conf (0–100) but those of the nationality (line
	// 2, from position 10), which get natConf.
	ocrLines := func(text []string, conf, natConf float64) []ocr.Line {
		var out []ocr.Line
		for li, s := range text {
			l := ocr.Line{Text: s}
			for i := range s {
				c := conf
				if li == 1 && i >= 10 && i < 13 {
					c = natConf
				}
				l.Chars = append(l.Chars, ocr.Char{Text: s[i : i+1], Conf: c})
			}
			out = append(out, l)
		}
		return out
	}
	for _, tc := range []struct {
		name          string
		read          []ocr.Line
		status        detect.Status
		reason        detect.Reason
		notJudgedWant string // a field reported as not judged; "" none
	}{
		{"as printed, read surely", ocrLines(lines, 99, 99), detect.StatusPass, "ok", ""},
		{"an unknown nationality read surely", ocrLines(cmm, 99, 99), detect.StatusFail, "mrz_field", ""},
		{"an unknown nationality read unsurely", ocrLines(cmm, 99, 88), detect.StatusPass, "ok", "nationality"},
		{"lines read short, unsurely", ocrLines(short, 86, 86), detect.StatusNotDone, "mrz_unsure", "format"},
		{"lines read short, surely", ocrLines(short, 99.5, 99.5), detect.StatusFail, "mrz_specimen_mismatch", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			reading := (&detect.MRZReader{}).Assemble(tc.read, now)
			scan := &detect.Scan{ID: &detect.Identification{Spec: &sp.Spec}, MRZ: reading}
			p := &detect.Pass{Check: Check, Scan: scan, ResultOf: map[*detect.Check]detect.Finding{mrzread.Check: detect.Passed("ok", 0, nil)}}
			f, err := Check.Run(p)
			if err != nil {
				t.Fatal(err)
			}
			notJudged, _ := f.Evidence["fields_not_judged"].(map[string]float64)
			t.Logf("status %s reason %s evidence %v", f.Status, f.Reason, f.Evidence)
			if f.Status != tc.status || f.Reason != tc.reason {
				t.Errorf("status %s (%s), want %s (%s)", f.Status, f.Reason, tc.status, tc.reason)
			}
			if _, ok := notJudged[tc.notJudgedWant]; tc.notJudgedWant != "" && !ok {
				t.Errorf("%s not reported as not judged: %v", tc.notJudgedWant, notJudged)
			}
			if tc.notJudgedWant == "" && len(notJudged) > 0 {
				t.Errorf("fields reported as not judged: %v", notJudged)
			}
		})
	}
}

// TestMisreadStateNotJudged reads a passport of the model's issuer, UTO, with its issuing state
// read surely as a code that exists nowhere one letter from it (UTS): a misreading, not judged;
// read as another state's real code (FRA), or as a code far from it, it is a mismatch with the
// model.
func TestMisreadStateNotJudged(t *testing.T) {
	sp, lines := testerPassport(t)
	for _, tc := range []struct {
		state    string
		status   detect.Status
		notJudge bool
	}{
		{"UTO", detect.StatusPass, false},
		{"UTS", detect.StatusPass, true},  // exists nowhere, one letter off
		{"FRA", detect.StatusFail, false}, // a real state's code: the MRZ is another state's
		{"XYQ", detect.StatusFail, false}, // exists nowhere, far from UTO
	} {
		t.Run(tc.state, func(t *testing.T) {
			f, notJudged := runOn(t, sp, []string{lines[0][:2] + tc.state + lines[0][5:], lines[1]}, 0.99)
			_, skipped := notJudged["issuing_state"]
			if f.Status != tc.status || skipped != tc.notJudge {
				t.Errorf("status %s (%s), issuing state not judged %v; want %s, %v (evidence %v)", f.Status, f.Reason, skipped, tc.status, tc.notJudge, f.Evidence)
			}
		})
	}
}

// testerPassport is the 2024 passport's model and the MRZ of a synthetic holder of it: a
// number of the model's format, the model's issuer.
func testerPassport(t *testing.T) (*templates.Specimen, []string) {
	t.Helper()
	sp := detecttest.Specimen(t, "uto-passport-2024")
	fields := mrz.Fields{DocumentCode: "P", IssuingState: "UTO", Surname: "TESTER", GivenNames: "ANNA",
		DocumentNumber: "D30D21763", Nationality: "UTO", BirthDate: mrz.Date{Year: 1971, Month: 1, Day: 12},
		Sex: "F", ExpiryDate: mrz.Date{Year: 2036, Month: 3, Day: 12}}
	lines, err := mrz.Generate(sp.Spec.MRZFormat, fields)
	if err != nil {
		t.Fatal(err)
	}
	return sp, lines
}

// runOn runs the check on a scan registered to sp whose MRZ reads lines, its document number's
// check digit read with confidence numberConf, and returns the finding and its fields not judged.
func runOn(t *testing.T, sp *templates.Specimen, lines []string, numberConf float64) (detect.Finding, map[string]float64) {
	t.Helper()
	scan := &detect.Scan{ID: &detect.Identification{Spec: &sp.Spec}, MRZ: &detect.MRZReading{Raw: lines, Document: mrz.Parse(lines),
		CheckConfidence: map[string]float64{"document_number": numberConf, "birth_date": 0.99, "expiry_date": 0.99}}}
	p := &detect.Pass{Check: Check, Scan: scan, ResultOf: map[*detect.Check]detect.Finding{mrzread.Check: detect.Passed("ok", 0, nil)}}
	f, err := Check.Run(p)
	if err != nil {
		t.Fatal(err)
	}
	notJudged, _ := f.Evidence["fields_not_judged"].(map[string]float64)
	return f, notJudged
}
