// Package vizmrz defines the viz_mrz_match check: the printed fields against the MRZ.
package vizmrz

import (
	"context"
	"image"
	"strings"
	"time"
	"unicode"

	"github.com/docverify/docverify/detect"
	"github.com/docverify/docverify/detect/checks/mrzread"
	"github.com/docverify/docverify/mrz"
	"github.com/docverify/docverify/ocr"
	"gocv.io/x/gocv"
)

// Check is the viz_mrz_match check.
var Check = &detect.Check{
	Name: "viz_mrz_match",
	Doc: `The printed fields of the visual zone against the MRZ, field by field.

Each field the model prints and the MRZ carries (surname, given names, document number, dates
of birth and expiry, sex, nationality) is read where the specimen prints it, with a Latin-script
OCR model, and compared with the MRZ: names under ICAO Doc 9303 Part 3 transliteration (Ä as
AE or A), dates in the model's date format. A field altered on the page, or an MRZ rewritten
with new check digits, no longer agrees.`,
	Requires: []*detect.Check{mrzread.Check},
	Run:      run,
}

// Field is one comparison, as the report lists it.
type Field struct {
	Name  string `json:"name"`
	MRZ   string `json:"mrz"`
	VIZ   string `json:"viz"`
	Match bool   `json:"match"`
}

var compared = []string{"surname", "given_names", "document_number", "birth_date", "expiry_date", "sex", "nationality"}

func run(p *detect.Pass) (detect.Finding, error) {
	s := p.Scan
	spec := s.Spec()
	switch {
	case spec == nil:
		return detect.Skipped("not_identified", nil), nil
	case p.ResultOf[mrzread.Check].Reason == "mrz_unreadable":
		return detect.Skipped("no_mrz", nil), nil
	case s.Fields == nil:
		return detect.Skipped("viz_unreadable", map[string]any{"why": "no field reader"}), nil
	}
	d := s.MRZ.Document
	truncated := false
	for _, w := range d.Warnings {
		truncated = truncated || w.Code == mrz.WarnTruncated
	}
	grey := gocv.NewMat()
	defer grey.Close()
	gocv.CvtColor(s.Page, &grey, gocv.ColorBGRToGray)
	margin := int(spec.DPI / 25.4 * 0.6)
	var fields []Field
	mismatches, read := 0, 0
	var worst image.Rectangle
	for _, name := range compared {
		r, ok := s.RegionRect("field:" + name)
		if !ok {
			continue
		}
		want := mrzValue(d, name)
		if want == "" {
			continue
		}
		crop := detect.Crop(grey, r.Inset(-margin))
		g := detect.GreyOf(crop)
		crop.Close()
		line, err := s.Fields.ReadLine(context.Background(), ocr.PGM(toGray(g)))
		if err != nil {
			continue
		}
		viz := strings.TrimSpace(line.Text)
		if viz == "" {
			fields = append(fields, Field{Name: name, MRZ: want, VIZ: "", Match: false})
			continue
		}
		read++
		ok = matches(name, viz, d, spec.DateFormat, truncated)
		fields = append(fields, Field{Name: name, MRZ: want, VIZ: viz, Match: ok})
		if !ok {
			mismatches++
			worst = worst.Union(r)
		}
	}
	ev := map[string]any{"fields": fields, "read": read, "mismatches": mismatches}
	if read == 0 {
		return detect.Skipped("viz_unreadable", ev), nil
	}
	if mismatches == 0 {
		f := detect.Passed("ok", 0, ev)
		return f, nil
	}
	f := detect.Failed("viz_mismatch", 0.6+0.4*float64(mismatches)/float64(read), ev)
	f.Region = s.QuadOf(worst)
	return f, nil
}

// mrzValue is a field as the MRZ carries it, as a string.
func mrzValue(d *mrz.Document, name string) string {
	f := d.Fields
	switch name {
	case "surname":
		return f.Surname
	case "given_names":
		return f.GivenNames
	case "document_number":
		return f.DocumentNumber
	case "birth_date":
		return f.BirthDate.String()
	case "expiry_date":
		return f.ExpiryDate.String()
	case "sex":
		return f.Sex
	case "nationality":
		return f.Nationality
	}
	return ""
}

// matches compares a printed field with the MRZ.
func matches(name, viz string, d *mrz.Document, dateLayout string, truncated bool) bool {
	f := d.Fields
	switch name {
	case "surname":
		return mrz.NamesMatch(viz, f.Surname, truncated && f.GivenNames == "")
	case "given_names":
		return mrz.NamesMatch(viz, f.GivenNames, truncated)
	case "document_number":
		return squeeze(viz) == f.DocumentNumber
	case "birth_date", "expiry_date":
		want := f.BirthDate
		if name == "expiry_date" {
			want = f.ExpiryDate
		}
		t, err := time.Parse(dateLayout, normaliseDate(viz, dateLayout))
		if err != nil {
			return false
		}
		return t.Year() == want.Year && int(t.Month()) == want.Month && t.Day() == want.Day
	case "sex":
		v := squeeze(viz)
		return v == f.Sex || (v == "X" && f.Sex == "<")
	case "nationality":
		return squeeze(viz) == f.Nationality
	}
	return false
}

// squeeze drops spaces and anything outside A–Z and 0–9.
func squeeze(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		if (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// normaliseDate brings OCR text closer to the layout: title-case month names, single spaces.
func normaliseDate(s, layout string) string {
	s = strings.Join(strings.Fields(s), " ")
	if strings.Contains(layout, "Jan") {
		rs := []rune(strings.ToLower(s))
		for i, r := range rs {
			if unicode.IsLetter(r) && (i == 0 || !unicode.IsLetter(rs[i-1])) {
				rs[i] = unicode.ToUpper(r)
			}
		}
		s = string(rs)
	}
	return s
}

func toGray(g detect.Grey) *image.Gray {
	out := image.NewGray(image.Rect(0, 0, g.W, g.H))
	for i, v := range g.Pix {
		out.Pix[i] = uint8(v)
	}
	return out
}
