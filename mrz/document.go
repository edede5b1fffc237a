package mrz

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
)

// Document is an MRZ as read and checked: its layout, its fields, every check digit and every
// rule it breaks. It is the "docverify mrz" JSON object.
type Document struct {
	Format      Format       `json:"format"`
	Valid       bool         `json:"valid"`    // every check digit holds and no rule is broken
	Specimen    bool         `json:"specimen"` // issued by or for Utopia, ICAO's specimen state
	Lines       []string     `json:"lines"`    // the lines as read, after any repair
	Fields      Fields       `json:"fields"`
	Checks      []Check      `json:"checks"`
	Errors      []*Error     `json:"errors"`
	Warnings    []*Error     `json:"warnings"`    // findings that do not make the MRZ invalid: expired, truncated name, …
	Corrections []Correction `json:"corrections"` // what Repair changed; empty for Parse

	checks [5]Check // backing array of Checks: one allocation per document
}

// Fields are the data of the MRZ. Fillers around a field are dropped and fillers inside names
// and optional data read as spaces.
type Fields struct {
	DocumentCode   string `json:"document_code"`
	IssuingState   string `json:"issuing_state"`
	Surname        string `json:"surname"`
	GivenNames     string `json:"given_names"`
	DocumentNumber string `json:"document_number"` // the whole number, with a long number's continuation
	Nationality    string `json:"nationality"`
	BirthDate      Date   `json:"birth_date"`
	Sex            string `json:"sex"` // M, F, X, or < (unspecified) as printed
	ExpiryDate     Date   `json:"expiry_date"`
	OptionalData   string `json:"optional_data"`   // personal number (TD3), optional data (line 1 of TD1, TD2, visas)
	OptionalData2  string `json:"optional_data_2"` // line 2 of TD1
}

// LogValue keeps personal data out of logs: only which fields are present is logged.
func (f Fields) LogValue() slog.Value {
	return slog.GroupValue(slog.Bool("redacted", true), slog.Bool("has_name", f.Surname != "" || f.GivenNames != ""))
}

// LogValue keeps personal data out of logs: a document logs its format, validity and the
// codes of its errors, never its lines or fields.
func (d *Document) LogValue() slog.Value {
	codes := make([]string, len(d.Errors))
	for i, e := range d.Errors {
		codes[i] = e.Field + ":" + string(e.Code)
	}
	return slog.GroupValue(
		slog.String("format", d.Format.String()),
		slog.Bool("valid", d.Valid),
		slog.Bool("specimen", d.Specimen),
		slog.Any("errors", codes),
		slog.Int("corrections", len(d.Corrections)),
	)
}

// Check is one check digit: the digit the data gives and the one printed.
type Check struct {
	Field    string `json:"field"` // document_number, birth_date, expiry_date, optional_data or composite
	Valid    bool   `json:"valid"`
	Expected string `json:"expected"` // computed from the data
	Found    string `json:"found"`    // as printed
}

// Code classifies an Error.
type Code string

// The error codes, a fixed vocabulary.
const (
	CodeCheckDigit  Code = "check_digit"  // a check digit does not match its data
	CodeInvalidDate Code = "invalid_date" // not a calendar date, or expiry before birth
	CodeUnknownCode Code = "unknown_code" // state, document or sex code outside the lists
	CodeCharset     Code = "charset"      // a character the position cannot hold
	CodeLength      Code = "length"       // line count or length of no layout
	CodeFormat      Code = "format"       // structure of the MRZ as a whole
	CodeFiller      Code = "filler"       // fillers missing where the layout demands them
	// CodeUncertain is set by a reader, not by the rules: the text was read with too little
	// confidence where no check digit can vouch for it (the names).
	CodeUncertain Code = "uncertain"
)

// Codes of warnings: findings for the report that leave the MRZ valid.
const (
	WarnExpired   Code = "expired"    // the expiry date has passed
	WarnNoExpiry  Code = "no_expiry"  // the document states no expiry date (fillers)
	WarnTruncated Code = "truncated"  // the name fills its whole field and may be cut short
	WarnLongCheck Code = "long_check" // a long document number's check digit covers the filler at its split (an issuer variant)
)

// Error is a rule the MRZ breaks, or a warning: the field it concerns, a code and a message
// for people. Messages never quote personal data.
type Error struct {
	Field   string `json:"field"`
	Code    Code   `json:"code"`
	Message string `json:"message"`
}

func (e *Error) Error() string { return fmt.Sprintf("mrz: %s: %s: %s", e.Field, e.Code, e.Message) }

// Correction is one change Repair made to the OCR text: at a line and position (both counted
// from 1, as in Doc 9303), From became To. An inserted character has an empty From, a
// removed one an empty To.
type Correction struct {
	Line     int    `json:"line"`
	Position int    `json:"position"`
	From     string `json:"from"`
	To       string `json:"to"`
}

// Corrected says whether repair changed a character of the named field (document_number,
// birth_date, expiry_date or optional_data: its data or its check digit).
func (d *Document) Corrected(field string) bool {
	l := layoutOf(d.Format)
	var spans []span
	switch field {
	case "document_number":
		spans = []span{l.number, l.numberCD}
	case "birth_date":
		spans = []span{l.birth, l.birthCD}
	case "expiry_date":
		spans = []span{l.expiry, l.expiryCD}
	case "optional_data":
		spans = []span{l.optional, l.optionalCD}
	}
	for _, c := range d.Corrections {
		for _, s := range spans {
			if s.ok() && c.Line-1 == s.line && c.Position-1 >= s.start && c.Position-1 < s.end {
				return true
			}
		}
	}
	return false
}

// Err returns the document's first error, or nil when it is valid.
func (d *Document) Err() error {
	if len(d.Errors) == 0 {
		return nil
	}
	return d.Errors[0]
}

// MarshalJSON writes empty lists as [] rather than null, so clients can iterate without checks.
func (d *Document) MarshalJSON() ([]byte, error) {
	type plain Document
	c := plain(*d)
	if c.Lines == nil {
		c.Lines = []string{}
	}
	if c.Checks == nil {
		c.Checks = []Check{}
	}
	if c.Errors == nil {
		c.Errors = []*Error{}
	}
	if c.Warnings == nil {
		c.Warnings = []*Error{}
	}
	if c.Corrections == nil {
		c.Corrections = []Correction{}
	}
	// Fillers stay readable: no HTML escaping of <.
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(c); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}
