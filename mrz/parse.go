package mrz

import (
	"strconv"
	"strings"
	"time"
)

// Parse reads an MRZ given as its lines, exactly as printed (no spaces, upper case), and
// checks it against ICAO Doc 9303: layout, character set, every check digit, dates, codes and
// filler structure. The returned document is never nil; it is Valid when nothing failed.
// Parse keeps lines (it does not copy them). For OCR output, use Repair.
func Parse(lines []string) *Document { return ParseAt(lines, time.Now()) }

// ParseAt is Parse with the current time given: it decides the century of two-digit years and
// whether the document has expired.
func ParseAt(lines []string, now time.Time) *Document {
	d := &Document{Lines: lines}
	p := parser{d: d, now: dateOf(now)}
	p.parse()
	d.Valid = len(d.Errors) == 0
	return d
}

type parser struct {
	d     *Document
	l     *layout
	lines []string
	now   Date
}

func (p *parser) fail(field string, code Code, msg string) {
	for _, e := range p.d.Errors {
		if e.Field == field && e.Code == code {
			return // one error per field and code is enough
		}
	}
	p.d.Errors = append(p.d.Errors, &Error{Field: field, Code: code, Message: msg})
}

func (p *parser) warn(field string, code Code, msg string) {
	p.d.Warnings = append(p.d.Warnings, &Error{Field: field, Code: code, Message: msg})
}

func (p *parser) parse() {
	d := p.d
	d.Format = DetectFormat(d.Lines)
	if d.Format == FormatUnknown {
		p.fail("mrz", CodeLength, layoutMismatch(d.Lines))
		return
	}
	if d.Format == TD2 && strings.HasPrefix(d.Lines[0], "IDFRA") && !strings.HasPrefix(d.Lines[0], "IDFRA<") {
		// France's national identity card of 1988–2021 is 2 × 36 but not ICAO's TD2: no
		// name separator after the state, the number at the start of line 2.
		if _, frenchNumber := CheckDigit(d.Lines[1][:12]); frenchNumber && !isTD2Line2(d.Lines[1]) {
			d.Format = FormatUnknown
			p.fail("mrz", CodeFormat, "the French national identity card of 1988-2021 does not follow ICAO 9303; it is not supported")
			return
		}
	}
	p.l, p.lines = layoutOf(d.Format), d.Lines
	l, lines := p.l, p.lines

	p.charset()

	f := &d.Fields
	f.DocumentCode = strings.TrimRight(l.docCode.of(lines), "<")
	f.IssuingState = p.state("issuing_state", l.state.of(lines))
	f.Nationality = p.state("nationality", l.nationality.of(lines))
	p.name(l.name.of(lines))
	p.documentCode()
	p.number()
	f.BirthDate = p.date("birth_date", l.birth, l.birthCD, birthDate)
	f.ExpiryDate = p.date("expiry_date", l.expiry, l.expiryCD, expiryDate)
	p.sex()
	if l.optionalCD.ok() {
		p.check("optional_data", l.optional, l.optionalCD, true)
	}
	if l.optional2.ok() {
		f.OptionalData2 = optionalText(l.optional2.of(lines))
	}
	if l.composite.ok() {
		p.composite()
	}

	d.Specimen = f.IssuingState == SpecimenState || f.Nationality == SpecimenState
	if !f.BirthDate.IsZero() && !f.ExpiryDate.IsZero() && f.ExpiryDate.Before(f.BirthDate) {
		p.fail("expiry_date", CodeInvalidDate, "the expiry date is before the birth date")
	}
	if !f.ExpiryDate.IsZero() && f.ExpiryDate.Before(p.now) {
		p.warn("expiry_date", WarnExpired, "the document has expired")
	}
}

// isTD2Line2 tells a TD2 second line by its state code and sex where TD2 puts them.
func isTD2Line2(s string) bool {
	nat := strings.TrimRight(s[10:13], "<")
	return KnownState(nat) && strings.IndexByte("MFX<", s[20]) >= 0
}

func layoutMismatch(lines []string) string {
	var b strings.Builder
	b.WriteString(strconv.Itoa(len(lines)))
	b.WriteString(" line(s) of length ")
	for i, s := range lines {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Itoa(len(s)))
	}
	b.WriteString(" match no ICAO 9303 layout (TD1 3×30, TD2 2×36, TD3 2×44, MRV-A 2×44, MRV-B 2×36)")
	return b.String()
}

