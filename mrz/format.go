package mrz

import (
	"fmt"
	"slices"
)

// Format is one of the five machine readable zone layouts of ICAO Doc 9303.
type Format int

// The layouts, with their lines × characters.
const (
	FormatUnknown Format = iota
	TD1                  // 3 × 30: identity cards (Doc 9303 Part 5)
	TD2                  // 2 × 36: identity cards (Part 6)
	TD3                  // 2 × 44: passports (Part 4)
	MRVA                 // 2 × 44: full-size visas (Part 7)
	MRVB                 // 2 × 36: small visas (Part 7)
)

var formatNames = [...]string{"", "TD1", "TD2", "TD3", "MRVA", "MRVB"}

// String returns the format's name as the JSON contract spells it ("TD1", …, "MRVB"), or ""
// for FormatUnknown.
func (f Format) String() string {
	if f < 0 || int(f) >= len(formatNames) {
		return ""
	}
	return formatNames[f]
}

// MarshalText encodes the format by name.
func (f Format) MarshalText() ([]byte, error) { return []byte(f.String()), nil }

// UnmarshalText decodes a format name.
func (f *Format) UnmarshalText(b []byte) error {
	for i, n := range formatNames {
		if i > 0 && n == string(b) {
			*f = Format(i)
			return nil
		}
	}
	return fmt.Errorf("mrz: unknown format %q", b)
}

// Lines is the number of lines of the format's MRZ.
func (f Format) Lines() int { return layoutOf(f).lines }

// Width is the number of characters per line.
func (f Format) Width() int { return layoutOf(f).width }

// Span is a run of characters on one line of an MRZ: Line, and the positions [Start, End)
// counted from 0.
type Span struct{ Line, Start, End int }

// CheckSpans says where the characters a check digit covers stand on a format's lines, the
// check digit itself included: the field's own span, and for a TD1 document number the
// optional data too (a long number continues there, its check digit at the end). The composite
// check digit covers most of the data and has none (nil), nor does a field the format lacks.
func (f Format) CheckSpans(field string) []Span {
	l := layoutOf(f)
	join := func(data, cd span) []Span {
		if !data.ok() || !cd.ok() {
			return nil
		}
		return []Span{{data.line, data.start, cd.end}}
	}
	switch field {
	case "document_number":
		s := join(l.number, l.numberCD)
		if s != nil && f == TD1 && l.optional.ok() {
			s = append(s, Span{l.optional.line, l.optional.start, l.optional.end})
		}
		return s
	case "birth_date":
		return join(l.birth, l.birthCD)
	case "expiry_date":
		return join(l.expiry, l.expiryCD)
	case "optional_data":
		return join(l.optional, l.optionalCD)
	}
	return nil
}

// FieldSpans says where a field's characters stand on a format's lines, by the names the
// document's errors give (Error.Field): a field with its check digit, the names' whole field for
// "surname", "given_names" and "names", the covered data for "composite". Nil for a field the
// format lacks, and for "mrz" (the whole zone).
func (f Format) FieldSpans(field string) []Span {
	l := layoutOf(f)
	of := func(ss ...span) []Span {
		var out []Span
		for _, s := range ss {
			if s.ok() {
				out = append(out, Span{s.line, s.start, s.end})
			}
		}
		return out
	}
	switch field {
	case "document_code":
		return of(l.docCode)
	case "issuing_state":
		return of(l.state)
	case "surname", "given_names", "names":
		return of(l.name)
	case "document_number":
		return of(l.number, l.numberCD)
	case "nationality":
		return of(l.nationality)
	case "birth_date":
		return of(l.birth, l.birthCD)
	case "sex":
		return of(l.sex)
	case "expiry_date":
		return of(l.expiry, l.expiryCD)
	case "optional_data":
		return of(l.optional, l.optionalCD)
	case "optional_data_2":
		return of(l.optional2)
	case "composite":
		if !l.composite.ok() {
			return nil
		}
		return of(append(slices.Clone(l.compositeOver), l.composite)...)
	}
	return nil
}

