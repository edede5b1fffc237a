package samples

import (
	"fmt"
	"image/color"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/docverify/docverify/mrz"
	"github.com/docverify/docverify/samples/capture"
	"github.com/docverify/docverify/templates"
)

// Attack is a class of forgery.
type Attack string

// The forgery classes. Each has three strengths.
const (
	MRZChecksum       Attack = "mrz_checksum"       // MRZ edited, check digits left wrong
	MRZRecomputed     Attack = "mrz_recomputed"     // MRZ edited with correct check digits; the printed page unchanged
	VIZAltered        Attack = "viz_altered"        // one printed field changed over a patched background; the MRZ unchanged
	PhotoSubstitution Attack = "photo_substitution" // another person's portrait; the ghost image unchanged
	CounterfeitPrint  Attack = "counterfeit_print"  // the whole document reproduced on an office printer
	CounterfeitFont   Attack = "counterfeit_font"   // MRZ or fields in the wrong font or pitch
	FeatureMissing    Attack = "feature_missing"    // hologram, emblem or guilloche absent or replaced
	LayoutShift       Attack = "layout_shift"       // fields or portrait 1–3 mm off the model's layout
	UVIRFail          Attack = "uv_ir_fail"         // kiosk only: bright paper or no pattern under UV, MRZ invisible in IR
	ScreenRecapture   Attack = "screen_recapture"   // a photo of the document shown on a screen
	Fantasy           Attack = "fantasy"            // a document of no known model
)

// Attacks lists every forgery class, in a fixed order.
var Attacks = []Attack{MRZChecksum, MRZRecomputed, VIZAltered, PhotoSubstitution, CounterfeitPrint,
	CounterfeitFont, FeatureMissing, LayoutShift, UVIRFail, ScreenRecapture, Fantasy}

// Strength is how hard a forgery is to see.
type Strength string

// The strengths of a forgery.
const (
	Subtle   Strength = "subtle"
	Moderate Strength = "moderate"
	Obvious  Strength = "obvious"
)

// Strengths lists the strengths in increasing order.
var Strengths = []Strength{Subtle, Moderate, Obvious}

// ParseAttack reads an attack name.
func ParseAttack(s string) (Attack, error) {
	if slices.Contains(Attacks, Attack(s)) {
		return Attack(s), nil
	}
	return "", fmt.Errorf("unknown attack %q (known: %v)", s, Attacks)
}

// applies reports whether an attack can be made on a capture kind: UV and IR failures show
// only in a kiosk's images.
func (a Attack) applies(k capture.Kind) bool { return a != UVIRFail || k == capture.Kiosk }