// fieldAt names the field that holds a position, for error reports.
func (p *parser) fieldAt(line, pos int) string {
	l := p.l
	in := func(s span) bool { return s.ok() && s.line == line && pos >= s.start && pos < s.end }
	switch {
	case in(l.docCode):
		return "document_code"
	case in(l.state):
		return "issuing_state"
	case in(l.name):
		if i := strings.Index(p.lines[line][l.name.start:], "<<"); i >= 0 && pos >= l.name.start+i {
			return "given_names"
		}
		return "surname"
	case in(l.number), in(l.numberCD):
		return "document_number"
	case in(l.nationality):
		return "nationality"
	case in(l.birth), in(l.birthCD):
		return "birth_date"
	case in(l.sex):
		return "sex"
	case in(l.expiry), in(l.expiryCD):
		return "expiry_date"
	case in(l.optional), in(l.optionalCD):
		return "optional_data"
	case in(l.optional2):
		return "optional_data_2"
	case in(l.composite):
		return "composite"
	}
	return "mrz"
}

// charset reports characters outside the MRZ alphabet, and digits where only letters may
// stand (names, codes) or letters where only digits may (dates, check digits).
func (p *parser) charset() {
	for li, s := range p.lines {
		for pos := 0; pos < len(s); pos++ {
			c := s[pos]
			switch {
			case charValue(c) < 0:
				p.fail(p.fieldAt(li, pos), CodeCharset, "character "+strconv.QuoteRune(rune(c))+" at line "+
					strconv.Itoa(li+1)+", position "+strconv.Itoa(pos+1)+" is not in the MRZ alphabet (A-Z, 0-9, <)")
			case p.l.classes[li][pos] == classAlpha && c >= '0' && c <= '9':
				p.fail(p.fieldAt(li, pos), CodeCharset, "a digit at line "+strconv.Itoa(li+1)+", position "+
					strconv.Itoa(pos+1)+" where only letters and fillers may stand")
			case p.l.classes[li][pos] == classDigit && c >= 'A' && c <= 'Z':
				p.fail(p.fieldAt(li, pos), CodeCharset, "a letter at line "+strconv.Itoa(li+1)+", position "+
					strconv.Itoa(pos+1)+" where only digits may stand")
			}
		}
	}
}

func (p *parser) documentCode() {
	c := p.l.docCode.of(p.lines)
	// Doc 9303 Part 3: A, C and I are identity documents, P passports, V visas. The parts
	// tie P to TD3 and A, C, I to the cards, but issuers cross them (Germany's TD2 temporary
	// passport is P), so any of the four is accepted in TD1, TD2 and TD3; V makes a visa.
	allowed := "ACIP"
	if p.d.Format == MRVA || p.d.Format == MRVB {
		allowed = "V"
	}
	if strings.IndexByte(allowed, c[0]) < 0 {
		p.fail("document_code", CodeUnknownCode, "a "+p.d.Format.String()+" document code starts with one of "+
			strings.Join(strings.Split(allowed, ""), ", "))
	}
	if c[1] >= '0' && c[1] <= '9' {
		p.fail("document_code", CodeCharset, "the second character of the document code is a letter or a filler")
	}
}

// state reads an issuing state or nationality: one to three letters, then fillers.
func (p *parser) state(field, raw string) string {
	code := strings.TrimRight(raw, "<")
	switch {
	case strings.IndexByte(code, '<') >= 0:
		p.fail(field, CodeFiller, "a state code is letters followed by fillers")
	case code == "":
		p.fail(field, CodeUnknownCode, "the state code is missing")
	case !KnownState(code):
		p.fail(field, CodeUnknownCode, "not an ISO 3166-1 alpha-3 code nor one of ICAO's own codes")
	}
	return code
}

// name splits the name field: the primary identifier (surname) before the double filler, the
// secondary identifiers (given names) after it; single fillers separate components.
func (p *parser) name(raw string) {
	f := &p.d.Fields
	name := strings.TrimRight(raw, "<")
	if name == "" {
		p.fail("surname", CodeFormat, "the name field is empty")
		return
	}
	// A name of given names only starts with the double filler (issuers print it so); any
	// other leading filler is out of structure.
	if name[0] == '<' && (!strings.HasPrefix(name, "<<") || strings.HasPrefix(name, "<<<")) {
		p.fail("surname", CodeFiller, "the name field starts with a filler")
	}
	surname, given, _ := strings.Cut(name, "<<")
	if strings.Contains(given, "<<") || strings.HasPrefix(given, "<") {
		p.fail("given_names", CodeFiller, "more than two fillers between name components (only the surname ends with a double filler)")
	}
	f.Surname = strings.ReplaceAll(surname, "<", " ")
	f.GivenNames = strings.ReplaceAll(given, "<", " ")
	if raw[len(raw)-1] != '<' {
		p.warn("given_names", WarnTruncated, "the name fills its whole field and may have been truncated")
	}
}

