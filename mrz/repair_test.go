package mrz

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
)

// TestRepair runs testdata/repairs.json: raw OCR lines, and either the lines Repair must
// produce (valid, with that many corrections) or that it must refuse (invalid).
func TestRepair(t *testing.T) {
	var cases []struct {
		Name        string   `json:"name"`
		Raw         []string `json:"raw"`
		Want        []string `json:"want"` // nil: the repair must be refused
		Corrections int      `json:"corrections"`
		Error       string   `json:"error"` // field:code expected among the errors when refused
	}
	b, err := os.ReadFile("testdata/repairs.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			d := RepairAt(c.Raw, testNow)
			if c.Want == nil {
				if d.Valid {
					t.Fatalf("repaired into a valid reading %q; want it refused", d.Lines)
				}
				if c.Error != "" && !strings.Contains(strings.Join(errorCodes(d), " "), c.Error) {
					t.Errorf("errors %v lack %s", errorCodes(d), c.Error)
				}
				return
			}
			if !d.Valid {
				t.Fatalf("not repaired: %q, errors %v", d.Lines, errorCodes(d))
			}
			if strings.Join(d.Lines, "/") != strings.Join(c.Want, "/") {
				t.Errorf("lines = %q, want %q", d.Lines, c.Want)
			}
			if len(d.Corrections) != c.Corrections {
				t.Errorf("%d corrections %v, want %d", len(d.Corrections), d.Corrections, c.Corrections)
			}
		})
	}
}

// confusable are the misreads OCR makes on OCR-B.
var confusable = map[byte][]byte{
	'O': {'0'}, '0': {'O', 'D'}, 'I': {'1'}, '1': {'I', 'L'}, 'B': {'8'}, '8': {'B'}, 'S': {'5'}, '5': {'S'},
	'Z': {'2'}, '2': {'Z'}, 'G': {'6'}, '6': {'G'}, '<': {'K'}, 'A': {'4'}, '4': {'A'},
}

// noise is one kind of OCR damage the property test inflicts.
type noise struct {
	name string
	hurt func(r *rand.Rand, lines []string) []string
}

var noises = []noise{
	{"one confusion", func(r *rand.Rand, l []string) []string { return confuse(r, l, 1) }},
	{"two confusions", func(r *rand.Rand, l []string) []string { return confuse(r, l, 2) }},
	{"three confusions", func(r *rand.Rand, l []string) []string { return confuse(r, l, 3) }},
	{"lower case and spaces", func(r *rand.Rand, l []string) []string {
		out := make([]string, len(l))
		for i, s := range l {
			p := r.IntN(len(s))
			out[i] = strings.ToLower(s[:p]) + " " + s[p:]
		}
		return out
	}},
	{"filler lost or doubled", func(r *rand.Rand, l []string) []string {
		out := append([]string(nil), l...)
		i := r.IntN(len(l))
		s := out[i]
		p := strings.LastIndex(s, "<<")
		if p < 0 {
			return out
		}
		if r.IntN(2) == 0 {
			out[i] = s[:p] + s[p+1:]
		} else {
			out[i] = s[:p] + "<" + s[p:]
		}
		return out
	}},
	{"noise read beyond the ends", func(r *rand.Rand, l []string) []string {
		// a document's edge or a border read as one or two characters at either end of a line,
		// with a filler doubled now and then
		out := append([]string(nil), l...)
		i := r.IntN(len(l))
		s := out[i]
		for range 1 + r.IntN(2) {
			c := string(alnum[r.IntN(len(alnum))])
			if r.IntN(2) == 0 {
				s = c + s
			} else {
				s += c
			}
		}
		if p := strings.LastIndex(s, "<<"); p >= 0 && r.IntN(3) == 0 {
			s = s[:p] + "<" + s[p:]
		}
		out[i] = s
		return out
	}},
	{"one digit of a date unreadable", func(r *rand.Rand, l []string) []string {
		// a smudge or a glare read as a filler or as a letter no digit is confused with
		out := append([]string(nil), l...)
		starts := []int{13, 21} // birth and expiry dates on the second line
		if len(l) == 3 {
			starts = []int{0, 8}
		}
		p := starts[r.IntN(2)] + r.IntN(6)
		b := []byte(out[1])
		b[p] = "<<XKNMWH"[r.IntN(8)]
		out[1] = string(b)
		return out
	}},
	{"any character misread as any other", func(r *rand.Rand, l []string) []string {
		out := append([]string(nil), l...)
		i := r.IntN(len(l))
		b := []byte(out[i])
		p := r.IntN(len(b))
		c := alnum[r.IntN(len(alnum))]
		for c == b[p] {
			c = alnum[r.IntN(len(alnum))]
		}
		b[p] = c
		out[i] = string(b)
		return out
	}},
}

