package main

import (
	"math/rand/v2"
	"strings"

	"github.com/docverify/docverify/mrz"
)

// Alphabet is the MRZ character set: the only characters a line holds.
const Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"

const (
	letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	digits  = "0123456789"
	alnum   = letters + digits
)

// syllables make pronounceable names; random letter runs add the rare letters (Q, X, Z, …).
var syllables = strings.Fields(`AN NA MA RI KO LU SEN BER TA OL VI DE ZA HU GO PE QU XI YA WEN
	JO KA EL IS SO MI CHE SCH AR OV EVA ENKO SKI DOT TIR FAL GUO LI ZHAO NGU YEN KUM AR PAT EL
	IYE OLU WA BIN HAM MED ABD UL RAH MAN JAN SEN NIK OS PAP ADO POU LOS GAR CIA FER NAN DEZ`)

// accented names exercise mrz.Generate's transliteration (Ü→UE, Ø→OE, …).
var accented = []string{"MÜLLER", "ÅSTRÖM", "GØRAN", "NUÑEZ", "ŁUKASZ", "JOSÉ", "FRANÇOIS",
	"STRAßE", "ÇELIK", "DVOŘÁK", "ĐORĐEVIĆ", "ÞÓRSDÓTTIR", "O'NEILL", "ANNE-MARIE"}

// states are the codes mrz knows: ISO 3166-1 alpha-3, ICAO's own codes and Utopia.
var states = func() []string {
	s := []string{"D"}
	for _, a := range letters {
		for _, b := range letters {
			for _, c := range letters {
				if code := string([]rune{a, b, c}); mrz.KnownState(code) {
					s = append(s, code)
				}
			}
		}
	}
	return s
}()

var docCodes = map[mrz.Format][]string{
	mrz.TD1:  {"I", "ID", "IR", "I", "A", "AC", "C", "IP"},
	mrz.TD2:  {"I", "ID", "IR", "A", "C", "P"},
	mrz.TD3:  {"P", "P", "PP", "PD", "PO", "PS", "PE", "I"},
	mrz.MRVA: {"V", "VI", "VN"},
	mrz.MRVB: {"V", "VI", "VB"},
}

func pick[T any](r *rand.Rand, s []T) T { return s[r.IntN(len(s))] }

func randomString(r *rand.Rand, n int, chars string) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = chars[r.IntN(len(chars))]
	}
	return string(b)
}

// name makes one name: syllables, random letters, or a name with diacritics.
func name(r *rand.Rand) string {
	switch p := r.Float64(); {
	case p < 0.25:
		return randomString(r, 2+r.IntN(9), letters)
	case p < 0.32:
		return pick(r, accented)
	default:
		var b strings.Builder
		for range 1 + r.IntN(4) {
			b.WriteString(pick(r, syllables))
		}
		return b.String()
	}
}

func names(r *rand.Rand, n int) string {
	s := make([]string, n)
	for i := range s {
		s[i] = name(r)
	}
	return strings.Join(s, " ")
}

func date(r *rand.Rand, fromYear, years int) mrz.Date {
	y := fromYear + r.IntN(years)
	m := 1 + r.IntN(12)
	return mrz.Date{Year: y, Month: m, Day: 1 + r.IntN(28)}
}

// document writes the MRZ lines of a random document with mrz.Generate: a random layout,
// names (sometimes long enough to be truncated), numbers, dates and optional data.
func document(r *rand.Rand) []string {
	formats := []mrz.Format{mrz.TD1, mrz.TD1, mrz.TD2, mrz.TD3, mrz.TD3, mrz.TD3, mrz.MRVA, mrz.MRVB}
	for {
		f := pick(r, formats)
		fl := mrz.Fields{
			DocumentCode:   pick(r, docCodes[f]),
			IssuingState:   pick(r, states),
			Nationality:    pick(r, states),
			Surname:        names(r, 1+r.IntN(2)),
			GivenNames:     names(r, r.IntN(4)),
			DocumentNumber: randomString(r, 6+r.IntN(4), alnum),
			BirthDate:      date(r, 1930, 95),
			Sex:            pick(r, []string{"M", "F", "M", "F", "X", "<"}),
			ExpiryDate:     date(r, 2012, 30),
		}
		if r.IntN(20) == 0 {
			fl.BirthDate.Day = 0
			if r.IntN(2) == 0 {
				fl.BirthDate.Month = 0
			}
		}
		if r.IntN(40) == 0 {
			fl.ExpiryDate = mrz.Date{}
		}
		if (f == mrz.TD1 || f == mrz.TD2) && r.IntN(6) == 0 {
			fl.DocumentNumber = randomString(r, 10+r.IntN(3), alnum) // long number
		}
		switch f {
		case mrz.TD1:
			fl.OptionalData = optional(r, 4)
			fl.OptionalData2 = optional(r, 11)
		case mrz.TD2, mrz.MRVA, mrz.MRVB:
			fl.OptionalData = optional(r, 7)
		case mrz.TD3:
			fl.OptionalData = optional(r, 14)
		}
		if lines, err := mrz.Generate(f, fl); err == nil {
			return lines
		}
	}
}

