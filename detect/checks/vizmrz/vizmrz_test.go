package vizmrz

import (
	"context"
	"fmt"
	"image"
	"slices"
	"testing"
	"time"

	"github.com/docverify/docverify/detect"
	"github.com/docverify/docverify/detect/detecttest"
	"github.com/docverify/docverify/mrz"
	"github.com/docverify/docverify/ocr"
	"github.com/docverify/docverify/templates"
	"gocv.io/x/gocv"
)

// TestAlignedTo checks how an OCR reading is put in the printed form's shape before it is
// drawn: the form's spaces back where OCR dropped them, readings of another length left out.
func TestAlignedTo(t *testing.T) {
	for _, tc := range []struct{ text, form, want string }{
		{"28FEB2032", "28 FEB 2027", "28 FEB 2032"},
		{"28 feb 2032", "28 FEB 2027", "28 FEB 2032"},
		{"PETIT", "DEMIR", "PETIT"},
		{"SOREN", "SØREN", "SOREN"}, // a form printing Ø: five letters either way
		{"20,12.2035", "20.12.2035", "20,12.2035"},
		{"ANNE-LAURE", "ANNE LAURE", ""}, // the hyphen counts: 10 characters against 9
		{"SAAR", "SANCHENKO", ""},        // part of the field
		{"", "DEMIR", ""},
		{"?!", "DEMIR", ""},
	} {
		if got := alignedTo(tc.text, tc.form); got != tc.want {
			t.Errorf("alignedTo(%q, %q) = %q, want %q", tc.text, tc.form, got, tc.want)
		}
	}
}

// TestAlternativeTo checks the texts drawn against a field's printed form from what OCR read
// of it when the reading has another length.
func TestAlternativeTo(t *testing.T) {
	for _, tc := range []struct{ text, form, want string }{
		{"28FEB2032", "28 FEB 2027", "28 FEB 2032"},   // the form's length: alignedTo
		{"202G1950", "20 AUG 1953", "20 AUG 1950"},    // the year read, the rest not
		{"2O AUG 1950", "20 AUG 1953", "2O AUG 1950"}, // the form's length: as read
		{"1O.O9.2O19", "10.09.2019", "1O.O9.2O19"},    // same length: as read
		{"10.09.20199", "10.09.2019", "10.09.2019"},   // the year's length differs: the form
		{"OKAPOR", "OKOYE", "OKAPOR"},                 // one letter more
		{"U7166660", "UT7146700", "UT7166660"},        // the digits read, the letters not
		{"78", "LINDQVIST", ""},                       // part of the field
		{"KEL", "KELLY", ""},                          // two fewer
		{"ABC", "ABCD", "ABC"},                        // one fewer of four
		{"AB", "ABC", ""},                             // a form of three is too short to tell
		{"", "DEMIR", ""},
		{"DACONCEICAOMARTINS", "DA CONCEICAO MARTIN", ""}, // one run against three: nothing to place
		{"OKAPORS", "OKOYE", "OKAPO"},                     // two more: as long as the form
		{"DEOLIVEIAAC", "LINDQVIST", "DEOLIVEIA"},         // another name printed, read further
		{"7OKAPOR", "OKOYE", ""},                          // two more, not a name's beginning
	} {
		if got := alternativeTo(tc.text, tc.form); got != tc.want {
			t.Errorf("alternativeTo(%q, %q) = %q, want %q", tc.text, tc.form, got, tc.want)
		}
	}
}

// noOCR reads nothing: the fields are judged by their glyphs alone.
type noOCR struct{}

func (noOCR) ReadLine(context.Context, []byte) (ocr.Line, error) { return ocr.Line{}, nil }