func confuse(r *rand.Rand, lines []string, n int) []string {
	out := make([][]byte, len(lines))
	for i, s := range lines {
		out[i] = []byte(s)
	}
	for done, tries := 0, 0; done < n && tries < 1000; tries++ {
		i := r.IntN(len(out))
		p := r.IntN(len(out[i]))
		alts := confusable[out[i][p]]
		if len(alts) == 0 {
			continue
		}
		out[i][p] = alts[r.IntN(len(alts))]
		done++
	}
	return toStrings(out)
}

// TestRepairNeverWrong is the property that matters most: over thousands of synthetic MRZs
// damaged as OCR damages them, a repair does not make a reading wrong. When Repair returns a
// valid reading, every character it changed in data a check digit covers is the printed one.
// What it leaves different from the print is damage no rule of Doc 9303 can see (a field no
// check digit covers, a misread that weighs the same modulo 10 like K for <, misreads that
// cancel out); changes it makes in fields no check digit covers (a digit in a name read as the
// letter it resembles) are guesses. Both are counted and reported: they are the OCR's to
// avoid. Runs without hints (text only) and with the OCR's uncertainty (the damaged characters
// and two others marked uncertain).
func TestRepairNeverWrong(t *testing.T) {
	type floor struct{ plain, hinted, wrongShare float64 }
	floors := map[string]floor{
		"one confusion": {0.74, 0.78, 0}, "two confusions": {0.54, 0.60, 0}, "three confusions": {0.42, 0.49, 0},
		"lower case and spaces": {1.0, 1.0, 0}, "filler lost or doubled": {0.99, 0.99, 0},
		// Noise at one end and a filler doubled in a run read the same when the data they
		// move are not all under check digits (visas have no composite; TD1's names line no
		// check at all); one check digit agrees by chance one time in ten.
		"noise read beyond the ends":         {0.90, 0.90, 0.07},
		"one digit of a date unreadable":     {0.95, 0.95, 0},
		"any character misread as any other": {0.0, 0.0, 0.02},
	}
	n := 3000
	if testing.Short() {
		n = 300
	}
	for _, hinted := range []bool{false, true} {
		r := rand.New(rand.NewPCG(7, 9))
		for _, nz := range noises {
			recovered, invisible, guessed, wrong := 0, 0, 0, 0
			for range n {
				f, fl := randomDocument(r)
				truth, err := Generate(f, fl)
				if err != nil {
					t.Fatal(err)
				}
				raw := nz.hurt(r, truth)
				var h Hints
				if hinted {
					h = uncertainWhereDamaged(r, raw, truth)
				}
				d := RepairWith(raw, h, testNow)
				if !d.Valid {
					continue
				}
				if strings.Join(d.Lines, "") == strings.Join(truth, "") {
					recovered++
					continue
				}
				switch blame := repairBlame(d, truth); blame {
				case "":
					invisible++
				case "guess":
					guessed++
				default:
					wrong++
					if wrong <= 3 && floors[nz.name].wrongShare == 0 {
						t.Errorf("%s: %q repaired into the wrong reading %q (printed %q): %s", nz.name, raw, d.Lines, truth, blame)
					}
				}
			}
			rate := float64(recovered) / float64(n)
			mode, want := "text only", floors[nz.name].plain
			if hinted {
				mode, want = "with OCR hints", floors[nz.name].hinted
			}
			t.Logf("%-15s %-36s recovered %5.1f%%; valid but wrong: %4d damage no check sees, %3d guesses in unchecked fields, %3d repairs of checked data (of %d)",
				mode, nz.name, 100*rate, invisible, guessed, wrong, n)
			if rate < want {
				t.Errorf("%s, %s: recovered %.1f%%, want ≥ %.0f%%", mode, nz.name, 100*rate, 100*want)
			}
			if float64(wrong) > floors[nz.name].wrongShare*float64(n) {
				t.Errorf("%s, %s: %d wrong repairs of checked data, want ≤ %.0f", mode, nz.name, wrong, floors[nz.name].wrongShare*float64(n))
			}
		}
	}
}

// uncertainWhereDamaged plays the OCR engine's confidence: the characters that differ from the
// print, and two more at random, are uncertain.
func uncertainWhereDamaged(r *rand.Rand, raw, truth []string) Hints {
	type key struct{ line, idx int }
	u := map[key]bool{}
	for i := range raw {
		if i < len(truth) && len(raw[i]) == len(truth[i]) {
			for j := range raw[i] {
				if raw[i][j] != truth[i][j] {
					u[key{i, j}] = true
				}
			}
		}
	}
	for range 2 {
		i := r.IntN(len(raw))
		if len(raw[i]) > 0 {
			u[key{i, r.IntN(len(raw[i]))}] = true
		}
	}
	return Hints{Uncertain: func(line, idx int) bool { return u[key{line, idx}] }}
}

