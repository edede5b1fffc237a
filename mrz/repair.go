package mrz

import (
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Hints carry what the OCR engine knows beyond the text.
type Hints struct {
	// Uncertain reports whether the OCR engine was unsure of the character at index (counted
	// in runes) of raw line (as given to Repair). Only uncertain characters are candidates for
	// the check-digit search; without hints there is no search.
	Uncertain func(line, index int) bool
	// Sure reports whether the OCR engine read the character at index of raw line as surely as
	// print reads. A refused repair brings the names' line to its width in one of several ways
	// only when every character of the lines that carry check digits was read surely (nil:
	// never): what a blurred capture's data line shows may be the OCR's, not the print's.
	Sure func(line, index int) bool
}

// Repair reads raw OCR output of an MRZ and undoes the errors OCR makes: spaces, lower case,
// lines a few fillers too long or short, characters that the position cannot hold (a letter
// in a date, a digit in a name: O/0, I/1, B/8, S/5, Z/2, G/6, A/4, …), and Ks where the layout
// demands fillers. Repair is RepairWith without hints: it does not search among characters
// that are legal where they stand (an O in a document number), since one check digit cannot
// tell a repair from a chance match.
func Repair(raw []string) *Document { return RepairWith(raw, Hints{}, time.Now()) }

// RepairAt is Repair with the current time given (see ParseAt).
func RepairAt(raw []string, now time.Time) *Document { return RepairWith(raw, Hints{}, now) }

// RepairWith is Repair with the OCR engine's hints. Characters the engine was unsure of and
// that have a confusable twin legal in the same position (O/0, I/1, B/8, S/5, Z/2 in document
// numbers and optional data) are tried in the fields whose check digits fail. A repair is
// accepted only when every check digit then holds and exactly one reading, the one with the
// fewest other errors and then the fewest changes, does so; every change is listed in
// Corrections. Otherwise the document is invalid, saying why, and its lines stay as read but
// for what the layout alone decides (their width, when one way exists for the lines that carry
// check digits, and then the characters their positions cannot hold, also listed in
// Corrections).
func RepairWith(raw []string, h Hints, now time.Time) *Document {
	lines := normalise(raw)
	f, lines := guessLayout(lines)
	if f == FormatUnknown {
		d := ParseAt(texts(lines), now)
		d.Valid = false
		return d
	}
	l := layoutOf(f)

	// First the damage OCR does most (a filler lost or doubled in a run, noise at one end);
	// only when no single reading then holds, noise at both ends as well.
	combos := fitLines(lines, l, false)
	if len(combos) == 0 {
		d := ParseAt(texts(lines), now)
		d.Valid = false
		d.Errors = append(d.Errors, &Error{Field: "mrz", Code: CodeLength,
			Message: "the lines are too far from the " + f.String() + " width of " + strconv.Itoa(l.width) + " to repair"})
		return d
	}
	best := bestRepairs(combos, f, h, now)
	if len(best) != 1 || len(ParseAt(texts(best[0].lines), now).Errors) > 0 {
		if more := bestRepairs(fitLines(lines, l, true), f, h, now); len(more) == 1 && len(ParseAt(texts(more[0].lines), now).Errors) == 0 {
			best = more
		}
	}
	if len(best) == 1 {
		d := ParseAt(texts(best[0].lines), now)
		d.Corrections = best[0].corr
		return d
	}

	// No single reading holds: report the lines as read, invalid, saying why. Where only one
	// way of bringing them to their width exists, or the ways differ only in the lines no check
	// digit covers (the names' line: a forger's wrong check digit under glare that cut a
	// filler from the names), at that width and with the characters their positions cannot
	// hold rewritten (a letter O in a date is a 0 whatever the check digits say): the fields
	// that were read soundly can still be compared with the printed page, and the check digits
	// judged. The names' line is then the cheapest way's (fillers added or cut in its longest
	// run), which nothing vouches for.
	asRead := texts(lines)
	var corr []Correction
	if c, ok := oneDataFit(lines, combos, f, h); ok {
		asRead = texts(c.lines)
		// More characters out of their class than a misreading makes are no misreading: the
		// lines are not this layout's (France's identity card of 1988-2021 writes its own in
		// TD2's size: 9409923102854CORINNE<<<<<<<6512068F4 became BSAC0R1NNE), or were not
		// read at all. They stay as read.
		if fixed := fixClasses(c, f); len(fixed.corr)-len(c.corr) <= maxRefusedClassFixes {
			asRead, corr = texts(fixed.lines), fixed.corr
		}
	}
	d := ParseAt(asRead, now)
	d.Corrections = corr
	d.Valid = false
	msg := "no repair makes every check digit hold"
	if len(best) > 1 {
		msg = strconv.Itoa(len(best)) + " different repairs make every check digit hold; none is chosen"
	}
	d.Errors = append(d.Errors, &Error{Field: "mrz", Code: CodeCheckDigit, Message: msg})
	return d
}

// oneDataFit returns the way of bringing the lines to their width (combos) when there is one
// for the lines that carry check digits: there is a single way, or every way leaves those
// lines as read, at their width, read surely (h.Sure) and with a digit in each check digit's
// place (a filler only for a field of fillers). Of ways that differ in the other lines (the
// names'), it returns the cheapest (the first of equal cost). A filler or a letter where a check digit stands is the
// mark of a line cut short or shifted (a passport's lines cut to 36 read as TD2), not of a
// forger's print: such lines, brought to their width in several ways, stay as read.
func oneDataFit(lines []line, combos []candidate, f Format, h Hints) (candidate, bool) {
	if len(combos) == 0 {
		return candidate{}, false
	}
	if len(combos) == 1 {
		return combos[0], true
	}
	if h.Sure == nil {
		return candidate{}, false
	}
	for li, ln := range lines {
		if !checkedLine(f, li) {
			continue
		}
		for _, i := range ln.src {
			if i < 0 || !h.Sure(ln.raw, i) {
				return candidate{}, false
			}
		}
	}
	l := layoutOf(f)
	best := combos[0]
	for _, c := range combos {
		for li, ln := range c.lines {
			if checkedLine(f, li) && ln.s != lines[li].s {
				return candidate{}, false
			}
		}
		if c.cost < best.cost {
			best = c
		}
	}
	if !checkDigitsInPlace(texts(best.lines), l) {
		return candidate{}, false
	}
	return best, true
}

// checkDigitsInPlace says whether each check digit's place in lines holds a digit, or a filler
// where the field it covers is all fillers (optional data left empty).
func checkDigitsInPlace(lines []string, l *layout) bool {
	for _, p := range []struct{ data, cd span }{{l.number, l.numberCD}, {l.birth, l.birthCD},
		{l.expiry, l.expiryCD}, {l.optional, l.optionalCD}, {span{}, l.composite}} {
		if !p.cd.ok() {
			continue
		}
		switch c := p.cd.of(lines)[0]; {
		case c >= '0' && c <= '9':
		case c == '<' && p.data.ok() && strings.Trim(p.data.of(lines), "<") == "":
		default:
			return false
		}
	}
	return true
}

// checkedLine says whether a check digit covers a character of line li of the format's MRZ.
func checkedLine(f Format, li int) bool {
	for pos := range f.Width() {
		if f.Covered(li, pos) {
			return true
		}
	}
	return false
}

// maxRefusedClassFixes is how many characters out of their positions' class (and fillers
// read as K) a refused repair rewrites at most: a misread MRZ has a letter or two in a date
// or number (O for 0, I for 1, B for 8); more are not misreadings of this layout.
const maxRefusedClassFixes = 3

// fitLines returns every way of bringing each line to the layout's width, combined across
// lines; extended adds noise at both ends of a line.
func fitLines(lines []line, l *layout, extended bool) []candidate {
	combos := []candidate{{}}
	for i, s := range lines {
		var next []candidate
		for _, c := range combos {
			for _, v := range fitWidth(s, l.width, i+1, extended) {
				if len(next) < maxCombos {
					next = append(next, candidate{
						lines: append(append([]line(nil), c.lines...), v.lines[0]),
						corr:  append(append([]Correction(nil), c.corr...), v.corr...),
						cost:  c.cost + v.cost,
					})
				}
			}
		}
		combos = next
	}
	return combos
}

// bestRepairs returns, among the readings of combos whose check digits hold, those that break
// the fewest other rules (filler structure, codes, dates), then leave no character after a
// field's padding, then have the fewest changes, then changed the length in the longest run
// of fillers. A repair is made only when there is one.
func bestRepairs(combos []candidate, f Format, h Hints, now time.Time) []candidate {
	l := layoutOf(f)
	var best []candidate
	var bestRank [4]int
	for _, c := range combos {
		c = fixClasses(c, f)
		for _, r := range resolve(c, f, h, now) {
			rank := [4]int{len(ParseAt(texts(r.lines), now).Errors), paddingBreaks(r.lines, l), len(r.corr), r.cost}
			switch {
			case len(best) == 0 || less(rank, bestRank):
				best, bestRank = []candidate{r}, rank
			case rank == bestRank && !sameLines(r.lines, best[0].lines):
				best = append(best, r)
			}
		}
	}
	return best
}

const (
	maxCombos    = 256 // ways of fitting the lines to their width
	maxFlips     = 2   // uncertain characters changed in one reading
	maxLengthFix = 4   // characters added to or removed from a line
	maxEndNoise  = 2   // characters of noise removed from either end of a line
)

// line is a line of OCR text being repaired, with where each character came from.
type line struct {
	s   string
	raw int   // which raw line
	src []int // for each character, its rune index in the raw line; -1 when Repair inserted it
}

type candidate struct {
	lines []line
	corr  []Correction
	cost  int // of the length repairs: fillers are more often lost or doubled in long runs
}

func less(a, b [4]int) bool {
	for i := range a {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return false
}

func texts(ls []line) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = l.s
	}
	return out
}

