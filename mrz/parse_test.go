package mrz

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestParse runs the cases of testdata/documents.json: each gives MRZ lines and what Parse
// must find: the format, validity, the exact set of errors and warnings (field:code), chosen
// fields and the specimen flag. Check digits in the file were computed independently.
func TestParse(t *testing.T) {
	var cases []struct {
		Name     string            `json:"name"`
		Lines    []string          `json:"lines"`
		Valid    bool              `json:"valid"`
		Format   string            `json:"format"`
		Errors   []string          `json:"errors"`
		Warnings []string          `json:"warnings"`
		Fields   map[string]string `json:"fields"`
		Specimen *bool             `json:"specimen"`
	}
	b, err := os.ReadFile("testdata/documents.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			d := ParseAt(c.Lines, testNow)
			if d.Valid != c.Valid {
				t.Errorf("valid = %v, want %v (errors %v)", d.Valid, c.Valid, errorCodes(d))
			}
			if d.Format.String() != c.Format {
				t.Errorf("format = %q, want %q", d.Format, c.Format)
			}
			if diff := cmp.Diff(sorted(c.Errors), sorted(errorCodes(d))); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(sorted(c.Warnings), sorted(warningCodes(d))); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
			var got map[string]string
			fb, _ := json.Marshal(d.Fields)
			_ = json.Unmarshal(fb, &got)
			for k, want := range c.Fields {
				if got[k] != want {
					t.Errorf("fields.%s = %q, want %q", k, got[k], want)
				}
			}
			if c.Specimen != nil && d.Specimen != *c.Specimen {
				t.Errorf("specimen = %v, want %v", d.Specimen, *c.Specimen)
			}
			if d.Valid != (len(d.Errors) == 0) {
				t.Errorf("valid = %v with %d errors", d.Valid, len(d.Errors))
			}
		})
	}
}

// TestDocumentJSON pins the JSON contract of "docverify mrz": key names, dates as ISO 8601,
// fillers unescaped and empty lists as [].
func TestDocumentJSON(t *testing.T) {
	d := ParseAt([]string{"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"}, testNow)
	var buf strings.Builder
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(d); err != nil {
		t.Fatal(err)
	}
	s := buf.String()
	b := []byte(s)
	for _, want := range []string{
		`"format":"TD3"`, `"valid":true`, `"specimen":true`, `"lines":["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"`,
		`"birth_date":"1974-08-12"`, `"expiry_date":"2012-04-15"`, `"optional_data_2":""`,
		`{"field":"composite","valid":true,"expected":"0","found":"0"}`, `"errors":[]`, `"corrections":[]`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("JSON lacks %s:\n%s", want, s)
		}
	}
	var back struct {
		Fields Fields `json:"fields"`
	}
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Fields != d.Fields {
		t.Errorf("fields do not survive a JSON round trip: %+v != %+v", back.Fields, d.Fields)
	}
}

// TestLogValueRedacts makes sure a document logged by mistake shows no personal data.
func TestLogValueRedacts(t *testing.T) {
	d := ParseAt([]string{"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"}, testNow)
	for _, s := range []string{d.LogValue().String(), d.Fields.LogValue().String()} {
		for _, secret := range []string{"ERIKSSON", "ANNA", "L898902C3", "1974", "740812"} {
			if strings.Contains(s, secret) {
				t.Errorf("log value %q contains %q", s, secret)
			}
		}
	}
}

func TestCheckDigit(t *testing.T) {
	for _, c := range []struct {
		in   string
		want byte
		ok   bool
	}{
		{"L898902C3", '6', true}, {"740812", '2', true}, {"120415", '9', true}, {"ZE184226B<<<<<", '1', true},
		{"<<<<<<", '0', true}, {"D23145890734", '9', true}, {"l898902c3", 0, false}, {"AB 12", 0, false},
	} {
		got, ok := CheckDigit(c.in)
		if ok != c.ok || (ok && got != c.want) {
			t.Errorf("CheckDigit(%q) = %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func warningCodes(d *Document) []string {
	var out []string
	for _, e := range d.Warnings {
		out = append(out, e.Field+":"+string(e.Code))
	}
	return out
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	if s == nil {
		s = []string{}
	}
	return s
}

func TestCheckSpans(t *testing.T) {
	for _, tc := range []struct {
		f     Format
		field string
		want  []Span
	}{
		{TD3, "document_number", []Span{{1, 0, 10}}},
		{TD3, "birth_date", []Span{{1, 13, 20}}},
		{TD3, "expiry_date", []Span{{1, 21, 28}}},
		{TD3, "optional_data", []Span{{1, 28, 43}}},
		{TD3, "composite", nil},
		{TD2, "optional_data", nil},
		{MRVA, "expiry_date", []Span{{1, 21, 28}}},
		{TD1, "document_number", []Span{{0, 5, 15}, {0, 15, 30}}},
		{TD1, "birth_date", []Span{{1, 0, 7}}},
		{FormatUnknown, "birth_date", nil},
	} {
		got := tc.f.CheckSpans(tc.field)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%v.CheckSpans(%q) = %v, want %v", tc.f, tc.field, got, tc.want)
		}
	}
}