// number reads the document number and checks its check digit, with long document numbers
// (Doc 9303 Part 5 note j, Part 6): a filler in the check digit position, the rest of the
// number and its check digit at the start of the optional data.
func (p *parser) number() {
	l, lines, f := p.l, p.lines, &p.d.Fields
	raw := l.number.of(lines)
	cd := l.numberCD.of(lines)[0]
	optional := ""
	if l.optional.ok() {
		optional = l.optional.of(lines)
	}
	long := (p.d.Format == TD1 || p.d.Format == TD2) && cd == '<'
	if !long || optional == "" || optional[0] == '<' {
		if long {
			p.fail("document_number", CodeCheckDigit,
				"the check digit is a filler (a long document number) but the optional data holds no continuation")
		}
		f.DocumentNumber = strings.TrimRight(raw, "<")
		if strings.IndexByte(f.DocumentNumber, '<') >= 0 {
			p.fail("document_number", CodeFiller, "fillers inside the document number")
		}
		p.check("document_number", l.number, l.numberCD, false)
		f.OptionalData = optionalText(optional)
		return
	}
	// A long number: the continuation runs to the first filler; its last character is the
	// check digit of the whole number.
	cont := optional
	if i := strings.IndexByte(optional, '<'); i >= 0 {
		cont = optional[:i]
	}
	ext, found := cont[:len(cont)-1], cont[len(cont)-1]
	f.DocumentNumber = raw + ext
	f.OptionalData = optionalText(optional[len(cont):])
	want, ok := CheckDigit(f.DocumentNumber)
	if ok && want != found {
		// Some issuers (Belgium's PRADO specimens) compute it over the number with the filler at
		// the split. Accept it, and say so.
		if alt, _ := CheckDigit(raw + "<" + ext); alt == found {
			want = alt
			p.warn("document_number", WarnLongCheck,
				"the long document number's check digit includes the filler at the split (an issuer variant)")
		}
	}
	p.addCheck("document_number", want, found, ok && want == found)
}

func (p *parser) addCheck(field string, want, found byte, valid bool) {
	d := p.d
	n := len(d.Checks)
	d.checks[n] = Check{Field: field, Valid: valid, Expected: byteString(want), Found: byteString(found)}
	d.Checks = d.checks[:n+1]
	if !valid {
		msg := "the check digit does not match the data"
		if want == 0 {
			msg = "the check digit cannot be computed: the data holds characters outside the MRZ alphabet"
		} else if found < '0' || found > '9' {
			msg = "the check digit position holds no digit"
		}
		p.fail(field, CodeCheckDigit, msg)
	}
}

// check verifies the check digit at cd over data. A filler stands for the check digit of a
// field that is all fillers (a real issuer deviation: Doc 9303 asks for 0).
func (p *parser) check(field string, data, cd span, fillerOK bool) {
	s := data.of(p.lines)
	found := cd.of(p.lines)[0]
	want, ok := CheckDigit(s)
	if !ok {
		want = 0
	}
	valid := ok && want == found
	if !valid && found == '<' && fillerOK && strings.TrimLeft(s, "<") == "" {
		valid = true
	}
	p.addCheck(field, want, found, valid)
}

func (p *parser) date(field string, data, cd span, kind dateKind) Date {
	s := data.of(p.lines)
	d, absent, ok := parseDate(s, kind, p.now)
	switch {
	case !ok:
		p.fail(field, CodeInvalidDate, "not a calendar date in YYMMDD form")
	case absent && kind == expiryDate:
		p.warn(field, WarnNoExpiry, "the document states no expiry date")
	case kind == birthDate && p.now.Before(d):
		p.fail(field, CodeInvalidDate, "the birth date is in the future")
	}
	p.check(field, data, cd, true)
	return d
}

func (p *parser) sex() {
	s := p.l.sex.of(p.lines)
	switch s[0] {
	case 'M', 'F', 'X', '<':
		p.d.Fields.Sex = s
	default:
		p.fail("sex", CodeUnknownCode, "sex is M, F, X or < (unspecified)")
	}
}

func (p *parser) composite() {
	want, ok := checkDigitOver(p.lines, p.l.compositeOver)
	if !ok {
		want = 0
	}
	found := p.l.composite.of(p.lines)[0]
	p.addCheck("composite", want, found, ok && want == found)
}

// optionalText reads optional data as the names are read: outer fillers dropped, inner ones
// as spaces.
func optionalText(s string) string {
	return strings.ReplaceAll(strings.Trim(s, "<"), "<", " ")
}

// byteString returns a one-character string without allocating ("" for 0).
func byteString(b byte) string {
	if b == 0 {
		return ""
	}
	return oneChar[int(b) : int(b)+1]
}

var oneChar = func() string {
	b := make([]byte, 256)
	for i := range b {
		b[i] = byte(i)
	}
	return string(b)
}()