// forge changes the document (and the person it now claims) as the attack does, before it is
// drawn. It returns what to do to the drawn page afterwards, if anything.
func forge(rng *rand.Rand, doc *Document, p *Person, a Attack, s Strength) (after func(*Rendered), err error) {
	spec := doc.Spec
	level := slices.Index(Strengths, s) // 0, 1, 2
	switch a {
	case MRZChecksum:
		// Edit digits of the MRZ as printed and leave the check digits as they were.
		lines := slices.Clone(doc.MRZ)
		targets := []string{"expiry", "birth", "number"}[:level+1]
		for _, t := range targets {
			li, pos := mrzPosition(spec.MRZFormat, t, rng)
			b := []byte(lines[li])
			b[pos] = otherDigit(rng, b[pos])
			lines[li] = string(b)
		}
		doc.MRZ = lines
	case MRZRecomputed:
		q := *p
		switch s {
		case Subtle: // one character of the document number
			q.DocumentNumber = changeOneDigit(rng, q.DocumentNumber)
		case Moderate: // validity extended by years
			q.ExpiryDate.Year += 3 + rng.IntN(5)
		default: // another person's name
			q.Surname = otherSurname(rng, q.Surname)
		}
		lines, err := mrz.Generate(spec.MRZFormat, mrzFieldsOf(spec, q))
		if err != nil {
			return nil, err
		}
		doc.MRZ = lines
	case VIZAltered:
		field := []string{"expiry_date", "birth_date", "document_number", "surname"}[rng.IntN(4)]
		if _, ok := doc.Printed[field]; !ok {
			field = "expiry_date"
		}
		old := doc.Printed[field]
		switch field {
		case "expiry_date":
			q := p.ExpiryDate
			q.Year += 2 + rng.IntN(6)
			doc.Printed[field] = FormatDate(spec.DateFormat, q)
		case "birth_date":
			q := p.BirthDate
			q.Year -= 3 + rng.IntN(8)
			doc.Printed[field] = FormatDate(spec.DateFormat, q)
		case "document_number":
			doc.Printed[field] = changeOneDigit(rng, old)
		default:
			doc.Printed[field] = strings.ToUpper(otherSurname(rng, p.Surname))
		}
		paper := templates.ParseColor(spec.Paper.Color)
		doc.Tamper.Patch = &Patch{
			Field:    field,
			Fill:     color.RGBA{paper.R - uint8(rng.IntN(12)), paper.G - uint8(rng.IntN(12)), paper.B - uint8(rng.IntN(12)), 255},
			Texture:  []float64{0.85, 0.45, 0}[level],
			MarginMM: []float64{0.3, 0.8, 1.5}[level],
		}
	case PhotoSubstitution:
		doc.PortraitSeed = rng.Uint64()
		doc.Tamper.Feather = []float64{0.8, 0.3, 0}[level]
	case CounterfeitPrint:
		doc.Tamper.FlatOVD = true
		doc.Tamper.UVBright = true
		doc.Tamper.UVNoPattern = level > 0
		doc.Tamper.IRAllDark = true
		return func(r *Rendered) {
			r.Page.Visible = capture.Reprint(rng, r.Page.Visible, string(s))
		}, nil
	case CounterfeitFont:
		switch s {
		case Subtle: // OCR-B, but at the wrong pitch
			doc.Tamper.MRZPitchMM = []float64{2.42, 2.66}[rng.IntN(2)]
		case Moderate: // a monospace font that is not OCR-B
			doc.Tamper.MRZFont = "mono"
		default: // the MRZ and the fields in the wrong fonts
			doc.Tamper.MRZFont = "mono-bold"
			doc.Tamper.Font = map[string]string{}
			for _, r := range spec.Regions {
				if _, ok := r.Kind.IsField(); ok {
					doc.Tamper.Font[r.Name] = "serif"
				}
			}
		}
	case FeatureMissing:
		switch s {
		case Subtle: // the rosette redrawn by a forger: other curves
			doc.Tamper.Replace = map[string]string{"guilloche": "wave"}
		case Moderate:
			doc.Tamper.Without = map[string]bool{"emblem": true}
		default:
			doc.Tamper.Without = map[string]bool{"ovd": true}
		}
	case LayoutShift:
		mm := float64(level + 1)
		dx, dy := mm*float64(rng.IntN(3)-1), mm*float64(rng.IntN(3)-1)
		if dx == 0 && dy == 0 {
			dx = mm
		}
		doc.Tamper.Shift = map[string][2]float64{}
		if rng.IntN(2) == 0 {
			doc.Tamper.Shift["portrait"] = [2]float64{dx, dy}
		} else {
			for _, r := range spec.Regions {
				if _, ok := r.Kind.IsField(); ok {
					doc.Tamper.Shift[r.Name] = [2]float64{dx, dy}
				}
			}
		}
	case UVIRFail:
		doc.Tamper.UVNoPattern = true
		doc.Tamper.UVBright = level >= 1
		doc.Tamper.IRNoMRZ = level >= 2
	case ScreenRecapture:
		return func(r *Rendered) {
			r.Page.Visible = capture.Recapture(rng, r.Page.Visible, string(s))
		}, nil
	case Fantasy:
		// Handled by the generator: a fantasy document has a model of its own.
	default:
		return nil, fmt.Errorf("samples: unknown attack %q", a)
	}
	return nil, nil
}

// mrzFieldsOf returns the MRZ fields a person's document carries.
func mrzFieldsOf(spec *templates.Spec, p Person) mrz.Fields {
	return mrz.Fields{
		DocumentCode: spec.DocumentCode, IssuingState: spec.IssuingState, Surname: p.Surname,
		GivenNames: p.GivenNames, DocumentNumber: p.DocumentNumber, Nationality: p.Nationality,
		BirthDate: p.BirthDate, Sex: p.Sex, ExpiryDate: p.ExpiryDate, OptionalData: p.PersonalNumber,
	}
}

// mrzPosition picks a digit position of a field in the MRZ layout: its line and index.
func mrzPosition(f mrz.Format, field string, rng *rand.Rand) (line, pos int) {
	// Line 2 of TD2, TD3 and the visas, line 2 of TD1 for dates, line 1 of TD1 for the number.
	switch {
	case f == mrz.TD1 && field == "number":
		return 0, 7 + rng.IntN(7)
	case f == mrz.TD1 && field == "birth":
		return 1, rng.IntN(6)
	case f == mrz.TD1:
		return 1, 8 + rng.IntN(6)
	case field == "number":
		return 1, 2 + rng.IntN(7)
	case field == "birth":
		return 1, 13 + rng.IntN(6)
	default:
		return 1, 21 + rng.IntN(6)
	}
}

// otherDigit returns a digit other than c (c itself when it is not a digit).
func otherDigit(rng *rand.Rand, c byte) byte {
	if c < '0' || c > '9' {
		return c
	}
	return '0' + (c-'0'+1+byte(rng.IntN(9)))%10
}

// changeOneDigit changes one digit of s.
func changeOneDigit(rng *rand.Rand, s string) string {
	b := []byte(s)
	var digits []int
	for i, c := range b {
		if c >= '0' && c <= '9' {
			digits = append(digits, i)
		}
	}
	if len(digits) == 0 {
		return s
	}
	i := digits[rng.IntN(len(digits))]
	b[i] = otherDigit(rng, b[i])
	return string(b)
}

var forgedSurnames = []string{"Kowalczyk", "Haddad", "Lindqvist", "Okafor", "Moreau", "Tanaka", "Ferreira", "Novák", "Demir", "Petrov"}

func otherSurname(rng *rand.Rand, not string) string {
	for {
		s := forgedSurnames[rng.IntN(len(forgedSurnames))]
		if !strings.EqualFold(s, not) {
			return s
		}
	}
}