func sameLines(a, b []line) bool {
	for i := range a {
		if a[i].s != b[i].s {
			return false
		}
	}
	return true
}

// normalise upper-cases, drops white space and empty lines, and maps the look-alikes of the
// filler that OCR produces to <. Other characters outside the alphabet stay, for the length
// repair to drop or the parser to report.
func normalise(raw []string) []line {
	var out []line
	for ri, r := range raw {
		var b strings.Builder
		var src []int
		idx := 0
		for _, c := range r {
			switch {
			case unicode.IsSpace(c):
				idx++
				continue
			case c >= 'a' && c <= 'z':
				b.WriteByte(byte(c - 'a' + 'A'))
			case c == '«' || c == '‹' || c == '〈' || c == '＜':
				b.WriteByte('<')
			case c < 0x80:
				b.WriteByte(byte(c))
			default:
				b.WriteByte('?')
			}
			src = append(src, idx)
			idx++
		}
		if b.Len() > 0 {
			out = append(out, line{s: b.String(), raw: ri, src: src})
		}
	}
	return out
}

// guessLayout picks the format from the lines' count and lengths, allowing for a few
// characters too many or too few, and drops short noise lines around the MRZ.
func guessLayout(lines []line) (Format, []line) {
	near := func(n, w int) bool { return n >= w-maxLengthFix && n <= w+maxLengthFix }
	var kept []line
	for _, s := range lines {
		if len(s.s) >= 30-maxLengthFix*2 {
			kept = append(kept, s)
		}
	}
	for start := 0; start+3 <= len(kept); start++ { // three lines near 30: TD1
		w := kept[start : start+3]
		if near(len(w[0].s), 30) && near(len(w[1].s), 30) && near(len(w[2].s), 30) {
			return TD1, w
		}
	}
	for start := len(kept) - 2; start >= 0; start-- { // two lines: the lowest pair that fits
		w := kept[start : start+2]
		visa := w[0].s[0] == 'V'
		switch {
		case near(len(w[0].s), 44) && near(len(w[1].s), 44):
			if visa {
				return MRVA, w
			}
			return TD3, w
		case near(len(w[0].s), 36) && near(len(w[1].s), 36):
			if visa {
				return MRVB, w
			}
			return TD2, w
		}
	}
	return FormatUnknown, lines
}

