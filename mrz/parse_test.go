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

// TestFieldSpans: the fields' places, and every position an error can name (the parser's
// fieldAt) within the spans of the field it names.
func TestFieldSpans(t *testing.T) {
	for _, tc := range []struct {
		f     Format
		field string
		want  []Span
	}{
		{TD3, "issuing_state", []Span{{0, 2, 5}}},
		{TD3, "given_names", []Span{{0, 5, 44}}},
		{TD3, "nationality", []Span{{1, 10, 13}}},
		{TD3, "birth_date", []Span{{1, 13, 19}, {1, 19, 20}}},
		{TD3, "composite", []Span{{1, 0, 10}, {1, 13, 20}, {1, 21, 43}, {1, 43, 44}}},
		{TD1, "document_number", []Span{{0, 5, 14}, {0, 14, 15}}},
		{TD1, "names", []Span{{2, 0, 30}}},
		{MRVB, "optional_data", []Span{{1, 28, 36}}},
		{MRVA, "composite", nil},
		{TD3, "mrz", nil},
		{FormatUnknown, "sex", nil},
	} {
		if got := tc.f.FieldSpans(tc.field); !slices.Equal(got, tc.want) {
			t.Errorf("%v.FieldSpans(%q) = %v, want %v", tc.f, tc.field, got, tc.want)
		}
	}
	for _, f := range []Format{TD1, TD2, TD3, MRVA, MRVB} {
		l := layoutOf(f)
		lines := make([]string, l.lines)
		for i := range lines {
			lines[i] = strings.Repeat("A", 10) + "<<" + strings.Repeat("B", l.width-12)
		}
		p := parser{d: &Document{Format: f}, l: l, lines: lines}
		for li := range l.lines {
			for pos := range l.width {
				field := p.fieldAt(li, pos)
				in := false
				for _, s := range f.FieldSpans(field) {
					in = in || (s.Line == li && pos >= s.Start && pos < s.End)
				}
				if field != "mrz" && !in {
					t.Errorf("%v line %d position %d: %s's spans %v do not hold it", f, li+1, pos, field, f.FieldSpans(field))
				}
			}
		}
	}
}

// TestAllowed: what each kind of position may hold.
func TestAllowed(t *testing.T) {
	letters, digits := "ABCDEFGHIJKLMNOPQRSTUVWXYZ<", "0123456789<"
	all := "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"
	for _, tc := range []struct {
		f        Format
		li, pos  int
		want     string
		position string
	}{
		{TD3, 0, 0, "ACIP", "document code"},
		{MRVA, 0, 0, "V", "visa code"},
		{MRVB, 0, 1, letters, "document code's second"},
		{TD3, 0, 3, letters, "issuing state"},
		{TD3, 0, 20, letters, "names"},
		{TD3, 1, 3, all, "document number"},
		{TD3, 1, 9, digits, "document number's check digit"},
		{TD3, 1, 11, letters, "nationality"},
		{TD3, 1, 15, digits, "birth date"},
		{TD3, 1, 20, "MFX<", "sex"},
		{TD3, 1, 30, all, "optional data"},
		{TD3, 1, 43, digits, "composite check digit"},
		{TD1, 1, 17, letters, "TD1 nationality"},
		{TD1, 2, 4, letters, "TD1 names"},
		{TD3, 2, 0, "", "no such line"},
		{TD3, 0, 44, "", "beyond the line"},
		{FormatUnknown, 0, 0, "", "no format"},
	} {
		if got := tc.f.Allowed(tc.li, tc.pos); got != tc.want {
			t.Errorf("%v.Allowed(%d, %d) (%s) = %q, want %q", tc.f, tc.li, tc.pos, tc.position, got, tc.want)
		}
	}
}

// TestCovered: which positions a check digit covers, drawn line by line (c covered).
func TestCovered(t *testing.T) {
	for _, tc := range []struct {
		f    Format
		want []string
	}{
		{TD1, []string{".....ccccccccccccccccccccccccc", "ccccccc.ccccccc...cccccccccccc", ".............................."}},
		{TD2, []string{"....................................", "cccccccccc...ccccccc.ccccccccccccccc"}},
		{TD3, []string{"............................................", "cccccccccc...ccccccc.ccccccccccccccccccccccc"}},
		{MRVA, []string{"............................................", "cccccccccc...ccccccc.ccccccc................"}},
		{MRVB, []string{"....................................", "cccccccccc...ccccccc.ccccccc........"}},
	} {
		for li, want := range tc.want {
			got := make([]byte, len(want))
			for p := range got {
				got[p] = '.'
				if tc.f.Covered(li, p) {
					got[p] = 'c'
				}
			}
			if string(got) != want {
				t.Errorf("%v line %d covered\n got %s\nwant %s", tc.f, li+1, got, want)
			}
		}
	}
}

// TestCodeSpans and KnownStates: where the state codes stand, and the codes as printed.
func TestCodeSpans(t *testing.T) {
	for _, tc := range []struct {
		f    Format
		want []Span
	}{
		{TD1, []Span{{0, 2, 5}, {1, 15, 18}}},
		{TD3, []Span{{0, 2, 5}, {1, 10, 13}}},
		{MRVB, []Span{{0, 2, 5}, {1, 10, 13}}},
		{FormatUnknown, nil},
	} {
		if got := tc.f.CodeSpans(); !slices.Equal(got, tc.want) {
			t.Errorf("%v.CodeSpans() = %v, want %v", tc.f, got, tc.want)
		}
	}
	codes := KnownStates()
	for _, want := range []string{"D<<", "UTO", "GBD", "FRA", "XXA"} {
		if _, ok := slices.BinarySearch(codes, want); !ok {
			t.Errorf("KnownStates lacks %q", want)
		}
	}
	for _, c := range codes {
		if len(c) != 3 || !KnownState(strings.TrimRight(c, "<")) {
			t.Errorf("KnownStates has %q", c)
		}
	}
}

// TestCheckAlike: the characters a check digit cannot tell apart, and some it can.
func TestCheckAlike(t *testing.T) {
	for _, tc := range []struct {
		a, b byte
		want bool
	}{
		{'8', 'S', true}, {'8', 'I', true}, {'5', 'Z', true}, {'0', 'U', true}, {'<', 'K', true}, {'1', 'L', true},
		{'0', 'O', false}, {'5', 'S', false}, {'2', 'Z', false}, {'8', 'B', false}, {'1', 'I', false}, {'?', '?', false},
	} {
		if got := CheckAlike(tc.a, tc.b); got != tc.want {
			t.Errorf("CheckAlike(%c, %c) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
		// A check digit indeed cannot tell them apart, or can.
		if tc.a != '?' {
			d1, _ := CheckDigit("AB" + string(tc.a) + "12")
			d2, _ := CheckDigit("AB" + string(tc.b) + "12")
			if (d1 == d2) != tc.want {
				t.Errorf("%c and %c: check digits %c and %c", tc.a, tc.b, d1, d2)
			}
		}
	}
}