// TestUnsureFieldNotJudged runs the check on a specimen's page with its holder's MRZ read
// three ways: as printed (every field matches), with a digit of the birth date misread where
// the OCR was unsure, its check digit failing (the birth date is reported, not judged: the
// MRZ was misread, the page is not changed; nor are the nationality and sex, read among the
// unsure characters), and with the same digit read surely (an MRZ printed so: the page
// differs from it, a mismatch).
func TestUnsureFieldNotJudged(t *testing.T) {
	scan := detecttest.MovedPage(t, "uto-passport-2019", 0, 0)
	defer scan.Close()
	scan.ID.Correlation = 1
	scan.Fields = noOCR{}
	lines := holderMRZ(t, scan.Spec())
	// The birth date's day, its last digit, misread as another digit.
	at := 18
	d := lines[1][at]
	misread := []string{lines[0], lines[1][:at] + string('0'+(d-'0'+5)%10) + lines[1][at+1:]}
	for _, tc := range []struct {
		name   string
		lines  []string
		conf   float64
		status detect.Status
		judged bool // the birth date
	}{
		{"as printed", lines, 0.99, detect.StatusPass, true},
		{"birth date misread, unsure", misread, 0.7, detect.StatusPass, false},
		{"birth date printed so, read surely", misread, 0.99, detect.StatusFail, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := mrz.Parse(tc.lines)
			scan.MRZ = &detect.MRZReading{Raw: tc.lines, Document: doc, Confidence: tc.conf, NameConfidence: 1, DataConfidence: tc.conf,
				CheckConfidence: map[string]float64{"document_number": 0.99, "birth_date": tc.conf, "expiry_date": 0.99}}
			f, err := Check.Run(&detect.Pass{Check: Check, Scan: scan, ResultOf: map[*detect.Check]detect.Finding{}})
			if err != nil {
				t.Fatal(err)
			}
			notJudged, _ := f.Evidence["fields_not_judged"].(map[string]float64)
			t.Logf("status %s reason %s fields not judged %v", f.Status, f.Reason, notJudged)
			if f.Status != tc.status {
				t.Errorf("status %s (%s), want %s", f.Status, f.Reason, tc.status)
			}
			for _, name := range []string{"birth_date", "nationality", "sex"} {
				if _, skipped := notJudged[name]; skipped == tc.judged {
					t.Errorf("%s judged %v, want %v", name, !skipped, tc.judged)
				}
			}
			if _, skipped := notJudged["document_number"]; skipped {
				t.Error("the document number, whose check digit holds, not judged")
			}
			var birthField *Field
			for _, fl := range f.Evidence["fields"].([]Field) {
				if fl.Name == "birth_date" {
					birthField = &fl
				}
			}
			if birthField == nil {
				t.Error("the birth date is not reported")
			}
		})
	}
}

// holderMRZ is the MRZ of a model's specimen holder, as its specimen image prints the fields.
func holderMRZ(t *testing.T, spec *templates.Spec) []string {
	t.Helper()
	h := spec.Holder
	if h == nil {
		t.Fatalf("%s has no specimen holder", spec.ID)
	}
	var birth, expiry mrz.Date
	if err := birth.UnmarshalText([]byte(h.BirthDate)); err != nil {
		t.Fatal(err)
	}
	if err := expiry.UnmarshalText([]byte(h.ExpiryDate)); err != nil {
		t.Fatal(err)
	}
	lines, err := mrz.Generate(spec.MRZFormat, mrz.Fields{DocumentCode: spec.DocumentCode, IssuingState: "UTO", Surname: h.Surname,
		GivenNames: h.GivenNames, DocumentNumber: h.DocumentNumber, Nationality: h.Nationality, BirthDate: birth,
		Sex: h.Sex, ExpiryDate: expiry, OptionalData: h.PersonalNumber})
	if err != nil {
		t.Fatal(err)
	}
	return lines
}

// TestFieldsOffRegistration moves each model's page left of where its registration puts it,
// by up to 2 mm (a phone photo's registration can be that far off in a corner while the
// captions there lie well): every field is still found whole and matches its holder's MRZ.
func TestFieldsOffRegistration(t *testing.T) {
	for _, id := range []string{"uto-passport-2019", "uto-passport-2024", "uto-idcard-2021", "uto-visa-2020"} {
		for _, mm := range []float64{0, 1, 2} {
			t.Run(fmt.Sprintf("%s/%gmm", id, mm), func(t *testing.T) {
				probe := detecttest.MovedPage(t, id, 0, 0)
				dpi := probe.Spec().DPI
				probe.Close()
				scan := detecttest.MovedPage(t, id, -mm*dpi/25.4, 0)
				defer scan.Close()
				scan.ID.Correlation = 1
				scan.Fields = noOCR{}
				lines := holderMRZ(t, scan.Spec())
				scan.MRZ = &detect.MRZReading{Raw: lines, Document: mrz.Parse(lines), Confidence: 0.99, NameConfidence: 1, DataConfidence: 0.99,
					CheckConfidence: map[string]float64{"document_number": 0.99, "birth_date": 0.99, "expiry_date": 0.99}}
				f, err := Check.Run(&detect.Pass{Check: Check, Scan: scan, ResultOf: map[*detect.Check]detect.Finding{}})
				if err != nil {
					t.Fatal(err)
				}
				if f.Status != detect.StatusPass {
					t.Errorf("status %s (%s), glyphs %v, want pass", f.Status, f.Reason, f.Evidence["glyphs"])
				}
			})
		}
	}
}

