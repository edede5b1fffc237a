package templates

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"regexp"
	"strings"

	"github.com/docverify/docverify/mrz"
)

// Spec describes one document model: what it is, its page and where everything is printed.
type Spec struct {
	ID           string     `json:"id"`            // e.g. "uto-passport-2019"
	Name         string     `json:"name"`          // for people
	DocumentType string     `json:"document_type"` // passport, id_card, visa
	IssuingState string     `json:"issuing_state"` // ICAO code, e.g. "UTO"
	DocumentCode string     `json:"document_code"` // MRZ document code, e.g. "P", "I", "V"
	MRZFormat    mrz.Format `json:"mrz_format"`    // TD1, TD2, TD3, MRVA, MRVB
	SizeMM       [2]float64 `json:"size_mm"`       // page width and height
	Series       string     `json:"series"`        // version or series name
	ValidFrom    string     `json:"valid_from"`    // first issue date of the series, YYYY-MM-DD
	ValidTo      string     `json:"valid_to"`      // last issue date of the series, YYYY-MM-DD
	DPI          float64    `json:"dpi"`           // resolution of the reference images
	Images       Images     `json:"images"`        // reference image files, relative to the spec
	DateFormat   string     `json:"date_format"`   // how dates are printed, as a Go layout, e.g. "02 Jan 2006"
	NumberFormat string     `json:"number_format"` // document numbers: @ a letter, # a digit, others as is, e.g. "UT#######"
	Paper        Paper      `json:"paper"`
	Regions      []Region   `json:"regions"`
	Holder       *Holder    `json:"specimen_holder,omitempty"` // the personalisation of the reference images
	Fictional    bool       `json:"fictional"`                 // drawn by docverify, not scanned from a real specimen
}

// Images names the reference images of a spec.
type Images struct {
	Visible string `json:"visible"`
	IR      string `json:"ir,omitempty"`
	UV      string `json:"uv,omitempty"`
}

// Paper is the substrate.
type Paper struct {
	Color string `json:"color"`           // under visible light, "#rrggbb"
	UV    string `json:"uv,omitempty"`    // under ultraviolet: "dull" (security paper) or a colour
	Notes string `json:"notes,omitempty"` // for people
}

// Holder is the personal data printed on the reference images (a specimen holder).
type Holder struct {
	Surname        string `json:"surname"`
	GivenNames     string `json:"given_names"`
	DocumentNumber string `json:"document_number"`
	Nationality    string `json:"nationality"`
	BirthDate      string `json:"birth_date"` // YYYY-MM-DD
	Sex            string `json:"sex"`
	PlaceOfBirth   string `json:"place_of_birth,omitempty"`
	IssueDate      string `json:"issue_date"`  // YYYY-MM-DD
	ExpiryDate     string `json:"expiry_date"` // YYYY-MM-DD
	PersonalNumber string `json:"personal_number,omitempty"`
	PortraitSeed   uint64 `json:"portrait_seed"`
}

// Kind is what a region holds; the checks a region gets follow from it.
type Kind string

// The region kinds. Field regions are "field:<name>", with the field's name.
const (
	KindMRZ           Kind = "mrz"            // the machine readable zone
	KindPortrait      Kind = "portrait"       // the holder's photo
	KindGhostPortrait Kind = "ghost_portrait" // a second, faint portrait
	KindLabel         Kind = "label"          // a printed caption
	KindText          Kind = "text"           // other fixed printed text (titles)
	KindGuilloche     Kind = "guilloche"      // fine-line rosettes, borders and waves
	KindMicroprint    Kind = "microprint"     // lines of text about 0.3 mm high
	KindEmblem        Kind = "emblem"         // the national emblem
	KindOVD           Kind = "ovd"            // optically variable device (hologram)
	KindBackground    Kind = "background"     // plain printed paper, no personalisation
	KindUVPattern     Kind = "uv_pattern"     // what fluoresces under ultraviolet light
	KindIRVisible     Kind = "ir_visible"     // printed with inks that absorb infrared
	KindIRInvisible   Kind = "ir_invisible"   // printed with inks infrared sees through
)

// FieldPrefix starts the kind of a region holding a personal field.
const FieldPrefix = "field:"

// Fields printed on documents, by name ("field:<name>" regions).
var knownFields = map[string]bool{
	"surname": true, "given_names": true, "document_number": true, "nationality": true,
	"birth_date": true, "sex": true, "expiry_date": true, "issue_date": true, "place_of_birth": true,
	"authority": true, "personal_number": true, "document_code": true, "issuing_state": true,
	"visa_type": true, "entries": true, "duration": true, "valid_from": true, "remarks": true,
}

