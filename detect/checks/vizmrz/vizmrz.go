// Package vizmrz defines the viz_mrz_match check: the printed fields against the MRZ.
package vizmrz

import (
	"context"
	"image"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/docverify/docverify/detect"
	"github.com/docverify/docverify/detect/checks/mrzread"
	"github.com/docverify/docverify/mrz"
	"github.com/docverify/docverify/ocr"
	"github.com/docverify/docverify/templates"
	"gocv.io/x/gocv"
)

// Check is the viz_mrz_match check.
var Check = &detect.Check{
	Name: "viz_mrz_match",
	Doc: `The printed fields of the visual zone against the MRZ, field by field.

Each field the model prints and the MRZ carries (surname, given names, document number, dates
of birth and expiry, sex, nationality) is drawn from the MRZ as the model prints it (font,
size, position, date format; for names, each transliteration the MRZ may have made, Ä or Æ for
AE) and looked for in the page character by character, in the capitals' band (the MRZ drops
accents): a character changed on the page, or in an MRZ rewritten with new check digits, does
not match. Each character is also drawn as every other digit or capital letter in its place:
one the page shows better as another character than as the MRZ's counts against the field
however blurred the capture, which lowers every candidate's correlation alike. A shaken or
blurred photo can still show a genuine character better as another; but it blurs all the
document's fields alike, so the worst field's margin is also held against the next worst's: a
field the forger changed stands apart from the others. A field whose
characters are not read so (a margin below 0: a blurred photo, or a change) is also read by
OCR; when OCR reads another value (of the same length, or with the same words and numbers at
its ends, or one character longer or shorter, or, for a value of one word that it read longer
still, its beginning as long as the MRZ's), both are drawn and the page says which it shows
better (an OCR misreading drawn matches worse than the print; a changed field, better).
Comparing drawings rather than OCR text keeps OCR's errors out of the verdict. For the report, a field
whose every character matched better than any other is shown as its glyphs read it (the
printed form that matched); the others are read by OCR. No check digit vouches for the MRZ's
names: when the MRZ's OCR read a letter of their line short of sure (0.98), or read the line
wider or narrower than its layout (a character added or dropped, maybe in the names), the
names are reported but not judged; nor is a field whose check digit fails where the MRZ's OCR was unsure
of a character it covers (the MRZ may have been misread there; mrz_checksums weighs that), nor
then the nationality and sex, read among the same unsure characters. An MRZ only read glyph by
glyph (its print too blurred for the OCR) leaves the check not done: the fields are smaller.`,
	Requires: []*detect.Check{mrzread.Check},
	Measures: []*detect.Measure{glyph, relative, margin, apart, ocrMargin},
	Run:      run,
}

var (
	glyph = &detect.Measure{Key: "viz_mrz_match.glyph", Doc: "lowest correlation of a printed character with the MRZ's value drawn as the model prints it",
		Threshold: 0.5, Scale: 0.1, Reason: "viz_mismatch"}
	// A capture's blur, noise and print lower every field's correlation alike; a changed field
	// stands out from the document's others. So the lowest field is also held against the
	// median field of the same document.
	// A character the page shows better as another digit or letter than as the MRZ's.
	margin = &detect.Measure{Key: "viz_mrz_match.glyph_margin", Doc: "lowest margin of a printed character's correlation with the MRZ's character over its best with any other of its kind",
		Threshold: 0, Scale: 0.05, Reason: "viz_mismatch"}
	// A blurred photo lowers every field's margin: a genuine one's worst field has others near
	// it, where a field the forger changed stands apart from the rest of its document.
	apart = &detect.Measure{Key: "viz_mrz_match.margin_apart", Doc: "lowest glyph margin of a field less the next lowest field's, each at most 0 (at least three fields judged)",
		Threshold: -0.15, Scale: 0.05, Reason: "viz_mismatch"}
	// A field the glyphs do not read (a margin below 0: a blurred capture, or a changed
	// field) is read by OCR; when OCR reads something else than the MRZ, both are drawn as the
	// model prints them, and the page says which it shows better. OCR's misreadings drawn match
	// the page worse than what is printed; a field the forger changed, better. The measure's
	// own threshold, which scans and kiosk captures are held to (too few of their genuine
	// documents have a field the glyphs do not read to calibrate one), allows for the drawings'
	// noise as the photos' calibrated one does (−0.016): a genuine scan's given name, its O
	// read Q by OCR, matched Q drawn better by 0.007. Altered fields of scans and kiosk
	// captures are caught by their glyph margins (−0.07 and lower on seeds 17017–20020).
	ocrMargin = &detect.Measure{Key: "viz_mrz_match.ocr_margin", Doc: "lowest, over fields that OCR reads otherwise than the MRZ, of the field's correlation with the MRZ's value less that with the OCR's reading, both drawn as the model prints them",
		Threshold: -0.015, Scale: 0.05, Reason: "viz_mismatch"}
	relative = &detect.Measure{Key: "viz_mrz_match.glyph_relative", Doc: "lowest field's glyph correlation over the document's median field's (at least three fields)",
		Threshold: 0.75, Scale: 0.06, Reason: "viz_mismatch"}
)

