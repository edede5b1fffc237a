package mrz

import (
	"fmt"
	"strings"
)

// Generate writes the MRZ lines of a document from its fields, with every check digit. Names
// are transliterated (Transliterate) and truncated to their field as Doc 9303 Part 3 does;
// a document number longer than nine characters is written as a long number (TD1 and TD2
// only). Dates are written with fillers for unknown parts. Generate returns an error when a
// field does not fit its layout or holds characters the MRZ cannot write.
func Generate(f Format, fields Fields) ([]string, error) {
	l := layoutOf(f)
	if f == FormatUnknown || l.lines == 0 {
		return nil, fmt.Errorf("mrz: generate: unknown format")
	}
	lines := make([][]byte, l.lines)
	for i := range lines {
		lines[i] = []byte(strings.Repeat("<", l.width))
	}
	var errs []string
	put := func(s span, field, v string) {
		v = strings.ReplaceAll(strings.ToUpper(v), " ", "<")
		for i := 0; i < len(v); i++ {
			if charValue(v[i]) < 0 {
				errs = append(errs, field+": characters outside A-Z, 0-9")
				return
			}
		}
		if len(v) > s.end-s.start {
			errs = append(errs, fmt.Sprintf("%s: %d characters do not fit in %d", field, len(v), s.end-s.start))
			return
		}
		copy(lines[s.line][s.start:], v)
	}
	digit := func(cd, over span) {
		d, _ := CheckDigit(over.of(toStrings(lines)))
		lines[cd.line][cd.start] = d
	}

	code := fields.DocumentCode
	if code == "" {
		code = map[Format]string{TD1: "I", TD2: "I", TD3: "P", MRVA: "V", MRVB: "V"}[f]
	}
	put(l.docCode, "document_code", code)
	put(l.state, "issuing_state", fields.IssuingState)
	put(l.nationality, "nationality", fields.Nationality)
	name, _ := NameField(fields.Surname, fields.GivenNames, l.name.end-l.name.start)
	put(l.name, "name", name)
	sex := fields.Sex
	if sex == "" {
		sex = "<"
	}
	put(l.sex, "sex", sex)
	put(l.birth, "birth_date", fields.BirthDate.YYMMDD())
	digit(l.birthCD, l.birth)
	if fields.ExpiryDate.IsZero() {
		put(l.expiry, "expiry_date", "<<<<<<")
	} else {
		put(l.expiry, "expiry_date", fields.ExpiryDate.YYMMDD())
	}
	digit(l.expiryCD, l.expiry)

	number := strings.ToUpper(fields.DocumentNumber)
	optional := fields.OptionalData
	if len(number) > 9 {
		if f != TD1 && f != TD2 {
			return nil, fmt.Errorf("mrz: generate: document_number: %d characters do not fit in 9 (long numbers exist only in TD1 and TD2)", len(number))
		}
		cd, ok := CheckDigit(number)
		if !ok {
			return nil, fmt.Errorf("mrz: generate: document_number: characters outside A-Z, 0-9")
		}
		put(l.number, "document_number", number[:9])
		lines[l.numberCD.line][l.numberCD.start] = '<'
		optional = number[9:] + string(cd) + "<" + optional
		optional = strings.TrimRight(optional, "<")
		put(l.optional, "optional_data", optional)
	} else {
		put(l.number, "document_number", number)
		digit(l.numberCD, l.number)
		if l.optional.ok() {
			put(l.optional, "optional_data", optional)
		} else if optional != "" {
			errs = append(errs, "optional_data: the format has none")
		}
	}
	if l.optionalCD.ok() {
		digit(l.optionalCD, l.optional)
	}
	if l.optional2.ok() {
		put(l.optional2, "optional_data_2", fields.OptionalData2)
	} else if fields.OptionalData2 != "" {
		errs = append(errs, "optional_data_2: the format has none")
	}
	if l.composite.ok() {
		d, _ := checkDigitOver(toStrings(lines), l.compositeOver)
		lines[l.composite.line][l.composite.start] = d
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("mrz: generate: %s", strings.Join(errs, "; "))
	}
	return toStrings(lines), nil
}

func toStrings(b [][]byte) []string {
	out := make([]string, len(b))
	for i := range b {
		out[i] = string(b[i])
	}
	return out
}

// NameField writes a name as the MRZ name field of the given width: the transliterated
// surname, a double filler, the transliterated given names. A name that does not fit is
// truncated (given names first, down to their initial letters, then the surname), and ends with
// a letter in the last position, the mark of truncation; truncated reports it.
func NameField(surname, given string, width int) (field string, truncated bool) {
	sur := Transliterate(surname)
	giv := strings.Split(Transliterate(given), "<")
	if len(giv) == 1 && giv[0] == "" {
		giv = nil
	}
	join := func() string {
		s := sur
		if len(giv) > 0 {
			s += "<<" + strings.Join(giv, "<")
		}
		return s
	}
	s := join()
	if len(s) <= width {
		return s, false
	}
	// Shorten given names from the last one, down to initials.
	for i := len(giv) - 1; i >= 0 && len(join()) > width; i-- {
		over := len(join()) - width
		keep := max(1, len(giv[i])-over)
		giv[i] = giv[i][:keep]
	}
	s = join()
	if len(s) > width {
		s = s[:width]
	}
	s = strings.TrimRight(s, "<")
	return s, true
}
