package samples

import (
	"fmt"
	"strings"

	"github.com/docverify/docverify/mrz"
	"github.com/docverify/docverify/templates"
)

// Person is what a document says of its holder and of itself.
type Person struct {
	Surname        string // as printed, with diacritics
	GivenNames     string
	Sex            string // M, F or X
	BirthDate      mrz.Date
	PlaceOfBirth   string
	Nationality    string // ICAO code
	DocumentNumber string
	PersonalNumber string
	IssueDate      mrz.Date
	ExpiryDate     mrz.Date
	PortraitSeed   uint64
}

// NewDocument personalises a model for a person: the printed fields in the model's formats and
// the MRZ with its check digits. seed is the sheet's own randomness.
func NewDocument(spec *templates.Spec, p Person, seed uint64) (*Document, error) {
	lines, err := mrz.Generate(spec.MRZFormat, mrz.Fields{
		DocumentCode:   spec.DocumentCode,
		IssuingState:   spec.IssuingState,
		Surname:        p.Surname,
		GivenNames:     p.GivenNames,
		DocumentNumber: p.DocumentNumber,
		Nationality:    p.Nationality,
		BirthDate:      p.BirthDate,
		Sex:            p.Sex,
		ExpiryDate:     p.ExpiryDate,
		OptionalData:   p.PersonalNumber,
	})
	if err != nil {
		return nil, fmt.Errorf("samples: %s: %w", spec.ID, err)
	}
	all := map[string]string{
		"document_code":   spec.DocumentCode,
		"issuing_state":   spec.IssuingState,
		"surname":         strings.ToUpper(p.Surname),
		"given_names":     strings.ToUpper(p.GivenNames),
		"document_number": p.DocumentNumber,
		"nationality":     p.Nationality,
		"birth_date":      FormatDate(spec.DateFormat, p.BirthDate),
		"sex":             p.Sex,
		"place_of_birth":  strings.ToUpper(p.PlaceOfBirth),
		"issue_date":      FormatDate(spec.DateFormat, p.IssueDate),
		"valid_from":      FormatDate(spec.DateFormat, p.IssueDate),
		"expiry_date":     FormatDate(spec.DateFormat, p.ExpiryDate),
		"authority":       "UTOPIA CITY",
		"personal_number": p.PersonalNumber,
		"visa_type":       "C",
		"entries":         "MULT",
		"duration":        "90 DAYS",
		"remarks":         "TOURISM",
	}
	printed := map[string]string{}
	for _, r := range spec.Regions {
		if name, ok := r.Kind.IsField(); ok && all[name] != "" {
			printed[name] = all[name]
		}
	}
	return &Document{Spec: spec, Printed: printed, MRZ: lines, PortraitSeed: p.PortraitSeed, GhostSeed: p.PortraitSeed, Seed: seed}, nil
}

// FormatDate prints a date in a model's layout, as documents print it.
func FormatDate(layout string, d mrz.Date) string { return templates.FormatDate(layout, d) }

// SpecimenPerson is the specimen holder a model's reference images are personalised for.
func SpecimenPerson(spec *templates.Spec) (Person, error) {
	h := spec.Holder
	if h == nil {
		return Person{}, fmt.Errorf("samples: %s has no specimen_holder", spec.ID)
	}
	var p Person
	for _, d := range []struct {
		s   string
		dst *mrz.Date
	}{{h.BirthDate, &p.BirthDate}, {h.IssueDate, &p.IssueDate}, {h.ExpiryDate, &p.ExpiryDate}} {
		if err := d.dst.UnmarshalText([]byte(d.s)); err != nil {
			return Person{}, fmt.Errorf("samples: %s: specimen_holder: %w", spec.ID, err)
		}
	}
	p.Surname, p.GivenNames, p.Sex = h.Surname, h.GivenNames, h.Sex
	p.PlaceOfBirth, p.Nationality, p.DocumentNumber = h.PlaceOfBirth, h.Nationality, h.DocumentNumber
	p.PersonalNumber, p.PortraitSeed = h.PersonalNumber, h.PortraitSeed
	return p, nil
}