// span is a run of characters on one line: [start, end), counted from 0.
type span struct{ line, start, end int }

func (s span) ok() bool                 { return s.end > s.start }
func (s span) of(lines []string) string { return lines[s.line][s.start:s.end] }

// layout places every field of a format. A zero span means the format has no such field.
type layout struct {
	format               Format
	lines, width         int
	docCode, state, name span
	number, numberCD     span
	nationality          span
	birth, birthCD, sex  span
	expiry, expiryCD     span
	optional, optionalCD span
	optional2            span
	composite            span   // the composite check digit
	compositeOver        []span // what the composite check digit covers
	classes              [][]charClass
}

var layouts = map[Format]*layout{
	TD1: {
		format: TD1, lines: 3, width: 30,
		docCode: span{0, 0, 2}, state: span{0, 2, 5}, number: span{0, 5, 14}, numberCD: span{0, 14, 15},
		optional: span{0, 15, 30},
		birth:    span{1, 0, 6}, birthCD: span{1, 6, 7}, sex: span{1, 7, 8}, expiry: span{1, 8, 14},
		expiryCD: span{1, 14, 15}, nationality: span{1, 15, 18}, optional2: span{1, 18, 29},
		composite:     span{1, 29, 30},
		compositeOver: []span{{0, 5, 30}, {1, 0, 7}, {1, 8, 15}, {1, 18, 29}},
		name:          span{2, 0, 30},
	},
	TD2: {
		format: TD2, lines: 2, width: 36,
		docCode: span{0, 0, 2}, state: span{0, 2, 5}, name: span{0, 5, 36},
		number: span{1, 0, 9}, numberCD: span{1, 9, 10}, nationality: span{1, 10, 13},
		birth: span{1, 13, 19}, birthCD: span{1, 19, 20}, sex: span{1, 20, 21},
		expiry: span{1, 21, 27}, expiryCD: span{1, 27, 28}, optional: span{1, 28, 35},
		composite:     span{1, 35, 36},
		compositeOver: []span{{1, 0, 10}, {1, 13, 20}, {1, 21, 35}},
	},
	TD3: {
		format: TD3, lines: 2, width: 44,
		docCode: span{0, 0, 2}, state: span{0, 2, 5}, name: span{0, 5, 44},
		number: span{1, 0, 9}, numberCD: span{1, 9, 10}, nationality: span{1, 10, 13},
		birth: span{1, 13, 19}, birthCD: span{1, 19, 20}, sex: span{1, 20, 21},
		expiry: span{1, 21, 27}, expiryCD: span{1, 27, 28}, optional: span{1, 28, 42},
		optionalCD:    span{1, 42, 43},
		composite:     span{1, 43, 44},
		compositeOver: []span{{1, 0, 10}, {1, 13, 20}, {1, 21, 43}},
	},
	MRVA: {
		format: MRVA, lines: 2, width: 44,
		docCode: span{0, 0, 2}, state: span{0, 2, 5}, name: span{0, 5, 44},
		number: span{1, 0, 9}, numberCD: span{1, 9, 10}, nationality: span{1, 10, 13},
		birth: span{1, 13, 19}, birthCD: span{1, 19, 20}, sex: span{1, 20, 21},
		expiry: span{1, 21, 27}, expiryCD: span{1, 27, 28}, optional: span{1, 28, 44},
	},
	MRVB: {
		format: MRVB, lines: 2, width: 36,
		docCode: span{0, 0, 2}, state: span{0, 2, 5}, name: span{0, 5, 36},
		number: span{1, 0, 9}, numberCD: span{1, 9, 10}, nationality: span{1, 10, 13},
		birth: span{1, 13, 19}, birthCD: span{1, 19, 20}, sex: span{1, 20, 21},
		expiry: span{1, 21, 27}, expiryCD: span{1, 27, 28}, optional: span{1, 28, 36},
	},
}

var unknownLayout = &layout{}

func layoutOf(f Format) *layout {
	if l, ok := layouts[f]; ok {
		return l
	}
	return unknownLayout
}