// Field is one comparison, as the report lists it.
type Field struct {
	Name  string `json:"name"`
	MRZ   string `json:"mrz"`
	VIZ   string `json:"viz"`
	Match bool   `json:"match"`
}

// minConfidence is the OCR confidence (0–100) below which a mismatch is not trusted.
const minConfidence = 75

// minNameConfidence is the lowest confidence of the MRZ's OCR on a letter of the names' line
// from which the names are judged: the reader's sure level (detect.SureConfidence), above the
// level from which a reading vouches for its names (detect.MinNameConfidence, 0.95). A name the
// OCR misread between the two made a genuine phone photo's printed surname "differ" from its
// MRZ (LUNDBERG read LUNDSERG at 0.967; a name read at 0.961); on the phone photos of seeds
// 15015 to 19019, the forgeries whose names this check failed had MRZs read at 0.98 to 0.99,
// but for two read at 0.952 and 0.975 (a counterfeit print and an altered surname).
const minNameConfidence = detect.SureConfidence

// MinPlacedCorrelation is the correlation of a field's whole drawn text from which where it was
// found places the field (evidence "offsets_mm", which the layout check reads): below it, what
// was found may be other print.
const MinPlacedCorrelation = 0.5

// Offsets are where each field's text was found in the straightened page less where the model
// prints it, in millimetres, as a finding of this check reports them (evidence "offsets_mm").
func Offsets(f detect.Finding) map[string][]float64 {
	o, _ := f.Evidence["offsets_mm"].(map[string][]float64)
	return o
}

var compared = []string{"surname", "given_names", "document_number", "birth_date", "expiry_date", "sex", "nationality"}