var knownKinds = map[Kind]bool{
	KindMRZ: true, KindPortrait: true, KindGhostPortrait: true, KindLabel: true, KindText: true,
	KindGuilloche: true, KindMicroprint: true, KindEmblem: true, KindOVD: true, KindBackground: true,
	KindUVPattern: true, KindIRVisible: true, KindIRInvisible: true,
}

// IsField reports whether k is a personal field's kind, and which field.
func (k Kind) IsField() (name string, ok bool) {
	return strings.CutPrefix(string(k), FieldPrefix)
}

// Region is an area of the page, in millimetres from the page's top-left corner, with what it
// holds and how it is drawn and checked.
type Region struct {
	Name   string             `json:"name"` // unique in the spec: "portrait", "field:surname", "label:surname", "guilloche:rosette"
	Kind   Kind               `json:"kind"`
	Rect   Rect               `json:"rect_mm"`
	Text   string             `json:"text,omitempty"`    // fixed text of labels and titles
	Font   string             `json:"font,omitempty"`    // sans, sans-bold, mono, serif, ocrb
	SizePt float64            `json:"size_pt,omitempty"` // text size in points
	Color  string             `json:"color,omitempty"`   // "#rrggbb"
	Colors []string           `json:"colors,omitempty"`  // art colours
	Style  string             `json:"style,omitempty"`   // art style: rosette, border, wave, sun, …
	IR     bool               `json:"ir,omitempty"`      // drawn with ink that absorbs infrared (visible in IR)
	UV     string             `json:"uv,omitempty"`      // colour it fluoresces with under ultraviolet, "#rrggbb"
	Params map[string]float64 `json:"params,omitempty"`  // numeric parameters of the art and of its checks
}

// Rect is x, y, width and height in millimetres.
type Rect [4]float64

// Px returns the rectangle in pixels at dpi.
func (r Rect) Px(dpi float64) image.Rectangle {
	k := dpi / 25.4
	return image.Rect(int(r[0]*k+0.5), int(r[1]*k+0.5), int((r[0]+r[2])*k+0.5), int((r[1]+r[3])*k+0.5))
}

// Param returns a numeric parameter, or def when it is absent.
func (r Region) Param(name string, def float64) float64 {
	if v, ok := r.Params[name]; ok {
		return v
	}
	return def
}

// Region returns the region with the given name.
func (s *Spec) Region(name string) (Region, bool) {
	for _, r := range s.Regions {
		if r.Name == name {
			return r, true
		}
	}
	return Region{}, false
}

// RegionsOf returns the regions of a kind, in spec order.
func (s *Spec) RegionsOf(k Kind) []Region {
	var out []Region
	for _, r := range s.Regions {
		if r.Kind == k {
			out = append(out, r)
		}
	}
	return out
}

// PagePx is the page size in pixels at the spec's resolution.
func (s *Spec) PagePx() image.Point {
	return image.Pt(int(s.SizeMM[0]*s.DPI/25.4+0.5), int(s.SizeMM[1]*s.DPI/25.4+0.5))
}

var (
	idPattern    = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	colorPattern = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)
	datePattern  = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	fonts        = map[string]bool{"sans": true, "sans-bold": true, "mono": true, "mono-bold": true, "serif": true, "serif-bold": true, "ocrb": true}
)