// cut removes characters [i, j) of l.
func (l line) cut(i, j int) line {
	return line{s: l.s[:i] + l.s[j:], raw: l.raw, src: append(append([]int(nil), l.src[:i]...), l.src[j:]...)}
}

// insert adds n fillers at i of l.
func (l line) insert(i, n int) line {
	src := append([]int(nil), l.src[:i]...)
	for range n {
		src = append(src, -1)
	}
	return line{s: l.s[:i] + strings.Repeat("<", n) + l.s[i:], raw: l.raw, src: append(src, l.src[i:]...)}
}

// fitWidth returns the ways of bringing line l (line number n) to width: dropping characters
// outside the alphabet, then removing or adding fillers in one run of fillers, or characters
// at one end; extended, noise at both ends too, with or without a filler doubled.
func fitWidth(l line, width, n int, extended bool) []candidate {
	if len(l.s) == width {
		return []candidate{{lines: []line{l}}}
	}
	var corr []Correction
	if len(l.s) > width {
		for i := 0; i < len(l.s) && len(l.s) > width; {
			if charValue(l.s[i]) < 0 {
				corr = append(corr, Correction{Line: n, Position: i + 1 + len(corr), From: l.s[i : i+1]})
				l = l.cut(i, i+1)
				continue
			}
			i++
		}
		if len(l.s) == width {
			return []candidate{{lines: []line{l}, corr: corr}}
		}
	}
	s := l.s
	d := len(s) - width
	if d > maxLengthFix || -d > maxLengthFix {
		return nil
	}
	var out []candidate
	seen := map[string]bool{}
	add := func(v line, c []Correction, cost int) {
		if !seen[v.s] {
			seen[v.s] = true
			out = append(out, candidate{lines: []line{v}, corr: append(append([]Correction(nil), corr...), c...), cost: cost})
		}
	}
	// runs calls fn with the start and end of each run of fillers in t.
	runs := func(t string, fn func(i, j int)) {
		for i := 0; i < len(t); {
			if t[i] != '<' {
				i++
				continue
			}
			j := i
			for j < len(t) && t[j] == '<' {
				j++
			}
			fn(i, j)
			i = j
		}
	}
	if d < 0 { // add -d fillers at the end of a run of fillers, or at the end of the line
		runs(s, func(i, j int) {
			var c []Correction
			for k := j; k < j-d; k++ {
				c = append(c, Correction{Line: n, Position: k + 1, To: "<"})
			}
			add(l.insert(j, -d), c, -(j - i))
		})
		var c []Correction
		for k := len(s); k < width; k++ {
			c = append(c, Correction{Line: n, Position: k + 1, To: "<"})
		}
		add(l.insert(len(s), -d), c, 0)
		return out
	}
	// Too long: noise read beyond one end (a document's edge, a border) or a filler doubled in
	// a run of fillers; a longer run is likelier to have grown, an end cut costs one.
	if !extended {
		runs(s, func(i, j int) {
			if j-i <= d { // a doubled filler leaves its run; a lone separator stays
				return
			}
			var c []Correction
			for k := j - d; k < j; k++ {
				c = append(c, Correction{Line: n, Position: k + 1, From: "<"})
			}
			add(l.cut(j-d, j), c, -(j - i))
		})
		var c []Correction
		for k := 0; k < d; k++ {
			c = append(c, Correction{Line: n, Position: k + 1, From: s[k : k+1]})
		}
		add(l.cut(0, d), c, 1)
		c = nil
		for k := width; k < len(s); k++ {
			c = append(c, Correction{Line: n, Position: k + 1, From: s[k : k+1]})
		}
		add(l.cut(width, len(s)), c, 1)
		return out
	}
	// Extended: a characters of noise at the start, b at the end, the rest from one run of
	// fillers, which keeps at least one (a lone separator is not a doubled one).
	for a := 0; a <= min(d, maxEndNoise); a++ {
		for b := 0; a+b <= d && b <= maxEndNoise; b++ {
			var c []Correction
			for k := 0; k < a; k++ {
				c = append(c, Correction{Line: n, Position: k + 1, From: s[k : k+1]})
			}
			for k := len(s) - b; k < len(s); k++ {
				c = append(c, Correction{Line: n, Position: k + 1, From: s[k : k+1]})
			}
			v := l.cut(len(s)-b, len(s)).cut(0, a)
			r := d - a - b
			if r == 0 {
				add(v, c, a+b)
				continue
			}
			runs(v.s, func(i, j int) {
				if j-i <= r {
					return
				}
				cr := append([]Correction(nil), c...)
				for k := j - r; k < j; k++ {
					cr = append(cr, Correction{Line: n, Position: a + k + 1, From: "<"})
				}
				add(v.cut(j-r, j), cr, a+b-(j-i))
			})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].cost < out[j].cost })
	return out
}