func run(p *detect.Pass) (detect.Finding, error) {
	s := p.Scan
	spec := s.Spec()
	unregistered, no := s.Unregistered()
	switch {
	case no:
		return unregistered, nil
	case p.ResultOf[mrzread.Check].Reason == "mrz_unreadable":
		return detect.Skipped("no_mrz", nil), nil
	case s.Fields == nil:
		return detect.Skipped("viz_unreadable", map[string]any{"why": "no field reader"}), nil
	case s.MRZ.Glyphs:
		// Print too blurred for the OCR to read the MRZ leaves the smaller printed fields
		// beyond comparison: judged there, genuine phone photos set the photos' thresholds
		// (the calibration's tail) so low that altered fields on sharp photos passed.
		return detect.Skipped("viz_unreadable", map[string]any{"why": "the MRZ was read glyph by glyph: the print is too blurred"}), nil
	}
	d := s.MRZ.Document
	grey := gocv.NewMat()
	defer grey.Close()
	gocv.CvtColor(s.Page, &grey, gocv.ColorBGRToGray)
	pxmm := spec.DPI / 25.4
	var fields []Field
	minGlyph := math.Inf(1)
	var worst image.Rectangle
	worstScore := 0.0
	glyphs, margins := map[string]float64{}, map[string]float64{}
	offsets := map[string][]float64{}
	minMargin := math.Inf(1)
	var marginWorst image.Rectangle // the field of the lowest margin
	var marginField string          // its name
	var judgedMargins []float64
	minOCR := math.Inf(1)
	var ocrWorst image.Rectangle
	// No check digit vouches for the names: where the OCR read a letter of their line short of
	// sure (minNameConfidence), a name that differs from the page may be the OCR's misreading,
	// so the names are reported but not judged. A forger's MRZ is printed cleanly.
	unsureNames := !s.MRZ.NamesSure() || s.MRZ.NameConfidence < minNameConfidence
	unsure := unsureFields(s.MRZ)
	judged := func(name string) bool {
		_, doubt := unsure[name]
		return !(unsureNames && isName(name)) && !doubt
	}
	var ocrs []pendingOCR
	truncated := false
	for _, w := range d.Warnings {
		truncated = truncated || w.Code == mrz.WarnTruncated
	}
	for _, name := range compared {
		reg, ok := spec.Region("field:" + name)
		if !ok {
			continue
		}
		r, _ := s.RegionRect("field:" + name)
		want := mrzValue(d, name)
		if want == "" {
			continue
		}
		win := fieldWindow(s, r, pxmm)
		field := Field{Name: name, MRZ: want}
		ocrs = append(ocrs, pendingOCR{field: len(fields), window: ocrWindow(win, r, reg, spec, printed(name, d, spec.DateFormat), pxmm)})
		// The MRZ's value is drawn as the model prints it and looked for, character by
		// character: a changed character does not match.
		// Each character is also weighed against the others of its kind (fm.Margin).
		forms, first := printedForms(name, d, spec.DateFormat), firstWord(name, d)
		cut := truncated && name == lastName(d) && first != ""
		if cut {
			// The MRZ may have cut the names short to fit its line (Doc 9303 truncates the
			// last components first: MARIANA PATRÍCIA FÁTIMA is MARIANA<PATRIC<F); the page
			// prints them whole, so after the first cut the letters drawn stand where the
			// page prints others. Only the first word is compared, as far as the MRZ carries it.
			forms = namesForms(first)
		}
		fm, form, err := detect.MatchFieldAny(s.Page, spec, reg, forms, win)
		if cut {
			form = "" // only part of the field was read
		}
		if err == nil && first != "" && !cut && (!fm.Found || fm.Glyph < p.Threshold(glyph)) {
			// Names are often printed with separators the MRZ drops ("ANNE-SOPHIE, MARIE",
			// "O'NEILL"): the first word, which comes before any of them, is compared alone.
			if w, _, err := detect.MatchFieldAny(s.Page, spec, reg, namesForms(first), win); err == nil && w.Found && (!fm.Found || w.Glyph > fm.Glyph) {
				fm, form = w, "" // only part of the field was read
			}
		}
		if err != nil || !fm.Found {
			fields = append(fields, field)
			continue
		}
		glyphs[name] = round(fm.Glyph)
		if fm.Whole >= MinPlacedCorrelation {
			offsets[name] = []float64{round2(float64(fm.Offset.X) / pxmm), round2(float64(fm.Offset.Y) / pxmm)}
		}
		if fm.Margin < 1 {
			margins[name] = round(fm.Margin)
		}
		field.Match = fm.Glyph >= p.Threshold(glyph)
		if v, ok := margins[name]; ok && v < p.Threshold(margin) {
			field.Match = false
		}
		if m, ok := margins[name]; ok && m > 0 && field.Match && form != "" && !(isName(name) && (truncated || strings.ContainsAny(form, "0123456789"))) {
			// Every character of the printed form matched better than any other of its kind
			// drew in its place (a positive margin, whatever the capture's threshold): the
			// field has been read, by its glyphs. Not a name the MRZ may have cut short (the
			// page may print more of it), nor one with a digit, which the MRZ's OCR put for a
			// letter (a digit is weighed against the other digits only).
			ocrs[len(ocrs)-1].form = form
		}
		if m, ok := margins[name]; ok && m < 0 && form != "" && judged(name) {
			o := &ocrs[len(ocrs)-1]
			o.text, o.read = readField(s, grey, o.window), true
			alt := plausible(alternativeTo(o.text, form), form, name == "birth_date" || name == "expiry_date")
			if alt != "" && !oneOf(alt, printedForms(name, d, spec.DateFormat)) {
				if am, err := detect.MatchField(s.Page, spec, reg, alt, win); err == nil && am.Found {
					diff := fm.Whole - am.Whole
					if diff < p.Threshold(ocrMargin) {
						field.Match = false
					}
					if diff < minOCR {
						minOCR, ocrWorst = diff, r
					}
				}
			}
		}
		fields = append(fields, field)
		if !judged(name) {
			continue // reported, not judged
		}
		if v, ok := margins[name]; ok {
			judgedMargins = append(judgedMargins, v)
			if v < minMargin {
				minMargin, marginWorst, marginField = v, r, name
			}
		}
		if fm.Glyph < minGlyph {
			minGlyph = fm.Glyph
		}
		if 1-fm.Glyph > worstScore {
			worstScore, worst = 1-fm.Glyph, r
		}
	}
	if math.IsInf(minGlyph, 1) {
		for _, o := range ocrs {
			fields[o.field].VIZ = readField(s, grey, o.window)
		}
		return detect.Skipped("viz_unreadable", map[string]any{"fields": fields}), nil
	}
	grades := []detect.Finding{p.Grade(glyph, minGlyph)}
	if !math.IsInf(minMargin, 1) {
		m := p.Grade(margin, minMargin)
		if m.Score > grades[0].Score {
			worst = marginWorst // the margin says more than the correlation: point at its field
		}
		grades = append(grades, m)
	}
	if len(judgedMargins) >= 3 {
		// The document's other fields went through the same capture: how far the lowest
		// margin falls below 0 is held against how far the next lowest does (margins above 0,
		// every glyph read as printed, count as 0: a sharp page's fields differ in how clearly
		// they read, not in what they show).
		slices.Sort(judgedMargins)
		gap := round(min(judgedMargins[0], 0) - min(judgedMargins[1], 0))
		a := p.Grade(apart, gap)
		if a.Score > topScore(grades) {
			worst = marginWorst
		}
		grades = append(grades, a)
		if gap < p.Threshold(apart) {
			for i := range fields {
				if fields[i].Name == marginField {
					fields[i].Match = false
				}
			}
		}
	}
	if !math.IsInf(minOCR, 1) {
		g := p.Grade(ocrMargin, minOCR)
		if g.Score > topScore(grades) {
			worst = ocrWorst // the OCR's reading says most: point at its field
		}
		grades = append(grades, g)
	}
	if len(glyphs) >= 3 {
		vals := make([]float64, 0, len(glyphs))
		for _, v := range glyphs {
			vals = append(vals, v)
		}
		sort.Float64s(vals)
		if med := vals[len(vals)/2]; med > 0 {
			grades = append(grades, p.Grade(relative, minGlyph/med))
			for i := range fields {
				if g, ok := glyphs[fields[i].Name]; ok && g/med < p.Threshold(relative) {
					fields[i].Match = false
				}
			}
		}
	}
	// What the page says, for the officer's table: a field that matched is shown as its
	// glyphs read it; the others (a mismatch, or no match made) are read by OCR.
	for _, o := range ocrs {
		f := &fields[o.field]
		switch {
		case f.Match && o.form != "":
			f.VIZ = strings.Trim(o.form, " .,-'/")
		case o.read:
			f.VIZ = o.text
		default:
			f.VIZ = readField(s, grey, o.window)
		}
	}
	ev := map[string]any{"fields": fields, "glyphs": glyphs, "margins": margins, "offsets_mm": offsets}
	if unsureNames {
		why := map[string]float64{"name_confidence": round(s.MRZ.NameConfidence), "min_name_confidence": minNameConfidence}
		if w, ok := s.MRZ.NamesWidth(); ok && w != d.Format.Width() {
			why["names_line_read_wide"], why["names_line_wide"] = float64(w), float64(d.Format.Width())
		}
		ev["names_not_judged"] = why
	}
	if len(unsure) > 0 {
		ev["fields_not_judged"] = unsure
	}
	f := detect.Worst(ev, grades...)
	if f.Status == detect.StatusFail {
		f.Reason = "viz_mismatch"
		f.Region = s.QuadOf(worst)
	}
	return f, nil
}

