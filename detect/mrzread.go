package detect

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/docverify/docverify/mrz"
	"github.com/docverify/docverify/ocr"
	"github.com/docverify/docverify/templates"
	"gocv.io/x/gocv"
)

// LineReader recognises one line of text in an encoded greyscale image; ocr.Pool is one.
type LineReader interface {
	ReadLine(ctx context.Context, img []byte) (ocr.Line, error)
}

// MRZReader reads the MRZ of a document image: it finds the MRZ lines, cuts each one out of
// the image (the infrared one when given: background patterns vanish there), reads it with
// OCR and repairs the text with the MRZ rules, using the OCR's uncertain characters. When
// that gives a reading neither valid nor sure (settled), it reads the lines again cut a little
// differently and votes, then looks again, on smoothed copies and as blobs of whole lines.
type MRZReader struct {
	OCR LineReader
	Now func() time.Time // the clock for dates; nil for time.Now
	// Uncertain is the character confidence (0–100) below which a character may be swapped
	// for its confusable twin when check digits demand it.
	Uncertain float64
}

// MRZReading is an MRZ read from an image: the checked document, the OCR text before repair,
// the OCR's confidence, where the MRZ is, and the time it took.
type MRZReading struct {
	Document   *mrz.Document
	Raw        []string
	Confidence float64 // mean character confidence of the OCR, 0–1
	Box        *Quad   // the MRZ in image pixels, clockwise from its top-left corner; nil when not found
	// NameConfidence is the lowest OCR confidence (0–1) of a letter on the line that holds the
	// names, which no check digit covers; 1 when there is none.
	NameConfidence float64
	// DataConfidence is the lowest OCR confidence (0–1) of a character on the lines that
	// carry the check digits (all but the names' line): how sure the reading is that a check
	// digit which fails is printed so; 1 when there is none.
	DataConfidence float64
	// CheckConfidence holds, for each check digit but the composite one, the lowest OCR
	// confidence (0–1) of the characters it covers (mrz.Format.CheckSpans), the digit itself
	// included: a check digit that fails where every character it covers was read surely is
	// printed so. Empty when the lines read do not have the format's width (the places are
	// not known).
	CheckConfidence map[string]float64
	// Glyphs says the MRZ was read glyph by glyph (ReadPageGlyphs) as no OCR reading read it:
	// its print was too blurred for the OCR, and the page's smaller print more so.
	Glyphs  bool
	Elapsed time.Duration

	// unsureData are the check digits (their fields, "composite") that cannot vouch for what
	// they cover: two or more of those characters were read unsurely (unvouched).
	unsureData []string
	lines      []Quad     // the lines read, in reading order
	read       []ocr.Line // what the OCR read on each
}