// repairBlame says what Repair did wrong when a valid reading d differs from the printed
// truth: "" when it only left damage untouched, "guess" when it wrongly changed a character no
// check digit covers, otherwise what it got wrong in checked data.
func repairBlame(d *Document, truth []string) string {
	blame := ""
	for _, c := range d.Corrections {
		if c.From == "" || c.To == "" { // a length repair: the lines must then be right
			return "a length repair gave the wrong lines"
		}
		if got := truth[c.Line-1][c.Position-1]; got != c.To[0] {
			if !checked(d.Format, c.Line-1, c.Position-1) {
				blame = "guess"
				continue
			}
			return "corrected " + c.From + " to " + c.To + " at line " + string(rune('0'+c.Line)) + " where " + string(got) + " is printed"
		}
	}
	return blame
}

// checked reports whether a check digit covers the position.
func checked(f Format, li, p int) bool {
	l := layoutOf(f)
	in := func(s span) bool { return s.ok() && s.line == li && p >= s.start && p < s.end }
	for _, s := range append([]span{l.number, l.numberCD, l.birth, l.birthCD, l.expiry, l.expiryCD, l.optionalCD, l.composite}, l.compositeOver...) {
		if in(s) {
			return true
		}
	}
	return l.optionalCD.ok() && in(l.optional)
}

// TestRepairWithHints: a legal but wrong character (an O for a 0 in a document number) is
// corrected when the OCR marks it uncertain, and only then.
func TestRepairWithHints(t *testing.T) {
	raw := []string{"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L8989O2C36UTO7408122F1204159ZE184226B<<<<<10"}
	unsure := Hints{Uncertain: func(line, idx int) bool { return line == 1 && idx == 5 }}
	d := RepairWith(raw, unsure, testNow)
	if !d.Valid || d.Lines[1] != "L898902C36UTO7408122F1204159ZE184226B<<<<<10" {
		t.Fatalf("not repaired with the hint: %q %v", d.Lines, errorCodes(d))
	}
	if want := (Correction{Line: 2, Position: 6, From: "O", To: "0"}); len(d.Corrections) != 1 || d.Corrections[0] != want {
		t.Errorf("corrections = %v, want [%v]", d.Corrections, want)
	}
	elsewhere := Hints{Uncertain: func(line, idx int) bool { return line == 1 && idx == 2 }}
	if d := RepairWith(raw, elsewhere, testNow); d.Valid {
		t.Errorf("repaired though the O was not marked uncertain: %q", d.Lines)
	}
	// Raw positions count runes of the raw line: spaces before the O shift them.
	spaced := []string{raw[0], "L8 989O2C36UTO7408122F1204159ZE184226B<<<<<10"}
	unsureSpaced := Hints{Uncertain: func(line, idx int) bool { return line == 1 && idx == 6 }}
	if d := RepairWith(spaced, unsureSpaced, testNow); !d.Valid {
		t.Errorf("hint positions do not follow the raw text: %v", errorCodes(d))
	}
}

// TestRefusedRepairFixesClasses: when no repair makes every check digit hold, the reading stays
// invalid, but what the layout alone decides is still done: a letter read in a date is the
// digit it resembles, whatever the check digits say, so the birth date can be compared with the
// printed page. The document number's check digit, misread as another digit, still fails.
func TestRefusedRepairFixesClasses(t *testing.T) {
	raw := []string{"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C37UTO74O8I22F1204159ZE184226B<<<<<10"}
	d := RepairAt(raw, testNow)
	if d.Valid {
		t.Fatalf("repaired into a valid reading %q; want it refused", d.Lines)
	}
	if want := "L898902C37UTO7408122F1204159ZE184226B<<<<<10"; d.Lines[1] != want {
		t.Errorf("line 2 = %q, want %q (letters in the birth date read as digits)", d.Lines[1], want)
	}
	if b := d.Fields.BirthDate; b.Year != 1974 || b.Month != 8 || b.Day != 12 {
		t.Errorf("birth date %+v, want 1974-08-12", b)
	}
	if len(d.Corrections) != 2 {
		t.Errorf("corrections %v, want the two letters in the date", d.Corrections)
	}
	for _, c := range d.Checks {
		if want := c.Field != "document_number"; c.Field != "composite" && c.Valid != want {
			t.Errorf("check %s valid %v, want %v", c.Field, c.Valid, want)
		}
	}
	if !strings.Contains(strings.Join(errorCodes(d), " "), "mrz:check_digit") {
		t.Errorf("errors %v lack mrz:check_digit", errorCodes(d))
	}
}