// topScore is the highest score of the grades so far.
func topScore(grades []detect.Finding) float64 {
	top := 0.0
	for _, g := range grades {
		top = math.Max(top, g.Score)
	}
	return top
}

func isName(field string) bool { return field == "surname" || field == "given_names" }

// lastName is the name field that ends the MRZ's names (the given names; the surname when there
// are none): the one the MRZ cuts short when the names fill its line (mrz.WarnTruncated).
func lastName(d *mrz.Document) string {
	if d.Fields.GivenNames == "" {
		return "surname"
	}
	return "given_names"
}

// unsureFields are the fields whose check digit fails on r where the OCR read a character it
// covers (the digit included) with less than detect.SureConfidence, or where the places of the
// characters are not known: a misreading of the MRZ, not a difference of the page's, as far as
// the reading can tell; with them, when the data lines were read unsurely, the nationality and
// sex. The value is that confidence (0 when not known). A forger's check digit that fails is
// printed cleanly and read surely.
func unsureFields(r *detect.MRZReading) map[string]float64 {
	out := map[string]float64{}
	if r == nil || r.Document == nil {
		return out
	}
	for _, c := range r.Document.Checks {
		if c.Field == "composite" {
			continue
		}
		if v, misread := r.Misread(c.Field); misread {
			out[c.Field] = round(v)
		}
	}
	if len(out) > 0 && r.DataConfidence < detect.SureConfidence {
		// The nationality and sex, which no check digit covers, are read among the
		// characters misread: nothing vouches for them either.
		for _, f := range []string{"nationality", "sex"} {
			out[f] = round(r.DataConfidence)
		}
	}
	// Nor when the repair wrote one of their characters (a digit where the layout has a
	// letter), or when the OCR read their line wider or narrower than the layout and the
	// reading is not valid: the characters there may be others shifted into place (a phone
	// photo's KEN0011190 read 68006000190, repaired into the nationality GBO, every check digit
	// holding by chance, the dates no dates).
	f := r.Document.Format
	for _, name := range []string{"nationality", "sex"} {
		for _, sp := range f.FieldSpans(name) {
			shifted := !r.Document.Valid && sp.Line < len(r.Raw) && len(r.Raw[sp.Line]) != f.Width()
			for _, c := range r.Document.Corrections {
				shifted = shifted || (c.Line-1 == sp.Line && c.Position-1 >= sp.Start && c.Position-1 < sp.End)
			}
			if shifted {
				out[name] = round(r.DataConfidence)
			}
		}
	}
	return out
}

