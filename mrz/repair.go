package mrz

import (
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Repair reads raw OCR output of an MRZ and undoes the errors OCR makes: spaces, lower case,
// lines a few fillers too long or short, and the confusable characters O/0, I/1, B/8, S/5,
// Z/2, G/6 and K/<. Each position is read as what its field may hold (a digit in a date, a
// letter in a name); where a character could be either (document numbers, optional data), the
// check digits decide. A repair is accepted only when every check digit then holds and exactly
// one reading with the fewest changes does so; every change is listed in Corrections.
// Otherwise the lines stay as read and the document is invalid, with the reason.
func Repair(raw []string) *Document { return RepairAt(raw, time.Now()) }

// RepairAt is Repair with the current time given (see ParseAt).
func RepairAt(raw []string, now time.Time) *Document {
	lines := normalise(raw)
	f, lines := guessLayout(lines)
	if f == FormatUnknown {
		d := ParseAt(lines, now)
		d.Valid = false
		return d
	}
	l := layoutOf(f)

	// Every way of bringing each line to its width, combined across lines.
	combos := []candidate{{}}
	for i, s := range lines {
		var next []candidate
		for _, c := range combos {
			for _, v := range fitWidth(s, l.width, i+1) {
				next = append(next, candidate{
					lines: append(append([]string(nil), c.lines...), v.lines[0]),
					corr:  append(append([]Correction(nil), c.corr...), v.corr...),
				})
				if len(next) >= maxCombos {
					break
				}
			}
		}
		combos = next
	}
	if len(combos) == 0 {
		d := ParseAt(lines, now)
		d.Valid = false
		d.Errors = append(d.Errors, &Error{Field: "mrz", Code: CodeLength,
			Message: "the lines are too far from the " + f.String() + " width of " + strconv.Itoa(l.width) + " to repair"})
		return d
	}

	var best []candidate
	for _, c := range combos {
		c = fixClasses(c, f)
		for _, r := range resolve(c, f, now) {
			switch {
			case len(best) == 0 || len(r.corr) < len(best[0].corr):
				best = []candidate{r}
			case len(r.corr) == len(best[0].corr) && !sameLines(r.lines, best[0].lines):
				best = append(best, r)
			}
		}
	}
	if len(best) == 1 {
		d := ParseAt(best[0].lines, now)
		d.Corrections = best[0].corr
		return d
	}

	// No single reading holds: report the lines as read (at their width where only one way
	// exists), invalid, saying why.
	asRead := lines
	if len(combos) == 1 {
		asRead = combos[0].lines
	}
	d := ParseAt(asRead, now)
	d.Valid = false
	msg := "no repair makes every check digit hold"
	if len(best) > 1 {
		msg = strconv.Itoa(len(best)) + " different repairs make every check digit hold; none is chosen"
	}
	d.Errors = append(d.Errors, &Error{Field: "mrz", Code: CodeCheckDigit, Message: msg})
	return d
}

const (
	maxCombos    = 64 // ways of fitting the lines to their width
	maxFlips     = 3  // confusable characters changed in one field group
	maxLengthFix = 4  // characters added to or removed from a line
)

type candidate struct {
	lines []string
	corr  []Correction
}

func sameLines(a, b []string) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// normalise upper-cases, drops white space and empty lines, and maps the look-alikes of the
// filler that OCR produces to <. Other characters outside the alphabet stay, for the length
// repair to drop or the parser to report.
func normalise(raw []string) []string {
	var out []string
	for _, r := range raw {
		var b strings.Builder
		for _, c := range r {
			switch {
			case unicode.IsSpace(c):
			case c >= 'a' && c <= 'z':
				b.WriteByte(byte(c - 'a' + 'A'))
			case c == '«' || c == '‹' || c == '〈' || c == '＜':
				b.WriteByte('<')
			case c < 0x80:
				b.WriteByte(byte(c))
			default:
				b.WriteByte('?')
			}
		}
		if b.Len() > 0 {
			out = append(out, b.String())
		}
	}
	return out
}

// guessLayout picks the format from the lines' count and lengths, allowing for a few
// characters too many or too few, and drops short noise lines around the MRZ.
func guessLayout(lines []string) (Format, []string) {
	near := func(n, w int) bool { return n >= w-maxLengthFix && n <= w+maxLengthFix }
	var kept []string
	for _, s := range lines {
		if len(s) >= 30-maxLengthFix*2 {
			kept = append(kept, s)
		}
	}
	for start := 0; start+3 <= len(kept); start++ { // three lines near 30: TD1
		w := kept[start : start+3]
		if near(len(w[0]), 30) && near(len(w[1]), 30) && near(len(w[2]), 30) {
			return TD1, w
		}
	}
	for start := len(kept) - 2; start >= 0; start-- { // two lines: the lowest pair that fits
		w := kept[start : start+2]
		visa := w[0][0] == 'V'
		switch {
		case near(len(w[0]), 44) && near(len(w[1]), 44):
			if visa {
				return MRVA, w
			}
			return TD3, w
		case near(len(w[0]), 36) && near(len(w[1]), 36):
			if visa {
				return MRVB, w
			}
			return TD2, w
		}
	}
	return FormatUnknown, lines
}

// fitWidth returns the ways of bringing line s (line number n) to width: dropping characters
// outside the alphabet, then removing or adding fillers in one run of fillers, or at an end.
func fitWidth(s string, width, n int) []candidate {
	if len(s) == width {
		return []candidate{{lines: []string{s}}}
	}
	var corr []Correction
	if len(s) > width {
		var b strings.Builder
		for i := 0; i < len(s); i++ {
			if charValue(s[i]) < 0 && len(s)-len(corr) > width {
				corr = append(corr, Correction{Line: n, Position: i + 1, From: s[i : i+1]})
				continue
			}
			b.WriteByte(s[i])
		}
		s = b.String()
		if len(s) == width {
			return []candidate{{lines: []string{s}, corr: corr}}
		}
	}
	d := len(s) - width
	if d > maxLengthFix || -d > maxLengthFix {
		return nil
	}
	var out []candidate
	seen := map[string]bool{}
	add := func(line string, c []Correction) {
		if !seen[line] {
			seen[line] = true
			out = append(out, candidate{lines: []string{line}, corr: append(append([]Correction(nil), corr...), c...)})
		}
	}
	fillers := strings.Repeat("<", max(d, -d))
	for i := 0; i < len(s); {
		if s[i] != '<' {
			i++
			continue
		}
		j := i
		for j < len(s) && s[j] == '<' {
			j++
		}
		if d > 0 && j-i >= d { // remove d fillers at the end of this run
			var c []Correction
			for k := j - d; k < j; k++ {
				c = append(c, Correction{Line: n, Position: k + 1, From: "<"})
			}
			add(s[:j-d]+s[j:], c)
		}
		if d < 0 { // add -d fillers at the end of this run
			var c []Correction
			for k := j; k < j-d; k++ {
				c = append(c, Correction{Line: n, Position: k + 1, To: "<"})
			}
			add(s[:j]+fillers+s[j:], c)
		}
		i = j
	}
	if d < 0 { // fillers lost at the end of the line
		var c []Correction
		for k := len(s); k < width; k++ {
			c = append(c, Correction{Line: n, Position: k + 1, To: "<"})
		}
		add(s+fillers, c)
	}
	if d > 0 { // noise at either end
		var c []Correction
		for k := 0; k < d; k++ {
			c = append(c, Correction{Line: n, Position: k + 1, From: s[k : k+1]})
		}
		add(s[d:], c)
		c = nil
		for k := width; k < len(s); k++ {
			c = append(c, Correction{Line: n, Position: k + 1, From: s[k : k+1]})
		}
		add(s[:width], c)
	}
	return out
}

// Confusions OCR makes between the two classes, read in the direction the position needs.
var (
	toDigit = map[byte]byte{'O': '0', 'Q': '0', 'D': '0', 'U': '0', 'I': '1', 'L': '1', 'Z': '2', 'S': '5',
		'B': '8', 'G': '6', 'A': '4', 'T': '7'}
	toLetter = map[byte]byte{'0': 'O', '1': 'I', '2': 'Z', '4': 'A', '5': 'S', '6': 'G', '8': 'B'}
	// swaps are the confusions check digits can tell apart; G/6, L/1 and K/< weigh the same
	// modulo 10 and are left to the character classes and filler structure.
	swaps = map[byte]byte{'O': '0', '0': 'O', 'I': '1', '1': 'I', 'B': '8', '8': 'B', 'S': '5', '5': 'S',
		'Z': '2', '2': 'Z'}
)

// fixClasses rewrites each character its position cannot hold into the confusable one it can,
// and Ks that stand where the layout demands fillers into fillers.
func fixClasses(c candidate, f Format) candidate {
	l := layoutOf(f)
	lines := make([][]byte, len(c.lines))
	for i, s := range c.lines {
		lines[i] = []byte(s)
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
	if !((f == TD1 || f == TD2) && lines[l.numberCD.line][l.numberCD.start] == '<') {
		fillAfterFirst(l.number)
	}
	fixNameFillers(lines[l.name.line][l.name.start:l.name.end], func(p int) { set(l.name.line, l.name.start+p, '<') })
	for _, s := range []span{l.optional, l.optional2} {
		if s.ok() {
			fixLoneK(lines[s.line][s.start:s.end], func(p int) { set(s.line, s.start+p, '<') })
		}
	}
	out := candidate{lines: make([]string, len(lines)), corr: corr}
	for i, b := range lines {
		out.lines[i] = string(b)
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

// resolve returns the readings of c, with the fewest changes of confusable characters in the
// fields whose check digits fail, for which every check digit holds.
func resolve(c candidate, f Format, now time.Time) []candidate {
	d := ParseAt(c.lines, now)
	if checksHold(d) {
		return []candidate{c}
	}
	if hasCharsetError(d) {
		return nil
	}
	l := layoutOf(f)
	var spans []span
	failed := map[string]bool{}
	for _, ch := range d.Checks {
		if !ch.Valid {
			failed[ch.Field] = true
		}
	}
	if failed["document_number"] {
		spans = append(spans, l.number)
		if (f == TD1 || f == TD2) && c.lines[l.numberCD.line][l.numberCD.start] == '<' {
			spans = append(spans, l.optional) // the long number's continuation
		}
	}
	if failed["optional_data"] {
		spans = append(spans, l.optional)
	}
	// Data that only the composite covers (optional data of TD1 and TD2) is not searched: one
	// digit over many positions would let a misread elsewhere pass as a repair.
	type pos struct{ line, p int }
	var ps []pos
	seen := map[pos]bool{}
	for _, s := range spans {
		for p := s.start; p < s.end; p++ {
			if _, ok := swaps[c.lines[s.line][p]]; ok && !seen[pos{s.line, p}] && outOfContext(c.lines[s.line][s.start:s.end], p-s.start) {
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
			lines := make([][]byte, len(c.lines))
			for i, s := range c.lines {
				lines[i] = []byte(s)
			}
			corr := append([]Correction(nil), c.corr...)
			for _, i := range idx {
				from := lines[ps[i].line][ps[i].p]
				lines[ps[i].line][ps[i].p] = swaps[from]
				corr = append(corr, Correction{Line: ps[i].line + 1, Position: ps[i].p + 1, From: string(from), To: string(swaps[from])})
			}
			out := candidate{lines: make([]string, len(lines)), corr: corr}
			for i, b := range lines {
				out.lines[i] = string(b)
			}
			if checksHold(ParseAt(out.lines, now)) {
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

// outOfContext reports whether the confusable character at p of field looks out of place: a
// letter next to a digit, or a digit next to a letter. Only those are searched: a misread
// check digit can be "fixed" by flipping some character of a long number, and this prior keeps
// such chance repairs out (an 8 between digits stays an 8).
func outOfContext(field string, p int) bool {
	isDigit := func(c byte) bool { return c >= '0' && c <= '9' }
	isLetter := func(c byte) bool { return c >= 'A' && c <= 'Z' }
	want := isLetter // a digit should have a letter beside it
	if isLetter(field[p]) {
		want = isDigit
	}
	return (p > 0 && want(field[p-1])) || (p+1 < len(field) && want(field[p+1]))
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