// MarshalJSON writes the "docverify mrz" object with raw, confidence, box and ms added.
func (r *MRZReading) MarshalJSON() ([]byte, error) {
	doc, err := r.Document.MarshalJSON()
	if err != nil {
		return nil, err
	}
	extra := struct {
		Raw        []string `json:"raw"`
		Confidence float64  `json:"confidence"`
		Box        *Quad    `json:"box"`
		Ms         float64  `json:"ms"`
		NameConf   float64  `json:"name_confidence"`
		DataConf   float64  `json:"data_confidence"`
	}{r.Raw, math.Round(r.Confidence*1000) / 1000, r.Box, math.Round(float64(r.Elapsed.Microseconds())/100) / 10,
		math.Round(r.NameConfidence*1000) / 1000, math.Round(r.DataConfidence*1000) / 1000}
	if extra.Raw == nil {
		extra.Raw = []string{}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(extra); err != nil {
		return nil, err
	}
	more := bytes.TrimSpace(b.Bytes())
	// Splice: {doc…} + {extra…} → {doc…, extra…}
	out := append(bytes.TrimRight(doc, "}"), ',')
	return append(out, more[1:]...), nil
}

// ErrNoMRZ says no MRZ was found in an image.
var ErrNoMRZ = errors.New("no MRZ found in the image")

// maxCandidates bounds how many places the reader tries before it gives up;
// maxFallbackCandidates, how many each of its second ways of locating adds.
const (
	maxCandidates         = 4
	maxFallbackCandidates = 2
)

// Read reads the MRZ of img (BGR). ir, when not empty, is the infrared image on the same pixel
// grid. A reading is always returned; when no MRZ could be read its document is invalid and
// says why.
func (r *MRZReader) Read(ctx context.Context, img gocv.Mat, ir gocv.Mat) *MRZReading {
	start := time.Now()
	now := time.Now
	if r.Now != nil {
		now = r.Now
	}
	var best *MRZReading
	if !ir.Empty() && ir.Cols() == img.Cols() && ir.Rows() == img.Rows() {
		r.readFrom(ctx, ir, false, now, &best)
	}
	if best == nil || best.Document.Format == mrz.FormatUnknown {
		// No infrared image, or no MRZ found in it (an MRZ printed in ink that does not absorb
		// infrared is the ir check's to report): the visible image. An MRZ read in infrared
		// with a wrong check digit is not read again.
		r.readFrom(ctx, img, false, now, &best)
	}
	if best == nil {
		d := mrz.ParseAt(nil, now())
		d.Errors = []*mrz.Error{{Field: "mrz", Code: mrz.CodeFormat, Message: ErrNoMRZ.Error()}}
		best = &MRZReading{Document: d}
	}
	best.vouch()
	best.Elapsed = time.Since(start)
	return best
}

// ReadPage reads the MRZ of a page straightened into its model's frame (page; pageIR, its
// infrared image, when not empty) within area, the page-frame rectangle about where the model
// prints it: first the lines where the model puts them (lines, in page pixels, in reading
// order), then those the locator finds in area. The print there is upright and of the model's
// scale: a phone photo's MRZ that is small, beside clutter or under a reflection is read where
// a search of the whole image failed. toImage maps page pixels into the input image: the
// reading's box is in the input image's pixels. It returns nil when nothing like an MRZ was
// read there.
func (r *MRZReader) ReadPage(ctx context.Context, page, pageIR gocv.Mat, lines []Quad, area image.Rectangle, toImage func(x, y float64) (float64, float64)) *MRZReading {
	start := time.Now()
	now := time.Now
	if r.Now != nil {
		now = r.Now
	}
	area = area.Intersect(image.Rect(0, 0, page.Cols(), page.Rows()))
	if area.Empty() {
		return nil
	}
	at := make([]Quad, len(lines)) // the lines in area's pixels
	for i, q := range lines {
		for k, p := range q {
			at[i][k] = [2]float64{p[0] - float64(area.Min.X), p[1] - float64(area.Min.Y)}
		}
	}
	var best *MRZReading
	for _, src := range []gocv.Mat{pageIR, page} {
		if src.Empty() || src.Cols() != page.Cols() || src.Rows() != page.Rows() ||
			(best != nil && best.Document.Format != mrz.FormatUnknown) {
			continue
		}
		view := src.Region(area)
		crop := view.Clone()
		view.Close()
		if len(at) > 0 {
			if reading := r.readLines(ctx, crop, at, false, now()); reading != nil {
				if best == nil || better(reading, best) {
					best = reading
				}
				if !best.settled() {
					r.readAgain(ctx, crop, reading, now(), &best)
				}
			}
		}
		if !best.settled() {
			r.readFrom(ctx, crop, true, now, &best)
		}
		crop.Close()
	}
	if best == nil {
		return nil
	}
	toInput := func(q Quad) Quad {
		for i, p := range q {
			x, y := toImage(p[0]+float64(area.Min.X), p[1]+float64(area.Min.Y))
			q[i] = [2]float64{x, y}
		}
		return q
	}
	for i := range best.lines {
		best.lines[i] = toInput(best.lines[i])
	}
	if best.Box != nil {
		box := toInput(*best.Box)
		best.Box = &box
	}
	best.vouch()
	best.Elapsed = time.Since(start)
	return best
}

// Misread says whether the named field's check digit (document_number, birth_date,
// expiry_date, optional_data) fails where the OCR read a character it covers with less than
// SureConfidence, or where the places of the characters are not known, or holds where it
// cannot vouch for two or more characters read unsurely (unvouched): a misreading of the
// MRZ, as far as the reading can tell, not a field printed so (a forger's failing check digit is
// printed cleanly and read surely). conf is that confidence (0 when not known).
func (r *MRZReading) Misread(field string) (conf float64, misread bool) {
	if r == nil || r.Document == nil {
		return 0, false
	}
	for _, c := range r.Document.Checks {
		if c.Field == field && !c.Valid {
			v := r.CheckConfidence[field]
			return v, v < SureConfidence
		}
	}
	if slices.Contains(r.unsureData, field) {
		return r.CheckConfidence[field], true
	}
	return 0, false
}

// FieldConfidence is the lowest OCR confidence (0–1) of the characters of a field, named as
// the document's errors name it (mrz.Format.FieldSpans). ok is false where their places are not
// known: the field's lines were not read at the layout's width, or the layout has no such field.
func (r *MRZReading) FieldConfidence(field string) (conf float64, ok bool) {
	if r == nil || r.Document == nil || len(r.read) != len(r.Raw) {
		return 0, false
	}
	spans := r.Document.Format.FieldSpans(field)
	if spans == nil {
		return 0, false
	}
	low := 100.0
	for _, s := range spans {
		chars := r.read[s.Line].Chars
		if !r.lineAtWidth(s.Line) || len(chars) != len(r.Raw[s.Line]) {
			return 0, false
		}
		for _, c := range chars[s.Start:s.End] {
			low = math.Min(low, c.Conf)
		}
	}
	return low / 100, true
}

// Unsure says whether what the reading shows of a field (named as the document's errors name
// it, or "format" for the layout itself) may be the OCR's misreading rather than the print: a
// character of the field was read with less than MinNameConfidence, or, where the places of the
// characters are not known (lines read wider or narrower than the layout's, whose layout the
// repair guessed), the reading as a whole was not sure (SureConfidence). A forger's MRZ is
// printed cleanly and read surely; on blurred phone photos a dropped V made a visa's MRZ a
// passport's of no known state, and a misread CHN an unknown nationality. conf is the
// confidence judged.
func (r *MRZReading) Unsure(field string) (conf float64, unsure bool) {
	if r == nil || r.Document == nil {
		return 0, false
	}
	if field != "format" {
		if c, ok := r.FieldConfidence(field); ok {
			return c, c < MinNameConfidence
		}
	}
	if r.Document.Format != mrz.FormatUnknown && r.readAtWidth() {
		return 1, false // the layout read as it is printed
	}
	c := math.Min(r.DataConfidence, r.NameConfidence)
	return c, c < SureConfidence
}

// Settled says whether a reading needs no other search for its MRZ: it is valid, or every
// character was read surely (see SureConfidence).
func (r *MRZReading) Settled() bool { return r.settled() }

// Supersedes says whether reading r, made again where the model prints the MRZ (ReadPage),
// replaces reading prev of the whole image, which was not settled. r must be valid with its
// lines read at the layout's width (a repair that dropped or inserted a character can make
// check digits hold by chance: a wrong reading that passes every check is the worst outcome),
// and when prev read the same layout, the two must agree on the names: no check digit covers
// them, and two readings that differ vouch for neither.
func (r *MRZReading) Supersedes(prev *MRZReading) bool {
	d := r.Document
	if !d.Valid || !r.readAtWidth() {
		return false
	}
	p := prev.Document
	if p.Format == d.Format && (p.Fields.Surname != d.Fields.Surname || p.Fields.GivenNames != d.Fields.GivenNames) {
		return false
	}
	return true
}

// vouch makes a reading whose every rule holds invalid when a check digit cannot vouch for
// what it covers (unvouched), or when the OCR was unsure of a letter of the names
// (NameConfidence below MinNameConfidence), or read the names' line wider or narrower than the
// layout's (the repair cut or padded its fillers: a character the OCR added or dropped may lie
// in the names, where nothing tells; a genuine phone photo's ZHUGE read IHMUGE, a letter split
// in two, every rule holding): no check digit covers the names, so the reading cannot vouch for
// them. A wrong reading that passes every check is the worst outcome a reader has; on phone
// photos nearly all of those were names read so.
func (r *MRZReading) vouch() {
	d := r.Document
	if d == nil || !d.Valid {
		return
	}
	if len(r.unsureData) > 0 {
		d.Valid = false
		d.Errors = append(d.Errors, &mrz.Error{Field: "mrz", Code: mrz.CodeUncertain,
			Message: fmt.Sprintf("characters read too unsurely for their check digits to vouch for them: %s", strings.Join(r.unsureData, ", "))})
		return
	}
	if w, ok := r.NamesWidth(); ok && w != d.Format.Width() {
		d.Valid = false
		d.Errors = append(d.Errors, &mrz.Error{Field: "names", Code: mrz.CodeUncertain,
			Message: fmt.Sprintf("the names' line was read %d characters wide, not %d: no check digit covers the names, where a character may have been added or dropped", w, d.Format.Width())})
		return
	}
	if r.NameConfidence >= MinNameConfidence {
		return
	}
	d.Valid = false
	d.Errors = append(d.Errors, &mrz.Error{Field: "names", Code: mrz.CodeUncertain,
		Message: fmt.Sprintf("a letter of the names was read with confidence %.2f, below %.2f, and no check digit covers the names", r.NameConfidence, MinNameConfidence)})
}

// NamesSure says whether the reading vouches for the names (see vouch): every letter
// of their line read with MinNameConfidence at least, the line read as wide as the layout's.
func (r *MRZReading) NamesSure() bool {
	if r == nil || r.Document == nil || r.NameConfidence < MinNameConfidence {
		return false
	}
	w, ok := r.NamesWidth()
	return !ok || w == r.Document.Format.Width()
}

// NamesWidth is how many characters wide the names' line was read (the last line of a
// three-line MRZ, the first of the others); ok is false when the reading's lines are not the
// layout's.
func (r *MRZReading) NamesWidth() (w int, ok bool) {
	if r == nil || r.Document == nil {
		return 0, false
	}
	f := r.Document.Format
	if f == mrz.FormatUnknown || len(r.Raw) != f.Lines() {
		return 0, false
	}
	return len(r.Raw[namesLine(f)]), true
}

// namesLine is the line of a layout that holds the names, and no check digit: the last of a
// three-line MRZ, the first of the others.
func namesLine(f mrz.Format) int {
	if f.Lines() == 3 {
		return 2
	}
	return 0
}

// unvouched are the check digits (their fields, and "composite") that cannot vouch for the
// characters they cover in lines (read at their layout's width), conf giving each character's
// confidence (0–100): two or more were read with less than MinNameConfidence, or one that
// alike says the check digit cannot tell from its rival (8 from S; nil: none). Two wrong
// characters pass a check digit one time in ten: a genuine phone photo's birth date 180821
// read 150521 held its check digit, and on forged office prints read unsurely the repair made
// every check digit hold by turning a number's digits into letters (ID10592303 read
// IDIO59Z3O3).
func unvouched(f mrz.Format, lines []string, conf func(li, i int) float64, alike func(li, i int) bool) []string {
	var out []string
	for _, field := range slices.Concat(checkedFields, []string{"composite"}) {
		n, same := 0, false
		for li, text := range lines {
			for i := range text {
				in := checkedBy(f, field, li, i)
				if field == "composite" {
					in = f.Covered(li, i) && checkedBy(f, "", li, i) // the composite digit's alone
				}
				if in && conf(li, i) < 100*MinNameConfidence {
					n++
					same = same || (alike != nil && alike(li, i))
				}
			}
		}
		if n > 1 || same {
			out = append(out, field)
		}
	}
	return out
}

// checkBlindTwins are, for a character, those the OCR takes it for (and it for them) whose
// check-digit values are the same modulo 10 (mrz.CheckAlike): exchanged, no check digit
// changes. G is 16 and Q 26 against 6; S is 28 against 8.
var checkBlindTwins = map[byte]string{'6': "GQ", 'G': "6Q", 'Q': "6G", '8': "S", 'S': "8"}

// unsureTwins are the check-digit fields in which a character was read with less than
// SureConfidence where the layout allows one of its check-blind twins too (checkBlindTwins;
// document numbers and optional data hold letters and digits, a date digits only), conf giving
// each character's confidence (0–100): the check digit cannot tell the one from the other, so it
// cannot vouch for the reading. A phone photo's document number Q18C933145 read G18C933145 (the
// G at 0.950) and a forgery's D35G806759 read D356806759 (the 6 at 0.975) held every check
// digit, wrong but valid; the other characters of both were read at 0.98 and more.
func unsureTwins(f mrz.Format, lines []string, conf func(li, i int) float64) []string {
	var out []string
	for _, field := range checkedFields {
		for li, text := range lines {
			for i := range text {
				twins, ok := checkBlindTwins[text[i]]
				if ok && checkedBy(f, field, li, i) && strings.ContainsAny(f.Allowed(li, i), twins) &&
					conf(li, i) < 100*SureConfidence && !slices.Contains(out, field) {
					out = append(out, field)
				}
			}
		}
	}
	return out
}

// MinNameConfidence is the lowest confidence (0–1) of the OCR on a letter of the names' line
// from which a reading vouches for the names. On 14 phone photos of the calibration set,
// names misread by the OCR had 0.78–0.93 (two 0.97–0.98), forgers' MRZs printed with another
// name 0.98–0.99.
const MinNameConfidence = 0.95

// readFrom looks for the MRZ in src and reads it, keeping the best reading in *best: at the
// places the locator finds, then, while no reading is settled (valid, or sure), the lines of
// the best one cut again, then on smoothed copies and as blobs of whole lines. upright says
// src is known to be upright: its lines are not read turned half round.
func (r *MRZReader) readFrom(ctx context.Context, src gocv.Mat, upright bool, now func() time.Time, best **MRZReading) {
	settled := func() bool { return (*best).settled() }
	try := func(read gocv.Mat, cands []mrzCandidate, max int) {
		for i, c := range cands {
			if i == max || ctx.Err() != nil || settled() {
				return
			}
			r.tryCandidate(ctx, read, c, upright, now, best)
		}
	}
	before := *best
	try(src, locateMRZ(src), maxCandidates)
	if b := *best; b != before && !settled() && b.Document.Format != mrz.FormatUnknown {
		// An MRZ read here, neither valid nor sure: read its lines again, cut a little
		// differently.
		r.readAgain(ctx, src, b, now(), best)
	}
	// Characters broken into fragments (halftone screens, noise): locate again on a
	// median-smoothed copy and read from the image itself, then on a lightly smoothed copy and
	// read from that.
	for _, pass := range []struct {
		kernel     int
		readSmooth bool
	}{{5, false}, {3, true}} {
		if settled() {
			return
		}
		smooth := gocv.NewMat()
		gocv.MedianBlur(src, &smooth, pass.kernel)
		read := src
		if pass.readSmooth {
			read = smooth
		}
		try(read, locateMRZ(smooth), maxFallbackCandidates)
		smooth.Close()
	}
	if !settled() {
		// Faint print: characters marked from a smaller contrast. What this finds is kept
		// only when it reads valid: it also marks the noise of paper and desk, and a line of
		// that read as an MRZ is worse than none (the checks compare the page with it; a
		// genuine phone photo scored 99 on such a reading).
		var faint *MRZReading
		for i, c := range locateFaintMRZ(src) {
			if i == maxFallbackCandidates || ctx.Err() != nil || (faint != nil && faint.Document.Valid) {
				break
			}
			r.tryCandidate(ctx, src, c, upright, now, &faint)
		}
		if faint != nil && faint.Document.Valid {
			*best = faint
		}
	}
	if !settled() {
		// Print too blurred or small for its characters to come apart: whole lines as blobs.
		try(src, locateMRZBlobs(src), maxFallbackCandidates)
	}
}

// SureConfidence is the OCR confidence (0–1) from which every character of a reading is taken
// as printed: a reading of a known layout whose lines have its width and whose least sure
// character reaches it ends the search even when a check digit fails (it is printed so). On
// the evaluation set, readings that reading again or locating again corrected had a least
// sure character of at most 0.976; MRZs printed with a wrong check digit read at 0.95–0.99.
const SureConfidence = 0.98

// settled says whether a reading ends the search for the MRZ: it is valid, or it is sure.
func (r *MRZReading) settled() bool {
	return r != nil && (r.Document.Valid || r.Sure())
}

// Sure says whether every character of a reading was read surely where its layout puts it: its
// lines have the layout's width, its least sure character reaches SureConfidence, and the
// repair changed none (a letter read where only digits stand was misread, however surely: a
// genuine phone photo's 9 read O at 0.985 failed its birth date's check digit and ended the
// search). What a sure reading shows is printed so, even where a rule fails.
func (r *MRZReading) Sure() bool {
	return r != nil && r.Document != nil && r.readAtWidth() && len(r.Document.Corrections) == 0 &&
		math.Min(r.DataConfidence, r.NameConfidence) >= SureConfidence
}

// readAtWidth says whether the OCR read as many lines as the reading's layout has, each as wide
// as the layout's lines: no character was dropped or inserted before repair.
func (r *MRZReading) readAtWidth() bool {
	f := r.Document.Format
	if f == mrz.FormatUnknown || len(r.Raw) != f.Lines() {
		return false
	}
	for _, l := range r.Raw {
		if len(l) != f.Width() {
			return false
		}
	}
	return true
}

// lineAtWidth says whether the OCR read as many lines as the reading's layout has and line li
// as wide as the layout's lines.
func (r *MRZReading) lineAtWidth(li int) bool {
	f := r.Document.Format
	return f != mrz.FormatUnknown && len(r.Raw) == f.Lines() && li >= 0 && li < len(r.Raw) && len(r.Raw[li]) == f.Width()
}

// dataAtWidth says whether the OCR read as many lines as the reading's layout has and each line
// that carries check digits (all but the names') as wide as the layout's: the check digits and
// what they cover are where the layout puts them, whatever became of the names.
func (r *MRZReading) dataAtWidth() bool {
	f := r.Document.Format
	if f == mrz.FormatUnknown || len(r.Raw) != f.Lines() {
		return false
	}
	for li := range r.Raw {
		if li != namesLine(f) && !r.lineAtWidth(li) {
			return false
		}
	}
	return true
}

// tryCandidate reads candidate c upright, then, unless src is known to be upright, turned half
// round unless the upright reading is valid or nearly so, and keeps the reading the right way
// round (rightWayRound) in *best when it is better.
func (r *MRZReader) tryCandidate(ctx context.Context, src gocv.Mat, c mrzCandidate, upright bool, now func() time.Time, best **MRZReading) {
	var readings [2]*MRZReading
	for k, flip := range []bool{false, true} {
		if flip && upright {
			break
		}
		reading := r.readLines(ctx, src, c.lines, flip, now())
		readings[k] = reading
		if reading == nil {
			continue
		}
		if reading.Document.Valid {
			break
		}
		if !flip && reading.Confidence > 0.8 && reading.Document.Format != mrz.FormatUnknown && len(reading.Document.Errors) <= 2 {
			break // read upright with confidence and nearly valid: turning it will not help
		}
	}
	if chosen := rightWayRound(readings[0], readings[1]); chosen != nil && (*best == nil || better(chosen, *best)) {
		*best = chosen
	}
}

// rightWayRound is, of a candidate's readings upright and turned half round (either may be
// nil), the one read the right way round: a valid one, else the one the OCR was surer of. A line
// read upside down comes out as letters and digits too (the model knows no others), sometimes
// at a layout's width where the right reading lost or gained a character, and better would
// prefer it (a genuine phone photo's TD3 read upside down with 17 errors beat its right reading
// of 45 and 44 characters). On the phone photos of seeds 13013 and 14014, in all 896 pairs of
// readings of a candidate where one way round read the MRZ (less than 40% of its characters
// wrong) and the other did not (30% more wrong), the first had the higher mean confidence, by
// 0.015 or more.
func rightWayRound(upright, turned *MRZReading) *MRZReading {
	switch {
	case upright == nil:
		return turned
	case turned == nil || upright.Document.Valid:
		return upright
	case turned.Document.Valid || turned.Confidence > upright.Confidence:
		return turned
	}
	return upright
}

// better prefers a valid reading, then one of a known layout, then one whose lines have the
// lengths of a layout, then fewer errors, then the OCR's confidence.
func better(a, b *MRZReading) bool {
	key := func(r *MRZReading) [4]float64 {
		fit := 0.0
		for _, l := range r.Raw {
			if n := len(l); n == 30 || n == 36 || n == 44 {
				fit++
			}
		}
		return [4]float64{b2f(r.Document.Valid), b2f(r.Document.Format != mrz.FormatUnknown), fit, -float64(len(r.Document.Errors))}
	}
	ka, kb := key(a), key(b)
	for i := range ka {
		if ka[i] != kb[i] {
			return ka[i] > kb[i]
		}
	}
	return a.Confidence > b.Confidence
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// lineHeight is the height, in pixels, of the line images given to OCR.
const lineHeight = 56

// readLines cuts out, reads and repairs the lines of a candidate; flip reads it turned half
// round.
func (r *MRZReader) readLines(ctx context.Context, src gocv.Mat, lines []Quad, flip bool, now time.Time) *MRZReading {
	order := lines
	if flip {
		order = FlipLines(lines)
	}
	read := r.ocrLines(ctx, src, order)
	if read == nil {
		return nil
	}
	return r.assemble(read, order, now)
}

// uncertain is the character confidence (0–100) below which the OCR was unsure: Uncertain,
// 80 when unset.
func (r *MRZReader) uncertain() float64 {
	if r.Uncertain == 0 {
		return 80
	}
	return r.Uncertain
}

// ocrLines cuts out and reads each line; nil when a line cannot be cut or read.
func (r *MRZReader) ocrLines(ctx context.Context, src gocv.Mat, lines []Quad) []ocr.Line {
	out := make([]ocr.Line, 0, len(lines))
	for _, q := range lines {
		grey := LineImage(src, q)
		if grey == nil {
			return nil
		}
		line, err := r.OCR.ReadLine(ctx, ocr.BMP(grey))
		if err != nil {
			return nil
		}
		out = append(out, line)
	}
	return out
}

// assemble repairs the OCR's lines into a reading, the uncertain characters hinted.
func (r *MRZReader) assemble(read []ocr.Line, lines []Quad, now time.Time) *MRZReading {
	reading := &MRZReading{lines: lines, read: read}
	var confs [][]float64
	var total float64
	var n int
	for _, line := range read {
		reading.Raw = append(reading.Raw, line.Text)
		var c []float64
		for _, ch := range line.Chars {
			c = append(c, ch.Conf)
			total += ch.Conf
			n++
		}
		confs = append(confs, c)
	}
	if n > 0 {
		reading.Confidence = total / float64(n) / 100
	}
	threshold := r.uncertain()
	hints := mrz.Hints{Uncertain: func(li, idx int) bool {
		return li < len(confs) && idx < len(confs[li]) && confs[li][idx] < threshold
	}, Sure: func(li, idx int) bool {
		return li < len(confs) && idx < len(confs[li]) && confs[li][idx] >= 100*SureConfidence
	}}
	reading.Document = mrz.RepairWith(reading.Raw, hints, now)
	reading.NameConfidence = nameConfidence(reading.Raw, confs)
	reading.DataConfidence = dataConfidence(reading.Raw, confs)
	reading.CheckConfidence = checkConfidence(reading.Document, reading.Raw, confs)
	if reading.dataAtWidth() {
		conf := func(li, i int) float64 { return confs[li][i] }
		reading.unsureData = unvouched(reading.Document.Format, reading.Raw, conf, nil)
		for _, field := range unsureTwins(reading.Document.Format, reading.Raw, conf) {
			if !slices.Contains(reading.unsureData, field) {
				reading.unsureData = append(reading.unsureData, field)
			}
		}
	}
	if len(lines) > 0 {
		box := Quad{lines[0][0], lines[0][1], lines[len(lines)-1][2], lines[len(lines)-1][3]}
		reading.Box = &box
	}
	return reading
}

// Assemble repairs lines an OCR read (each character with its confidence) into a reading, as
// Read does with the lines it cuts out, its confidences and vouching included; the reading has
// no place in an image (its Box is nil).
func (r *MRZReader) Assemble(read []ocr.Line, now time.Time) *MRZReading {
	reading := r.assemble(read, nil, now)
	reading.vouch()
	return reading
}

// nameConfidence is the lowest confidence of a letter on the names' line: the last line of a
// three-line MRZ (TD1), the first of the others, after its first five characters (document
// code and issuing state).
func nameConfidence(raw []string, confs [][]float64) float64 {
	li, from := 0, 5
	if len(raw) == 3 {
		li, from = 2, 0
	}
	low := 100.0
	if li < len(raw) && li < len(confs) {
		for i, r := range []rune(raw[li]) {
			if i >= from && i < len(confs[li]) && r >= 'A' && r <= 'Z' {
				low = math.Min(low, confs[li][i])
			}
		}
	}
	return low / 100
}

// dataConfidence is the lowest confidence of a character on the lines that carry the check
// digits: the first two of a three-line MRZ (TD1), the second of the others.
func dataConfidence(raw []string, confs [][]float64) float64 {
	lines := []int{1}
	if len(raw) == 3 {
		lines = []int{0, 1}
	}
	low := 100.0
	for _, li := range lines {
		if li < len(confs) {
			for _, c := range confs[li] {
				low = math.Min(low, c)
			}
		}
	}
	return low / 100
}

// checkConfidence is MRZReading.CheckConfidence: for each check of d but the composite one
// whose lines raw has at d's width, the lowest confidence of the characters it covers; nil
// unless raw has d's lines.
func checkConfidence(d *mrz.Document, raw []string, confs [][]float64) map[string]float64 {
	f := d.Format
	if f == mrz.FormatUnknown || len(raw) != f.Lines() || len(confs) != len(raw) {
		return nil
	}
	out := map[string]float64{}
checks:
	for _, c := range d.Checks {
		spans := f.CheckSpans(c.Field)
		if spans == nil {
			continue
		}
		low := 100.0
		for _, s := range spans {
			if len(raw[s.Line]) != f.Width() || len(confs[s.Line]) != len(raw[s.Line]) {
				continue checks
			}
			for _, v := range confs[s.Line][s.Start:s.End] {
				low = math.Min(low, v)
			}
		}
		out[c.Field] = low / 100
	}
	return out
}

// MRZCandidates returns the places where the MRZ locator found lines that may be an MRZ, best
// first: each the quads of its lines in input pixels, in reading order if the document is
// upright (FlipLines turns them half round).
func MRZCandidates(img gocv.Mat) [][]Quad {
	var out [][]Quad
	for _, c := range locateMRZ(img) {
		out = append(out, c.lines)
	}
	return out
}

// FlipLines turns a candidate's lines half round: the last line first, each read from its other
// end.
func FlipLines(lines []Quad) []Quad {
	out := make([]Quad, len(lines))
	for i, q := range lines {
		out[len(lines)-1-i] = Quad{q[2], q[3], q[0], q[1]}
	}
	return out
}

// LineImage cuts one line out of src (BGR or grey) as the reader gives it to OCR: rectified to
// lineHeight pixels high, grey, its contrast stretched. It returns nil for a quad too small or
// too long to be a line.
func LineImage(src gocv.Mat, q Quad) *image.Gray {
	w := int(lineHeight * dist(q[0], q[1]) / math.Max(dist(q[1], q[2]), 1))
	if w < 50 || w > 20*lineHeight*4 {
		return nil
	}
	crop := Rectify(src, q, w, lineHeight)
	defer crop.Close()
	return toGrey(crop)
}

// toGrey converts a crop to 8-bit grey with its contrast stretched to the full range.
func toGrey(m gocv.Mat) *image.Gray {
	g := gocv.NewMat()
	defer g.Close()
	if m.Channels() > 1 {
		gocv.CvtColor(m, &g, gocv.ColorBGRToGray)
	} else {
		m.CopyTo(&g)
	}
	gocv.Normalize(g, &g, 0, 255, gocv.NormMinMax)
	b, _ := g.DataPtrUint8()
	out := image.NewGray(image.Rect(0, 0, g.Cols(), g.Rows()))
	copy(out.Pix, b)
	return out
}

// MRZLines are the quads of the MRZ lines where model spec prints them in its MRZ region (page
// pixels, in reading order), cut as the locator cuts the lines it finds: from 1.2 pitches before
// the first character's middle to 1.2 after the last's, the character height and a little more
// above and below the middle of the line.
func MRZLines(spec *templates.Spec, region templates.Region) []Quad {
	n, width := spec.MRZFormat.Lines(), spec.MRZFormat.Width()
	if n == 0 || width == 0 {
		return nil
	}
	lay := templates.MRZLayoutOf(region, spec.DPI, n, 0)
	hh := math.Max(0.95*lay.CapHeight, 0.75*lay.Pitch)
	out := make([]Quad, n)
	for li := range n {
		x0, base := lay.Origin(li, 0)
		x1, _ := lay.Origin(li, width-1)
		mid := base - lay.CapHeight/2
		// Origin is a glyph's left: its middle is about 0.38 pitch on.
		sx, ex := x0+0.38*lay.Pitch-1.2*lay.Pitch, x1+0.38*lay.Pitch+1.2*lay.Pitch
		out[li] = Quad{{sx, mid - hh}, {ex, mid - hh}, {ex, mid + hh}, {sx, mid + hh}}
	}
	return out
}