// pendingOCR is a field still to be shown as the page prints it: by the printed form its
// glyphs matched (form), or by OCR of window.
type pendingOCR struct {
	field  int // index in the fields
	window image.Rectangle
	form   string
	text   string // what OCR read, when read says it was read already
	read   bool
}

// alignedTo is an OCR reading of a field put in the printed form's shape for drawing: capitals,
// digits and the form's punctuation, with the form's spaces where the form has them (OCR drops
// spaces); "" when the reading has not as many capitals, digits and punctuation as the form
// (a part of the field read, or noise: drawn shorter or longer, it would not compare like with
// like).
func alignedTo(text, form string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(text) {
		if (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') || strings.ContainsRune(",-'./", r) {
			b.WriteRune(r)
		}
	}
	bare := b.String() // ASCII only
	if bare == "" || len(bare) != utf8.RuneCountInString(strings.ReplaceAll(form, " ", "")) {
		return ""
	}
	var out strings.Builder
	i := 0
	for _, r := range form { // the form may print Æ or Ø for the MRZ's AE or OE
		if r == ' ' {
			out.WriteRune(' ')
			continue
		}
		out.WriteByte(bare[i])
		i++
	}
	return out.String()
}

// alternativeTo is what OCR read of a field, as a text to draw against the printed form: the
// reading in the form's shape (alignedTo) when it has the form's length; else, for a form of
// several words or numbers, the form with its first and last of them replaced by the reading's
// when those have their kind and length ("202G1950" against "20 AUG 1953": the year 1950, the
// month's letters and the day being read otherwise); else the reading itself when it is one
// capital or digit longer or shorter than a form of one word (a changed name or number seldom
// keeps its length: "OKAPOR" for a page's OKAFOR against the MRZ's OKOYE); or, two or more
// longer, its beginning as long as the form (a page's DE OLIVEIRA, read DEOLIVEIAAC, against
// the MRZ's LINDQVIST: DEOLIVEIA). "" when none of these holds: part of the field, or noise.
func alternativeTo(text, form string) string {
	if a := alignedTo(text, form); a != "" {
		return a
	}
	read, want := runs(text), runs(form)
	if len(want) >= 2 && len(read) >= 2 {
		out := append([]string(nil), want...)
		for _, p := range [][2]int{{0, 0}, {len(want) - 1, len(read) - 1}} {
			r, w := read[p[1]], want[p[0]]
			if len(r) == len(w) && kind(r[0]) == kind(w[0]) {
				out[p[0]] = r
			}
		}
		// The form's separators between its runs, as printed.
		var b strings.Builder
		rest := strings.ToUpper(form)
		for i, w := range want {
			at := strings.Index(rest, w)
			if at < 0 {
				return ""
			}
			b.WriteString(rest[:at])
			b.WriteString(out[i])
			rest = rest[at+len(w):]
		}
		b.WriteString(rest)
		return b.String()
	}
	if len(want) == 1 && len(read) == 1 && len(want[0]) >= 4 {
		switch d := len(read[0]) - len(want[0]); {
		case d == 1 || d == -1:
			return read[0]
		case d >= 2 && kind(read[0][0]) == kind(want[0][0]):
			// Longer still: as much of it as the form is long (a name printed in place of
			// the MRZ's, OCR read it further than the MRZ's is long).
			return read[0][:len(want[0])]
		}
	}
	return ""
}