// paddingBreaks counts the name and optional data fields of lines in which a character follows
// three or more fillers. Those fields are written from the left and padded with fillers (Doc
// 9303 part 3, 4.2.2; names separate their parts with one or two), so such a character is
// more likely noise read beyond the end of a line than print. Not an error of the document:
// only a preference between repairs that are otherwise equal.
func paddingBreaks(lines []line, l *layout) int {
	n := 0
	for _, sp := range []span{l.name, l.optional, l.optional2} {
		if sp.end == 0 || sp.line >= len(lines) || sp.end > len(lines[sp.line].s) {
			continue
		}
		f := lines[sp.line].s[sp.start:sp.end]
		if p := strings.Index(f, "<<<"); p >= 0 && strings.TrimRight(f[p:], "<") != "" {
			n++
		}
	}
	return n
}

// Confusions OCR makes between the two classes, read in the direction the position needs.
var (
	toDigit = map[byte]byte{'O': '0', 'Q': '0', 'D': '0', 'U': '0', 'I': '1', 'L': '1', 'Z': '2', 'S': '5',
		'B': '8', 'G': '6', 'A': '4', 'T': '7'}
	toLetter = map[byte]byte{'0': 'O', '1': 'I', '2': 'Z', '4': 'A', '5': 'S', '6': 'G', '8': 'B'}
	// swaps are the confusions check digits can tell apart, tried for uncertain characters;
	// G/6, L/1 and K/< weigh the same modulo 10 and are left to classes and filler structure.
	swaps = map[byte]byte{'O': '0', '0': 'O', 'I': '1', '1': 'I', 'B': '8', '8': 'B', 'S': '5', '5': 'S',
		'Z': '2', '2': 'Z'}
)