// TestGlyphReadingNotJudged: an MRZ read glyph by glyph (its print too blurred for the OCR)
// leaves the printed fields unjudged, even where they differ from it.
func TestGlyphReadingNotJudged(t *testing.T) {
	scan := detecttest.MovedPage(t, "uto-passport-2019", 0, 0)
	defer scan.Close()
	scan.ID.Correlation = 1
	scan.Fields = noOCR{}
	lines, err := mrz.Generate(scan.Spec().MRZFormat, mrz.Fields{DocumentCode: "P", IssuingState: "UTO", Surname: "NOWAK",
		GivenNames: "ADA", DocumentNumber: "X1234567", Nationality: "UTO", BirthDate: mrz.Date{Year: 1990, Month: 1, Day: 2},
		Sex: "F", ExpiryDate: mrz.Date{Year: 2030, Month: 5, Day: 6}})
	if err != nil {
		t.Fatal(err)
	}
	for _, glyphs := range []bool{false, true} {
		scan.MRZ = &detect.MRZReading{Raw: lines, Document: mrz.Parse(lines), Confidence: 0.99, NameConfidence: 1, DataConfidence: 0.99,
			CheckConfidence: map[string]float64{"document_number": 0.99, "birth_date": 0.99, "expiry_date": 0.99}, Glyphs: glyphs}
		f, err := Check.Run(&detect.Pass{Check: Check, Scan: scan, ResultOf: map[*detect.Check]detect.Finding{}})
		if err != nil {
			t.Fatal(err)
		}
		want := detect.StatusFail // another holder's MRZ: the page differs
		if glyphs {
			want = detect.StatusNotDone
		}
		if f.Status != want {
			t.Errorf("read glyph by glyph %v: status %s (%s), want %s", glyphs, f.Status, f.Reason, want)
		}
	}
}

// TestNamesReadWideNotJudged: the MRZ's OCR read the names' line a character wider than its
// layout (a letter split in two, the repair cutting a filler), so the surname it gives differs
// from the page's where nothing vouches for it: the names are reported, not judged; so they
// are when a letter of their line was read short of sure. Read at the layout's width and
// surely, the same surname is a mismatch.
func TestNamesReadWideNotJudged(t *testing.T) {
	scan := detecttest.MovedPage(t, "uto-passport-2019", 0, 0)
	defer scan.Close()
	scan.ID.Correlation = 1
	scan.Fields = noOCR{}
	spec := scan.Spec()
	printed := holderMRZ(t, spec)
	fields := mrz.Parse(printed).Fields
	fields.Surname = "I" + fields.Surname // what the OCR made of the surname's first letter
	lines, err := mrz.Generate(spec.MRZFormat, fields)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		raw    []string
		conf   float64 // the least sure letter of the names' line
		status detect.Status
	}{
		{"names' line read wide", []string{lines[0] + "<", lines[1]}, 0.99, detect.StatusPass},
		{"read at the layout's width", lines, 0.99, detect.StatusFail},
		// Valid (the reading vouches for names from 0.95), but short of sure: a letter
		// misread so (LUNDBERG read LUNDSERG at 0.967) is the OCR's, not the page's.
		{"a letter read at 0.96", lines, 0.96, detect.StatusPass},
	} {
		t.Run(tc.name, func(t *testing.T) {
			scan.MRZ = &detect.MRZReading{Raw: tc.raw, Document: mrz.Parse(lines), Confidence: 0.99, NameConfidence: tc.conf, DataConfidence: 0.99,
				CheckConfidence: map[string]float64{"document_number": 0.99, "birth_date": 0.99, "expiry_date": 0.99}}
			f, err := Check.Run(&detect.Pass{Check: Check, Scan: scan, ResultOf: map[*detect.Check]detect.Finding{}})
			if err != nil {
				t.Fatal(err)
			}
			_, notJudged := f.Evidence["names_not_judged"]
			if f.Status != tc.status || notJudged != (tc.status == detect.StatusPass) {
				t.Errorf("status %s (%s), names not judged %v; want %s", f.Status, f.Reason, notJudged, tc.status)
			}
		})
	}
}