// plausible is an OCR reading's alternative to a field's printed form (alternativeTo) with what
// the OCR cannot have read right put back as the form has it, so that the two differ where the
// page may: where the alternative has the form's length, a character of another kind than the
// form's in its place (O read for 0, 1 for I: the MRZ's data fixes each place's kind); in a date
// (isDate), a month that is no month and a day or month number out of range. The whole fields'
// correlations are compared (ocr_margin), where each misread character costs the alternative as
// much as the difference it is drawn to show: a recomputed MRZ's expiry 02 FEB 2032 against the
// page's 02 FEB 2027, read O2FER2027, was drawn so and matched worse than the MRZ's.
func plausible(alt, form string, isDate bool) string {
	if alt == "" || len(alt) != len(form) {
		return alt
	}
	b := []byte(alt)
	for i := range b {
		if k := kind(form[i]); k != 0 && kind(b[i]) != 0 && kind(b[i]) != k {
			b[i] = form[i]
		}
	}
	if !isDate {
		return string(b)
	}
	// The date's runs (day, month, year in the models' layouts), in place.
	n := 0
	for i := 0; i < len(b); {
		if kind(form[i]) == 0 {
			i++
			continue
		}
		j := i
		for j < len(b) && kind(form[j]) == kind(form[i]) {
			j++
		}
		run, want := string(b[i:j]), form[i:j]
		ok := true
		switch {
		case kind(form[i]) == 1:
			ok = slices.Contains(months, run)
		case n < 2 && len(run) == 2:
			v, err := strconv.Atoi(run)
			ok = err == nil && v >= 1 && (v <= 31 && n == 0 || v <= 12 && n == 1)
		}
		if !ok {
			copy(b[i:j], want)
		}
		n++
		i = j
	}
	return string(b)
}

