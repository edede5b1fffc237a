package people

import (
	"fmt"
	"log/slog"
	"math/rand/v2"
	"time"

	"github.com/docverify/docverify/mrz"
)

// Holder is a synthetic person: the personal data one document carries.
type Holder struct {
	Surname      string   // as printed on the page, Unicode with diacritics, e.g. "Núñez García"
	GivenNames   string   // as printed, e.g. "José María"; may be empty for mononymous people (rare, ~1%)
	Culture      string   // which name pool it came from, e.g. "spanish"
	Sex          string   // "M", "F" or "X" (X rare, ~2%)
	BirthDate    mrz.Date // a real calendar date; ages 0–95 relative to the `now` given
	PlaceOfBirth string   // a fictional or plausible place name as printed, e.g. "Ciudad Alta"
	PortraitSeed uint64   // seed of the holder's procedural portrait (see Portrait)
}

// MaxAge is the age of the oldest holders NewHolder draws, in whole years.
const MaxAge = 95

// Shares of the draw.
const (
	mononymShare      = 0.01 // holders with one name only
	nonBinaryShare    = 0.02 // holders of sex X
	utopianBirthShare = 0.35 // holders born in Utopia rather than in their names' tradition
)

// NewHolder draws a holder from r; the same r state gives the same holder. now anchors ages.
//
// The culture is uniform over Cultures; sex is M or F with equal odds and X for about 2 %;
// ages are 0–17 for a fifth of holders, 18–64 for about three fifths and 65–95 for the rest,
// on now's calendar day in now's location. The portrait seed's low bits carry the holder's
// presentation and age band (see Portrait).
func NewHolder(r *rand.Rand, now time.Time) Holder {
	c := cultures[r.IntN(len(cultures))]
	h := Holder{Culture: c.name, Sex: "M"}
	switch x := r.Float64(); {
	case x < nonBinaryShare:
		h.Sex = "X"
	case x < nonBinaryShare+(1-nonBinaryShare)/2:
		h.Sex = "F"
	}
	if chance(r, mononymShare) {
		pool := c.male
		if h.Sex == "F" || (h.Sex == "X" && r.IntN(2) == 0) {
			pool = c.female
		}
		h.Surname = pick(r, pool) // ICAO: a single name is the primary identifier
	} else {
		h.Surname, h.GivenNames = c.compose(r, h.Sex)
	}

	var age int
	switch x := r.Float64(); {
	case x < 0.2:
		age = r.IntN(18)
	case x < 0.82:
		age = 18 + r.IntN(47)
	default:
		age = 65 + r.IntN(MaxAge-65+1)
	}
	today := dateOf(now)
	latest := today.AddDate(-age, 0, 0)     // the birthday this year
	earliest := today.AddDate(-age-1, 0, 1) // the day after the birthday a year before
	days := int(latest.Sub(earliest).Hours()/24 + 0.5)
	born := earliest.AddDate(0, 0, r.IntN(days+1))
	h.BirthDate = mrz.Date{Year: born.Year(), Month: int(born.Month()), Day: born.Day()}

	if chance(r, utopianBirthShare) {
		h.PlaceOfBirth = pick(r, utopianPlaces)
	} else {
		h.PlaceOfBirth = pick(r, c.places)
	}

	l := look{masculine: h.Sex == "M", band: bandOf(h.Age(now))}
	if h.Sex == "X" {
		l.masculine = r.IntN(2) == 0
	}
	h.PortraitSeed = r.Uint64()&^7 | l.bits()
	return h
}

// dateOf is t's calendar day, at midnight UTC so that day arithmetic ignores time zones.
func dateOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Age is the holder's age in whole years on now's calendar day. A birthday on 29 February
// falls on 1 March in common years.
func (h Holder) Age(now time.Time) int {
	today := dateOf(now)
	born := time.Date(h.BirthDate.Year, time.Month(h.BirthDate.Month), h.BirthDate.Day, 0, 0, 0, 0, time.UTC)
	age := today.Year() - born.Year()
	if today.Before(born.AddDate(age, 0, 0)) {
		age--
	}
	return age
}

// Name is the full name as a page prints it in one line: given names, then the surname.
func (h Holder) Name() string {
	if h.GivenNames == "" {
		return h.Surname
	}
	return h.GivenNames + " " + h.Surname
}

// String describes the holder for logs without any personal data: "holder(culture=spanish, sex=F)".
func (h Holder) String() string {
	return fmt.Sprintf("holder(culture=%s, sex=%s)", h.Culture, h.Sex)
}

// GoString is String, so that %#v does not print the name either.
func (h Holder) GoString() string { return h.String() }

// LogValue keeps the culture and sex and redacts the personal data, so a holder logged by
// mistake shows no name, birth date, place or portrait seed.
func (h Holder) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("culture", h.Culture),
		slog.String("sex", h.Sex),
		slog.String("personal_data", "redacted"),
	)
}