// optional makes optional data of up to limit characters: often empty, digits, or words.
func optional(r *rand.Rand, limit int) string {
	switch r.IntN(4) {
	case 0:
		return ""
	case 1:
		return randomString(r, r.IntN(limit+1), digits)
	case 2:
		n := r.IntN(limit + 1)
		if n < 3 {
			return randomString(r, n, alnum)
		}
		k := 1 + r.IntN(n-2)
		return randomString(r, k, alnum) + " " + randomString(r, n-k-1, alnum)
	default:
		return randomString(r, r.IntN(limit+1), alnum)
	}
}

// randomLine is a line of random MRZ characters, as no document would print it, so the model
// cannot lean on the layouts: uniform characters, or runs of characters and fillers.
func randomLine(r *rand.Rand) string {
	n := pick(r, []int{30, 36, 44, 44, 20 + r.IntN(25)})
	if r.IntN(3) == 0 {
		return randomString(r, n, Alphabet)
	}
	var b strings.Builder
	for b.Len() < n {
		switch r.IntN(4) {
		case 0:
			b.WriteString(strings.Repeat("<", 1+r.IntN(12)))
		case 1:
			b.WriteString(randomString(r, 1+r.IntN(10), digits))
		default:
			b.WriteString(randomString(r, 1+r.IntN(10), alnum))
		}
		if r.IntN(2) == 0 {
			b.WriteByte('<')
		}
	}
	return b.String()[:n]
}

// sample is what one image shows: the line to read and the lines printed above and below it
// (empty when there is none), which a loose crop may catch the edge of.
type sample struct {
	text         string
	shown        string // what is printed when it differs from text (national letters); "" for text
	above, below string
	kind         string // "mrz" or "random"
}

// newSample draws the text of one image: mostly one line of a generated document, sometimes
// random characters.
func newSample(r *rand.Rand) sample {
	if r.Float64() < 0.15 {
		return sample{text: randomLine(r), above: randomLine(r), below: randomLine(r), kind: "random"}
	}
	lines := document(r)
	i := r.IntN(len(lines))
	s := sample{text: lines[i], kind: "mrz"}
	if i > 0 {
		s.above = lines[i-1]
	}
	if i < len(lines)-1 {
		s.below = lines[i+1]
	}
	return s
}

// nationalLetters are letters with marks that issuers have printed in MRZs by mistake, by the
// MRZ letter they stand for.
var nationalLetters = map[rune][]rune{
	'A': []rune("ÄÁÀÂÅ"), 'C': []rune("Ç"), 'E': []rune("ÉÈÊË"), 'I': []rune("ÍÌÎ"),
	'N': []rune("Ñ"), 'O': []rune("ÖÓÒÔ"), 'U': []rune("ÜÚÙÛ"), 'Y': []rune("Ý"),
}

// accentuate prints one to three of a line's letters with marks.
func accentuate(r *rand.Rand, text string) string {
	rs := []rune(text)
	var at []int
	for i, c := range rs {
		if nationalLetters[c] != nil {
			at = append(at, i)
		}
	}
	for k := 0; k < 1+r.IntN(3) && len(at) > 0; k++ {
		j := r.IntN(len(at))
		v := nationalLetters[rs[at[j]]]
		rs[at[j]] = v[r.IntN(len(v))]
		at = append(at[:j], at[j+1:]...)
	}
	return string(rs)
}