// charClass is what a position of the MRZ may hold; repair uses it to undo OCR confusions.
type charClass uint8

const (
	classAny   charClass = iota // A–Z, 0–9 or <, no preference (optional data, document number)
	classAlpha                  // A–Z or < (names, codes)
	classDigit                  // 0–9 (dates, check digits); < where the rules allow it
	classSex                    // M, F, X or <
)

func init() {
	for _, l := range layouts {
		l.classes = make([][]charClass, l.lines)
		for i := range l.classes {
			l.classes[i] = make([]charClass, l.width) // classAny by default
		}
		set := func(s span, c charClass) {
			for p := s.start; p < s.end; p++ {
				l.classes[s.line][p] = c
			}
		}
		set(l.docCode, classAlpha)
		set(l.state, classAlpha)
		set(l.name, classAlpha)
		set(l.nationality, classAlpha)
		for _, s := range []span{l.numberCD, l.birth, l.birthCD, l.expiry, l.expiryCD, l.optionalCD, l.composite} {
			if s.ok() {
				set(s, classDigit)
			}
		}
		set(l.sex, classSex)
	}
}

// Allowed is the characters that position pos (from 0) of line li of the format's MRZ may
// hold: A, C, I or P first in a document's code, V in a visa's; letters and fillers in codes
// and names, digits and the filler in dates and check digits, M, F, X and the filler for the
// sex, any of the 37 elsewhere (document numbers, optional data). Empty outside the format.
func (f Format) Allowed(li, pos int) string {
	l := layoutOf(f)
	if li < 0 || li >= len(l.classes) || pos < 0 || pos >= len(l.classes[li]) {
		return ""
	}
	if li == l.docCode.line && pos == l.docCode.start {
		if f == MRVA || f == MRVB {
			return "V"
		}
		return "ACIP"
	}
	switch l.classes[li][pos] {
	case classAlpha:
		return "ABCDEFGHIJKLMNOPQRSTUVWXYZ<"
	case classDigit:
		return "0123456789<"
	case classSex:
		return "MFX<"
	}
	return "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"
}

// CodeSpans says where a format's MRZ prints its state codes: the issuing state's and the
// nationality's three characters.
func (f Format) CodeSpans() []Span {
	l := layoutOf(f)
	var out []Span
	for _, s := range []span{l.state, l.nationality} {
		if s.ok() {
			out = append(out, Span{s.line, s.start, s.end})
		}
	}
	return out
}

// Covered says whether a check digit covers position pos (from 0) of line li of the format's
// MRZ: a field's own check digit (the digit included) or the composite one (the composite digit
// included). The document code, the issuing state, the names, the nationality and the sex are
// covered by none, nor is a visa's optional data: a misreading there passes every rule.
func (f Format) Covered(li, pos int) bool {
	l := layoutOf(f)
	in := func(s span) bool { return s.ok() && s.line == li && pos >= s.start && pos < s.end }
	for _, field := range []string{"document_number", "birth_date", "expiry_date", "optional_data"} {
		for _, s := range f.CheckSpans(field) {
			if in(span{s.Line, s.Start, s.End}) {
				return true
			}
		}
	}
	if in(l.composite) {
		return true
	}
	if l.composite.ok() {
		for _, s := range l.compositeOver {
			if in(s) {
				return true
			}
		}
	}
	return false
}

// DetectFormat names the layout of lines from their count, their lengths and, between the
// layouts of equal size, the document code (visas start with V). It does not look further.
func DetectFormat(lines []string) Format {
	switch len(lines) {
	case 3:
		if len(lines[0]) == 30 && len(lines[1]) == 30 && len(lines[2]) == 30 {
			return TD1
		}
	case 2:
		w := len(lines[0])
		if len(lines[1]) != w {
			return FormatUnknown
		}
		visa := w > 0 && lines[0][0] == 'V'
		switch {
		case w == 36 && visa:
			return MRVB
		case w == 36:
			return TD2
		case w == 44 && visa:
			return MRVA
		case w == 44:
			return TD3
		}
	}
	return FormatUnknown
}