// fixClasses rewrites each character its position cannot hold into the confusable one it can,
// and Ks that stand where the layout demands fillers into fillers.
func fixClasses(c candidate, f Format) candidate {
	l := layoutOf(f)
	lines := make([][]byte, len(c.lines))
	for i, s := range c.lines {
		lines[i] = []byte(s.s)
	}
	corr := append([]Correction(nil), c.corr...)
	set := func(li, p int, to byte) {
		corr = append(corr, Correction{Line: li + 1, Position: p + 1, From: string(lines[li][p]), To: string(to)})
		lines[li][p] = to
	}
	for li := range lines {
		for p, ch := range lines[li] {
			switch l.classes[li][p] {
			case classAlpha:
				if to, ok := toLetter[ch]; ok {
					set(li, p, to)
				}
			case classDigit:
				if to, ok := toDigit[ch]; ok {
					set(li, p, to)
				}
			}
		}
	}
	// Fillers: after a state code, after a document number shorter than its field, after the
	// name, and in runs of fillers in optional data.
	fillAfterFirst := func(s span) {
		b := lines[s.line]
		for p := s.start; p < s.end; p++ {
			if b[p] == '<' {
				for q := p + 1; q < s.end; q++ {
					if b[q] == 'K' {
						set(s.line, q, '<')
					}
				}
				return
			}
		}
	}
	fillAfterFirst(l.state)
	fillAfterFirst(l.nationality)
	if (f != TD1 && f != TD2) || lines[l.numberCD.line][l.numberCD.start] != '<' {
		fillAfterFirst(l.number)
	}
	fixNameFillers(lines[l.name.line][l.name.start:l.name.end], func(p int) { set(l.name.line, l.name.start+p, '<') })
	for _, s := range []span{l.optional, l.optional2} {
		if s.ok() {
			fixLoneK(lines[s.line][s.start:s.end], func(p int) { set(s.line, s.start+p, '<') })
		}
	}
	out := candidate{lines: append([]line(nil), c.lines...), corr: corr, cost: c.cost}
	for i, b := range lines {
		out.lines[i].s = string(b)
	}
	return out
}