// TestMarginApart blurs a specimen page as a shaken phone does, until its worst field's glyph
// margin falls below 0 (another character would fit one of its glyphs better), and compares it
// with its holder's MRZ and with the same MRZ but for the expiry date's year (check digits
// recomputed, as a forger does): the genuine page's worst field stays near its next worst;
// the changed field stands apart, the measure fails and the field is shown as not matching.
func TestMarginApart(t *testing.T) {
	scan := detecttest.MovedPage(t, "uto-passport-2019", 0, 0)
	defer scan.Close()
	scan.ID.Correlation = 1
	scan.Fields = noOCR{}
	spec := scan.Spec()
	gocv.GaussianBlur(scan.Page, &scan.Page, image.Point{}, 5.5, 2, gocv.BorderReplicate)
	holder := holderMRZ(t, spec)
	d := mrz.Parse(holder)
	changed := d.Fields
	changed.ExpiryDate.Year += 4
	forged, err := mrz.Generate(spec.MRZFormat, changed)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		lines []string
		fail  bool
	}{{"as printed", holder, false}, {"expiry changed", forged, true}} {
		t.Run(tc.name, func(t *testing.T) {
			scan.MRZ = &detect.MRZReading{Raw: tc.lines, Document: mrz.Parse(tc.lines), Confidence: 0.99, NameConfidence: 1, DataConfidence: 0.99,
				CheckConfidence: map[string]float64{"document_number": 0.99, "birth_date": 0.99, "expiry_date": 0.99}}
			f, err := Check.Run(&detect.Pass{Check: Check, Scan: scan, ResultOf: map[*detect.Check]detect.Finding{}})
			if err != nil {
				t.Fatal(err)
			}
			ms, _ := f.Evidence["measures"].(map[string]float64)
			t.Logf("status %s, measures %v, margins %v", f.Status, ms, f.Evidence["margins"])
			v, ok := ms[apart.Key]
			switch {
			case !ok:
				t.Fatalf("%s not measured", apart.Key)
			case tc.fail != (v < apart.Threshold):
				t.Errorf("%s = %v, threshold %v: want below %v", apart.Key, v, apart.Threshold, tc.fail)
			}
			if m := ms[margin.Key]; m >= 0 {
				t.Errorf("%s = %v: the blur left every glyph read as printed", margin.Key, m)
			}
			for _, fl := range f.Evidence["fields"].([]Field) {
				if fl.Name == "expiry_date" && fl.Match == tc.fail {
					t.Errorf("expiry date shown matching %v", fl.Match)
				}
			}
		})
	}
}

// TestUnsureShiftedFields checks that the nationality and sex, which no check digit covers, are
// not judged where the repair wrote one of their characters, or where the OCR read their line
// at another width than the layout's and the reading is not valid.
func TestUnsureShiftedFields(t *testing.T) {
	names := "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
	data := "L898902C36UTO7408122F1204159ZE184226B<<<<<10"
	now := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		raw  []string
		want []string // fields not judged
	}{
		{"read as printed", []string{names, data}, nil},
		{"a digit in the nationality, repaired", []string{names, data[:12] + "0" + data[13:]}, []string{"nationality"}},
		{"the data line read a character wide, valid", []string{names, data + "<"}, nil},
		// A filler too many, which the repair cuts, and a sex that is no code: the reading is
		// not valid, and the places of what stands before the cut are not known.
		{"the data line read a character wide, not valid", []string{names, data[:20] + "Q" + data[21:] + "<"}, []string{"nationality", "sex"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := mrz.RepairAt(tc.raw, now)
			r := &detect.MRZReading{Raw: tc.raw, Document: d, DataConfidence: 0.99, NameConfidence: 0.99,
				CheckConfidence: map[string]float64{"document_number": 0.99, "birth_date": 0.99, "expiry_date": 0.99, "optional_data": 0.99}}
			got := unsureFields(r)
			var names []string
			for k := range got {
				names = append(names, k)
			}
			slices.Sort(names)
			if !slices.Equal(names, tc.want) {
				t.Errorf("not judged %v, want %v (corrections %v)", names, tc.want, d.Corrections)
			}
		})
	}
}

// TestPlausible checks what of an OCR reading's alternative is put back as the printed form has
// it: characters of another kind than the form's in their place, and in a date a month that is
// no month and a day or month number out of range.
func TestPlausible(t *testing.T) {
	for _, tc := range []struct {
		alt, form string
		date      bool
		want      string
	}{
		{"O2 FER 2027", "02 FEB 2032", true, "02 FEB 2027"}, // O for 0, no month FER: the year read
		{"21 APR 2032", "21 APR 2037", true, "21 APR 2032"}, // read as printed: kept
		{"44 MAR 2008", "29 MAR 2003", true, "29 MAR 2008"}, // no day 44
		{"22.13.2035", "22.07.2035", true, "22.07.2035"},    // no month 13
		{"13.06.2035", "13.04.2035", true, "13.06.2035"},    // a month misread or changed: kept
		{"UT0474I80", "UT0474180", false, "UT0474180"},      // I for 1
		{"DEOLIVEIA", "LINDQVIST", false, "DEOLIVEIA"},      // letters for letters: kept
		{"OKAPOR", "OKOYE", false, "OKAPOR"},                // another length: as read
		{"", "OKOYE", false, ""},
	} {
		if got := plausible(tc.alt, tc.form, tc.date); got != tc.want {
			t.Errorf("plausible(%q, %q) = %q, want %q", tc.alt, tc.form, got, tc.want)
		}
	}
}