// months are the months as the models print them in dates (Go's "Jan", upper-cased).
var months = []string{"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}

// runs splits a text into its runs of capitals and of digits (ASCII, upper-cased), dropping
// everything else; a form's national letters (Ø, É) end a run.
func runs(s string) []string {
	var out []string
	cur, curKind := "", 0
	for _, r := range strings.ToUpper(s) {
		k := 0
		if r < 128 {
			k = kind(byte(r))
		}
		if k == 0 || k != curKind {
			if cur != "" {
				out = append(out, cur)
			}
			cur, curKind = "", k
		}
		if k != 0 {
			cur += string(r)
		}
	}
	if cur != "" {
		out = append(out, cur)
	}
	return out
}

// kind is 1 for a capital letter, 2 for a digit, 0 for anything else.
func kind(c byte) int {
	switch {
	case c >= 'A' && c <= 'Z':
		return 1
	case c >= '0' && c <= '9':
		return 2
	}
	return 0
}

// oneOf says whether text is one of the forms, spaces and punctuation aside.
func oneOf(text string, forms []string) bool {
	for _, f := range forms {
		if squeeze(f) == squeeze(text) {
			return true
		}
	}
	return false
}

// ocrWindow is the part of a field's search window OCR reads: from just left of the field's
// box about as far as the expected value goes (the glyph match searches the whole window);
// further out lies printing that OCR reads as letters.
func ocrWindow(win, r image.Rectangle, reg templates.Region, spec *templates.Spec, expected string, pxmm float64) image.Rectangle {
	win.Min.X = max(win.Min.X, r.Min.X-int(0.6*pxmm))
	if n := len([]rune(expected)); n > 0 {
		win.Max.X = min(win.Max.X, r.Min.X+int(0.8*float64(n)*reg.FontPx(spec.DPI))+int(2*pxmm))
	}
	return win
}

// readField reads a field's window with the field OCR; "" when it is unreadable (better
// nothing than noise in the officer's table).
func readField(s *detect.Scan, grey gocv.Mat, win image.Rectangle) string {
	crop := detect.Crop(grey, win)
	g := binarise(detect.GreyOf(crop))
	crop.Close()
	line, err := s.Fields.ReadLine(context.Background(), ocr.BMP(g))
	if err != nil || line.Conf < minConfidence {
		return ""
	}
	return strings.Trim(strings.TrimSpace(line.Text), " .,-'/")
}

// printedForms are the ways the model may print an MRZ field's value: for names, the
// transliterations the MRZ may have made (Ä, Æ or AE for AE, and so on: drawn in the capitals'
// band, Ä looks like A).
func printedForms(name string, d *mrz.Document, dateLayout string) []string {
	v := printed(name, d, dateLayout)
	if name != "surname" && name != "given_names" {
		return []string{v}
	}
	return namesForms(v)
}

// firstWord is the first word of a name field of several words ("" for other fields and for
// names of one word).
func firstWord(name string, d *mrz.Document) string {
	if name != "surname" && name != "given_names" {
		return ""
	}
	words := strings.Fields(mrzValue(d, name))
	if len(words) < 2 {
		return ""
	}
	return words[0]
}

// namesForms are the ways a name of the MRZ may be printed (see printedForms).
func namesForms(v string) []string {
	forms := []string{""}
	alt := map[string][]string{"AE": {"AE", "A", "Æ"}, "OE": {"OE", "O", "Ø", "Œ"}, "UE": {"UE", "U"}, "AA": {"AA", "A"}, "SS": {"SS", "ß"}, "TH": {"TH", "Þ"}}
	for i := 0; i < len(v); {
		if i+1 < len(v) {
			if a, ok := alt[v[i:i+2]]; ok && len(forms)*len(a) <= 24 {
				var next []string
				for _, f := range forms {
					for _, x := range a {
						next = append(next, f+x)
					}
				}
				forms = next
				i += 2
				continue
			}
		}
		for k := range forms {
			forms[k] += v[i : i+1]
		}
		i++
	}
	return forms
}

// printed is how the model prints an MRZ field's value.
func printed(name string, d *mrz.Document, dateLayout string) string {
	f := d.Fields
	switch name {
	case "birth_date":
		return templates.FormatDate(dateLayout, f.BirthDate)
	case "expiry_date":
		return templates.FormatDate(dateLayout, f.ExpiryDate)
	case "sex":
		if f.Sex == "<" {
			return "X"
		}
		return f.Sex
	}
	return mrzValue(d, name)
}

func round(v float64) float64 { return math.Round(v*1e4) / 1e4 }

func round2(v float64) float64 { return math.Round(v*100) / 100 }

// fieldWindow is where a field's text is looked for: its box with a margin, widened to the right
// up to the next region on its row (a long name runs past the box) and to the left by
// fieldReachMM: a phone photo's registration can put a field a millimetre or two off, and
// stretch it by a few percent, where the captions around it lie well, and the text is found
// only when it lies whole in the window (what lies to the left, the drawn field's text does not
// match).
func fieldWindow(s *detect.Scan, r image.Rectangle, pxmm float64) image.Rectangle {
	m := int(0.6 * pxmm)
	right := r.Max.X + int(40*pxmm)
	spec := s.Spec()
	for _, reg := range spec.Regions {
		b := reg.Rect.Px(spec.DPI)
		if b.Min.X >= r.Max.X && b.Min.Y < r.Max.Y && b.Max.Y > r.Min.Y && b.Min.X < right {
			if _, field := reg.Kind.IsField(); field || reg.Kind == "label" || reg.Kind == "portrait" || reg.Kind == "ovd" || reg.Kind == "ghost_portrait" {
				right = b.Min.X
			}
		}
	}
	w := image.Rect(r.Min.X-int(fieldReachMM*pxmm), r.Min.Y-m, right, r.Max.Y+m)
	return w.Intersect(image.Rect(0, 0, s.Page.Cols(), s.Page.Rows()))
}

// fieldReachMM is how far left of its box a field's text is looked for, at most (mm).
const fieldReachMM = 2.5

// binarise keeps the dark ink of printed fields and drops the lighter security printing behind
// them: a threshold halfway between the ink (5th percentile) and the paper (60th).
func binarise(g detect.Grey) *image.Gray {
	out := image.NewGray(image.Rect(0, 0, g.W, g.H))
	n := len(g.Pix)
	if n == 0 {
		return out
	}
	q := detect.OrderStats(g.Pix, n*5/100, n*60/100)
	t := (q[0] + q[1]) / 2
	for i, v := range g.Pix {
		if v > t {
			out.Pix[i] = 255
		}
	}
	return out
}

// mrzValue is a field as the MRZ carries it, as a string.
func mrzValue(d *mrz.Document, name string) string {
	f := d.Fields
	switch name {
	case "surname":
		return f.Surname
	case "given_names":
		return f.GivenNames
	case "document_number":
		return f.DocumentNumber
	case "birth_date":
		return f.BirthDate.String()
	case "expiry_date":
		return f.ExpiryDate.String()
	case "sex":
		return f.Sex
	case "nationality":
		return f.Nationality
	}
	return ""
}

// canonicalLetters maps digits OCR reads for letters back to the letters, for names and codes.
func canonicalLetters(s string) string {
	r := strings.NewReplacer("0", "O", "1", "I", "5", "S", "8", "B", "2", "Z", "6", "G")
	return r.Replace(s)
}

func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur := make([]int, len(rb)+1)
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(rb)]
}

// squeeze drops spaces and anything outside A–Z and 0–9.
func squeeze(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		if r < 128 && kind(byte(r)) != 0 {
			b.WriteRune(r)
		}
	}
	return b.String()
}