// fixNameFillers turns into fillers the Ks that stand where a name cannot go on: after a run of
// three fillers, or after a second double filler.
func fixNameFillers(b []byte, set func(int)) {
	ended, doubles := false, 0
	for p := 0; p < len(b); {
		q := p
		if b[p] == '<' {
			for q < len(b) && b[q] == '<' {
				q++
			}
			if p > 0 { // a leading double filler opens a name of given names only
				ended = ended || q-p >= 3
				if q-p == 2 {
					doubles++
					ended = ended || doubles >= 2
				}
			}
			p = q
			continue
		}
		allK := true
		for q < len(b) && b[q] != '<' {
			allK = allK && b[q] == 'K'
			q++
		}
		if ended && allK {
			for k := p; k < q; k++ {
				set(k)
			}
		}
		p = q
	}
}

// fixLoneK turns a K or KK standing alone in a run of fillers (at least two on each side, or
// two before and the end of the field after) into fillers.
func fixLoneK(b []byte, set func(int)) {
	for p := 2; p < len(b); p++ {
		if b[p] != 'K' || b[p-1] != '<' || b[p-2] != '<' {
			continue
		}
		q := p
		for q < len(b) && b[q] == 'K' && q-p < 2 {
			q++
		}
		if q == len(b) || (q+1 < len(b) && b[q] == '<' && b[q+1] == '<') || (q+1 == len(b) && b[q] == '<') {
			for k := p; k < q; k++ {
				set(k)
			}
		}
	}
}