// Validate checks a spec and returns every problem at once (errors.Join), each naming the spec
// and the region.
func (s *Spec) Validate() error {
	var errs []error
	bad := func(format string, a ...any) {
		errs = append(errs, fmt.Errorf("spec %q: "+format, append([]any{s.ID}, a...)...))
	}
	if !idPattern.MatchString(s.ID) {
		bad("id must be lower case words joined by hyphens, e.g. uto-passport-2019")
	}
	if s.Name == "" {
		bad("name is empty")
	}
	switch s.DocumentType {
	case "passport", "id_card", "visa", "residence_permit":
	default:
		bad("document_type %q is not passport, id_card, visa or residence_permit", s.DocumentType)
	}
	if !mrz.KnownState(s.IssuingState) {
		bad("issuing_state %q is not an ICAO state code", s.IssuingState)
	}
	if s.MRZFormat == mrz.FormatUnknown {
		bad("mrz_format is missing")
	}
	if s.DocumentCode == "" || len(s.DocumentCode) > 2 {
		bad("document_code %q must be one or two letters", s.DocumentCode)
	}
	if s.SizeMM[0] < 40 || s.SizeMM[1] < 30 || s.SizeMM[0] > 300 || s.SizeMM[1] > 300 {
		bad("size_mm %v is not a document page size", s.SizeMM)
	}
	if s.DPI < 150 || s.DPI > 1200 {
		bad("dpi %v is outside 150–1200", s.DPI)
	}
	for name, d := range map[string]string{"valid_from": s.ValidFrom, "valid_to": s.ValidTo} {
		if !datePattern.MatchString(d) {
			bad("%s %q is not YYYY-MM-DD", name, d)
		}
	}
	if s.ValidFrom > s.ValidTo {
		bad("valid_from %s is after valid_to %s", s.ValidFrom, s.ValidTo)
	}
	if s.Images.Visible == "" {
		bad("images.visible is missing")
	}
	if s.NumberFormat == "" || len(s.NumberFormat) > 12 {
		bad("number_format %q must give 1 to 12 characters", s.NumberFormat)
	}
	if s.DateFormat == "" {
		bad("date_format is missing")
	}
	if !colorPattern.MatchString(s.Paper.Color) {
		bad("paper.color %q is not #rrggbb", s.Paper.Color)
	}
	names := map[string]bool{}
	hasMRZ := false
	for i, r := range s.Regions {
		where := fmt.Sprintf("region %d (%q)", i, r.Name)
		if r.Name == "" {
			bad("%s: name is empty", where)
		}
		if names[r.Name] {
			bad("%s: duplicate name", where)
		}
		names[r.Name] = true
		if f, ok := r.Kind.IsField(); ok {
			if !knownFields[f] {
				bad("%s: unknown field %q", where, f)
			}
		} else if !knownKinds[r.Kind] {
			bad("%s: unknown kind %q", where, r.Kind)
		}
		if r.Kind == KindMRZ {
			hasMRZ = true
		}
		x, y, w, h := r.Rect[0], r.Rect[1], r.Rect[2], r.Rect[3]
		if w <= 0 || h <= 0 {
			bad("%s: rect_mm %v has no area", where, r.Rect)
		}
		if x < 0 || y < 0 || x+w > s.SizeMM[0]+1e-6 || y+h > s.SizeMM[1]+1e-6 {
			bad("%s: rect_mm %v is off the %gx%g mm page", where, r.Rect, s.SizeMM[0], s.SizeMM[1])
		}
		if r.Font != "" && !fonts[r.Font] {
			bad("%s: unknown font %q", where, r.Font)
		}
		for _, c := range append([]string{r.Color, r.UV}, r.Colors...) {
			if c != "" && !colorPattern.MatchString(c) {
				bad("%s: colour %q is not #rrggbb", where, c)
			}
		}
		if (r.Kind == KindLabel || r.Kind == KindText) && r.Text == "" {
			bad("%s: a %s needs text", where, r.Kind)
		}
	}
	if !hasMRZ {
		bad("no region of kind mrz")
	}
	return errors.Join(errs...)
}

// NumberMatches reports whether a document number has the model's format.
func (s *Spec) NumberMatches(n string) bool {
	if len(n) != len(s.NumberFormat) {
		return false
	}
	for i := 0; i < len(n); i++ {
		c, f := n[i], s.NumberFormat[i]
		switch {
		case f == '#' && (c < '0' || c > '9'), f == '@' && (c < 'A' || c > 'Z'), f != '#' && f != '@' && c != f:
			return false
		}
	}
	return true
}

// ParseColor reads "#rrggbb"; it returns black for anything else (specs are validated).
func ParseColor(s string) color.RGBA {
	var c color.RGBA
	c.A = 255
	if len(s) == 7 && s[0] == '#' {
		fmt.Sscanf(s[1:], "%02x%02x%02x", &c.R, &c.G, &c.B)
	}
	return c
}

// MRZLayout is where a model prints the characters of its MRZ: ICAO's character pitch (2.54 mm,
// ten characters per inch) and character height, the lines evenly spaced in the region.
type MRZLayout struct {
	Pitch, CapHeight float64 // pixels
	x, y, gap        float64
}

// MRZLayoutOf lays out n MRZ lines in region r at dpi. pitchMM overrides the region's pitch when
// not zero.
func MRZLayoutOf(r Region, dpi float64, n int, pitchMM float64) MRZLayout {
	k := dpi / 25.4
	if pitchMM == 0 {
		pitchMM = r.Param("pitch_mm", 2.54)
	}
	return MRZLayout{
		Pitch: pitchMM * k, CapHeight: r.Param("char_height_mm", 2.3) * k,
		x: r.Rect[0] * k, y: r.Rect[1] * k, gap: r.Rect[3] * k / float64(max(n, 1)),
	}
}

// Origin is where character col of line li starts: the left of its cell (with the glyph's side
// bearing of 12% of the pitch) and the baseline.
func (l MRZLayout) Origin(li, col int) (x, baseline float64) {
	return l.x + float64(col)*l.Pitch + l.Pitch*0.12, l.y + l.gap*float64(li) + l.gap/2 + l.CapHeight/2
}

// OCRBEm is the em size of OCR-B for a capital height: its capitals are 0.70 em tall.
func OCRBEm(capHeight float64) float64 { return capHeight / 0.70 }