// A refused repair does not rewrite lines that break their layout's classes in more places
// than a misreading does: France's identity card (1988-2021) has TD2's size but its own
// layout (an official specimen, ../shared/specimens-public), and its name read in the birth
// date's places became C0R1NNE.
func TestRefusedRepairLeavesOtherLayouts(t *testing.T) {
	raw := []string{"IDFRABERTHIER<<<<<<<<<<<<<<<<<<<<<<<", "9409923102854CORINNE<<<<<<<6512068F4"}
	d := RepairAt(raw, testNow)
	if d.Valid {
		t.Fatalf("repaired into a valid reading %q", d.Lines)
	}
	for i := range raw {
		if d.Lines[i] != raw[i] {
			t.Errorf("line %d = %q, want it as read, %q", i+1, d.Lines[i], raw[i])
		}
	}
	if len(d.Corrections) != 0 {
		t.Errorf("corrections %v, want none", d.Corrections)
	}
}

// A refused repair still brings the lines to their layout when the ways of doing so differ
// only in the names' line, which no check digit covers, and the lines that carry check digits
// were read surely at their width: a forger's wrong check digit must not hide behind glare
// that cut characters from the names (a phone photo's BLANCO<DE read BLANCIE, the line two
// short: the MRZ was unreadable and its wrong check digit never judged). When the data lines
// were read unsurely, or can be brought to their width in several ways too, or show a filler
// where a check digit stands (lines cut short), they stay as read.
func TestRefusedRepairNamesLineOffWidth(t *testing.T) {
	cases := []struct {
		name     string
		raw      []string
		format   Format
		failed   string // the check digit that fails; "" when the lines stay as read
		dataLine int    // a line that carries check digits
	}{
		{"TD3, names two short, birth date's check digit wrong", []string{
			"P<UTOERIKSS<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
			"L898902C36UTO7408123F1204159ZE184226B<<<<<10"}, TD3, "birth_date", 1},
		{"TD1, names one short, expiry's check digit wrong", []string{
			"I<UTOD231458907<<<<<<<<<<<<<<<",
			"7408122F1204158UTO<<<<<<<<<<<6",
			"ERIKSON<<ANNA<MARIA<<<<<<<<<<"}, TD1, "expiry_date", 0},
		// A passport's lines cut short to TD2's width: a filler where TD2's composite check
		// digit stands.
		{"TD3 lines cut to TD2's width", []string{
			"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<",
			"L898902C36UTO7408122F1204159<<<<<<<<"}, FormatUnknown, "", 1},
		{"TD3, names and data lines both short", []string{
			"P<UTOERIKSS<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
			"L898902C36UTO7408123F1204159ZE184226B<<<<10"}, FormatUnknown, "", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sure := Hints{Sure: func(int, int) bool { return true }}
			d := RepairWith(c.raw, sure, testNow)
			if d.Valid {
				t.Fatalf("repaired into a valid reading %q; want it refused", d.Lines)
			}
			if c.format != FormatUnknown {
				// Read unsurely, or without hints, the data line may be the OCR's.
				for _, h := range []Hints{{}, {Sure: func(line, _ int) bool { return line != c.dataLine }}} {
					if u := RepairWith(c.raw, h, testNow); u.Format != FormatUnknown {
						t.Errorf("data line unsure (or no hints): format %v, want the lines as read", u.Format)
					}
				}
			}
			if d.Format != c.format {
				t.Fatalf("format %v, want %v (lines %q)", d.Format, c.format, d.Lines)
			}
			if c.format == FormatUnknown {
				if strings.Join(d.Lines, "/") != strings.Join(c.raw, "/") {
					t.Errorf("lines %q, want them as read", d.Lines)
				}
				return
			}
			for i, l := range d.Lines {
				if len(l) != c.format.Width() {
					t.Errorf("line %d is %d wide, want %d", i+1, len(l), c.format.Width())
				}
				if checkedLine(c.format, i) && l != c.raw[i] {
					t.Errorf("line %d = %q, want it as read: %q", i+1, l, c.raw[i])
				}
			}
			for _, ch := range d.Checks {
				if want := ch.Field != c.failed; ch.Field != "composite" && ch.Valid != want {
					t.Errorf("check %s valid %v, want %v", ch.Field, ch.Valid, want)
				}
			}
		})
	}
}