// resolve returns the readings of c for which every check digit holds: c itself, or, in the
// fields whose check digits fail, c with the fewest uncertain confusable characters swapped.
func resolve(c candidate, f Format, h Hints, now time.Time) []candidate {
	c = fillErasures(c, f)
	d := ParseAt(texts(c.lines), now)
	if checksHold(d) {
		return []candidate{c}
	}
	if hasCharsetError(d) || h.Uncertain == nil {
		return nil
	}
	l := layoutOf(f)
	var spans []span
	for _, ch := range d.Checks {
		if ch.Valid {
			continue
		}
		switch ch.Field {
		case "document_number":
			spans = append(spans, l.number)
			if (f == TD1 || f == TD2) && c.lines[l.numberCD.line].s[l.numberCD.start] == '<' {
				spans = append(spans, l.optional) // the long number's continuation
			}
		case "optional_data":
			spans = append(spans, l.optional)
		}
		// Data only the composite covers (optional data of TD1 and TD2) is not searched: one
		// digit over many positions would let a misread elsewhere pass as a repair.
	}
	type pos struct{ line, p int }
	var ps []pos
	seen := map[pos]bool{}
	for _, s := range spans {
		ln := c.lines[s.line]
		for p := s.start; p < s.end; p++ {
			_, twin := swaps[ln.s[p]]
			if twin && !seen[pos{s.line, p}] && ln.src[p] >= 0 && h.Uncertain(ln.raw, ln.src[p]) {
				seen[pos{s.line, p}] = true
				ps = append(ps, pos{s.line, p})
			}
		}
	}
	var found []candidate
	idx := make([]int, 0, maxFlips)
	var try func(start, k int)
	try = func(start, k int) {
		if len(idx) == k {
			out := candidate{lines: append([]line(nil), c.lines...), corr: append([]Correction(nil), c.corr...), cost: c.cost}
			for _, i := range idx {
				ln := out.lines[ps[i].line]
				from := ln.s[ps[i].p]
				to := swaps[from]
				out.lines[ps[i].line].s = ln.s[:ps[i].p] + string(to) + ln.s[ps[i].p+1:]
				out.corr = append(out.corr, Correction{Line: ps[i].line + 1, Position: ps[i].p + 1, From: string(from), To: string(to)})
			}
			if checksHold(ParseAt(texts(out.lines), now)) {
				found = append(found, out)
			}
			return
		}
		for i := start; i < len(ps); i++ {
			idx = append(idx, i)
			try(i+1, k)
			idx = idx[:len(idx)-1]
		}
	}
	for k := 1; k <= maxFlips && k <= len(ps) && len(found) == 0; k++ {
		try(0, k)
	}
	return found
}

// fillErasures writes in the one character of a date that OCR read as neither a digit nor a
// letter it confuses with one (a smudge, a filler where a digit is printed): a check digit
// holds for exactly one digit there, its weights 7, 3 and 1 being prime to 10. Only data is
// filled in, never a check digit, and only one character per date; the composite check digit,
// where the format has one, must still hold for the reading to be accepted.
func fillErasures(c candidate, f Format) candidate {
	l := layoutOf(f)
	for _, fd := range [][2]span{{l.birth, l.birthCD}, {l.expiry, l.expiryCD}} {
		data, cd := fd[0], fd[1]
		if !data.ok() || !cd.ok() || data.line >= len(c.lines) || cd.line >= len(c.lines) {
			continue
		}
		s := c.lines[data.line].s
		want := c.lines[cd.line].s[cd.start]
		if want < '0' || want > '9' {
			continue
		}
		hole := -1
		for p := data.start; p < data.end; p++ {
			if s[p] >= '0' && s[p] <= '9' {
				continue
			}
			if hole >= 0 {
				hole = -1
				break
			}
			hole = p
		}
		if hole < 0 {
			continue
		}
		for dg := byte('0'); dg <= '9'; dg++ {
			t := s[:hole] + string(dg) + s[hole+1:]
			if got, _ := CheckDigit(t[data.start:data.end]); got == want {
				lines := append([]line(nil), c.lines...)
				lines[data.line].s = t
				corr := append(append([]Correction(nil), c.corr...), Correction{Line: data.line + 1, Position: hole + 1, From: s[hole : hole+1], To: string(dg)})
				c = candidate{lines: lines, corr: corr, cost: c.cost}
				break // one digit only can hold
			}
		}
	}
	return c
}

func checksHold(d *Document) bool {
	if d.Format == FormatUnknown || hasCharsetError(d) {
		return false
	}
	for _, c := range d.Checks {
		if !c.Valid {
			return false
		}
	}
	return true
}

func hasCharsetError(d *Document) bool {
	for _, e := range d.Errors {
		if e.Code == CodeCharset {
			return true
		}
	}
	return false
}
